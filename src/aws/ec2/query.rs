//! EC2's Query protocol: a signed form POST per action, an XML answer, over the shared
//! transport of [`crate::aws::post`].
//!
//! The protocol: Amazon EC2 API Reference, "Making API requests" (Query requests, POST
//! with `application/x-www-form-urlencoded`, `Version=2016-11-15`) and "Error codes"
//! (`<Response><Errors><Error><Code>`).

use aws_credential_types::Credentials;
use aws_smithy_runtime_api::client::http::SharedHttpConnector;

use super::xml::Element;
use crate::aws::post::{Body, Protocol, SignedPost};
use crate::aws::{one_line, AwsError};

/// The EC2 API version every Query request names.
const API_VERSION: &str = "2016-11-15";

/// EC2's error codes for throttling, retried like the SDK retries them (Amazon EC2 API
/// Reference, "Request throttling").
const EC2: Protocol = Protocol {
    service: "ec2",
    throttling: &["RequestLimitExceeded", "Throttling", "ThrottlingException"],
    error: error_document,
};

/// A client for EC2 Query actions in one region, as one identity.
#[derive(Debug, Clone)]
pub(crate) struct Ec2Query {
    post: SignedPost,
}

impl Ec2Query {
    pub(crate) fn new(
        connector: SharedHttpConnector,
        endpoint: &str,
        region: &str,
        credentials: Credentials,
    ) -> Self {
        Ec2Query {
            post: SignedPost::new(connector, endpoint, region, credentials),
        }
    }

    /// Calls `action` with `params` (already flattened: `Filter.1.Name`, ...) and returns
    /// the answer's root element.
    pub(crate) async fn call(
        &self,
        action: &'static str,
        params: &[(String, String)],
    ) -> Result<Element, AwsError> {
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("Action", action)
            .append_pair("Version", API_VERSION);
        for (key, value) in params {
            form.append_pair(key, value);
        }
        let body = Body {
            content_type: "application/x-www-form-urlencoded; charset=utf-8",
            headers: Vec::new(),
            text: form.finish(),
        };
        let text = self.post.call(&EC2, action, &body).await?;
        super::xml::parse(&text).map_err(|detail| AwsError::UnexpectedResponse {
            operation: action,
            detail,
        })
    }
}

/// The code and message of an EC2 error document.
fn error_document(text: &str) -> Option<(String, String)> {
    let root = super::xml::parse(text).ok()?;
    service_error(&root)
}

fn service_error(root: &Element) -> Option<(String, String)> {
    let error = root.child("Errors")?.child("Error")?;
    let code = error.text_of("Code")?;
    let message = error.text_of("Message").unwrap_or("no message from AWS");
    Some((code.to_owned(), one_line(message)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ec2_error_document_gives_its_code_and_message() {
        assert_eq!(
            error_document(
                "<?xml version=\"1.0\"?><Response><Errors><Error><Code>InvalidVpcID.NotFound</Code>\
                 <Message>The vpc ID 'vpc-1' does\n not exist</Message></Error></Errors>\
                 <RequestID>r</RequestID></Response>",
            ),
            Some((
                "InvalidVpcID.NotFound".to_owned(),
                "The vpc ID 'vpc-1' does not exist".to_owned()
            ))
        );
    }
}
