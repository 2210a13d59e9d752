//! The `network` section: a new VPC planned from a CIDR, or an existing VPC's subnets.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Exactly one of `vpc_cidr` (a new VPC) or `existing_vpc` (customer-hosted) is given.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkSpec {
    /// Primary IPv4 block of a new VPC, /16 to /28.
    pub vpc_cidr: Option<String>,
    /// Extra IPv4 blocks associated with a new VPC.
    #[serde(default)]
    pub secondary_cidrs: Vec<String>,
    /// How many AZs to spread over, 2 to 6 and never more than the region has. Default 3
    /// (capped by the region) for a new VPC; the existing VPC's subnet AZs otherwise.
    pub availability_zones: Option<u8>,
    /// `nat`: public subnets with a NAT gateway per AZ. `none`: private subnets only, AWS
    /// reached through VPC endpoints. Default `nat` for a new VPC, `none` for an existing one.
    pub egress: Option<Egress>,
    /// Workload subnets, one per AZ in AZ order. Planned from the VPC CIDR when omitted.
    pub private_subnets: Option<Vec<String>>,
    /// Public subnets for NAT gateways, one per AZ; only with `egress: nat`.
    pub public_subnets: Option<Vec<String>>,
    /// VPC endpoints by service name (`s3`, `ecr.api`, ...). Default: what the declared
    /// components need without internet egress, or the free gateway endpoints with `nat`.
    pub endpoints: Option<Vec<String>>,
    /// VPC flow log retention in days. Flow logs are always on.
    pub flow_log_retention_days: Option<u32>,
    /// Deploy into a VPC that already exists instead of creating one.
    pub existing_vpc: Option<ExistingVpcSpec>,
}

/// Internet egress for the workload subnets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Egress {
    Nat,
    None,
}

/// A VPC the platform does not own: its id, its CIDR blocks, and the subnets to use.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExistingVpcSpec {
    /// `vpc-` followed by 8 or 17 hex digits.
    pub id: String,
    /// The VPC's IPv4 blocks, primary first.
    pub cidrs: Vec<String>,
    /// Workload subnets, each in its own AZ.
    pub private_subnets: Vec<ExistingSubnetSpec>,
    /// Route tables of the private subnets, for the S3 and DynamoDB gateway endpoints.
    #[serde(default)]
    pub route_table_ids: Vec<String>,
    /// VPC endpoints the VPC already has, by service name (`s3`, `logs`, `ecr.api`...):
    /// interface endpoints with private DNS on, gateway endpoints on the route tables
    /// above. They count toward what the components need and are never created again.
    #[serde(default)]
    pub existing_endpoints: Vec<String>,
}

/// One subnet of an existing VPC.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExistingSubnetSpec {
    pub id: String,
    pub cidr: String,
    /// The AZ name, such as `us-east-1a`; must be in the spec's region.
    pub az: String,
}
