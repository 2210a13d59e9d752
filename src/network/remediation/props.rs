//! Property tests: for random existing VPCs the fix is always sound, and `check` never
//! panics and always leaves a failing network with a fix that passes.

use std::net::Ipv4Addr;

use proptest::prelude::*;

use super::secondary::{
    BENCHMARK, ONE_NINETY_TWO, ONE_SEVENTY_TWO, ONE_SEVENTY_TWO_31, SHARED, TEN, TEN_LOW,
};
use super::*;
use crate::components::testkit::{self, aws_id};
use crate::network::capacity::check;
use crate::network::judge::{judge, LiveNetwork, LiveSubnet, Verdict};
use crate::spec::EnvironmentSize;

/// Every primary range of the table, plus a publicly routable one.
const RANGES: [Ipv4Net; 8] = [
    TEN,
    TEN_LOW,
    ONE_SEVENTY_TWO,
    ONE_SEVENTY_TWO_31,
    ONE_NINETY_TWO,
    BENCHMARK,
    SHARED,
    Ipv4Net::new_assert(Ipv4Addr::new(52, 0, 0, 0), 8),
];

fn region() -> Vec<String> {
    ["a", "b", "c", "d", "e", "f"]
        .iter()
        .map(|z| format!("us-east-1{z}"))
        .collect()
}

/// A /`prefix` block inside `range` at a random offset.
fn block_in(range: Ipv4Net, offset: u32, prefix: u8) -> Ipv4Net {
    let prefix = prefix.max(range.prefix_len());
    let host = u32::from(range.hostmask()) & offset;
    let addr = Ipv4Addr::from(u32::from(range.network()) | host);
    Ipv4Net::new(addr, prefix)
        .map(|n| n.trunc())
        .unwrap_or(range)
}

fn block() -> impl Strategy<Value = Ipv4Net> {
    (0..RANGES.len(), any::<u32>(), 16u8..=24).prop_map(|(r, off, p)| block_in(RANGES[r], off, p))
}

/// A VPC: primary first, then up to three secondaries that overlap nothing before them.
fn vpc() -> impl Strategy<Value = Vec<Ipv4Net>> {
    (block(), prop::collection::vec(block(), 0..4)).prop_map(|(primary, more)| {
        let mut cidrs = vec![primary];
        for b in more {
            if !cidrs.iter().any(|c| cidr::overlaps(*c, b)) {
                cidrs.push(b);
            }
        }
        cidrs
    })
}

fn size() -> impl Strategy<Value = EnvironmentSize> {
    prop::sample::select(EnvironmentSize::ALL.to_vec())
}

proptest! {
    #[test]
    fn secondary_fix_is_allowed_free_large_enough_and_passes(
        cidrs in vpc(),
        used in prop::collection::vec(0usize..6, 0..4),
        size in size(),
        demand in 0u32..40_000,
    ) {
        let azs = region();
        let used: Vec<String> = used.iter().map(|i| azs[*i].clone()).collect();
        let fix = secondary_cidr(&aws_id("vpc", 1), &cidrs, &used, &azs, demand).unwrap();
        let block = fix.secondary_cidr;
        prop_assert!(block.prefix_len() <= 20 && block.prefix_len() >= cidr::MIN_PREFIX);
        prop_assert!(allowed(cidrs[0], block), "{block} not allowed beside {}", cidrs[0]);
        prop_assert!(cidrs.iter().all(|c| !cidr::overlaps(*c, block)), "{block} overlaps {cidrs:?}");
        prop_assert!(fix.subnets.len() >= 2);
        for (i, s) in fix.subnets.iter().enumerate() {
            prop_assert!(s.cidr.prefix_len() <= rule::LARGE_MAX_PREFIX);
            prop_assert!(block.contains(&s.cidr));
            for t in &fix.subnets[i + 1..] {
                prop_assert!(s.az != t.az && !cidr::overlaps(s.cidr, t.cidr));
            }
        }
        let placed: Vec<Placed> = fix.subnets.iter().map(|s| Placed { cidr: s.cidr, az: s.az.clone() }).collect();
        let after = judge(size, &placed, demand);
        prop_assert!(!after.has_errors(), "{:?}", after.findings);
        prop_assert!(after.guaranteed);
    }

    #[test]
    fn check_never_panics_and_every_failure_gets_a_passing_fix(
        cidrs in vpc(),
        subnets in prop::collection::vec((any::<u32>(), 16u8..=28, 0usize..6, any::<u32>()), 0..5),
        size in size(),
        peak in 0u32..20_000,
    ) {
        let azs = region();
        let mut p = testkit::small_existing("Small", &["10.0.0.0/23", "10.0.2.0/23"]);
        p.size = size;
        p.sizing.pipeline_tasks_peak = peak;
        let live = LiveNetwork {
            vpc_id: aws_id("vpc", 2),
            cidrs: cidrs.clone(),
            subnets: subnets
                .iter()
                .enumerate()
                .map(|(i, (off, prefix, az, free))| LiveSubnet {
                    id: aws_id("subnet", i),
                    cidr: block_in(cidrs[0], *off, *prefix),
                    az: azs[*az].clone(),
                    available_ips: *free,
                })
                .collect(),
        };
        let r = check(&p, Some(&live));
        if r.verdict == Verdict::Fail {
            let Some(Remediation::SecondaryCidr(fix)) = &r.remediation else {
                return Err(TestCaseError::fail(format!("no fix: {:?}", r.findings)));
            };
            let placed: Vec<Placed> = fix.subnets.iter().map(|s| Placed { cidr: s.cidr, az: s.az.clone() }).collect();
            prop_assert!(!judge(size, &placed, r.demand.total).has_errors());
        } else {
            prop_assert!(r.remediation.is_none());
        }
        prop_assert!(serde_json::to_string(&r).is_ok());
    }
}
