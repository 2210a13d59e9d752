//! Every AWS call platformctl makes, behind a small blocking interface.
//!
//! The rest of the crate never sees an SDK type: callers pass [`AwsOptions`] and get back
//! plain values (see [`ec2::LiveVpc`]) or an [`AwsError`] whose message a user can act on.
//! Keeping the SDK here is what lets everything else be tested without a network.

pub mod backfill;
pub mod cloudformation;
pub mod deploy;
pub mod ec2;
mod post;
pub mod publish;
mod s3;
pub mod secrets;
mod servicecatalog;

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use aws_config::profile::ProfileFileCredentialsProvider;
use aws_config::provider_config::ProviderConfig;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_credential_types::Credentials;
use aws_smithy_runtime_api::client::http::SharedHttpConnector;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

/// A TCP connection to AWS either opens quickly or not at all; waiting longer only delays
/// the error a user will get anyway.
pub(crate) const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// One request/response exchange; Describe calls answer in well under a second.
pub(crate) const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);
/// One operation, retries included: the bound a user waits at most per call.
pub(crate) const OPERATION_TIMEOUT: Duration = Duration::from_secs(30);
/// Three attempts ride out a throttle or a dropped connection without turning a dead
/// endpoint into a long wait.
pub(crate) const MAX_ATTEMPTS: u32 = 3;
pub(crate) const MAX_BACKOFF: Duration = Duration::from_secs(5);
/// Resolving credentials may run a `credential_process`, an SSO token exchange or an
/// instance-metadata lookup; none of them is allowed to hang the command.
const CREDENTIALS_TIMEOUT: Duration = Duration::from_secs(30);

/// Where and as whom to call AWS. Credentials always come from the SDK's own providers,
/// so platformctl never handles secrets itself: with no profile, the standard chain
/// (environment, shared config and credentials files, SSO, `credential_process`, web
/// identity, container and instance roles); with a profile, that profile alone
/// (including its SSO, process or assume-role settings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsOptions {
    /// The region to call, e.g. `us-east-1`.
    pub region: String,
    /// A named profile from the shared config files; `None` follows `AWS_PROFILE` or
    /// `default`, as every AWS tool does.
    pub profile: Option<String>,
    /// Sends every request to this URL instead of the regional endpoint: for tests
    /// against a local emulator, or a VPC interface endpoint.
    pub endpoint_url: Option<String>,
}

impl AwsOptions {
    /// Options for `region` with the default profile and endpoint.
    pub fn new(region: impl Into<String>) -> Self {
        AwsOptions {
            region: region.into(),
            profile: None,
            endpoint_url: None,
        }
    }
}

/// Why an AWS call did not produce an answer. Each message is one line that says what
/// went wrong and what to look at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AwsError {
    #[error(
        "no AWS credentials found {}; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, \
         run `aws configure` or `aws sso login`, or pass --profile",
        ProfileLabel(.profile.as_deref())
    )]
    NoCredentials { profile: Option<String> },
    #[error(
        "AWS credentials {} could not be loaded: {detail}",
        ProfileLabel(.profile.as_deref())
    )]
    CredentialsFailed {
        profile: Option<String>,
        detail: String,
    },
    #[error("cannot reach AWS at {endpoint}: {detail}; check the network, any proxy, and --endpoint-url")]
    Unreachable { endpoint: String, detail: String },
    #[error(
        "AWS {operation} did not answer in time (3 s to connect, 10 s per attempt, \
         30 s in all); check network access to AWS and try again"
    )]
    Timeout { operation: &'static str },
    #[error(
        "VPC {vpc_id} was not found in {region}; check the ID, --region, and that \
         the credentials belong to the VPC's account"
    )]
    VpcNotFound { vpc_id: String, region: String },
    #[error("AWS {operation} failed with {code}: {message}")]
    Service {
        operation: &'static str,
        code: String,
        message: String,
    },
    #[error("AWS {operation} could not be sent: {detail}")]
    InvalidRequest {
        operation: &'static str,
        detail: String,
    },
    #[error("AWS {operation} returned a response platformctl cannot read: {detail}")]
    UnexpectedResponse {
        operation: &'static str,
        detail: String,
    },
    #[error("cannot start the runtime for AWS calls: {detail}")]
    Runtime { detail: String },
    #[error(
        "stack {stack} was not found in {region}; check --stack-name, the region and the account"
    )]
    StackNotFound { stack: String, region: String },
    #[error("CloudFormation could not create change set {change_set}: {reason}")]
    ChangeSetFailed { change_set: String, reason: String },
    #[error("change set {change_set} was not ready after {seconds} s; it was deleted")]
    ChangeSetTimeout { change_set: String, seconds: u64 },
    #[error("bucket {bucket} does not exist; check --bucket, the region and the account")]
    BucketNotFound { bucket: String },
    #[error("queue {queue} does not exist; check --queue-url, the region and the account")]
    QueueNotFound { queue: String },
    #[error("--artifact-bucket is needed: stack {stack} has no ArtifactBucket parameter to reuse")]
    NoArtifactBucket { stack: String },
}

/// Names the credential source in messages: the profile, or the environment and default profile.
struct ProfileLabel<'a>(Option<&'a str>);

impl fmt::Display for ProfileLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(profile) => write!(f, "for profile `{profile}`"),
            None => f.write_str("in the environment or the default profile"),
        }
    }
}

/// A loaded SDK configuration with credentials already resolved, and the endpoint to name
/// in errors.
pub(crate) struct Session {
    pub(crate) config: SdkConfig,
    pub(crate) endpoint: String,
    /// The credentials resolved once for the session; the config's provider returns them.
    pub(crate) credentials: Credentials,
}

/// A single-threaded runtime: the CLI makes a handful of sequential calls, so a thread
/// pool would only cost start-up time.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, AwsError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| AwsError::Runtime {
            detail: err.to_string(),
        })
}

/// The HTTPS client every AWS call goes through: hyper 1 and rustls with ring.
///
/// Chosen explicitly rather than through the SDK's `default-https-client` feature, which
/// brings aws-lc-rs (a long C build) for no gain in a CLI that makes a handful of calls.
pub fn https_client() -> aws_smithy_runtime_api::client::http::SharedHttpClient {
    use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
    aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::Ring))
        .build_https()
}

/// The same HTTPS stack as [`https_client`], as a connector for the calls platformctl
/// makes itself (EC2's Query protocol, see `ec2`), with the connect timeout.
pub(crate) fn https_connector() -> SharedHttpConnector {
    use aws_smithy_async::rt::sleep::TokioSleep;
    use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
    use aws_smithy_runtime_api::client::http::HttpConnectorSettings;
    let settings = HttpConnectorSettings::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .build();
    SharedHttpConnector::new(
        aws_smithy_http_client::Connector::builder()
            .connector_settings(settings)
            .sleep_impl(TokioSleep::new())
            .tls_provider(Provider::Rustls(CryptoMode::Ring))
            .build(),
    )
}

/// Loads the SDK configuration through the standard chain with platformctl's timeouts and
/// retry budget, and resolves credentials once up front.
///
/// Resolving first turns "no credentials" into [`AwsError::NoCredentials`] before any
/// request is attempted; inside a request the SDK reports it as a generic dispatch
/// failure. The resolved credentials are then pinned for the session, which lasts one
/// short command, so a `credential_process` or SSO exchange runs only once.
pub(crate) async fn session(options: &AwsOptions) -> Result<Session, AwsError> {
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .operation_attempt_timeout(ATTEMPT_TIMEOUT)
        .operation_timeout(OPERATION_TIMEOUT)
        .build();
    let retries = RetryConfig::standard()
        .with_max_attempts(MAX_ATTEMPTS)
        .with_max_backoff(MAX_BACKOFF);
    let region = Region::new(options.region.clone());
    let http = https_client();
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(http.clone())
        .region(region.clone())
        .timeout_config(timeouts.clone())
        .retry_config(retries.clone());
    if let Some(profile) = &options.profile {
        // A profile named on the command line wins over keys in the environment, as
        // `aws --profile` does. The SDK's default chain reads the environment first, and
        // would quietly use whatever account exported keys belong to.
        let provider_config = ProviderConfig::without_region()
            .with_region(Some(region))
            .with_behavior_version(Some(BehaviorVersion::latest()))
            .with_http_client(http)
            .with_timeout_config(timeouts)
            .with_retry_config(retries);
        let from_profile = ProfileFileCredentialsProvider::builder()
            .configure(&provider_config)
            .profile_name(profile)
            .build();
        loader = loader
            .profile_name(profile)
            .credentials_provider(from_profile);
    }
    if let Some(url) = &options.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    let config = loader.load().await;

    let no_credentials = || AwsError::NoCredentials {
        profile: options.profile.clone(),
    };
    let provider = config.credentials_provider().ok_or_else(no_credentials)?;
    let resolved = tokio::time::timeout(CREDENTIALS_TIMEOUT, provider.provide_credentials())
        .await
        .map_err(|_| AwsError::Timeout {
            operation: "credential resolution",
        })?;
    let credentials = resolved.map_err(|err| match err {
        CredentialsError::CredentialsNotLoaded(_) => no_credentials(),
        CredentialsError::ProviderTimedOut(_) => AwsError::Timeout {
            operation: "credential resolution",
        },
        other => AwsError::CredentialsFailed {
            profile: options.profile.clone(),
            detail: innermost_message(&other),
        },
    })?;

    let endpoint = config
        .endpoint_url()
        .map(str::to_owned)
        .unwrap_or_else(|| format!("https://ec2.{}.amazonaws.com", options.region));
    let config = config
        .to_builder()
        .credentials_provider(SharedCredentialsProvider::new(credentials.clone()))
        .build();
    Ok(Session {
        config,
        endpoint,
        credentials,
    })
}

/// Turns an SDK failure of `operation` into an [`AwsError`]. Service errors keep AWS's code
/// so callers can recognise the ones they handle (a missing VPC, say).
pub(crate) fn from_sdk<E>(
    operation: &'static str,
    endpoint: &str,
    err: SdkError<E, HttpResponse>,
) -> AwsError
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    match &err {
        SdkError::ServiceError(service) => match service.err().code() {
            Some(code) => AwsError::Service {
                operation,
                code: code.to_owned(),
                message: one_line(service.err().message().unwrap_or("no message from AWS")),
            },
            // An error status without an AWS error document: something other than an AWS
            // API answered, typically a proxy or a wrong --endpoint-url.
            None => AwsError::Service {
                operation,
                code: format!("HTTP {}", service.raw().status().as_u16()),
                message: format!(
                    "the answer from {endpoint} is not an AWS error; is it an AWS endpoint?"
                ),
            },
        },
        SdkError::TimeoutError(_) => AwsError::Timeout { operation },
        // A connect timeout means nothing answered at that address: unreachable, not slow.
        SdkError::DispatchFailure(failure) if failure.is_timeout() => AwsError::Unreachable {
            endpoint: endpoint.to_owned(),
            detail: format!("no connection within {} s", CONNECT_TIMEOUT.as_secs()),
        },
        SdkError::DispatchFailure(_) => AwsError::Unreachable {
            endpoint: endpoint.to_owned(),
            detail: innermost_message(&err),
        },
        SdkError::ConstructionFailure(_) => AwsError::InvalidRequest {
            operation,
            detail: innermost_message(&err),
        },
        _ => AwsError::UnexpectedResponse {
            operation,
            detail: innermost_message(&err),
        },
    }
}

/// The deepest cause in an error chain: the SDK wraps an OS error such as "Connection
/// refused" in several layers whose own messages ("dispatch failure", "io error") tell a
/// user nothing.
pub(crate) fn innermost_message(err: &(dyn StdError + 'static)) -> String {
    let mut current = err;
    while let Some(source) = current.source() {
        current = source;
    }
    one_line(&current.to_string())
}

/// Errors are printed one per line, so AWS messages that wrap lines are folded.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_profile_or_the_default_chain() {
        let named = AwsError::NoCredentials {
            profile: Some("prod".into()),
        };
        assert!(named.to_string().contains("for profile `prod`"));
        let default = AwsError::NoCredentials { profile: None };
        assert!(default.to_string().contains("default profile"));
    }

    #[test]
    fn every_message_is_one_line() {
        let errors = [
            AwsError::NoCredentials { profile: None },
            AwsError::Unreachable {
                endpoint: "http://127.0.0.1:1".into(),
                detail: "Connection refused (os error 111)".into(),
            },
            AwsError::Timeout {
                operation: "DescribeVpcs",
            },
            AwsError::VpcNotFound {
                vpc_id: "vpc-0abc".into(),
                region: "us-east-1".into(),
            },
        ];
        for err in errors {
            assert!(!err.to_string().contains('\n'), "{err}");
        }
    }

    #[test]
    fn one_line_folds_wrapped_text() {
        assert_eq!(one_line("a\n  b\tc "), "a b c");
    }
}
