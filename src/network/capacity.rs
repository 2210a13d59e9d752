//! The `check-network` verdict: the capacity rule, the demand model against capacity (also
//! with the largest AZ lost), live free addresses when known, and a remediation on failure.
//!
//! How the demand model and the rule fit together: the rule ([`super::rule`]) is the
//! product's promise, so a layout it declares sufficient (two /21s for Large and X-Large,
//! two /23s for Small and Medium, in distinct AZs) is never failed by the demand model;
//! demand above capacity is then a warning that the size's overrides outgrow the
//! reference layout. For every other layout (Small or Medium on subnets under /23),
//! demand above capacity fails. Live free addresses are treated the same way.
//!
//! Thin headroom is a warning from [`HEADROOM_PERCENT`]: task ENIs are released some time
//! after their tasks stop and deployments overlap old and new tasks, so a network that is
//! more than four-fifths full at modelled peak has no margin for bursts or retries.

use std::collections::BTreeMap;

use ipnet::Ipv4Net;
use serde::Serialize;

use super::demand::{self, Demand};
use super::remediation::{self, Remediation};
use super::rule::{self, Placed};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Platform;
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

/// One workload subnet in the report; `id` and `available` only when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubnetCapacity {
    pub cidr: Ipv4Net,
    pub az: String,
    pub usable: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available: Option<u32>,
}

/// Capacity left when the AZ with the most usable addresses is lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AzLoss {
    pub az: String,
    pub usable: u32,
}

/// Workload capacity: the fixed `usable` and `subnets`, plus live and AZ-loss figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Capacity {
    pub usable: u32,
    pub subnets: Vec<SubnetCapacity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub az_loss: Option<AzLoss>,
}

/// What `check-network --format json` prints (fields fixed by DESIGN.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NetworkReport {
    pub verdict: Verdict,
    pub environment_size: EnvironmentSize,
    pub capacity: Capacity,
    pub demand: Demand,
    pub findings: Vec<Diagnostic>,
    pub remediation: Option<Remediation>,
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

/// Checks `platform`'s workload network: the spec's subnets, or `live`'s when given.
pub fn check(platform: &Platform, live: Option<&LiveNetwork>) -> NetworkReport {
    let subnets = workload_subnets(platform, live);
    let demand = demand::demand(platform);
    let placed: Vec<Placed> = subnets
        .iter()
        .map(|s| Placed {
            cidr: s.cidr,
            az: s.az.clone(),
        })
        .collect();
    let judged = judge(platform.size, &placed, demand.total);
    let mut findings = judged.findings;
    let available = live.map(|_| {
        subnets
            .iter()
            .fold(0u32, |sum, s| sum.saturating_add(s.available.unwrap_or(0)))
    });
    if let Some(available) = available {
        findings.extend(live_findings(
            &subnets,
            available,
            demand.total,
            judged.guaranteed,
        ));
    }
    let remediation = if Verdict::of(&findings) == Verdict::Fail {
        match remediation::remediate(platform, live, demand.total) {
            Ok(fix) => Some(fix),
            Err(e) => {
                findings.push(Diagnostic::warning(
                    "network/no-remediation",
                    format!("no remediation computed: {e}"),
                ));
                None
            }
        }
    } else {
        None
    };
    NetworkReport {
        verdict: Verdict::of(&findings),
        environment_size: platform.size,
        capacity: Capacity {
            usable: rule::total_usable(&placed),
            subnets,
            available,
            az_loss: judged.az_loss,
        },
        demand,
        findings,
        remediation,
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
        *usable = usable.saturating_add(super::cidr::usable(s.cidr));
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

/// Live free addresses: each subnet against an even share of demand (ECS spreads tasks
/// across the subnets it is given), and the total against all of it.
fn live_findings(
    subnets: &[SubnetCapacity],
    available: u32,
    demand: u32,
    guaranteed: bool,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let count = u32::try_from(subnets.len()).unwrap_or(u32::MAX).max(1);
    let share = demand.div_ceil(count);
    for s in subnets {
        let free = s.available.unwrap_or(0);
        if free < share {
            out.push(Diagnostic::warning(
                "network/available-below-share",
                format!("{} ({}) has {free} free addresses, below its share of {share} of the modelled peak", s.id.as_deref().unwrap_or("subnet"), s.cidr),
            ));
        }
    }
    if available < demand {
        let message = format!(
            "the workload subnets have {available} free addresses for a modelled peak of {demand}"
        );
        out.push(if guaranteed {
            Diagnostic::warning("network/available-exhausted", format!("{message}; the layout meets the rule, so this is a warning: free addresses before deploying"))
        } else {
            Diagnostic::error("network/available-exhausted", message)
        });
    }
    out
}

/// The workload subnets to judge, with AZ names: live ones when given, else the spec's
/// (a new VPC's subnets name their zone by index into the region's AZ list).
fn workload_subnets(platform: &Platform, live: Option<&LiveNetwork>) -> Vec<SubnetCapacity> {
    if let Some(live) = live {
        return live
            .subnets
            .iter()
            .map(|s| SubnetCapacity {
                cidr: s.cidr,
                az: s.az.clone(),
                usable: super::cidr::usable(s.cidr),
                id: Some(s.id.clone()),
                available: Some(s.available_ips),
            })
            .collect();
    }
    platform
        .network
        .private_subnets
        .iter()
        .map(|s| SubnetCapacity {
            cidr: s.cidr,
            az: s
                .az_name
                .clone()
                .unwrap_or_else(|| zone_name(platform, s.zone)),
            usable: super::cidr::usable(s.cidr),
            id: s.id.clone(),
            available: None,
        })
        .collect()
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

#[cfg(test)]
mod tests;
