//! The `data_apps` section: CloudFront distributions in front of the platform's web
//! applications (the seed's Data Apps).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One CloudFront distribution serving a Data App over HTTPS only, from one origin: a
/// declared load balancer (HTTPS to its TLS listener; a VPC origin when it is internal) or a static-assets
/// bucket the stack creates, which only this distribution may read (Origin Access
/// Control). Security headers (HSTS and others) on every response, standard access logs
/// to a log bucket of the dns stack.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataAppSpec {
    /// `[a-z][a-z0-9-]*`, unique among data apps; names the logical IDs.
    pub name: String,
    /// The origin: a load balancer (by name) with a TLS listener. An internal one is
    /// reached through a CloudFront VPC origin, an internet-facing one by its DNS name.
    /// Give this or `static_assets`.
    pub load_balancer: Option<String>,
    /// The origin: a bucket for the app's static files, created with the distribution.
    #[serde(default)]
    pub static_assets: bool,
    /// Host names the distribution answers, such as `apps.tdp.example.com`; at least one.
    /// Names inside a public `dns` zone get alias records there.
    pub aliases: Vec<String>,
    /// ACM certificate covering every alias. CloudFront takes certificates from
    /// us-east-1 only: `arn:aws:acm:us-east-1:<account>:certificate/<id>`.
    pub certificate_arn: String,
    /// A WAF web ACL of scope CLOUDFRONT (which exists only in us-east-1):
    /// `arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>`.
    pub web_acl_arn: Option<String>,
}
