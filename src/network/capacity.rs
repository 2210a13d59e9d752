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
//! The judgement itself lives in [`super::judge`]; this module gathers the subnets (spec or
//! live), asks it, adds the live findings and, on failure, the remediation.

use ipnet::Ipv4Net;
use serde::Serialize;

use super::demand::{self, Demand};
use super::judge::{judge, zone_name, AzLoss};
use super::remediation::{self, Remediation};
use super::rule::{self, Placed};
use crate::components::Platform;
use crate::diagnostic::Diagnostic;
use crate::spec::EnvironmentSize;

/// The judgement's vocabulary, part of this module's report and its live input.
pub use super::judge::{LiveNetwork, LiveSubnet, Verdict};

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

/// Checks `platform`'s workload network: the spec's subnets, or `live`'s when given.
pub fn check(platform: &Platform, live: Option<&LiveNetwork>) -> NetworkReport {
    if !platform.network.declared {
        return without_network(platform);
    }
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

/// The report of a spec without `network`: the platform builder has refused every
/// section that takes addresses, so there is nothing to hold and nothing to judge.
fn without_network(platform: &Platform) -> NetworkReport {
    NetworkReport {
        verdict: Verdict::Pass,
        environment_size: platform.size,
        capacity: Capacity {
            usable: 0,
            subnets: Vec::new(),
            available: None,
            az_loss: None,
        },
        demand: Demand {
            total: 0,
            components: Vec::new(),
            public: Vec::new(),
        },
        findings: vec![Diagnostic::info(
            "network/none",
            "the spec declares no network, and nothing it declares needs a VPC",
        )],
        remediation: None,
    }
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
                usable: crate::cidr::usable(s.cidr),
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
            usable: crate::cidr::usable(s.cidr),
            id: s.id.clone(),
            available: None,
        })
        .collect()
}

#[cfg(test)]
mod tests;
