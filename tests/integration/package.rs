//! `platformctl package`: the versioned artifact set, its organization templates judged by
//! cfn-lint, checkov and `platformctl lint`, and publishing against `moto_server`.
//!
//! moto's Service Catalog implements CreateProduct (checked here) but neither
//! DescribeProductAsAdmin nor CreateProvisioningArtifact; the decisions that need them
//! (create, add a version, leave alone) are unit-tested with the smithy replaying
//! connector in `src/aws/publish.rs`.

use std::path::{Path, PathBuf};

use platformctl::aws::publish::{self, Publication, Uploaded};
use platformctl::aws::AwsOptions;
use platformctl::package::{digest, sha256_hex, PackageManifest};

use crate::support::moto::{block_on, s3_client, sdk_config, MotoServer};
use crate::support::tools::{assert_cfn_lint_clean, checkov_clean_report};
use crate::support::{dummy_credentials_env, examples, platformctl, root, stem};

fn package(spec: &Path, version: &str, dir: &Path, extra: &[&str]) -> std::process::Output {
    platformctl()
        .arg("package")
        .arg(spec)
        .args(["--version", version, "-o"])
        .arg(dir)
        .args(extra)
        .output()
        .unwrap()
}

fn manifest(dir: &Path) -> PackageManifest {
    serde_json::from_slice(&std::fs::read(dir.join("package.json")).unwrap()).unwrap()
}

#[test]
fn a_package_lists_every_file_with_its_hash_and_one_digest() {
    let dir = tempfile::tempdir().unwrap();
    let spec = root().join("examples/tdp.yaml");
    let output = package(&spec, "1.2.0", dir.path(), &["--prefix", "platform/"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let version = dir.path().join("1.2.0");
    let m = manifest(&version);
    assert_eq!(m.version, "1.2.0");
    assert_eq!(m.environment, "tdp-prod");
    let names: Vec<&str> = m.files.iter().map(|f| f.file.as_str()).collect();
    for expected in [
        "foundation.template.json",
        "application.template.json",
        "manifest.json",
        "service-catalog.template.json",
        "stackset.template.json",
    ] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    for file in &m.files {
        let bytes = std::fs::read(version.join(&file.file)).unwrap();
        assert_eq!(sha256_hex(&bytes), file.sha256, "{}", file.file);
        assert_eq!(bytes.len(), file.bytes, "{}", file.file);
    }
    assert_eq!(m.digest, digest(&m.files));
    // A launched product reads its own version's nested templates.
    let parent: serde_json::Value =
        serde_json::from_slice(&std::fs::read(version.join("foundation.template.json")).unwrap())
            .unwrap();
    assert_eq!(
        parent["Parameters"]["ArtifactPrefix"]["Default"],
        "platform/1.2.0/"
    );
    // The same spec and version give the same digest.
    let again = tempfile::tempdir().unwrap();
    let output = package(&spec, "1.2.0", again.path(), &["--prefix", "platform/"]);
    assert!(output.status.success());
    assert_eq!(manifest(&again.path().join("1.2.0")).digest, m.digest);
}

#[test]
fn a_bad_version_or_prefix_is_refused_naming_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let spec = root().join("examples/tdp.yaml");
    for (version, extra, named) in [
        ("../1", &[][..], "--version"),
        ("1.0.0+build.5", &[][..], "--version"),
        ("1.0.0", &["--prefix", "no-slash"][..], "--prefix"),
    ] {
        let output = package(&spec, version, dir.path(), extra);
        assert_eq!(output.status.code(), Some(2), "{version} {extra:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(named), "{version}: {stderr}");
    }
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
}

#[test]
fn the_organization_templates_pass_cfn_lint_checkov_and_lint() {
    let dir = tempfile::tempdir().unwrap();
    let judged = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = Vec::new();
    for spec in examples() {
        let out = dir.path().join(stem(&spec));
        let output = package(&spec, "3.0.0", &out, &[]);
        assert!(
            output.status.success(),
            "{}: {}",
            spec.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        for name in ["service-catalog.template.json", "stackset.template.json"] {
            let to = judged.path().join(format!("{}-{name}", stem(&spec)));
            std::fs::copy(out.join("3.0.0").join(name), &to).unwrap();
            files.push(to);
        }
    }
    assert_cfn_lint_clean(&files, "package templates");
    let report = checkov_clean_report(judged.path());
    let passed = report["results"]["passed_checks"].as_array().unwrap();
    assert!(passed.len() >= files.len(), "checkov checked too little");
    let lint = platformctl().arg("lint").args(&files).output().unwrap();
    assert!(
        lint.status.success(),
        "{}",
        String::from_utf8_lossy(&lint.stdout)
    );
}

fn options(endpoint: &str) -> AwsOptions {
    AwsOptions {
        endpoint_url: Some(endpoint.to_owned()),
        ..AwsOptions::new("us-east-1")
    }
}

#[test]
fn publishing_uploads_once_and_refuses_other_content_under_the_same_version() {
    dummy_credentials_env();
    let moto = MotoServer::shared();
    let bucket = "package-publish-artifacts";
    block_on(async {
        let s3 = s3_client(&sdk_config(&moto.endpoint).await);
        s3.create_bucket().bucket(bucket).send().await.unwrap();
    });
    let dir = tempfile::tempdir().unwrap();
    let output = package(
        &root().join("examples/depot.yaml"),
        "1.0.0",
        dir.path(),
        &[],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let version = dir.path().join("1.0.0");
    let m = manifest(&version);
    let mut contents: Vec<(String, Vec<u8>)> = m
        .files
        .iter()
        .map(|f| {
            (
                f.file.clone(),
                std::fs::read(version.join(&f.file)).unwrap(),
            )
        })
        .collect();
    contents.push((
        "package.json".into(),
        std::fs::read(version.join("package.json")).unwrap(),
    ));
    let publication = |m: &PackageManifest, contents: &[(String, Vec<u8>)]| -> Uploaded {
        let p = Publication {
            bucket,
            key_prefix: "envs/1.0.0/".into(),
            manifest: m,
            files: contents
                .iter()
                .map(|(n, b)| (n.as_str(), b.as_slice()))
                .collect(),
            products: Vec::new(),
            owner: "platformctl",
        };
        publish::upload(&options(&moto.endpoint), &p).unwrap()
    };
    let Uploaded::Done { uploaded, skipped } = publication(&m, &contents) else {
        panic!("the first upload conflicts");
    };
    assert_eq!(uploaded.len(), contents.len());
    assert!(skipped.is_empty());
    assert_eq!(uploaded.last().map(String::as_str), Some("package.json"));
    // The SHA-256 rides along in the object's metadata.
    block_on(async {
        let s3 = s3_client(&sdk_config(&moto.endpoint).await);
        let head = s3
            .head_object()
            .bucket(bucket)
            .key("envs/1.0.0/foundation.template.json")
            .send()
            .await
            .unwrap();
        let foundation = m
            .files
            .iter()
            .find(|f| f.file == "foundation.template.json")
            .unwrap();
        assert_eq!(
            head.metadata().and_then(|md| md.get("sha256")),
            Some(&foundation.sha256)
        );
    });
    // Again: nothing to upload.
    let Uploaded::Done { uploaded, skipped } = publication(&m, &contents) else {
        panic!("the same content conflicts");
    };
    assert!(uploaded.is_empty(), "{uploaded:?}");
    assert_eq!(skipped.len(), contents.len());
    // Other content under the same version: refused.
    let mut other = m.clone();
    other.digest = "0".repeat(64);
    contents[0].1.extend_from_slice(b" ");
    match publication(&other, &contents) {
        Uploaded::Conflict { key, detail } => {
            assert_eq!(key, "envs/1.0.0/package.json");
            assert!(detail.contains(&m.digest), "{detail}");
        }
        done => panic!("other content was accepted: {done:?}"),
    }
}

#[test]
fn create_product_reaches_moto_with_the_version_as_first_artifact() {
    dummy_credentials_env();
    let moto = MotoServer::shared();
    let id = publish::create_product(
        &options(&moto.endpoint),
        "package-test-foundation",
        "1.0.0",
        "https://b.s3.us-east-1.amazonaws.com/1.0.0/foundation.template.json",
    )
    .unwrap();
    // Read back through boto3, a client platformctl did not write.
    let described = crate::support::moto::boto3_setup(
        "servicecatalog",
        &moto.endpoint,
        &format!("result = servicecatalog.describe_product(Id='{id}')"),
    );
    assert_eq!(
        described["ProductViewSummary"]["Name"], "package-test-foundation",
        "{described}"
    );
    assert_eq!(
        described["ProductViewSummary"]["Type"],
        "CLOUD_FORMATION_TEMPLATE"
    );
    assert_eq!(described["ProductViewSummary"]["Owner"], "platformctl");
    // moto keeps no provisioning artifacts (DescribeProduct lists none), so the first
    // artifact's shape is checked in the replay test of `src/aws/publish.rs`.
}

#[test]
fn publishing_other_content_under_a_published_version_exits_1_through_the_binary() {
    dummy_credentials_env();
    let moto = MotoServer::shared();
    let bucket = "package-immutable-artifacts";
    block_on(async {
        let s3 = s3_client(&sdk_config(&moto.endpoint).await);
        s3.create_bucket().bucket(bucket).send().await.unwrap();
    });
    let spec = root().join("examples/s3-connector.yaml");
    let publish = |product: &str| {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = platformctl();
        crate::support::test_credentials(&mut cmd);
        cmd.arg("package")
            .arg(&spec)
            .args(["--version", "2.0.0", "-o"])
            .arg(dir.path())
            .args([
                "--publish",
                "--artifact-bucket",
                bucket,
                "--region",
                "us-east-1",
            ])
            .args(["--product-name", product, "--endpoint-url", &moto.endpoint])
            .output()
            .unwrap()
    };
    // The upload succeeds; moto then lacks DescribeProductAsAdmin (exit 2, named).
    let first = publish("lab");
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert_eq!(first.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("DescribeProductAsAdmin"), "{stderr}");
    // Another product name is other content (the setup template names the products).
    let second = publish("other");
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("immutable"), "{stderr}");
    assert!(
        stderr.contains("s3://package-immutable-artifacts/2.0.0/package.json"),
        "{stderr}"
    );
}
