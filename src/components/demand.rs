//! The shape of a demand row: what a component tells `check-network` about the private
//! addresses it takes. The rows themselves live with their components; `network::demand`
//! adds them up.

use serde::Serialize;

use crate::components::Platform;

/// Which subnets a component's addresses come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Pool {
    /// The private workload subnets the capacity rule judges.
    Workload,
    /// The public subnets of a new VPC with NAT egress; never counted against workloads.
    Public,
}

/// What one component takes for one platform: the count and the arithmetic behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub ips: u32,
    pub basis: String,
}

/// One row of the demand model. A row whose function returns `None` is a component the
/// platform does not declare: it takes nothing and is left out of the report.
#[derive(Debug, Clone, Copy)]
pub struct DemandRow {
    pub name: &'static str,
    pub pool: Pool,
    /// The reason, naming the AWS document it comes from.
    pub why: &'static str,
    /// The count for a platform, or `None` when the platform does not declare the component.
    pub ips: fn(&Platform) -> Option<Count>,
}

/// The zones a multi-AZ component spans: every workload subnet's AZ.
pub(super) fn zones(p: &Platform) -> u32 {
    u32::try_from(p.network.zone_count).unwrap_or(u32::MAX)
}

/// `n` as a count, saturating rather than wrapping on absurd sizes.
pub(super) fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
