use super::*;
use crate::components::testkit::{self, aws_id};
use crate::network::capacity::{check, Verdict};

fn n(s: &str) -> Ipv4Net {
    s.parse().unwrap()
}

fn us_east_1() -> Vec<String> {
    ["a", "b", "c", "d", "e", "f"]
        .iter()
        .map(|z| format!("us-east-1{z}"))
        .collect()
}

/// Replaces each placeholder id with a distinct real-looking one and builds the result.
fn apply_yaml(size: &str, snippet: &str) -> Platform {
    let mut text =
        format!("name: net-test\nregion: us-east-1\nenvironment_size: {size}\n{snippet}");
    let mut i = 100;
    while let Some(at) = text.find(yaml::PLACEHOLDER_SUBNET_ID) {
        text.replace_range(
            at..at + yaml::PLACEHOLDER_SUBNET_ID.len(),
            &aws_id("subnet", i),
        );
        i += 1;
    }
    testkit::platform(&text)
}

/// A Large existing VPC with `cidrs` and two /23 workload subnets fails; its fix must
/// take `expected`, be allowed, and pass once pasted into the spec.
fn assert_fix(cidrs: &[&str], subnets: &[&str], expected: &str) {
    let p = testkit::platform(&testkit::existing_yaml("Large", cidrs, subnets));
    let r = check(&p, None);
    assert_eq!(r.verdict, Verdict::Fail, "{cidrs:?}");
    let Some(fix @ Remediation::SecondaryCidr(s)) = &r.remediation else {
        panic!("{:?}", r.remediation)
    };
    assert_eq!(s.secondary_cidr, n(expected), "{cidrs:?}");
    assert!(allowed(n(cidrs[0]), s.secondary_cidr));
    let fixed = apply_yaml("Large", &to_spec_yaml(&p, fix));
    let after = check(&fixed, None);
    assert_ne!(
        after.verdict,
        Verdict::Fail,
        "{:?}\n{}",
        after.findings,
        to_spec_yaml(&p, fix)
    );
    assert_eq!(fixed.network.vpc.cidrs().last(), Some(&n(expected)));
}

#[test]
fn ten_primary_inside_slash_15_skips_10_0_slash_16() {
    assert_fix(
        &["10.0.0.0/16"],
        &["10.0.0.0/23", "10.0.2.0/23"],
        "10.1.0.0/20",
    );
    assert_fix(
        &["10.1.0.0/22"],
        &["10.1.0.0/23", "10.1.2.0/23"],
        "10.1.16.0/20",
    );
}

#[test]
fn ten_primary_outside_slash_15_takes_the_lowest_free_slash_20() {
    assert_fix(
        &["10.20.0.0/16"],
        &["10.20.0.0/23", "10.20.2.0/23"],
        "10.0.0.0/20",
    );
}

#[test]
fn ten_primary_with_secondaries_avoids_every_block() {
    assert_fix(
        &["10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/20"],
        &["10.0.0.0/23", "10.0.2.0/23"],
        "10.2.16.0/20",
    );
}

#[test]
fn one_seventy_two_primary_stays_in_172_16_slash_12() {
    assert_fix(
        &["172.16.0.0/16"],
        &["172.16.0.0/23", "172.16.2.0/23"],
        "172.17.0.0/20",
    );
}

#[test]
fn default_vpc_range_172_31_skips_172_31_slash_16() {
    assert_fix(
        &["172.31.0.0/16"],
        &["172.31.0.0/23", "172.31.2.0/23"],
        "172.16.0.0/20",
    );
}

#[test]
fn one_ninety_two_primary_uses_its_range_then_100_64() {
    assert_fix(
        &["192.168.10.0/24"],
        &["192.168.10.0/25", "192.168.10.128/25"],
        "192.168.16.0/20",
    );
    assert_fix(
        &["192.168.0.0/16"],
        &["192.168.0.0/23", "192.168.2.0/23"],
        "100.64.0.0/20",
    );
}

#[test]
fn one_ninety_eight_nineteen_primary_avoids_rfc_1918() {
    assert_fix(
        &["198.19.0.0/16"],
        &["198.19.0.0/23", "198.19.2.0/23"],
        "100.64.0.0/20",
    );
    assert_fix(
        &["198.19.0.0/20"],
        &["198.19.0.0/23", "198.19.2.0/23"],
        "198.19.16.0/20",
    );
}

#[test]
fn shared_address_space_primary_stays_in_100_64() {
    assert_fix(
        &["100.64.0.0/16"],
        &["100.64.0.0/23", "100.64.2.0/23"],
        "100.65.0.0/20",
    );
}

#[test]
fn public_primary_takes_100_64() {
    assert_fix(
        &["52.10.0.0/16"],
        &["52.10.0.0/23", "52.10.2.0/23"],
        "100.64.0.0/20",
    );
}

#[test]
fn three_azs_get_three_slash_21_from_a_slash_19() {
    let used: Vec<String> = us_east_1()[..3].to_vec();
    let fix = secondary_cidr(
        &aws_id("vpc", 1),
        &[n("10.0.0.0/16")],
        &used,
        &us_east_1(),
        1000,
    )
    .unwrap();
    assert_eq!(fix.secondary_cidr, n("10.1.0.0/19"));
    let got: Vec<(String, &str)> = fix
        .subnets
        .iter()
        .map(|s| (s.cidr.to_string(), s.az.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("10.1.0.0/21".into(), "us-east-1a"),
            ("10.1.8.0/21".into(), "us-east-1b"),
            ("10.1.16.0/21".into(), "us-east-1c")
        ]
    );
}

#[test]
fn high_demand_grows_the_block_beyond_slash_20() {
    let used = us_east_1()[..2].to_vec();
    let fix = secondary_cidr(
        &aws_id("vpc", 1),
        &[n("10.0.0.0/16")],
        &used,
        &us_east_1(),
        20_000,
    )
    .unwrap();
    assert_eq!(fix.secondary_cidr, n("10.1.0.0/17"));
    assert!(fix.subnets.iter().all(|s| s.cidr.prefix_len() == 18));
    // Beyond what a /16 can hold, the block stops at /16 (AWS's largest).
    let fix = secondary_cidr(
        &aws_id("vpc", 1),
        &[n("10.0.0.0/16")],
        &used,
        &us_east_1(),
        u32::MAX,
    )
    .unwrap();
    assert_eq!(fix.secondary_cidr.prefix_len(), 16);
}

#[test]
fn errors_instead_of_panics_without_blocks_or_zones() {
    assert_eq!(
        secondary_cidr("vpc-1", &[], &[], &us_east_1(), 1),
        Err(RemediationError::NoVpcBlocks)
    );
    let one = vec!["us-east-1a".to_owned()];
    assert_eq!(
        secondary_cidr("vpc-1", &[n("10.0.0.0/16")], &one, &one, 1),
        Err(RemediationError::TooFewZones { found: 1 })
    );
}

#[test]
fn new_vpc_with_small_explicit_subnets_is_replanned_in_its_own_block() {
    let yaml = testkit::new_vpc_yaml(
        "Large",
        "10.0.0.0/16",
        3,
        Some(&["10.0.0.0/23", "10.0.2.0/23", "10.0.4.0/23"]),
    );
    let p = testkit::platform(&yaml);
    let r = check(&p, None);
    let Some(fix @ Remediation::NewVpc(v)) = &r.remediation else {
        panic!("{:?}", r.remediation)
    };
    assert_eq!(v.vpc_cidr, n("10.0.0.0/16"));
    let planned: Vec<String> = v.subnets.iter().map(|s| s.cidr.to_string()).collect();
    assert_eq!(planned, ["10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18"]);
    assert_eq!(v.public_subnets.len(), 3);
    let after = check(&apply_yaml("Large", &to_spec_yaml(&p, fix)), None);
    assert_eq!(after.verdict, Verdict::Pass, "{:?}", after.findings);
}

#[test]
fn new_vpc_too_small_grows_to_the_smallest_passing_block() {
    let p = testkit::platform(&testkit::new_vpc_yaml("X-Large", "10.8.4.0/24", 2, None));
    let r = check(&p, None);
    let Some(fix @ Remediation::NewVpc(v)) = &r.remediation else {
        panic!()
    };
    // Two AZs plus public subnets: four blocks, so /21 workload subnets need a /19.
    assert_eq!(v.vpc_cidr, n("10.8.0.0/19"));
    let snippet = to_spec_yaml(&p, fix);
    assert!(snippet.contains("vpc_cidr: 10.8.0.0/19\n"), "{snippet}");
    assert_ne!(
        check(&apply_yaml("X-Large", &snippet), None).verdict,
        Verdict::Fail
    );
}

#[test]
fn existing_vpc_snippet_lists_placeholders_and_the_added_block() {
    let p = testkit::small_existing("Large", &["10.0.0.0/23", "10.0.2.0/23"]);
    let fix = check(&p, None).remediation.unwrap();
    let snippet = to_spec_yaml(&p, &fix);
    assert!(
        snippet.contains("    cidrs: [10.0.0.0/16, 10.1.0.0/20]\n"),
        "{snippet}"
    );
    assert!(
        snippet.contains("      - { id: subnet-PLACEHOLDER, cidr: 10.1.0.0/21, az: us-east-1a }\n"),
        "{snippet}"
    );
    assert!(
        snippet.contains(&format!("route_table_ids: [{}]", aws_id("rtb", 1))),
        "{snippet}"
    );
    assert!(snippet.contains("  egress: none\n"));
}
