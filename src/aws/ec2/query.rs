//! EC2's Query protocol: a signed form POST per action, an XML answer.
//!
//! platformctl reads a handful of EC2 actions, so it speaks the protocol itself rather than
//! linking `aws-sdk-ec2`, a generated crate that costs minutes of compile time and
//! gigabytes of compiler memory for every build. Everything around the wire format is
//! still the SDK's: credentials from `aws-config`, Signature Version 4 from `aws-sigv4`,
//! and the same HTTPS connector (hyper and rustls) as every other AWS call.
//!
//! The protocol: Amazon EC2 API Reference, "Making API requests" (Query requests, POST
//! with `application/x-www-form-urlencoded`, `Version=2016-11-15`) and "Error codes"
//! (`<Response><Errors><Error><Code>`).

use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4::SigningParams;
use aws_smithy_async::rt::sleep::{AsyncSleep, TokioSleep};
use aws_smithy_runtime_api::client::http::{HttpConnector, SharedHttpConnector};
use aws_smithy_runtime_api::client::identity::Identity;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;

use super::xml::Element;
use crate::aws::{innermost_message, one_line, AwsError, CONNECT_TIMEOUT};
use crate::aws::{ATTEMPT_TIMEOUT, MAX_ATTEMPTS, MAX_BACKOFF, OPERATION_TIMEOUT};

/// The EC2 API version every Query request names.
const API_VERSION: &str = "2016-11-15";

/// The largest answer read. A page of 1,000 subnets is about 1.5 MB of XML; anything far
/// larger is not an EC2 answer to these actions.
const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// EC2's error codes for throttling, retried like the SDK retries them (Amazon EC2 API
/// Reference, "Request throttling").
const THROTTLING_CODES: &[&str] = &["RequestLimitExceeded", "Throttling", "ThrottlingException"];

/// A client for EC2 Query actions in one region, as one identity.
#[derive(Debug, Clone)]
pub(crate) struct Ec2Query {
    connector: SharedHttpConnector,
    /// The URL requests go to: `https://ec2.<region>.amazonaws.com` or `--endpoint-url`.
    endpoint: String,
    region: String,
    credentials: Credentials,
}

impl Ec2Query {
    pub(crate) fn new(
        connector: SharedHttpConnector,
        endpoint: &str,
        region: &str,
        credentials: Credentials,
    ) -> Self {
        Ec2Query {
            connector,
            endpoint: endpoint.to_owned(),
            region: region.to_owned(),
            credentials,
        }
    }

    /// Calls `action` with `params` (already flattened: `Filter.1.Name`, ...) and returns
    /// the answer's root element. Retries throttling, server errors and dropped
    /// connections up to the attempt budget, within the operation timeout.
    pub(crate) async fn call(
        &self,
        action: &'static str,
        params: &[(String, String)],
    ) -> Result<Element, AwsError> {
        let attempts = async {
            let mut attempt = 1;
            loop {
                let outcome = tokio::time::timeout(ATTEMPT_TIMEOUT, self.attempt(action, params))
                    .await
                    .unwrap_or(Err(Failure::Retryable(AwsError::Timeout {
                        operation: action,
                    })));
                match outcome {
                    Ok(root) => return Ok(root),
                    Err(Failure::Final(err)) => return Err(err),
                    Err(Failure::Retryable(err)) if attempt >= MAX_ATTEMPTS => return Err(err),
                    Err(Failure::Retryable(_)) => {
                        TokioSleep::new().sleep(backoff(attempt)).await;
                        attempt += 1;
                    }
                }
            }
        };
        tokio::time::timeout(OPERATION_TIMEOUT, attempts)
            .await
            .unwrap_or(Err(AwsError::Timeout { operation: action }))
    }

    async fn attempt(
        &self,
        action: &'static str,
        params: &[(String, String)],
    ) -> Result<Element, Failure> {
        let request = self.signed_request(action, params).map_err(|detail| {
            Failure::Final(AwsError::InvalidRequest {
                operation: action,
                detail,
            })
        })?;
        let response = self
            .connector
            .call(request)
            .await
            .map_err(|err| Failure::Retryable(self.unreachable(&err)))?;
        let status = response.status().as_u16();
        let body = read_body(response.into_body(), action).await?;
        let root = super::xml::parse(&body);
        if (200..300).contains(&status) {
            return root.map_err(|detail| {
                Failure::Final(AwsError::UnexpectedResponse {
                    operation: action,
                    detail,
                })
            });
        }
        let error = root.ok().as_ref().and_then(service_error);
        let retryable = status >= 500
            || error
                .as_ref()
                .is_some_and(|(code, _)| THROTTLING_CODES.contains(&code.as_str()));
        let err = match error {
            Some((code, message)) => AwsError::Service {
                operation: action,
                code,
                message,
            },
            // An error status without an EC2 error document: something other than EC2
            // answered, typically a proxy or a wrong --endpoint-url.
            None => AwsError::Service {
                operation: action,
                code: format!("HTTP {status}"),
                message: format!(
                    "the answer from {} is not an AWS error; is it an AWS endpoint?",
                    self.endpoint
                ),
            },
        };
        Err(if retryable {
            Failure::Retryable(err)
        } else {
            Failure::Final(err)
        })
    }

    /// The POST for `action`, signed with Signature Version 4 for service `ec2`.
    fn signed_request(
        &self,
        action: &str,
        params: &[(String, String)],
    ) -> Result<aws_smithy_runtime_api::http::Request, String> {
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("Action", action)
            .append_pair("Version", API_VERSION);
        for (key, value) in params {
            form.append_pair(key, value);
        }
        let body = form.finish();
        let uri = if self.endpoint.ends_with('/') {
            self.endpoint.clone()
        } else {
            format!("{}/", self.endpoint)
        };
        let mut request = http::Request::builder()
            .method("POST")
            .uri(&uri)
            .header(
                "content-type",
                "application/x-www-form-urlencoded; charset=utf-8",
            )
            .body(body)
            .map_err(|err| err.to_string())?;
        let identity: Identity = self.credentials.clone().into();
        let params = SigningParams::builder()
            .identity(&identity)
            .region(&self.region)
            .name("ec2")
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()
            .map_err(|err| err.to_string())?;
        let headers = request
            .headers()
            .iter()
            .map(|(name, value)| (name.as_str(), value.to_str().unwrap_or_default()));
        let signable = SignableRequest::new(
            "POST",
            &uri,
            headers,
            SignableBody::Bytes(request.body().as_bytes()),
        )
        .map_err(|err| err.to_string())?;
        let (instructions, _signature) = sign(signable, &params.into())
            .map_err(|err| err.to_string())?
            .into_parts();
        instructions.apply_to_request_http1x(&mut request);
        aws_smithy_runtime_api::http::Request::try_from(request.map(SdkBody::from))
            .map_err(|err| err.to_string())
    }

    fn unreachable(&self, err: &ConnectorError) -> AwsError {
        let detail = if err.is_timeout() {
            // The connector's only timeout is the connect timeout: nothing answered there.
            format!("no connection within {} s", CONNECT_TIMEOUT.as_secs())
        } else {
            innermost_message(err)
        };
        AwsError::Unreachable {
            endpoint: self.endpoint.clone(),
            detail,
        }
    }
}

/// Why one attempt did not produce an answer, and whether another attempt may.
enum Failure {
    Retryable(AwsError),
    Final(AwsError),
}

/// Reads a body of at most [`MAX_RESPONSE_BYTES`].
async fn read_body(body: SdkBody, action: &'static str) -> Result<String, Failure> {
    let mut stream = ByteStream::new(body);
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|err| {
            Failure::Retryable(AwsError::UnexpectedResponse {
                operation: action,
                detail: innermost_message(&err),
            })
        })?;
        if bytes.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(Failure::Final(AwsError::UnexpectedResponse {
                operation: action,
                detail: format!("an answer over {MAX_RESPONSE_BYTES} bytes"),
            }));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| {
        Failure::Final(AwsError::UnexpectedResponse {
            operation: action,
            detail: "an answer that is not UTF-8".to_owned(),
        })
    })
}

/// The code and message of an EC2 error document.
fn service_error(root: &Element) -> Option<(String, String)> {
    let error = root.child("Errors")?.child("Error")?;
    let code = error.text_of("Code")?;
    let message = error.text_of("Message").unwrap_or("no message from AWS");
    Some((code.to_owned(), one_line(message)))
}

/// Exponential backoff from 100 ms with the attempt's own jitter, capped: the shape of
/// the SDK's standard retry strategy, without a random number generator for three tries.
fn backoff(attempt: u32) -> Duration {
    let base = Duration::from_millis(100).saturating_mul(1 << attempt.min(10));
    let jitter = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() % 100)
        .unwrap_or(50);
    base.mul_f64(f64::from(jitter) / 100.0 + 0.5)
        .min(MAX_BACKOFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ec2_error_document_gives_its_code_and_message() {
        let root = super::super::xml::parse(
            "<?xml version=\"1.0\"?><Response><Errors><Error><Code>InvalidVpcID.NotFound</Code>\
             <Message>The vpc ID 'vpc-1' does\n not exist</Message></Error></Errors>\
             <RequestID>r</RequestID></Response>",
        )
        .unwrap();
        assert_eq!(
            service_error(&root),
            Some((
                "InvalidVpcID.NotFound".to_owned(),
                "The vpc ID 'vpc-1' does not exist".to_owned()
            ))
        );
    }

    #[test]
    fn backoff_grows_and_stays_under_the_cap() {
        for attempt in 1..=20 {
            let wait = backoff(attempt);
            assert!(wait <= MAX_BACKOFF, "{attempt}: {wait:?}");
            assert!(wait >= Duration::from_millis(100), "{attempt}: {wait:?}");
        }
    }
}
