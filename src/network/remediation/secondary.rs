//! Which secondary IPv4 blocks AWS lets a VPC associate, by the range its primary block
//! is in, as a table; and the search for the lowest free block a VPC may take.
//!
//! Source: Amazon VPC User Guide, "IPv4 CIDR block association restrictions". AWS also
//! refuses blocks that overlap a route destination in the VPC's route tables or a
//! peered network; those are not known offline, so the operator confirms them.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::cidr;

/// The document the table restates.
pub const SOURCE: &str = "Amazon VPC User Guide, IPv4 CIDR block association restrictions";

const fn net(a: u8, b: u8, prefix: u8) -> Ipv4Net {
    Ipv4Net::new_assert(Ipv4Addr::new(a, b, 0, 0), prefix)
}

pub const TEN: Ipv4Net = net(10, 0, 8);
pub const TEN_LOW: Ipv4Net = net(10, 0, 15);
pub const TEN_ZERO: Ipv4Net = net(10, 0, 16);
pub const ONE_SEVENTY_TWO: Ipv4Net = net(172, 16, 12);
pub const ONE_SEVENTY_TWO_31: Ipv4Net = net(172, 31, 16);
pub const ONE_NINETY_TWO: Ipv4Net = net(192, 168, 16);
pub const BENCHMARK: Ipv4Net = net(198, 19, 16);
pub const SHARED: Ipv4Net = net(100, 64, 10);

/// One row: for a primary block inside `primary_within` (any primary when `None`), the
/// ranges a secondary block may not come from, and where this tool looks for one, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecondaryRule {
    pub primary_within: Option<Ipv4Net>,
    pub forbidden: &'static [Ipv4Net],
    /// The primary's own private range first (fewer routing surprises), then 100.64.0.0/10.
    pub prefer: &'static [Ipv4Net],
}

/// The table; the first row whose range holds the primary applies. The last row covers
/// publicly routable primaries and 100.64.0.0/10.
pub const RULES: &[SecondaryRule] = &[
    SecondaryRule {
        primary_within: Some(TEN_LOW),
        forbidden: &[TEN_ZERO, ONE_SEVENTY_TWO, ONE_NINETY_TWO, BENCHMARK],
        prefer: &[TEN, SHARED],
    },
    SecondaryRule {
        primary_within: Some(TEN),
        forbidden: &[ONE_SEVENTY_TWO, ONE_NINETY_TWO, BENCHMARK],
        prefer: &[TEN, SHARED],
    },
    SecondaryRule {
        primary_within: Some(ONE_SEVENTY_TWO),
        forbidden: &[TEN, ONE_NINETY_TWO, ONE_SEVENTY_TWO_31, BENCHMARK],
        prefer: &[ONE_SEVENTY_TWO, SHARED],
    },
    SecondaryRule {
        primary_within: Some(ONE_NINETY_TWO),
        forbidden: &[TEN, ONE_SEVENTY_TWO, BENCHMARK],
        prefer: &[ONE_NINETY_TWO, SHARED],
    },
    SecondaryRule {
        primary_within: Some(BENCHMARK),
        forbidden: &[TEN, ONE_SEVENTY_TWO, ONE_NINETY_TWO],
        prefer: &[BENCHMARK, SHARED],
    },
    SecondaryRule {
        primary_within: None,
        forbidden: &[TEN, ONE_SEVENTY_TWO, ONE_NINETY_TWO, BENCHMARK],
        prefer: &[SHARED],
    },
];

/// The row that applies to a VPC whose primary block is `primary`.
pub fn rule_for(primary: Ipv4Net) -> &'static SecondaryRule {
    RULES
        .iter()
        .find(|r| {
            r.primary_within
                .is_none_or(|range| range.contains(&primary))
        })
        .unwrap_or(&RULES[RULES.len() - 1])
}

/// Whether AWS lets a VPC with primary block `primary` associate `candidate`.
pub fn allowed(primary: Ipv4Net, candidate: Ipv4Net) -> bool {
    !rule_for(primary)
        .forbidden
        .iter()
        .any(|f| cidr::overlaps(*f, candidate))
}

/// The lowest aligned /`prefix` block, searched in the preferred ranges in order, that is
/// allowed for the primary (the first of `vpc_cidrs`) and overlaps none of `vpc_cidrs`.
pub fn free_block(vpc_cidrs: &[Ipv4Net], prefix: u8) -> Option<Ipv4Net> {
    let primary = *vpc_cidrs.first()?;
    let rule = rule_for(primary);
    rule.prefer.iter().find_map(|range| {
        range.subnets(prefix).ok()?.find(|block| {
            allowed(primary, *block) && !vpc_cidrs.iter().any(|c| cidr::overlaps(*c, *block))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    #[test]
    fn ten_inside_slash_15_may_not_use_10_0_slash_16() {
        assert_eq!(rule_for(n("10.1.0.0/16")).primary_within, Some(TEN_LOW));
        assert!(!allowed(n("10.1.0.0/16"), n("10.0.16.0/20")));
        assert!(allowed(n("10.1.0.0/16"), n("10.2.0.0/20")));
        assert_eq!(free_block(&[n("10.1.0.0/16")], 20), Some(n("10.2.0.0/20")));
    }

    #[test]
    fn ten_outside_slash_15_may_use_10_0_slash_16() {
        assert!(allowed(n("10.20.0.0/20"), n("10.0.0.0/20")));
        assert_eq!(free_block(&[n("10.20.0.0/20")], 20), Some(n("10.0.0.0/20")));
        assert!(!allowed(n("10.20.0.0/20"), n("172.16.0.0/20")));
        assert!(!allowed(n("10.20.0.0/20"), n("198.19.0.0/20")));
    }

    #[test]
    fn one_seventy_two_avoids_172_31_and_other_private_ranges() {
        let default_vpc = n("172.31.0.0/16");
        assert!(!allowed(default_vpc, n("172.31.128.0/20")));
        assert!(!allowed(default_vpc, n("10.0.0.0/20")));
        assert_eq!(free_block(&[default_vpc], 20), Some(n("172.16.0.0/20")));
        assert_eq!(
            free_block(&[n("172.16.0.0/16")], 20),
            Some(n("172.17.0.0/20"))
        );
    }

    #[test]
    fn one_ninety_two_full_falls_back_to_100_64() {
        assert_eq!(
            free_block(&[n("192.168.0.0/16")], 20),
            Some(n("100.64.0.0/20"))
        );
        assert_eq!(
            free_block(&[n("192.168.0.0/24")], 20),
            Some(n("192.168.16.0/20"))
        );
        assert!(!allowed(n("192.168.0.0/24"), n("10.0.0.0/20")));
    }

    #[test]
    fn one_ninety_eight_nineteen_avoids_rfc_1918() {
        assert_eq!(
            free_block(&[n("198.19.0.0/16")], 20),
            Some(n("100.64.0.0/20"))
        );
        assert_eq!(
            free_block(&[n("198.19.0.0/20")], 20),
            Some(n("198.19.16.0/20"))
        );
        assert!(!allowed(n("198.19.0.0/20"), n("192.168.0.0/20")));
    }

    #[test]
    fn shared_and_public_primaries_take_100_64_only() {
        assert_eq!(
            free_block(&[n("100.64.0.0/16")], 20),
            Some(n("100.65.0.0/20"))
        );
        assert_eq!(
            free_block(&[n("52.10.0.0/16")], 20),
            Some(n("100.64.0.0/20"))
        );
        for forbidden in [
            "10.0.0.0/20",
            "172.16.0.0/20",
            "192.168.0.0/20",
            "198.19.0.0/20",
        ] {
            assert!(!allowed(n("52.10.0.0/16"), n(forbidden)), "{forbidden}");
            assert!(!allowed(n("100.64.0.0/16"), n(forbidden)), "{forbidden}");
        }
    }

    #[test]
    fn no_blocks_means_no_answer_rather_than_a_panic() {
        assert_eq!(free_block(&[], 20), None);
    }
}
