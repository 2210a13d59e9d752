use super::*;
use crate::components::testkit::{self, aws_id};

fn codes(r: &NetworkReport) -> Vec<&'static str> {
    r.findings.iter().map(|d| d.code).collect()
}

fn live(vpc: &str, subnets: &[(&str, &str, u32)]) -> LiveNetwork {
    LiveNetwork {
        vpc_id: aws_id("vpc", 9),
        cidrs: vec![vpc.parse().unwrap()],
        subnets: subnets
            .iter()
            .enumerate()
            .map(|(i, (cidr, az, free))| LiveSubnet {
                id: aws_id("subnet", i + 1),
                cidr: cidr.parse().unwrap(),
                az: (*az).to_owned(),
                available_ips: *free,
            })
            .collect(),
    }
}

#[test]
fn tdp_example_passes_with_az_names_from_the_region() {
    let r = check(&testkit::example("tdp.yaml"), None);
    assert_eq!(r.verdict, Verdict::Pass, "{:?}", r.findings);
    let azs: Vec<&str> = r.capacity.subnets.iter().map(|s| s.az.as_str()).collect();
    assert_eq!(azs, ["us-east-1a", "us-east-1b", "us-east-1c"]);
    assert_eq!(r.capacity.usable, 3 * 8187);
    assert!(r.remediation.is_none());
}

#[test]
fn customer_hosted_example_on_two_slash_21_passes() {
    let r = check(&testkit::example("customer-hosted.yaml"), None);
    assert_eq!(r.verdict, Verdict::Pass, "{:?}", r.findings);
    assert_eq!(r.capacity.usable, 4086);
    assert_eq!(
        r.capacity.az_loss,
        Some(AzLoss {
            az: "eu-central-1a".into(),
            usable: 2043
        })
    );
}

#[test]
fn x_large_on_two_slash_21_never_fails_whatever_the_demand() {
    let mut p = testkit::small_existing("X-Large", &["10.0.0.0/21", "10.0.8.0/21"]);
    for peak in [0, 2400, 4086, 10_000, u32::MAX] {
        p.sizing.pipeline_tasks_peak = peak;
        let r = check(&p, None);
        assert_ne!(r.verdict, Verdict::Fail, "peak {peak}: {:?}", r.findings);
        assert!(r.remediation.is_none());
    }
}

#[test]
fn x_large_on_two_slash_21_warns_when_one_az_cannot_hold_the_peak() {
    let r = check(
        &testkit::small_existing("X-Large", &["10.0.0.0/21", "10.0.8.0/21"]),
        None,
    );
    assert_eq!(r.verdict, Verdict::Warn);
    assert!(codes(&r).contains(&"network/az-loss"), "{:?}", r.findings);
}

#[test]
fn large_on_two_slash_23_fails_with_a_secondary_cidr_remediation() {
    let r = check(
        &testkit::small_existing("Large", &["10.0.0.0/23", "10.0.2.0/23"]),
        None,
    );
    assert_eq!(r.verdict, Verdict::Fail);
    assert_eq!(
        codes(&r),
        [
            "network/subnet-too-small",
            "network/subnet-too-small",
            "network/capacity-floor",
            "network/demand-exceeds-capacity",
            "network/az-loss"
        ]
    );
    let json = serde_json::to_value(&r.remediation).unwrap();
    assert_eq!(json["secondary_cidr"], "10.1.0.0/20");
    assert_eq!(
        json["subnets"][0],
        serde_json::json!({"cidr": "10.1.0.0/21", "az": "us-east-1a"})
    );
    assert_eq!(
        json["subnets"][1],
        serde_json::json!({"cidr": "10.1.8.0/21", "az": "us-east-1b"})
    );
}

#[test]
fn small_and_medium_on_two_slash_23_pass() {
    for size in ["Small", "Medium"] {
        let r = check(
            &testkit::small_existing(size, &["10.0.0.0/23", "10.0.2.0/23"]),
            None,
        );
        assert_eq!(r.verdict, Verdict::Pass, "{size}: {:?}", r.findings);
    }
}

#[test]
fn medium_on_two_slash_23_only_warns_when_overrides_outgrow_it() {
    let mut p = testkit::small_existing("Medium", &["10.0.0.0/23", "10.0.2.0/23"]);
    p.sizing.pipeline_tasks_peak = 5000;
    let r = check(&p, None);
    assert_eq!(r.verdict, Verdict::Warn, "{:?}", r.findings);
}

#[test]
fn small_on_slash_27_fails_on_demand_alone() {
    // 2 x 27 usable against 100 pipeline tasks and 8 endpoint ENIs.
    let r = check(
        &testkit::small_existing("Small", &["10.0.0.0/27", "10.0.0.32/27"]),
        None,
    );
    assert_eq!(r.verdict, Verdict::Fail);
    assert_eq!(codes(&r)[0], "network/demand-exceeds-capacity");
    assert!(r.remediation.is_some());
}

#[test]
fn headroom_warning_starts_above_80_percent() {
    let placed = |c: &str, az: &str| Placed {
        cidr: c.parse().unwrap(),
        az: az.into(),
    };
    let l = [placed("10.0.0.0/24", "a"), placed("10.0.1.0/24", "b")];
    // 502 usable: 401 is under 80%, 402 over.
    assert!(judge(EnvironmentSize::Small, &l, 401)
        .findings
        .iter()
        .all(|d| d.code != "network/headroom"));
    assert!(judge(EnvironmentSize::Small, &l, 402)
        .findings
        .iter()
        .any(|d| d.code == "network/headroom"));
}

#[test]
fn new_vpc_that_is_too_small_gets_a_larger_vpc_block() {
    let yaml = testkit::new_vpc_yaml("Large", "10.0.0.0/22", 3, None);
    let r = check(&testkit::platform(&yaml), None);
    assert_eq!(r.verdict, Verdict::Fail);
    let json = serde_json::to_value(&r.remediation).unwrap();
    assert_eq!(json["vpc_cidr"], "10.0.0.0/19");
    assert!(json.get("secondary_cidr").is_none());
    assert_eq!(
        json["subnets"][2],
        serde_json::json!({"cidr": "10.0.16.0/21", "az": "us-east-1c"})
    );
}

#[test]
fn live_subnets_replace_the_spec_and_report_free_addresses() {
    let p = testkit::small_existing("Large", &["10.0.0.0/23", "10.0.2.0/23"]);
    let net = live(
        "10.0.0.0/16",
        &[
            ("10.0.0.0/21", "us-east-1a", 2000),
            ("10.0.8.0/21", "us-east-1b", 100),
        ],
    );
    let r = check(&p, Some(&net));
    assert_eq!(r.verdict, Verdict::Warn, "{:?}", r.findings);
    assert_eq!(r.capacity.available, Some(2100));
    assert_eq!(codes(&r), ["network/available-below-share"]);
    let json = serde_json::to_value(&r.capacity.subnets[1]).unwrap();
    assert_eq!(json["available"], 100);
    assert_eq!(json["id"], aws_id("subnet", 2));
}

#[test]
fn live_exhaustion_fails_a_layout_the_rule_does_not_guarantee() {
    let p = testkit::small_existing("Small", &["10.0.0.0/23", "10.0.2.0/23"]);
    let net = live(
        "10.0.0.0/16",
        &[
            ("10.0.0.0/24", "us-east-1a", 10),
            ("10.0.1.0/24", "us-east-1b", 10),
        ],
    );
    let r = check(&p, Some(&net));
    assert_eq!(r.verdict, Verdict::Fail);
    assert!(codes(&r).contains(&"network/available-exhausted"));
    let Some(Remediation::SecondaryCidr(fix)) = &r.remediation else {
        panic!("{:?}", r.remediation)
    };
    assert_eq!(fix.vpc_id, aws_id("vpc", 9));
}

#[test]
fn live_single_az_fails_and_the_fix_adds_a_second_az() {
    let p = testkit::small_existing("Medium", &["10.0.0.0/23", "10.0.2.0/23"]);
    let net = live("10.0.0.0/16", &[("10.0.0.0/20", "us-east-1c", 4000)]);
    let r = check(&p, Some(&net));
    assert_eq!(codes(&r), ["network/zones"]);
    let Some(Remediation::SecondaryCidr(fix)) = &r.remediation else {
        panic!()
    };
    let azs: Vec<&str> = fix.subnets.iter().map(|s| s.az.as_str()).collect();
    assert_eq!(azs, ["us-east-1c", "us-east-1a"]);
}

#[test]
fn json_has_exactly_the_design_fields() {
    let r = check(
        &testkit::small_existing("Large", &["10.0.0.0/23", "10.0.2.0/23"]),
        None,
    );
    let json = serde_json::to_value(&r).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "verdict",
            "environment_size",
            "capacity",
            "demand",
            "findings",
            "remediation"
        ]
    );
    assert_eq!(json["verdict"], "fail");
    assert_eq!(json["environment_size"], "Large");
    assert_eq!(json["capacity"]["subnets"][0]["cidr"], "10.0.0.0/23");
    assert_eq!(json["capacity"]["subnets"][0]["usable"], 507);
    assert_eq!(json["demand"]["components"][0]["name"], "fargate-tasks");
    assert!(json["demand"]["components"][0]["why"].is_string());
    let finding = json["findings"][0].as_object().unwrap();
    assert_eq!(
        finding.keys().collect::<Vec<_>>(),
        ["code", "severity", "message"]
    );
    assert_eq!(finding["severity"], "error");
}

#[test]
fn passing_report_has_null_remediation() {
    let r = check(&testkit::example("customer-hosted.yaml"), None);
    assert_eq!(
        serde_json::to_value(&r).unwrap()["remediation"],
        serde_json::Value::Null
    );
}
