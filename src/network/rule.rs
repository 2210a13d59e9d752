//! The capacity rule of DESIGN.md ("Network capacity: the rule the platform lives by"),
//! judged on the workload subnets alone, before any demand model.
//!
//! - Every size needs workload subnets in at least two distinct AZs.
//! - Large and X-Large fail on any workload subnet of /22 or smaller, and on 1,024 or
//!   fewer usable addresses in total.
//! - A layout holding the size's reference layout (two /23-or-larger subnets in distinct
//!   AZs for Small and Medium, two /21-or-larger for Large and X-Large) with no rule
//!   failure is *guaranteed*: the demand model may warn about it but never fail it.

use std::collections::BTreeSet;

use ipnet::Ipv4Net;

use crate::cidr;
use crate::diagnostic::Diagnostic;
use crate::spec::EnvironmentSize;

/// Large and X-Large fail with this many usable workload addresses or fewer (DESIGN.md).
pub const LARGE_USABLE_FLOOR: u32 = 1024;

/// The largest prefix (smallest subnet) a Large or X-Large workload subnet may have.
pub const LARGE_MAX_PREFIX: u8 = 21;

/// The subnet size of the reference layout that the rule declares passing for `size`.
pub fn reference_prefix(size: EnvironmentSize) -> u8 {
    if size.is_large() {
        LARGE_MAX_PREFIX
    } else {
        23
    }
}

/// A workload subnet as the rule sees it: its block and its AZ name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub cidr: Ipv4Net,
    pub az: String,
}

/// What the rule says about one layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleOutcome {
    /// One error per broken clause of the rule.
    pub findings: Vec<Diagnostic>,
    /// No clause is broken and the layout holds the size's reference layout.
    pub guaranteed: bool,
}

/// Judges `subnets` (the workload subnets) for an environment of `size`.
pub fn apply(size: EnvironmentSize, subnets: &[Placed]) -> RuleOutcome {
    let mut findings = Vec::new();
    let zones: BTreeSet<&str> = subnets.iter().map(|s| s.az.as_str()).collect();
    if zones.len() < 2 {
        findings.push(Diagnostic::error(
            "network/zones",
            format!("workload subnets span {} AZ(s); the platform needs at least 2 so that it survives the loss of one", zones.len()),
        ));
    }
    if size.is_large() {
        for s in subnets
            .iter()
            .filter(|s| s.cidr.prefix_len() > LARGE_MAX_PREFIX)
        {
            findings.push(Diagnostic::error(
                "network/subnet-too-small",
                format!(
                    "{} in {} holds {} usable addresses; {size} needs every workload subnet to be /{LARGE_MAX_PREFIX} ({}) or larger",
                    s.cidr,
                    s.az,
                    cidr::usable(s.cidr),
                    cidr::usable_for_prefix(LARGE_MAX_PREFIX)
                ),
            ));
        }
        let total = total_usable(subnets);
        if below_floor(total) {
            findings.push(Diagnostic::error(
                "network/capacity-floor",
                format!("{total} usable workload addresses; {size} needs more than {LARGE_USABLE_FLOOR}"),
            ));
        }
    }
    let reference = reference_prefix(size);
    let big_zones: BTreeSet<&str> = subnets
        .iter()
        .filter(|s| s.cidr.prefix_len() <= reference)
        .map(|s| s.az.as_str())
        .collect();
    RuleOutcome {
        guaranteed: findings.is_empty() && big_zones.len() >= 2,
        findings,
    }
}

/// Whether `total` usable addresses are at or under the Large/X-Large floor.
fn below_floor(total: u32) -> bool {
    total <= LARGE_USABLE_FLOOR
}

/// Usable addresses of all `subnets` together.
pub fn total_usable(subnets: &[Placed]) -> u32 {
    subnets
        .iter()
        .fold(0u32, |sum, s| sum.saturating_add(cidr::usable(s.cidr)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use EnvironmentSize::*;

    fn layout(subnets: &[(&str, &str)]) -> Vec<Placed> {
        subnets
            .iter()
            .map(|(c, az)| Placed {
                cidr: c.parse().unwrap(),
                az: (*az).to_owned(),
            })
            .collect()
    }

    fn codes(o: &RuleOutcome) -> Vec<&'static str> {
        o.findings.iter().map(|d| d.code).collect()
    }

    #[test]
    fn large_and_x_large_pass_on_two_slash_21_in_distinct_azs() {
        let l = layout(&[("10.0.0.0/21", "a"), ("10.0.8.0/21", "b")]);
        for size in [Large, XLarge] {
            let o = apply(size, &l);
            assert!(o.findings.is_empty() && o.guaranteed, "{size}: {o:?}");
        }
        assert_eq!(total_usable(&l), 4086);
    }

    #[test]
    fn large_and_x_large_fail_on_any_slash_22_subnet() {
        let l = layout(&[
            ("10.0.0.0/21", "a"),
            ("10.0.8.0/22", "b"),
            ("10.0.16.0/21", "c"),
        ]);
        for size in [Large, XLarge] {
            let o = apply(size, &l);
            assert_eq!(codes(&o), ["network/subnet-too-small"], "{size}");
            assert!(!o.guaranteed);
        }
    }

    #[test]
    fn large_fails_on_two_slash_22_even_with_2038_usable() {
        let o = apply(
            Large,
            &layout(&[("10.0.0.0/22", "a"), ("10.0.4.0/22", "b")]),
        );
        assert_eq!(
            codes(&o),
            ["network/subnet-too-small", "network/subnet-too-small"]
        );
    }

    #[test]
    fn large_fails_on_fewer_than_two_azs() {
        let o = apply(
            Large,
            &layout(&[("10.0.0.0/21", "a"), ("10.0.8.0/21", "a")]),
        );
        assert_eq!(codes(&o), ["network/zones"]);
        assert!(!o.guaranteed);
    }

    #[test]
    fn capacity_floor_is_1024_usable_inclusive() {
        assert!(below_floor(1024));
        assert!(!below_floor(1025));
        assert!(below_floor(0));
    }

    #[test]
    fn large_below_the_floor_fails_and_just_above_passes_the_floor_clause() {
        // 1,019 usable: under the floor (and /22 is too small besides).
        let under = layout(&[("10.0.0.0/22", "a")]);
        assert!(codes(&apply(Large, &under)).contains(&"network/capacity-floor"));
        // 507 + 507 + 11 = 1,025: the floor clause holds; the /23s still fail.
        let over = layout(&[
            ("10.0.0.0/23", "a"),
            ("10.0.2.0/23", "b"),
            ("10.0.4.0/28", "c"),
        ]);
        assert_eq!(total_usable(&over), 1025);
        assert!(!codes(&apply(XLarge, &over)).contains(&"network/capacity-floor"));
        assert_eq!(
            codes(&apply(XLarge, &[])),
            ["network/zones", "network/capacity-floor"]
        );
    }

    #[test]
    fn small_and_medium_pass_on_two_slash_23_in_distinct_azs() {
        let l = layout(&[("10.0.0.0/23", "a"), ("10.0.2.0/23", "b")]);
        for size in [Small, Medium] {
            let o = apply(size, &l);
            assert!(o.findings.is_empty() && o.guaranteed, "{size}: {o:?}");
        }
        assert_eq!(total_usable(&l), 1014);
    }

    #[test]
    fn small_and_medium_fail_on_fewer_than_two_azs() {
        for size in [Small, Medium] {
            let o = apply(size, &layout(&[("10.0.0.0/20", "a")]));
            assert_eq!(codes(&o), ["network/zones"], "{size}");
        }
    }

    #[test]
    fn small_subnets_below_slash_23_are_left_to_the_demand_model() {
        let o = apply(
            Small,
            &layout(&[("10.0.0.0/24", "a"), ("10.0.1.0/24", "b")]),
        );
        assert!(o.findings.is_empty());
        assert!(!o.guaranteed);
    }

    #[test]
    fn large_on_slash_20s_is_guaranteed() {
        let o = apply(
            XLarge,
            &layout(&[
                ("10.0.0.0/20", "a"),
                ("10.0.16.0/20", "b"),
                ("10.0.32.0/20", "c"),
            ]),
        );
        assert!(o.findings.is_empty() && o.guaranteed);
    }
}
