//! The endpoint check against VPCs that already hold endpoints.

use super::*;
use crate::components::testkit;

const RT_A: &str = "rtb-0a1b2c3d4e5f60733";
const RT_B: &str = "rtb-0a1b2c3d4e5f60744";

/// Spec text of an existing VPC that creates `created` and already has `existing`.
fn spec(created: &str, existing: &str, egress: &str) -> String {
    format!(
        "name: acme
region: eu-central-1
environment_size: Small
network:
  existing_vpc:
    id: vpc-0a1b2c3d4e5f60718
    cidrs: [10.20.0.0/20]
    private_subnets:
      - {{ id: subnet-0a1b2c3d4e5f60711, cidr: 10.20.0.0/21, az: eu-central-1a }}
      - {{ id: subnet-0a1b2c3d4e5f60722, cidr: 10.20.8.0/21, az: eu-central-1b }}
    route_table_ids: [{RT_A}, {RT_B}]
    existing_endpoints: [{existing}]
  egress: {egress}
  endpoints: [{created}]
"
    )
}

/// The network of [`spec`] with NAT egress, so that the lists need not cover what the
/// components need.
fn network(created: &str, existing: &str) -> Network {
    testkit::platform(&spec(created, existing, "nat"))
        .network
        .clone()
}

fn found(id: &str, service: &str, gateway: bool, private_dns: bool, rts: &[&str]) -> FoundEndpoint {
    FoundEndpoint {
        id: id.into(),
        service: service.into(),
        gateway,
        private_dns,
        route_table_ids: rts.iter().map(|s| (*s).to_owned()).collect(),
        ours: false,
    }
}

fn vpc(endpoints: Vec<FoundEndpoint>) -> VpcEndpoints {
    VpcEndpoints {
        endpoints,
        dns_support: true,
        dns_hostnames: true,
    }
}

fn codes(findings: &[Diagnostic]) -> Vec<&str> {
    findings.iter().map(|d| d.code).collect()
}

#[test]
fn endpoints_the_vpc_already_has_conflict_with_a_second_create() {
    let net = network("s3, logs, sts", "");
    let live = vpc(vec![
        found("vpce-1", "s3", true, false, &[RT_B]),
        found("vpce-2", "logs", false, true, &[]),
        // Private DNS off: a second endpoint with private DNS is allowed.
        found("vpce-3", "sts", false, false, &[]),
    ]);
    let findings = check(&net, false, &live);
    assert_eq!(codes(&findings), ["network/endpoint-conflict"; 2]);
    assert!(
        findings[0].message.contains("vpce-2"),
        "{}",
        findings[0].message
    );
    assert!(findings[1].message.contains("vpce-1"));
}

#[test]
fn a_gateway_endpoint_on_other_route_tables_is_no_conflict() {
    let net = network("s3", "");
    let live = vpc(vec![found(
        "vpce-1",
        "s3",
        true,
        false,
        &["rtb-0fffffffffffffff0"],
    )]);
    assert!(check(&net, false, &live).is_empty());
}

#[test]
fn declared_existing_endpoints_must_exist_and_serve_the_workloads() {
    let net = network("s3", "logs, dynamodb, sts");
    let live = vpc(vec![
        found("vpce-1", "logs", false, true, &[]),
        found("vpce-2", "dynamodb", true, false, &[RT_A]),
    ]);
    let findings = check(&net, false, &live);
    assert_eq!(codes(&findings), ["network/endpoint-missing"; 2]);
    assert!(findings[0].message.contains("`dynamodb`") && findings[0].message.contains(RT_B));
    assert!(findings[1].message.contains("`sts`") && findings[1].message.contains("has none"));

    let live = vpc(vec![
        found("vpce-1", "logs", false, false, &[]),
        found("vpce-2", "dynamodb", true, false, &[RT_A, RT_B]),
        found("vpce-3", "sts", false, true, &[]),
    ]);
    let findings = check(&net, false, &live);
    assert_eq!(codes(&findings), ["network/endpoint-missing"]);
    assert!(findings[0].message.contains("private DNS off"));
}

#[test]
fn the_environment_s_own_endpoints_are_neither_conflicts_nor_stand_ins() {
    let net = network("logs", "sts");
    let mut own_logs = found("vpce-1", "logs", false, true, &[]);
    own_logs.ours = true;
    let mut own_sts = found("vpce-2", "sts", false, true, &[]);
    own_sts.ours = true;
    let findings = check(&net, false, &vpc(vec![own_logs, own_sts]));
    assert_eq!(codes(&findings), ["network/endpoint-missing"]);
}

#[test]
fn private_dns_needs_both_dns_attributes() {
    let net = network("logs", "");
    let mut live = vpc(Vec::new());
    live.dns_hostnames = false;
    let findings = check(&net, false, &live);
    assert_eq!(codes(&findings), ["network/vpc-dns"]);
    assert!(findings[0].message.contains("enableDnsHostnames off"));
    // Gateway endpoints alone need no private DNS; a private hosted zone does.
    let net = network("s3", "");
    assert!(check(&net, false, &live).is_empty());
    let findings = check(&net, true, &live);
    assert_eq!(codes(&findings), ["network/vpc-dns"]);
    assert!(findings[0].message.contains("private hosted zone"));
}

#[test]
fn an_endpoint_both_created_and_existing_is_a_spec_error() {
    let yaml = spec("logs", "logs", "none");
    let (loaded, source) = crate::spec::load_str(std::path::Path::new("t.yaml"), &yaml).unwrap();
    let error = crate::components::build(&loaded, &source).unwrap_err();
    let text = format!("{error:?}");
    assert!(text.contains("list it only there"), "{text}");
}
