//! `platformctl outputs` against a real `moto_server` on loopback: the outputs of the
//! deployed foundation and application printed together, and the Helm values files of
//! `examples/usage-engine.yaml` filled in from both.

use std::process::Command;

use crate::support::moto::{block_on, sdk_config as config, MotoServer};
use crate::support::platformctl;

/// The deployed `<base>-foundation` and `<base>-application`, the outputs the example's
/// releases name split between them (the foundation's first).
fn deploy(endpoint: &str, base: &str, outputs: &[(&str, &str)]) {
    let template = |outputs: &[(&str, &str)]| {
        let outputs: serde_json::Map<String, serde_json::Value> = outputs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), serde_json::json!({ "Value": v })))
            .collect();
        serde_json::json!({
            "Resources": { "Marker": { "Type": "AWS::SQS::Queue" } },
            "Outputs": outputs,
        })
    };
    let (foundation, application) = outputs.split_at(outputs.len().min(4));
    block_on(async {
        // In the example's region, where `outputs` looks.
        let config = config(endpoint)
            .await
            .into_builder()
            .region(aws_config::Region::new("eu-central-1"))
            .build();
        let cfn = aws_sdk_cloudformation::Client::new(&config);
        for (top, outputs) in [("foundation", foundation), ("application", application)] {
            cfn.create_stack()
                .stack_name(format!("{base}-{top}"))
                .template_body(template(outputs).to_string())
                .send()
                .await
                .unwrap();
        }
    });
}

fn outputs(endpoint: &str, stack: &str, helm_dir: &std::path::Path) -> std::process::Output {
    let mut cmd: Command = platformctl();
    crate::support::test_credentials(&mut cmd);
    cmd.args([
        "outputs",
        "examples/usage-engine.yaml",
        "--stack-name",
        stack,
    ])
    .arg("--helm-dir")
    .arg(helm_dir)
    .args(["--endpoint-url", endpoint]);
    cmd.output().unwrap()
}

const EVERY_OUTPUT: &[(&str, &str)] = &[
    ("ArchiveBucketName", "usage-prod-archive"),
    (
        "CacheEndpoint",
        "clustercfg.usage-prod.memorydb.eu-central-1.amazonaws.com",
    ),
    ("CacheUserName", "usage-prod-iam"),
    (
        "CertificateArn",
        "arn:aws:acm:eu-central-1:123456789012:certificate/abc",
    ),
    (
        "DatabaseEndpoint",
        "usage-prod-db.abc.eu-central-1.rds.amazonaws.com",
    ),
    (
        "DatabaseSecretArn",
        "arn:aws:secretsmanager:eu-central-1:123456789012:secret:db-AbCdEf",
    ),
    ("WorkflowDataVolumeHandle", "fs-0123456789abcdef0"),
];

#[test]
fn outputs_fill_in_every_helm_values_file() {
    let moto = MotoServer::shared();
    deploy(&moto.endpoint, "usage-outputs", EVERY_OUTPUT);
    let dir = tempfile::tempdir().unwrap();
    let output = outputs(&moto.endpoint, "usage-outputs", dir.path());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // One output a line: its name, then its value, aligned.
    assert!(
        stdout.lines().any(|l| l.starts_with("DatabaseEndpoint ")
            && l.ends_with(" usage-prod-db.abc.eu-central-1.rds.amazonaws.com")),
        "{stdout}"
    );
    let platform = std::fs::read_to_string(dir.path().join("mz-platform.values.yaml")).unwrap();
    assert!(
        platform.contains("    host: usage-prod-db.abc.eu-central-1.rds.amazonaws.com\n"),
        "{platform}"
    );
    assert!(!platform.contains("<output:"), "{platform}");
    let ecd = std::fs::read_to_string(dir.path().join("mz-ecd.values.yaml")).unwrap();
    assert!(ecd.contains("bucket: usage-prod-archive"), "{ecd}");
}

#[test]
fn a_missing_output_writes_no_values_file_and_names_it() {
    let moto = MotoServer::shared();
    deploy(&moto.endpoint, "usage-outputs-partial", &EVERY_OUTPUT[..5]);
    let dir = tempfile::tempdir().unwrap();
    let output = outputs(&moto.endpoint, "usage-outputs-partial", dir.path());
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("release mz-platform: value `platform.db.credentialsSecretArn` names output DatabaseSecretArn, which neither deployed stack has"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
