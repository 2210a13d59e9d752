//! Service Catalog's JSON protocol (AWS JSON 1.1, `x-amz-target:
//! AWSServiceCatalog.<Operation>`), for the three calls `package --publish` makes:
//! DescribeProductAsAdmin by name, CreateProduct, CreateProvisioningArtifact (AWS Service
//! Catalog API Reference). Through the signed-POST transport, not the SDK crate.

use serde::Deserialize;
use serde_json::json;

use super::post::{Body, Protocol, SignedPost};
use super::AwsError;

pub(crate) const SERVICE_CATALOG: Protocol = Protocol {
    service: "servicecatalog",
    throttling: &["ThrottlingException"],
    error: super::secrets::error_document,
};

/// A product as the administrator sees it: its ID and its versions' names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Product {
    pub(crate) id: String,
    pub(crate) artifacts: Vec<String>,
}

/// A provisioning artifact to create: the version and its template's URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Artifact {
    pub(crate) version: String,
    pub(crate) template_url: String,
    /// Deterministic, so a retried call is recognised as the same request (the API's
    /// `IdempotencyToken`: letters, digits, `_` and `-`, at most 128).
    pub(crate) token: String,
}

impl Artifact {
    fn parameters(&self) -> serde_json::Value {
        json!({
            "Name": self.version,
            "Description": format!("Version {}", self.version),
            "Type": "CLOUD_FORMATION_TEMPLATE",
            "Info": { "LoadTemplateFromURL": self.template_url },
        })
    }
}

fn body(operation: &str, payload: serde_json::Value) -> Body {
    Body {
        content_type: "application/x-amz-json-1.1",
        headers: vec![("x-amz-target", format!("AWSServiceCatalog.{operation}"))],
        text: payload.to_string(),
    }
}

fn parse<'a, T: Deserialize<'a>>(operation: &'static str, text: &'a str) -> Result<T, AwsError> {
    serde_json::from_str(text).map_err(|err| AwsError::UnexpectedResponse {
        operation,
        detail: err.to_string(),
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ViewDetail {
    product_view_detail: ProductViewDetail,
    #[serde(default)]
    provisioning_artifact_summaries: Vec<Named>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ProductViewDetail {
    product_view_summary: Summary,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Summary {
    product_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Named {
    #[serde(default)]
    name: Option<String>,
}

/// The product named `name`, or `None`. DescribeProductAsAdmin takes a name as well as an
/// ID and lists the product's provisioning artifacts (API Reference,
/// "DescribeProductAsAdmin").
pub(crate) async fn describe(post: &SignedPost, name: &str) -> Result<Option<Product>, AwsError> {
    const OP: &str = "DescribeProductAsAdmin";
    match post
        .call(&SERVICE_CATALOG, OP, &body(OP, json!({ "Name": name })))
        .await
    {
        Ok(text) => {
            let view: ViewDetail = parse(OP, &text)?;
            Ok(Some(Product {
                id: view.product_view_detail.product_view_summary.product_id,
                artifacts: view
                    .provisioning_artifact_summaries
                    .into_iter()
                    .filter_map(|a| a.name)
                    .collect(),
            }))
        }
        Err(AwsError::Service { code, .. }) if code == "ResourceNotFoundException" => Ok(None),
        Err(err) => Err(err),
    }
}

/// Creates product `name` whose first provisioning artifact is `artifact`; its ID.
pub(crate) async fn create_product(
    post: &SignedPost,
    name: &str,
    owner: &str,
    artifact: &Artifact,
) -> Result<String, AwsError> {
    const OP: &str = "CreateProduct";
    let payload = json!({
        "Name": name,
        "Owner": owner,
        "ProductType": "CLOUD_FORMATION_TEMPLATE",
        "ProvisioningArtifactParameters": artifact.parameters(),
        "IdempotencyToken": artifact.token,
    });
    let text = post.call(&SERVICE_CATALOG, OP, &body(OP, payload)).await?;
    let view: ViewDetail = parse(OP, &text)?;
    Ok(view.product_view_detail.product_view_summary.product_id)
}

/// Adds `artifact` to product `product_id`.
pub(crate) async fn create_artifact(
    post: &SignedPost,
    product_id: &str,
    artifact: &Artifact,
) -> Result<(), AwsError> {
    const OP: &str = "CreateProvisioningArtifact";
    let payload = json!({
        "ProductId": product_id,
        "Parameters": artifact.parameters(),
        "IdempotencyToken": artifact.token,
    });
    post.call(&SERVICE_CATALOG, OP, &body(OP, payload)).await?;
    Ok(())
}
