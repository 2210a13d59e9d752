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

/// What publishing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    Done {
        uploaded: Vec<String>,
        skipped: Vec<String>,
        products: Vec<(String, ProductChange)>,
    },
    /// The version exists with other content; nothing was changed.
    Conflict { key: String, detail: String },
}

/// Publishes `publication` (blocking).
pub fn publish(options: &AwsOptions, publication: &Publication<'_>) -> Result<Published, AwsError> {
    super::runtime()?.block_on(async {
        let session = super::session(options).await?;
        let client = s3::client(&session, options.endpoint_url.is_some());
        let endpoint = session.endpoint.clone();
        let post = SignedPost::new(
            super::https_connector(),
            &options.endpoint_url.clone().unwrap_or_else(|| {
                format!("https://servicecatalog.{}.amazonaws.com", options.region)
            }),
            &options.region,
            session.credentials.clone(),
        );
        upload_then_register(&client, &endpoint, &post, publication).await
    })
}

async fn upload_then_register(
    client: &aws_sdk_s3::Client,
    endpoint: &str,
    post: &SignedPost,
    p: &Publication<'_>,
) -> Result<Published, AwsError> {
    let manifest_key = format!("{}{PACKAGE_MANIFEST}", p.key_prefix);
    if let Some(bytes) = s3::get(client, endpoint, p.bucket, &manifest_key).await? {
        let theirs: Option<PackageManifest> = serde_json::from_slice(&bytes).ok();
        match theirs {
            Some(t) if t.digest == p.manifest.digest => {}
            Some(t) => {
                return Ok(Published::Conflict {
                    key: manifest_key,
                    detail: format!(
                        "published with digest {}, this package is {}",
                        t.digest, p.manifest.digest
                    ),
                })
            }
            None => {
                return Ok(Published::Conflict {
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
        match s3::head(client, endpoint, p.bucket, &key).await? {
            s3::Stored::Present { sha256: Some(s) } if s == sha => skipped.push((*name).to_owned()),
            s3::Stored::Present { sha256 } => {
                return Ok(Published::Conflict {
                    key,
                    detail: match sha256 {
                        Some(s) => format!("holds SHA-256 {s}, this package's file is {sha}"),
                        None => "exists without a recorded SHA-256".to_owned(),
                    },
                })
            }
            s3::Stored::Absent => pending.push((key, *name, *bytes, sha)),
        }
    }
    // package.json last: it marks the version complete.
    pending.sort_by_key(|(_, name, _, _)| *name == PACKAGE_MANIFEST);
    let mut uploaded = Vec::new();
    for (key, name, bytes, sha) in pending {
        s3::put_with_sha256(client, endpoint, p.bucket, &key, bytes, &sha).await?;
        uploaded.push(name.to_owned());
    }
    let products = register(post, p).await?;
    Ok(Published::Done {
        uploaded,
        skipped,
        products,
    })
}

/// Each product created, or given version V when it has none of that name.
pub(crate) async fn register(
    post: &SignedPost,
    p: &Publication<'_>,
) -> Result<Vec<(String, ProductChange)>, AwsError> {
    let version = &p.manifest.version;
    let mut changes = Vec::new();
    for (name, url) in &p.products {
        let artifact = Artifact {
            version: version.clone(),
            template_url: url.clone(),
            token: crate::package::sha256_hex(
                format!("{name}\n{version}\n{}", p.manifest.digest).as_bytes(),
            )[..64]
                .to_owned(),
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
