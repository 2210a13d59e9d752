//! The `load_balancers` section: Network Load Balancers in front of services.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A Network Load Balancer forwarding to one service's tasks (an `ip` target group).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancerSpec {
    /// `[a-z][a-z0-9-]*`, unique among load balancers; names the logical IDs.
    pub name: String,
    /// The service (by name) whose tasks receive the traffic; it must declare `port`.
    pub service: String,
    /// `internal` (default) or `internet-facing` (only with `network.egress: nat`, whose
    /// public subnets it then uses).
    #[serde(default)]
    pub scheme: LoadBalancerScheme,
    /// At least one listener.
    pub listeners: Vec<ListenerSpec>,
    /// How the target group judges a task healthy. Default: TCP on the service port.
    #[serde(default)]
    pub health_check: HealthCheckSpec,
    /// CIDR blocks allowed to reach the listeners. Default: the VPC's blocks when
    /// internal; required when internet-facing.
    #[serde(default)]
    pub allowed_cidrs: Vec<String>,
    /// Refuse deletion until this is turned off. Default true.
    pub deletion_protection: Option<bool>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LoadBalancerScheme {
    #[default]
    Internal,
    InternetFacing,
}

/// One listener port. TLS listeners terminate TLS with an ACM certificate.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListenerSpec {
    pub port: u16,
    /// `TCP` or `TLS`. Default `TLS`.
    #[serde(default)]
    pub protocol: ListenerProtocol,
    /// ACM certificate ARN; required for TLS.
    pub certificate_arn: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum ListenerProtocol {
    Tcp,
    #[default]
    Tls,
}

/// Target health checks.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HealthCheckSpec {
    /// Check over HTTP on this path (starting with `/`) instead of a TCP connect.
    pub http_path: Option<String>,
    /// Seconds between checks, 5 to 300. Default 10.
    pub interval_seconds: Option<u16>,
}
