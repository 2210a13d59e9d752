//! Renders a remediation as a `network:` section to paste over the spec's own.
//!
//! The snippet repeats the section's other keys (egress, endpoints, flow log retention)
//! with their resolved values, so that replacing the whole section loses nothing. New
//! subnets of an existing VPC carry the id `subnet-PLACEHOLDER`, which the spec rejects
//! until the operator puts in the id AWS gave the subnet.

use std::fmt::Write;

use ipnet::Ipv4Net;

use super::{NewVpcFix, Remediation, SecondaryCidrFix};
use crate::components::Platform;
use crate::model::Vpc;
use crate::spec::Egress;

/// The id the snippet gives subnets that do not exist yet.
pub const PLACEHOLDER_SUBNET_ID: &str = "subnet-PLACEHOLDER";

/// The spec YAML that applies `fix` to `platform`.
pub fn to_spec_yaml(platform: &Platform, fix: &Remediation) -> String {
    let mut out = String::new();
    match fix {
        Remediation::SecondaryCidr(fix) => existing(&mut out, platform, fix),
        Remediation::NewVpc(fix) => new(&mut out, platform, fix),
    }
    let net = &platform.network;
    let egress = match net.egress {
        Egress::Nat => "nat",
        Egress::None => "none",
    };
    let _ = writeln!(out, "  egress: {egress}");
    if !net.endpoints.is_empty() {
        let names: Vec<&str> = net.endpoints.iter().map(|e| e.service.as_str()).collect();
        let _ = writeln!(out, "  endpoints: [{}]", names.join(", "));
    }
    let _ = writeln!(
        out,
        "  flow_log_retention_days: {}",
        net.flow_log_retention_days
    );
    out
}

fn existing(out: &mut String, platform: &Platform, fix: &SecondaryCidrFix) {
    let _ = writeln!(
        out,
        "# 1. aws ec2 associate-vpc-cidr-block --vpc-id {} --cidr-block {}",
        fix.vpc_id, fix.secondary_cidr
    );
    let _ = writeln!(
        out,
        "# 2. create each subnet below, associate it with the workload route table(s),"
    );
    let _ = writeln!(out, "#    and replace {PLACEHOLDER_SUBNET_ID} with its id.");
    let _ = writeln!(out, "network:\n  existing_vpc:\n    id: {}", fix.vpc_id);
    let mut cidrs = fix.vpc_cidrs.clone();
    cidrs.push(fix.secondary_cidr);
    let _ = writeln!(out, "    cidrs: [{}]", join(&cidrs));
    let _ = writeln!(out, "    private_subnets:");
    for s in &fix.subnets {
        let _ = writeln!(
            out,
            "      - {{ id: {PLACEHOLDER_SUBNET_ID}, cidr: {}, az: {} }}",
            s.cidr, s.az
        );
    }
    if let Vpc::Existing {
        route_table_ids, ..
    } = &platform.network.vpc
    {
        if !route_table_ids.is_empty() {
            let _ = writeln!(out, "    route_table_ids: [{}]", route_table_ids.join(", "));
        }
    }
}

fn new(out: &mut String, platform: &Platform, fix: &NewVpcFix) {
    let _ = writeln!(out, "network:\n  vpc_cidr: {}", fix.vpc_cidr);
    let secondaries = platform.network.vpc.cidrs().get(1..).unwrap_or_default();
    if !secondaries.is_empty() {
        let _ = writeln!(out, "  secondary_cidrs: [{}]", join(secondaries));
    }
    let _ = writeln!(out, "  availability_zones: {}", fix.subnets.len());
    let private: Vec<Ipv4Net> = fix.subnets.iter().map(|s| s.cidr).collect();
    let _ = writeln!(out, "  private_subnets: [{}]", join(&private));
    if !fix.public_subnets.is_empty() {
        let public: Vec<Ipv4Net> = fix.public_subnets.iter().map(|s| s.cidr).collect();
        let _ = writeln!(out, "  public_subnets: [{}]", join(&public));
    }
}

fn join(nets: &[Ipv4Net]) -> String {
    nets.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
