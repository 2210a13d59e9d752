//! Network Load Balancers in front of services.

pub mod model;
pub mod render;
pub mod spec;

use super::Spec;
use super::demand::{count, zones, Count, DemandRow, Pool};
use super::Platform;
use super::{Component, Render, Resolve, Section, Sections, Stack};
use crate::yaml::KeyPath;

pub struct LoadBalancers;

impl Component for LoadBalancers {
    fn name(&self) -> &'static str {
        "load_balancers"
    }

    fn stack(&self) -> Stack {
        Stack::Compute
    }

    fn declared(&self, p: &Platform) -> bool {
        !p.load_balancers.is_empty()
    }

    fn needs_vpc(&self, spec: &Spec) -> Option<&'static str> {
        (!spec.load_balancers.is_empty()).then_some("a load balancer has nodes in the subnets")
    }

    fn demand(&self) -> &'static [DemandRow] {
        &[
            DemandRow {
                name: "load-balancers",
                pool: Pool::Workload,
                why: "an internal Network Load Balancer places one node, with one network interface and private address, in each subnet it is enabled in, one per AZ (Elastic Load Balancing User Guide, Network Load Balancers: Availability Zones and subnets)",
                ips: |p| nodes(p, false),
            },
            DemandRow {
                name: "internet-facing-load-balancers",
                pool: Pool::Public,
                why: "an internet-facing Network Load Balancer places its node in each public subnet it is enabled in, one address per AZ (Elastic Load Balancing User Guide, Network Load Balancers: Availability Zones and subnets); it never draws on the workload subnets",
                ips: |p| nodes(p, true),
            },
        ]
    }
}

fn nodes(p: &Platform, internet_facing: bool) -> Option<Count> {
    let n = p
        .load_balancers
        .iter()
        .filter(|lb| lb.internet_facing == internet_facing)
        .count();
    if n == 0 {
        return None;
    }
    let n = count(n);
    let zones = zones(p);
    Some(Count {
        ips: n.saturating_mul(zones),
        basis: format!("{n} Network Load Balancer(s) x {zones} AZ(s), one node each"),
    })
}

impl Section for LoadBalancers {
    type Spec = Vec<spec::LoadBalancerSpec>;
    type Model = Vec<model::LoadBalancer>;

    /// Reads the services resolved before it: each load balancer fronts one.
    fn resolve(cx: &mut Resolve<'_, '_>, done: &Sections) -> Self::Model {
        let resolved = model::resolve(cx.spec, &done.services, cx.problems);
        if !resolved.is_empty() && cx.spec.storage.is_none() {
            cx.problems.error(
                "spec/load-balancer",
                &KeyPath::root().key("load_balancers"),
                "load balancers write access logs to the environment's log bucket: declare a `storage` section",
            );
        }
        resolved
    }

    fn render(_: &Self::Model, cx: &mut Render<'_>) {
        cx.up.compute.load_balancers = render::render(cx.s, cx.platform, cx.up);
    }
}
