//! `package --publish`: the package's files to S3, then each top-level stack's product in
//! Service Catalog, created or given the new version.
//!
//! A version is immutable. `package.json` goes up last, so its presence means the version
//! is complete; when it is there with another digest, or any file of the version is there
//! with another SHA-256, nothing is uploaded or created and the publish is refused.

use super::post::SignedPost;
use super::servicecatalog::{self, Artifact};
use super::{s3, AwsError, AwsOptions};
use crate::package::{PackageManifest, PACKAGE_MANIFEST};

/// What to publish.
pub struct Publication<'a> {
    pub bucket: &'a str,
    /// `<prefix><version>/`.
    pub key_prefix: String,
    pub manifest: &'a PackageManifest,
    /// `(file name, bytes)`, every file `manifest` lists and `package.json`.
    pub files: Vec<(&'a str, &'a [u8])>,
    /// `(product name, template URL)` per top-level stack, in deployment order.
    pub products: Vec<(String, String)>,
    /// Owner recorded on a created product.
    pub owner: &'a str,
}

/// What became of one product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProductChange {
    Created { id: String },
    VersionAdded { id: String },
    Unchanged { id: String },
}

/// What uploading did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Uploaded {
    Done {
        uploaded: Vec<String>,
        skipped: Vec<String>,
    },
    /// The version exists with other content; nothing was changed.
    Conflict { key: String, detail: String },
}

fn service_catalog(options: &AwsOptions, session: &super::Session) -> SignedPost {
    let endpoint = options
        .endpoint_url
        .clone()
        .unwrap_or_else(|| format!("https://servicecatalog.{}.amazonaws.com", options.region));
    SignedPost::new(
        super::https_connector(),
        &endpoint,
        &options.region,
        session.credentials.clone(),
    )
}

/// Uploads the package's files that are not there yet (blocking); refuses, changing
/// nothing, when the version is there with other content.
pub fn upload(options: &AwsOptions, publication: &Publication<'_>) -> Result<Uploaded, AwsError> {
    super::runtime()?.block_on(async {
        let session = super::session(options).await?;
        let client = s3::client(&session, options.endpoint_url.is_some());
        upload_with(&client, &session.endpoint, publication).await
    })
}

/// Each product created, or given the version (blocking).
pub fn register(
    options: &AwsOptions,
    publication: &Publication<'_>,
) -> Result<Vec<(String, ProductChange)>, AwsError> {
    super::runtime()?.block_on(async {
        let session = super::session(options).await?;
        register_with(&service_catalog(options, &session), publication).await
    })
}

/// CreateProduct alone (blocking): the new product's ID. `register` needs
/// DescribeProductAsAdmin first, which some emulators lack; this lets the creating request
/// be checked against them on its own.
pub fn create_product(
    options: &AwsOptions,
    name: &str,
    version: &str,
    template_url: &str,
) -> Result<String, AwsError> {
    super::runtime()?.block_on(async {
        let session = super::session(options).await?;
        let artifact = Artifact {
            version: version.to_owned(),
            template_url: template_url.to_owned(),
            token: token(name, version, template_url),
        };
        servicecatalog::create_product(
            &service_catalog(options, &session),
            name,
            "platformctl",
            &artifact,
        )
        .await
    })
}

/// A deterministic idempotency token (64 hex digits) for one product's version: a retried
/// create is the same request to Service Catalog.
fn token(name: &str, version: &str, digest: &str) -> String {
    crate::package::sha256_hex(format!("{name}\n{version}\n{digest}").as_bytes())
}

async fn upload_with(
    client: &aws_sdk_s3::Client,
    endpoint: &str,
    p: &Publication<'_>,
) -> Result<Uploaded, AwsError> {
    let manifest_key = format!("{}{PACKAGE_MANIFEST}", p.key_prefix);
    if let Some(bytes) = s3::get(client, endpoint, p.bucket, &manifest_key).await? {
        let theirs: Option<PackageManifest> = serde_json::from_slice(&bytes).ok();
        match theirs {
            // The complete version, with this content: nothing to upload, whatever the
            // files' metadata (they may have been copied by `aws s3 sync`).
            Some(t) if t.digest == p.manifest.digest => {
                return Ok(Uploaded::Done {
                    uploaded: Vec::new(),
                    skipped: p.files.iter().map(|(name, _)| (*name).to_owned()).collect(),
                })
            }
            Some(t) => {
                return Ok(Uploaded::Conflict {
                    key: manifest_key,
                    detail: format!(
                        "was published with digest {}, this package's is {}",
                        t.digest, p.manifest.digest
                    ),
                })
            }
            None => {
                return Ok(Uploaded::Conflict {
                    key: manifest_key,
                    detail: "is not a package manifest".to_owned(),
                })
            }
        }
    }
    // Every file checked before any is written: a conflict changes nothing.
    let mut pending = Vec::new();
    let mut skipped = Vec::new();
    for (name, bytes) in &p.files {
        let key = format!("{}{name}", p.key_prefix);
        let sha = crate::package::sha256_hex(bytes);
        let stored = s3::head(client, endpoint, p.bucket, &key).await?;
        if stored.holds(bytes, &sha) {
            skipped.push((*name).to_owned());
            continue;
        }
        match stored {
            s3::Stored::Absent => pending.push((key, *name, *bytes, sha)),
            s3::Stored::Present { sha256, .. } => {
                return Ok(Uploaded::Conflict {
                    key,
                    detail: match sha256 {
                        Some(s) => format!("holds SHA-256 {s}, this package's file {sha}"),
                        None => "holds other content (by its ETag)".to_owned(),
                    },
                })
            }
        }
    }
    // package.json last: it marks the version complete.
    pending.sort_by_key(|(_, name, _, _)| *name == PACKAGE_MANIFEST);
    let mut uploaded = Vec::new();
    for (key, name, bytes, sha) in pending {
        s3::put_with_sha256(client, endpoint, p.bucket, &key, bytes, &sha).await?;
        uploaded.push(name.to_owned());
    }
    Ok(Uploaded::Done { uploaded, skipped })
}

/// Each product created, or given version V when it has none of that name.
async fn register_with(
    post: &SignedPost,
    p: &Publication<'_>,
) -> Result<Vec<(String, ProductChange)>, AwsError> {
    let version = &p.manifest.version;
    let mut changes = Vec::new();
    for (name, url) in &p.products {
        let artifact = Artifact {
            version: version.clone(),
            template_url: url.clone(),
            token: token(name, version, &p.manifest.digest),
        };
        let change = match servicecatalog::describe(post, name).await? {
            None => ProductChange::Created {
                id: servicecatalog::create_product(post, name, p.owner, &artifact).await?,
            },
            Some(product) if product.artifacts.iter().any(|a| a == version) => {
                ProductChange::Unchanged { id: product.id }
            }
            Some(product) => {
                servicecatalog::create_artifact(post, &product.id, &artifact).await?;
                ProductChange::VersionAdded { id: product.id }
            }
        };
        changes.push((name.clone(), change));
    }
    Ok(changes)
}

/// The product half of publishing through the smithy HTTP client's replaying connector:
/// moto's Service Catalog implements CreateProduct but not DescribeProductAsAdmin or
/// CreateProvisioningArtifact, so the create / add-version / no-op decisions are checked
/// here, request bodies compared exactly.
#[cfg(test)]
mod products {
    use aws_credential_types::Credentials;
    use aws_smithy_http_client::test_util::{ReplayEvent, StaticReplayClient};
    use aws_smithy_runtime_api::client::http::SharedHttpConnector;
    use aws_smithy_types::body::SdkBody;
    use serde_json::json;

    use super::*;

    const ENDPOINT: &str = "https://servicecatalog.eu-west-1.amazonaws.com/";

    fn exchange(
        operation: &str,
        request: serde_json::Value,
        status: u16,
        answer: serde_json::Value,
    ) -> ReplayEvent {
        ReplayEvent::new(
            http::Request::builder()
                .method("POST")
                .uri(ENDPOINT)
                .header("x-amz-target", format!("AWSServiceCatalog.{operation}"))
                .body(SdkBody::from(request.to_string()))
                .unwrap(),
            http::Response::builder()
                .status(status)
                .body(SdkBody::from(answer.to_string()))
                .unwrap(),
        )
    }

    fn view(id: &str, artifacts: &[&str]) -> serde_json::Value {
        let summaries: Vec<_> = artifacts
            .iter()
            .map(|a| json!({ "Id": "pa-1", "Name": a }))
            .collect();
        json!({
            "ProductViewDetail": { "ProductViewSummary": { "ProductId": id, "Name": "x" } },
            "ProvisioningArtifactSummaries": summaries,
        })
    }

    fn artifact(url: &str) -> serde_json::Value {
        json!({
            "Name": "1.1.0",
            "Description": "Version 1.1.0",
            "Type": "CLOUD_FORMATION_TEMPLATE",
            "Info": { "LoadTemplateFromURL": url },
        })
    }

    #[tokio::test]
    async fn absent_products_are_created_and_present_ones_get_the_version_once() {
        let manifest = PackageManifest {
            generator: "platformctl".into(),
            environment: "prod".into(),
            region: "eu-west-1".into(),
            version: "1.1.0".into(),
            product_name: "prod".into(),
            digest: "d".into(),
            files: Vec::new(),
        };
        let url =
            |top: &str| format!("https://b.s3.eu-west-1.amazonaws.com/1.1.0/{top}.template.json");
        let publication = Publication {
            bucket: "b",
            key_prefix: "1.1.0/".into(),
            manifest: &manifest,
            files: Vec::new(),
            products: ["foundation", "application", "extra"]
                .iter()
                .map(|t| (format!("prod-{t}"), url(t)))
                .collect(),
            owner: "platformctl",
        };
        let not_found = json!({ "__type": "com.amazonaws.servicecatalog#ResourceNotFoundException", "Message": "Product not found" });
        let replay = StaticReplayClient::new(vec![
            exchange(
                "DescribeProductAsAdmin",
                json!({ "Name": "prod-foundation" }),
                400,
                not_found,
            ),
            exchange(
                "CreateProduct",
                json!({
                    "Name": "prod-foundation",
                    "Owner": "platformctl",
                    "ProductType": "CLOUD_FORMATION_TEMPLATE",
                    "ProvisioningArtifactParameters": artifact(&url("foundation")),
                    "IdempotencyToken": token("prod-foundation", "1.1.0", "d"),
                }),
                200,
                view("prod-new", &["1.1.0"]),
            ),
            exchange(
                "DescribeProductAsAdmin",
                json!({ "Name": "prod-application" }),
                200,
                view("prod-app", &["1.0.0"]),
            ),
            exchange(
                "CreateProvisioningArtifact",
                json!({
                    "ProductId": "prod-app",
                    "Parameters": artifact(&url("application")),
                    "IdempotencyToken": token("prod-application", "1.1.0", "d"),
                }),
                200,
                json!({ "ProvisioningArtifactDetail": { "Id": "pa-2", "Name": "1.1.0" }, "Status": "CREATING" }),
            ),
            exchange(
                "DescribeProductAsAdmin",
                json!({ "Name": "prod-extra" }),
                200,
                view("prod-extra", &["1.0.0", "1.1.0"]),
            ),
        ]);
        let post = SignedPost::new(
            SharedHttpConnector::new(replay.clone()),
            ENDPOINT,
            "eu-west-1",
            Credentials::for_tests(),
        );
        let changes = register_with(&post, &publication).await.unwrap();
        assert_eq!(
            changes,
            [
                (
                    "prod-foundation".to_owned(),
                    ProductChange::Created {
                        id: "prod-new".into()
                    }
                ),
                (
                    "prod-application".to_owned(),
                    ProductChange::VersionAdded {
                        id: "prod-app".into()
                    }
                ),
                (
                    "prod-extra".to_owned(),
                    ProductChange::Unchanged {
                        id: "prod-extra".into()
                    }
                ),
            ]
        );
        replay.assert_requests_match(&[
            "authorization",
            "x-amz-date",
            "content-length",
            "content-type",
            "x-amz-security-token",
        ]);
    }
}
