//! The capacity judgement: the rule ([`super::rule`]), then modelled demand against
//! capacity and against capacity with the largest AZ lost. Both the check and the
//! remediation (which must prove its fix passes) ask it; it knows nothing of either.
//!
//! Thin headroom is a warning from [`HEADROOM_PERCENT`]: task ENIs are released some time
//! after their tasks stop and deployments overlap old and new tasks, so a network that is
//! more than four-fifths full at modelled peak has no margin for bursts or retries.

use std::collections::BTreeMap;

use ipnet::Ipv4Net;
use serde::Serialize;

use super::rule::{self, Placed};
use crate::components::Platform;
use crate::diagnostic::{Diagnostic, Severity};
use crate::spec::EnvironmentSize;

/// Demand above this percentage of usable capacity earns a headroom warning.
pub const HEADROOM_PERCENT: u64 = 80;

/// A workload subnet as DescribeSubnets reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveSubnet {
    pub id: String,
    pub cidr: Ipv4Net,
    pub az: String,
    /// AWS's `AvailableIpAddressCount`: usable addresses not yet taken.
    pub available_ips: u32,
}

/// An existing VPC as DescribeVpcs and DescribeSubnets report it. `subnets` are the
/// workload subnets only (the caller picks them, e.g. those the spec names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveNetwork {
    pub vpc_id: String,
    /// The VPC's associated IPv4 blocks, primary first.
    pub cidrs: Vec<Ipv4Net>,
    pub subnets: Vec<LiveSubnet>,
}

/// The overall outcome: `fail` goes with exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Warn,
    Fail,
}

impl Verdict {
    /// Fail on any error, warn on any warning, pass otherwise.
    pub fn of(findings: &[Diagnostic]) -> Verdict {
        if findings.iter().any(Diagnostic::is_error) {
            Verdict::Fail
        } else if findings.iter().any(|d| d.severity == Severity::Warning) {
            Verdict::Warn
        } else {
            Verdict::Pass
        }
    }
}

/// Capacity left when the AZ with the most usable addresses is lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AzLoss {
    pub az: String,
    pub usable: u32,
}

/// The rule and the demand model applied to one layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    pub findings: Vec<Diagnostic>,
    /// The rule declares the layout sufficient whatever the demand model says.
    pub guaranteed: bool,
    pub az_loss: Option<AzLoss>,
}

impl Judgement {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(Diagnostic::is_error)
    }
}

/// The rule, then `demand` against capacity and against capacity with one AZ lost.
pub fn judge(size: EnvironmentSize, subnets: &[Placed], demand: u32) -> Judgement {
    let outcome = rule::apply(size, subnets);
    let mut findings = outcome.findings;
    let guaranteed = outcome.guaranteed;
    let capacity = rule::total_usable(subnets);
    if demand > capacity {
        findings.push(over_demand(
            guaranteed,
            "network/demand-exceeds-capacity",
            format!("modelled peak demand of {demand} addresses exceeds the {capacity} usable in the workload subnets"),
            size,
        ));
    } else if u64::from(demand) * 100 > u64::from(capacity) * HEADROOM_PERCENT {
        findings.push(Diagnostic::warning(
            "network/headroom",
            format!("modelled peak demand of {demand} addresses uses more than {HEADROOM_PERCENT}% of the {capacity} usable"),
        ));
    }
    let az_loss = az_loss(subnets);
    if let Some(loss) = &az_loss {
        if demand > loss.usable {
            findings.push(Diagnostic::warning(
                "network/az-loss",
                format!(
                    "with {} lost, {} usable addresses remain for a modelled peak of {demand}",
                    loss.az, loss.usable
                ),
            ));
        }
    }
    Judgement {
        findings,
        guaranteed,
        az_loss,
    }
}

/// An error, or a warning when the rule already declares the layout sufficient.
fn over_demand(
    guaranteed: bool,
    code: &'static str,
    message: String,
    size: EnvironmentSize,
) -> Diagnostic {
    if guaranteed {
        Diagnostic::warning(code, format!("{message}; the layout meets the {size} rule, so this is a warning: review the spec's overrides"))
    } else {
        Diagnostic::error(code, message)
    }
}

/// Capacity without the AZ holding the most usable addresses; `None` under two AZs.
fn az_loss(subnets: &[Placed]) -> Option<AzLoss> {
    let mut per_az: BTreeMap<&str, u32> = BTreeMap::new();
    for s in subnets {
        let usable = per_az.entry(s.az.as_str()).or_default();
        *usable = usable.saturating_add(crate::cidr::usable(s.cidr));
    }
    if per_az.len() < 2 {
        return None;
    }
    // Largest first; on a tie, the first AZ by name, so the report is deterministic.
    let (az, largest) = per_az.iter().fold(
        ("", 0u32),
        |best, (az, u)| if *u > best.1 { (az, *u) } else { best },
    );
    Some(AzLoss {
        az: az.to_owned(),
        usable: rule::total_usable(subnets).saturating_sub(largest),
    })
}

/// The region's name for zone index `zone`, as `Fn::GetAZs` lists them.
pub fn zone_name(platform: &Platform, zone: usize) -> String {
    platform
        .region
        .availability_zones
        .get(zone)
        .cloned()
        .unwrap_or_else(|| format!("{}-zone{zone}", platform.region.name))
}
