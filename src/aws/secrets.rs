//! Secrets Manager's JSON protocol, for one read: DescribeSecret, which returns a secret's
//! metadata and never its value (AWS Secrets Manager API Reference, "DescribeSecret"; the
//! protocol: `x-amz-target: secretsmanager.<Operation>`, a JSON body, errors as
//! `{"__type": ..., "message": ...}`).

use serde::Deserialize;

use super::post::{Body, Protocol, SignedPost};
use super::{one_line, AwsError, AwsOptions};

const SECRETS_MANAGER: Protocol = Protocol {
    service: "secretsmanager",
    throttling: &["ThrottlingException", "TooManyRequestsException"],
    error: error_document,
};

/// What DescribeSecret tells about one secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretState {
    /// No secret of that name (the stack has not created it yet).
    Absent,
    /// The secret and how many versions carry a staging label: CloudFormation's create
    /// makes one; each value put afterwards adds one (the previous keeps AWSPREVIOUS).
    Present { labelled_versions: usize },
}

#[derive(Deserialize)]
struct Described {
    #[serde(rename = "VersionIdsToStages", default)]
    versions: std::collections::BTreeMap<String, Vec<String>>,
}

/// The state of each secret named, in order. Blocking, like the EC2 reads.
pub fn describe_secrets(
    options: &AwsOptions,
    names: &[String],
) -> Result<Vec<SecretState>, AwsError> {
    super::runtime()?.block_on(async {
        let session = super::session(options).await?;
        let endpoint = options
            .endpoint_url
            .clone()
            .unwrap_or_else(|| format!("https://secretsmanager.{}.amazonaws.com", options.region));
        let post = SignedPost::new(
            super::https_connector(),
            &endpoint,
            &options.region,
            session.credentials,
        );
        let mut states = Vec::new();
        for name in names {
            states.push(describe(&post, name).await?);
        }
        Ok(states)
    })
}

async fn describe(post: &SignedPost, name: &str) -> Result<SecretState, AwsError> {
    let body = Body {
        content_type: "application/x-amz-json-1.1",
        headers: vec![("x-amz-target", "secretsmanager.DescribeSecret".to_owned())],
        text: serde_json::json!({ "SecretId": name }).to_string(),
    };
    match post.call(&SECRETS_MANAGER, "DescribeSecret", &body).await {
        Ok(text) => {
            let described: Described =
                serde_json::from_str(&text).map_err(|err| AwsError::UnexpectedResponse {
                    operation: "DescribeSecret",
                    detail: err.to_string(),
                })?;
            let labelled_versions = described
                .versions
                .values()
                .filter(|stages| !stages.is_empty())
                .count();
            Ok(SecretState::Present { labelled_versions })
        }
        Err(AwsError::Service { code, .. }) if code == "ResourceNotFoundException" => {
            Ok(SecretState::Absent)
        }
        Err(err) => Err(err),
    }
}

/// The code and message of a JSON-protocol error document; the code may carry a
/// namespace (`com.amazonaws.secretsmanager#ResourceNotFoundException`).
pub(crate) fn error_document(text: &str) -> Option<(String, String)> {
    let doc: serde_json::Value = serde_json::from_str(text).ok()?;
    let kind = doc["__type"].as_str()?;
    let code = kind.rsplit('#').next().unwrap_or(kind);
    let message = doc["message"]
        .as_str()
        .or(doc["Message"].as_str())
        .unwrap_or("no message from AWS");
    Some((code.to_owned(), one_line(message)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_error_document_gives_its_code_without_namespace() {
        assert_eq!(
            error_document(
                r#"{"__type":"com.amazonaws.secretsmanager#ResourceNotFoundException","message":"Secrets Manager can't find the specified secret."}"#
            ),
            Some((
                "ResourceNotFoundException".to_owned(),
                "Secrets Manager can't find the specified secret.".to_owned()
            ))
        );
        assert_eq!(error_document("<html>proxy</html>"), None);
    }
}
