//! One signed POST to an AWS API, with the retry shape of the SDK's standard strategy:
//! the transport of the services platformctl speaks without their generated SDK crates
//! (EC2's Query protocol, Secrets Manager's JSON protocol), which cost minutes of compile
//! time and gigabytes of compiler memory for a handful of calls. Everything around the wire
//! format is still the SDK's: credentials from `aws-config`, Signature Version 4 from
//! `aws-sigv4`, and the same HTTPS connector (hyper and rustls) as every other AWS call.

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

use crate::aws::{innermost_message, AwsError, CONNECT_TIMEOUT};
use crate::aws::{ATTEMPT_TIMEOUT, MAX_ATTEMPTS, MAX_BACKOFF, OPERATION_TIMEOUT};

/// The largest answer read. A page of 1,000 subnets is about 1.5 MB of XML; anything far
/// larger is not an answer to the calls made here.
const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// A service's protocol, as far as the transport needs it.
pub(crate) struct Protocol {
    /// The signing name (`ec2`, `secretsmanager`).
    pub(crate) service: &'static str,
    /// Error codes that mean "slow down", retried like the SDK retries them.
    pub(crate) throttling: &'static [&'static str],
    /// The code and message of an error answer, when it is the service's error document.
    pub(crate) error: fn(&str) -> Option<(String, String)>,
}

/// One request's body and the headers that say what it is.
pub(crate) struct Body {
    pub(crate) content_type: &'static str,
    /// Further headers (the JSON protocol's `x-amz-target`).
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) text: String,
}

/// A client for one service in one region, as one identity.
#[derive(Debug, Clone)]
pub(crate) struct SignedPost {
    connector: SharedHttpConnector,
    /// The URL requests go to: the service's regional endpoint or `--endpoint-url`.
    pub(crate) endpoint: String,
    region: String,
    credentials: Credentials,
}

/// Why one attempt did not produce an answer, and whether another attempt may.
enum Failure {
    Retryable(AwsError),
    Final(AwsError),
}

impl SignedPost {
    pub(crate) fn new(
        connector: SharedHttpConnector,
        endpoint: &str,
        region: &str,
        credentials: Credentials,
    ) -> Self {
        SignedPost {
            connector,
            endpoint: endpoint.to_owned(),
            region: region.to_owned(),
            credentials,
        }
    }

    /// Posts `body` for `operation` and returns the text of a 2xx answer. Retries
    /// throttling, server errors and dropped connections up to the attempt budget, within
    /// the operation timeout.
    pub(crate) async fn call(
        &self,
        protocol: &Protocol,
        operation: &'static str,
        body: &Body,
    ) -> Result<String, AwsError> {
        let attempts = async {
            let mut attempt = 1;
            loop {
                let outcome =
                    tokio::time::timeout(ATTEMPT_TIMEOUT, self.attempt(protocol, operation, body))
                        .await
                        .unwrap_or(Err(Failure::Retryable(AwsError::Timeout { operation })));
                match outcome {
                    Ok(text) => return Ok(text),
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
            .unwrap_or(Err(AwsError::Timeout { operation }))
    }

    async fn attempt(
        &self,
        protocol: &Protocol,
        operation: &'static str,
        body: &Body,
    ) -> Result<String, Failure> {
        let request = self
            .signed_request(protocol, body)
            .map_err(|detail| Failure::Final(AwsError::InvalidRequest { operation, detail }))?;
        let response = self
            .connector
            .call(request)
            .await
            .map_err(|err| Failure::Retryable(self.unreachable(&err)))?;
        let status = response.status().as_u16();
        let text = read_body(response.into_body(), operation).await?;
        if (200..300).contains(&status) {
            return Ok(text);
        }
        let error = (protocol.error)(&text);
        let retryable = status >= 500
            || error
                .as_ref()
                .is_some_and(|(code, _)| protocol.throttling.contains(&code.as_str()));
        let err = match error {
            Some((code, message)) => AwsError::Service {
                operation,
                code,
                message,
            },
            // An error status without the service's error document: something other than
            // AWS answered, typically a proxy or a wrong --endpoint-url.
            None => AwsError::Service {
                operation,
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

    /// The POST, signed with Signature Version 4 for the protocol's service.
    fn signed_request(
        &self,
        protocol: &Protocol,
        body: &Body,
    ) -> Result<aws_smithy_runtime_api::http::Request, String> {
        let uri = if self.endpoint.ends_with('/') {
            self.endpoint.clone()
        } else {
            format!("{}/", self.endpoint)
        };
        let mut builder = http::Request::builder()
            .method("POST")
            .uri(&uri)
            .header("content-type", body.content_type);
        for (name, value) in &body.headers {
            builder = builder.header(*name, value);
        }
        let mut request = builder
            .body(body.text.clone())
            .map_err(|err| err.to_string())?;
        let identity: Identity = self.credentials.clone().into();
        let params = SigningParams::builder()
            .identity(&identity)
            .region(&self.region)
            .name(protocol.service)
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

/// Reads a body of at most [`MAX_RESPONSE_BYTES`].
async fn read_body(body: SdkBody, operation: &'static str) -> Result<String, Failure> {
    let mut stream = ByteStream::new(body);
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|err| {
            Failure::Retryable(AwsError::UnexpectedResponse {
                operation,
                detail: innermost_message(&err),
            })
        })?;
        if bytes.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(Failure::Final(AwsError::UnexpectedResponse {
                operation,
                detail: format!("an answer over {MAX_RESPONSE_BYTES} bytes"),
            }));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| {
        Failure::Final(AwsError::UnexpectedResponse {
            operation,
            detail: "an answer that is not UTF-8".to_owned(),
        })
    })
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
    fn backoff_grows_and_stays_under_the_cap() {
        for attempt in 1..=20 {
            let wait = backoff(attempt);
            assert!(wait <= MAX_BACKOFF, "{attempt}: {wait:?}");
            assert!(wait >= Duration::from_millis(100), "{attempt}: {wait:?}");
        }
    }
}
