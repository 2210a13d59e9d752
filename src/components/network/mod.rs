//! The VPC, its subnets, egress and endpoints.

pub mod render;

use super::demand::{count, Count, DemandRow, Pool};
use super::Platform;
use super::{Component, Stack};
use crate::components::Spec;
use crate::spec::Egress;

pub struct Network;

impl Component for Network {
    fn name(&self) -> &'static str {
        "network"
    }

    fn stack(&self) -> Stack {
        Stack::Network
    }

    fn declared(&self, p: &Platform) -> bool {
        p.network.declared
    }

    fn demand(&self) -> &'static [DemandRow] {
        &[
            DemandRow {
                name: "interface-endpoints",
                pool: Pool::Workload,
                why: "an interface VPC endpoint places one ENI in each subnet it is enabled in, one per AZ (AWS PrivateLink Guide, interface VPC endpoints); gateway endpoints (S3, DynamoDB) are route table entries and take no address",
                ips: interface_endpoints,
            },
            DemandRow {
                name: "nat-gateways",
                pool: Pool::Public,
                why: "a NAT gateway takes one private address in the public subnet of its AZ (Amazon VPC User Guide, NAT gateways); it never draws on the workload subnets, so it is counted against the public subnets only",
                ips: nat_gateways,
            },
        ]
    }

    /// What every environment calls: flow logs and task logs to CloudWatch Logs, metrics,
    /// S3 (a gateway endpoint), and STS for role credentials.
    fn endpoints(&self, _spec: &Spec) -> &'static [&'static str] {
        &["logs", "monitoring", "s3", "sts"]
    }

    /// The flow log group.
    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::Logs::LogGroup"]
    }
}

fn interface_endpoints(p: &Platform) -> Option<Count> {
    let endpoints = count(p.network.interface_endpoints().count());
    if endpoints == 0 {
        return None;
    }
    let zones = count(p.network.zone_count);
    let ips = endpoints.saturating_mul(zones);
    Some(Count {
        ips,
        basis: format!("{endpoints} interface endpoint(s) x {zones} AZ(s)"),
    })
}

fn nat_gateways(p: &Platform) -> Option<Count> {
    if p.network.egress != Egress::Nat || p.network.public_subnets.is_empty() {
        return None;
    }
    let zones = count(p.network.public_subnets.len());
    Some(Count {
        ips: zones,
        basis: format!("one NAT gateway in each of {zones} public subnet(s)"),
    })
}
