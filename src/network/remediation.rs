//! A computed fix for a network that fails the check.
//!
//! - An existing VPC gets a secondary IPv4 block (/20, or larger when the demand model
//!   needs it) that AWS allows for its primary range ([`secondary`]) and that overlaps
//!   none of its blocks, cut into one /21-or-larger workload subnet per AZ: the AZs the
//!   VPC already uses, topped up from the region's to at least two. The new subnets
//!   *replace* the workload subnets in the spec; the old ones stay in the VPC for
//!   whatever else uses them. The rule declares that layout sufficient for every size.
//! - A new VPC gets the planned layout ([`crate::cidr::layout`]) inside its own block,
//!   or, when that block is too small, inside the smallest block with the same base
//!   address and a shorter prefix that passes.
//!
//! In JSON an existing VPC's fix is `{"vpc_id", "secondary_cidr", "subnets"}` and a new
//! VPC's is `{"vpc_cidr", "subnets", "public_subnets"}`: `secondary_cidr` is absent for
//! a new VPC, which has no need of one.

mod secondary;
mod yaml;

use ipnet::Ipv4Net;
use serde::Serialize;

pub use secondary::{allowed, free_block, rule_for, SecondaryRule, RULES, SOURCE};
pub use yaml::to_spec_yaml;

use super::judge::{self, LiveNetwork};
use super::rule::{self, Placed};
use crate::cidr::{self, layout};
use crate::components::Platform;
use crate::model::Vpc;
use crate::spec::Egress;

/// A subnet to create: its block and AZ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedSubnet {
    pub cidr: Ipv4Net,
    pub az: String,
}

/// A secondary block for an existing VPC and the workload subnets cut from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecondaryCidrFix {
    pub vpc_id: String,
    pub secondary_cidr: Ipv4Net,
    pub subnets: Vec<PlannedSubnet>,
    /// The VPC's blocks before the fix, primary first (for the spec snippet).
    #[serde(skip)]
    pub vpc_cidrs: Vec<Ipv4Net>,
}

/// The block and subnets a new VPC should use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewVpcFix {
    pub vpc_cidr: Ipv4Net,
    pub subnets: Vec<PlannedSubnet>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub public_subnets: Vec<PlannedSubnet>,
}

/// The `remediation` of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Remediation {
    SecondaryCidr(SecondaryCidrFix),
    NewVpc(NewVpcFix),
}

/// Why no fix could be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RemediationError {
    #[error("the VPC lists no IPv4 block")]
    NoVpcBlocks,
    #[error("no AZ is known for the new subnets: the VPC's subnets and the region name {found} AZ(s), 2 are needed")]
    TooFewZones { found: usize },
    #[error(
        "no free /{prefix} block is allowed beside primary {primary} ({})",
        SOURCE
    )]
    NoFreeBlock { primary: Ipv4Net, prefix: u8 },
    #[error("no VPC block from {base} down to /16 holds a passing layout")]
    NoPassingVpc { base: Ipv4Net },
}

/// The most AZs a fix spreads over: the platform's own maximum.
const MAX_ZONES: usize = 6;

/// The smallest secondary block offered.
const SECONDARY_PREFIX: u8 = 20;

/// The fix for `platform` with `demand` workload addresses at peak: a secondary block
/// when the VPC exists (or `live` describes it), a layout when the VPC is new.
pub fn remediate(
    platform: &Platform,
    live: Option<&LiveNetwork>,
    demand: u32,
) -> Result<Remediation, RemediationError> {
    let region_azs = &platform.region.availability_zones;
    if let Some(live) = live {
        let used: Vec<String> = live.subnets.iter().map(|s| s.az.clone()).collect();
        return secondary_cidr(&live.vpc_id, &live.cidrs, &used, region_azs, demand)
            .map(Remediation::SecondaryCidr);
    }
    match &platform.network.vpc {
        Vpc::Existing { id, cidrs, .. } => {
            let used: Vec<String> = platform
                .network
                .private_subnets
                .iter()
                .map(|s| {
                    s.az_name
                        .clone()
                        .unwrap_or_else(|| judge::zone_name(platform, s.zone))
                })
                .collect();
            secondary_cidr(id, cidrs, &used, region_azs, demand).map(Remediation::SecondaryCidr)
        }
        Vpc::New { .. } => new_vpc(platform, demand).map(Remediation::NewVpc),
    }
}

/// A secondary block for VPC `vpc_id` with blocks `vpc_cidrs` (primary first) whose
/// workload subnets are in `used_azs`; `region_azs` tops the AZs up to two.
pub fn secondary_cidr(
    vpc_id: &str,
    vpc_cidrs: &[Ipv4Net],
    used_azs: &[String],
    region_azs: &[String],
    demand: u32,
) -> Result<SecondaryCidrFix, RemediationError> {
    let primary = *vpc_cidrs.first().ok_or(RemediationError::NoVpcBlocks)?;
    let mut zones: Vec<String> = Vec::new();
    for az in used_azs.iter().chain(region_azs) {
        if zones.len() >= MAX_ZONES || (zones.len() >= 2 && !used_azs.contains(az)) {
            break;
        }
        if !zones.contains(az) {
            zones.push(az.clone());
        }
    }
    if zones.len() < 2 {
        return Err(RemediationError::TooFewZones { found: zones.len() });
    }
    let split = split_bits(zones.len());
    let mut prefix = SECONDARY_PREFIX.min(rule::LARGE_MAX_PREFIX - split);
    // Grow the block until the demand fits under the headroom threshold, up to /16.
    while prefix > cidr::MIN_PREFIX && !fits(demand, zones.len(), prefix + split) {
        prefix -= 1;
    }
    let block =
        free_block(vpc_cidrs, prefix).ok_or(RemediationError::NoFreeBlock { primary, prefix })?;
    let subnets = block
        .subnets(prefix + split)
        .map_err(|_| RemediationError::NoFreeBlock { primary, prefix })?
        .zip(zones)
        .map(|(cidr, az)| PlannedSubnet { cidr, az })
        .collect();
    Ok(SecondaryCidrFix {
        vpc_id: vpc_id.to_owned(),
        secondary_cidr: block,
        subnets,
        vpc_cidrs: vpc_cidrs.to_vec(),
    })
}

/// Bits to split a block into `zones` equal subnets.
fn split_bits(zones: usize) -> u8 {
    u8::try_from(zones.next_power_of_two().trailing_zeros()).unwrap_or(u8::MAX)
}

/// Whether `zones` subnets of /`prefix` hold `demand` within the headroom threshold.
fn fits(demand: u32, zones: usize, prefix: u8) -> bool {
    let usable =
        u64::from(cidr::usable_for_prefix(prefix)) * u64::try_from(zones).unwrap_or(u64::MAX);
    u64::from(demand) * 100 <= usable.saturating_mul(judge::HEADROOM_PERCENT)
}

/// The planned layout of a new VPC: in its own block if that passes, else in the smallest
/// shorter-prefix block with the same base address that passes and overlaps no secondary.
pub fn new_vpc(platform: &Platform, demand: u32) -> Result<NewVpcFix, RemediationError> {
    let cidrs = platform.network.vpc.cidrs();
    let base = *cidrs.first().ok_or(RemediationError::NoVpcBlocks)?;
    let zones = platform.network.zone_count.max(2);
    let public = platform.network.egress == Egress::Nat;
    let name = |list: &[Ipv4Net]| -> Vec<PlannedSubnet> {
        list.iter()
            .enumerate()
            .map(|(i, cidr)| PlannedSubnet {
                cidr: *cidr,
                az: judge::zone_name(platform, i),
            })
            .collect()
    };
    for prefix in (cidr::MIN_PREFIX..=base.prefix_len()).rev() {
        let Ok(vpc) = Ipv4Net::new(base.network(), prefix).map(|n| n.trunc()) else {
            continue;
        };
        if cidrs[1..].iter().any(|c| cidr::overlaps(*c, vpc)) {
            continue;
        }
        let Ok(planned) = layout::layout(vpc, zones, public) else {
            continue;
        };
        let subnets = name(&planned.private);
        let placed: Vec<Placed> = subnets
            .iter()
            .map(|s| Placed {
                cidr: s.cidr,
                az: s.az.clone(),
            })
            .collect();
        if !judge::judge(platform.size, &placed, demand).has_errors() {
            return Ok(NewVpcFix {
                vpc_cidr: vpc,
                subnets,
                public_subnets: name(&planned.public),
            });
        }
    }
    Err(RemediationError::NoPassingVpc { base })
}

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;
