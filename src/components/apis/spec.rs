//! The `apis` section: REST APIs in API Gateway in front of services behind a Network
//! Load Balancer, reached through a VPC link.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A regional REST API that forwards every path and method to one Network Load
/// Balancer's listener through a VPC link.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiSpec {
    /// `[a-z][a-z0-9-]*`, unique among APIs; names the logical IDs and the API.
    pub name: String,
    /// The load balancer (by name, an entry of `load_balancers`) the API forwards to.
    pub load_balancer: String,
    /// The listener port to forward to; optional when the load balancer has one listener.
    pub listener_port: Option<u16>,
    /// The host name the integration calls the listener by. API Gateway sends it as the
    /// `Host` header and, for a TLS listener, checks the listener's certificate against it,
    /// so it must be a name on that certificate. Required for a TLS listener; for a TCP
    /// listener the default is the load balancer's DNS name.
    pub backend_host: Option<String>,
    /// A custom domain name in front of the API's stage.
    pub domain: Option<ApiDomainSpec>,
    /// `iam` (default: callers sign requests with SigV4) or `cognito` (callers send a
    /// Cognito user pool token; needs `cognito_user_pool_arn`).
    #[serde(default)]
    pub authorization: ApiAuthorization,
    /// The user pool whose tokens a `cognito` API accepts.
    pub cognito_user_pool_arn: Option<String>,
    /// Requests per second the stage admits, and the burst above it. Default by
    /// environment size.
    #[serde(default)]
    pub throttling: ThrottlingSpec,
    /// A regional AWS WAF web ACL to associate with the stage.
    pub waf_web_acl_arn: Option<String>,
}

/// A regional custom domain name.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiDomainSpec {
    /// The domain name, such as `api.example.com`.
    pub name: String,
    /// An ACM certificate for the name, in the environment's region.
    pub certificate_arn: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ApiAuthorization {
    #[default]
    Iam,
    Cognito,
}

/// Stage-wide throttling.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThrottlingSpec {
    /// Steady-state requests per second, at least 1.
    pub rate_limit: Option<u32>,
    /// Requests above the rate a burst may add, at least 1.
    pub burst_limit: Option<u32>,
}
