//! The `dns` section: a Route 53 hosted zone and alias records for load balancers.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A hosted zone: private (attached to the environment's VPC, the default) or public.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DnsSpec {
    /// The zone's domain, such as `usage.example.internal`.
    pub zone_name: String,
    /// Attach the zone to the VPC so only the VPC resolves it. Default true.
    pub private: Option<bool>,
    /// Alias records that point names in the zone at load balancers.
    #[serde(default)]
    pub records: Vec<DnsRecordSpec>,
    /// Public zones: the hosted zone ID (`Z...`) of the parent domain's zone, in this
    /// account, where an NS record delegates this zone to its name servers.
    pub parent_zone_id: Option<String>,
    /// Public zones: an ACM certificate for the zone's name and each record's, validated by
    /// DNS records CloudFormation writes in the zone. Needs `parent_zone_id`, since ACM
    /// validates only a zone the internet can resolve. Default false.
    #[serde(default)]
    pub certificate: bool,
}

/// `name.zone_name` as an alias A record of a load balancer.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DnsRecordSpec {
    /// The label in the zone, such as `api`.
    pub name: String,
    /// The load balancer (by name) it resolves to.
    pub load_balancer: String,
}
