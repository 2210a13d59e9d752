//! The demand model: how many private IPv4 addresses each declared component takes at
//! peak, added up from the rows every component in [`crate::components::REGISTRY`] gives.
//!
//! Each row names a component, says where its addresses live (the workload subnets or
//! the public subnets), computes its count from the [`Platform`], and gives the reason
//! with the AWS document it rests on. A row whose function returns `None` is a component
//! the platform does not declare: it takes nothing and is left out of the report.

use serde::Serialize;

use crate::components::Platform;
use crate::components::{self, Pool};

/// One component's line in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Component {
    pub name: &'static str,
    pub ips: u32,
    pub why: &'static str,
    /// The arithmetic for this platform, such as `3 x 2 data node(s) + ...`.
    pub basis: String,
}

/// The platform's demand: `total` and `components` are the workload subnets' share (the
/// total is their sum); `public` lists what the public subnets hold, outside the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Demand {
    pub total: u32,
    pub components: Vec<Component>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub public: Vec<Component>,
}

/// Evaluates every component's demand rows for `platform`, in registry order.
pub fn demand(platform: &Platform) -> Demand {
    let mut out = Demand {
        total: 0,
        components: Vec::new(),
        public: Vec::new(),
    };
    for row in components::demand_rows() {
        let Some(count) = (row.ips)(platform) else {
            continue;
        };
        let line = Component {
            name: row.name,
            ips: count.ips,
            why: row.why,
            basis: count.basis,
        };
        match row.pool {
            Pool::Workload => {
                out.total = out.total.saturating_add(line.ips);
                out.components.push(line);
            }
            Pool::Public => out.public.push(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::testkit;

    fn ips(d: &Demand, name: &str) -> Option<u32> {
        d.components
            .iter()
            .chain(&d.public)
            .find(|c| c.name == name)
            .map(|c| c.ips)
    }

    #[test]
    fn tdp_example_at_large_counts_every_declared_component() {
        let d = demand(&testkit::example("tdp.yaml"));
        // 1,200 pipeline tasks + 2 x (5 services x a scaling maximum of 4 x 3 desired).
        assert_eq!(ips(&d, "fargate-tasks"), Some(1320));
        // ecr.api, ecr.dkr, kms, logs, secretsmanager, sns, sqs, sts in 3 AZs.
        assert_eq!(ips(&d, "interface-endpoints"), Some(24));
        assert_eq!(ips(&d, "rds"), Some(4));
        assert_eq!(ips(&d, "opensearch"), Some(12));
        assert_eq!(ips(&d, "nat-gateways"), Some(3));
        // The Data Apps' internal load balancer and its CloudFront VPC origin, 3 AZs each.
        assert_eq!(ips(&d, "load-balancers"), Some(3));
        assert_eq!(ips(&d, "cloudfront-vpc-origins"), Some(3));
        assert_eq!(d.total, 1320 + 24 + 4 + 12 + 3 + 3);
    }

    #[test]
    fn nat_gateways_stay_out_of_the_workload_total() {
        let d = demand(&testkit::example("tdp.yaml"));
        assert!(d.components.iter().all(|c| c.name != "nat-gateways"));
        assert_eq!(d.total, d.components.iter().map(|c| c.ips).sum::<u32>());
    }

    #[test]
    fn customer_hosted_example_has_no_nat_and_two_az_endpoints() {
        let d = demand(&testkit::example("customer-hosted.yaml"));
        assert_eq!(ips(&d, "fargate-tasks"), Some(1200 + 2 * 24));
        assert_eq!(ips(&d, "interface-endpoints"), Some(9 * 2));
        assert_eq!(ips(&d, "opensearch"), Some(9));
        assert_eq!(ips(&d, "nat-gateways"), None);
        assert!(d.public.is_empty());
    }

    #[test]
    fn undeclared_components_take_nothing_and_are_not_listed() {
        let d = demand(&testkit::small_existing(
            "Small",
            &["10.0.0.0/23", "10.0.2.0/23"],
        ));
        for name in [
            "rds",
            "opensearch",
            "load-balancers",
            "lambda-enis",
            "nat-gateways",
        ] {
            assert_eq!(ips(&d, name), None, "{name}");
        }
        assert_eq!(ips(&d, "fargate-tasks"), Some(100));
    }

    #[test]
    fn eks_pods_follow_the_vpc_cni_formula_for_m5_large() {
        let d = demand(&testkit::example("usage-engine.yaml"));
        // 9 nodes at the maximum x 3 ENIs x (10 IPv4 per ENI - 1).
        assert_eq!(ips(&d, "eks-pods"), Some(243));
        // 9 nodes x 3 ENI primary addresses + 4 control-plane ENIs.
        assert_eq!(ips(&d, "eks-nodes"), Some(31));
    }

    #[test]
    fn per_az_components_take_one_address_in_each_of_three_zones() {
        let usage = demand(&testkit::example("usage-engine.yaml"));
        let depot = demand(&testkit::example("depot.yaml"));
        assert_eq!(ips(&usage, "efs-mount-targets"), Some(3));
        // Usage Engine's charts bring their own load balancers; none in its stacks.
        assert_eq!(ips(&usage, "load-balancers"), None);
        assert_eq!(ips(&depot, "load-balancers"), Some(3));
        assert_eq!(ips(&depot, "lambda-enis"), Some(3));
    }

    #[test]
    fn memorydb_counts_primaries_and_replicas() {
        // One shard with two replicas.
        let d = demand(&testkit::example("usage-engine.yaml"));
        assert_eq!(ips(&d, "memorydb"), Some(3));
    }

    #[test]
    fn sections_the_tdp_example_does_not_declare_take_nothing() {
        let d = demand(&testkit::example("tdp.yaml"));
        for name in [
            "eks-pods",
            "eks-nodes",
            "efs-mount-targets",
            "memorydb",
            "lambda-enis",
        ] {
            assert_eq!(ips(&d, name), None, "{name}");
        }
    }
}
