//! The demand model: how many private IPv4 addresses each declared component takes at
//! peak, as one table in code.
//!
//! Each row names a component, says where its addresses live (the workload subnets or
//! the public subnets), computes its count from the [`Platform`], and gives the reason
//! with the AWS document it rests on. A row whose function returns `None` is a component
//! the platform does not declare: it takes nothing and is left out of the report, but it
//! stays in the table so `check-network` can print the whole model and later components
//! (load balancers, Lambda functions in the VPC) slot in as one more row.

mod sections;

use serde::Serialize;

use crate::model::Platform;
use crate::spec::Egress;

/// Which subnets a component's addresses come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Pool {
    /// The private workload subnets the capacity rule judges.
    Workload,
    /// The public subnets of a new VPC with NAT egress; never counted against workloads.
    Public,
}

/// What one component takes for one platform: the count and the arithmetic behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub ips: u32,
    pub basis: String,
}

/// One row of the model.
#[derive(Debug, Clone, Copy)]
pub struct DemandRow {
    pub name: &'static str,
    pub pool: Pool,
    /// The reason, naming the AWS document it comes from.
    pub why: &'static str,
    /// The count for a platform, or `None` when the platform does not declare the component.
    pub ips: fn(&Platform) -> Option<Count>,
}

/// The model, one row per component, in the order reports list them.
pub const TABLE: &[DemandRow] = &[
    DemandRow {
        name: "fargate-tasks",
        pool: Pool::Workload,
        why: "Fargate tasks use awsvpc networking, so every running task holds one ENI with one private IP (Amazon ECS Developer Guide, Fargate task networking); a rolling deployment with a maximum percent of 200 can run twice a service's desired count while old and new tasks overlap (Amazon ECS Developer Guide, rolling update deployments)",
        ips: fargate_tasks,
    },
    DemandRow {
        name: "interface-endpoints",
        pool: Pool::Workload,
        why: "an interface VPC endpoint places one ENI in each subnet it is enabled in, one per AZ (AWS PrivateLink Guide, interface VPC endpoints); gateway endpoints (S3, DynamoDB) are route table entries and take no address",
        ips: interface_endpoints,
    },
    DemandRow {
        name: "rds",
        pool: Pool::Workload,
        why: "a DB instance takes one address in the DB subnet group, a Multi-AZ standby a second (Amazon RDS User Guide, Multi-AZ deployments), and a blue/green deployment runs a full green copy beside it until switchover (Amazon RDS User Guide, blue/green deployments)",
        ips: rds,
    },
    DemandRow {
        name: "opensearch",
        pool: Pool::Workload,
        why: "a VPC domain needs three addresses per data node so that blue/green configuration changes can run a second fleet (Amazon OpenSearch Service Developer Guide, reserving IP addresses in a VPC subnet); this model adds one per dedicated cluster-manager node as margin",
        ips: opensearch,
    },
    DemandRow {
        name: "nat-gateways",
        pool: Pool::Public,
        why: "a NAT gateway takes one private address in the public subnet of its AZ (Amazon VPC User Guide, NAT gateways); it never draws on the workload subnets, so it is counted against the public subnets only",
        ips: nat_gateways,
    },
    DemandRow {
        name: "load-balancers",
        pool: Pool::Workload,
        why: "an internal Network Load Balancer places one node, with one network interface and private address, in each subnet it is enabled in, one per AZ (Elastic Load Balancing User Guide, Network Load Balancers: Availability Zones and subnets)",
        ips: sections::internal_load_balancers,
    },
    DemandRow {
        name: "internet-facing-load-balancers",
        pool: Pool::Public,
        why: "an internet-facing Network Load Balancer places its node in each public subnet it is enabled in, one address per AZ (Elastic Load Balancing User Guide, Network Load Balancers: Availability Zones and subnets); it never draws on the workload subnets",
        ips: sections::internet_facing_load_balancers,
    },
    DemandRow {
        name: "lambda-enis",
        pool: Pool::Workload,
        why: "a Lambda function attached to a VPC uses one Hyperplane ENI per subnet and security group combination, shared by its concurrent executions (AWS Lambda Developer Guide, giving Lambda functions access to resources in a VPC)",
        ips: sections::lambda_enis,
    },
    DemandRow {
        name: "eks-pods",
        pool: Pool::Workload,
        why: "the Amazon VPC CNI gives every pod a VPC address from secondary addresses of the node's ENIs, so a node can hold ENIs x (IPv4 addresses per ENI - 1) pod addresses (Amazon EKS User Guide, assign IPs to Pods with the Amazon VPC CNI); per-type limits come from the EC2 User Guide's table of maximum IP addresses per network interface (m5.large: 3 ENIs x 10 IPv4 each); counted at the node group's maximum",
        ips: sections::eks_pods,
    },
    DemandRow {
        name: "eks-nodes",
        pool: Pool::Workload,
        why: "each node takes the primary address of every ENI it has attached, its own included (EC2 User Guide, elastic network interfaces), and EKS places up to 4 control-plane network interfaces in the cluster's subnets (Amazon EKS User Guide, VPC and subnet requirements)",
        ips: sections::eks_nodes,
    },
    DemandRow {
        name: "efs-mount-targets",
        pool: Pool::Workload,
        why: "an EFS mount target is one network interface with one address in the subnet of its AZ, one per AZ (Amazon EFS User Guide, managing mount targets)",
        ips: sections::efs_mount_targets,
    },
    DemandRow {
        name: "memorydb",
        pool: Pool::Workload,
        why: "every MemoryDB node, primary or replica, takes one address in the subnet group (MemoryDB Developer Guide, subnets and subnet groups)",
        ips: sections::memorydb,
    },
    DemandRow {
        name: "self-hosted-workers",
        pool: Pool::Workload,
        why: "each EC2 container instance the vendor scales the workers' Auto Scaling group to takes one private address for its primary network interface (Amazon EC2 User Guide, elastic network interfaces), counted at the group's maximum size; tasks in bridge mode share it (Amazon ECS Developer Guide, task networking)",
        ips: |p| {
            let w = p.workers.as_ref()?;
            Some(Count {
                ips: u32::from(w.max_instances),
                basis: format!("{} instance(s) at the Auto Scaling group's maximum", w.max_instances),
            })
        },
    },
];

/// Surge factor of a rolling deployment at ECS's maximum percent of 200.
pub const DEPLOY_SURGE: u32 = 2;

fn fargate_tasks(p: &Platform) -> Option<Count> {
    let tasks = p.sizing.pipeline_tasks_peak;
    let desired: u32 = p
        .services
        .iter()
        .fold(0, |sum, s| sum.saturating_add(u32::from(s.desired_count)));
    let ips = tasks.saturating_add(desired.saturating_mul(DEPLOY_SURGE));
    let basis = format!(
        "{tasks} pipeline tasks at peak for {} + {DEPLOY_SURGE} x {desired} desired service task(s) across {} service(s)",
        p.size,
        p.services.len()
    );
    Some(Count { ips, basis })
}

fn interface_endpoints(p: &Platform) -> Option<Count> {
    let endpoints = u32::try_from(p.network.interface_endpoints().count()).unwrap_or(u32::MAX);
    if endpoints == 0 {
        return None;
    }
    let zones = u32::try_from(p.network.zone_count).unwrap_or(u32::MAX);
    let ips = endpoints.saturating_mul(zones);
    Some(Count {
        ips,
        basis: format!("{endpoints} interface endpoint(s) x {zones} AZ(s)"),
    })
}

fn rds(p: &Platform) -> Option<Count> {
    let db = p.database.as_ref()?;
    let instances: u32 = if db.multi_az { 2 } else { 1 };
    Some(Count {
        ips: instances * 2,
        basis: format!(
            "{instances} instance(s) ({}) x 2 during blue/green",
            if db.multi_az {
                "primary and Multi-AZ standby"
            } else {
                "single-AZ"
            }
        ),
    })
}

/// Dedicated cluster-manager nodes the model always gives a domain.
const CLUSTER_MANAGER_NODES: u32 = 3;

fn opensearch(p: &Platform) -> Option<Count> {
    let search = p.search.as_ref()?;
    let data = u32::from(search.data_nodes);
    Some(Count {
        ips: data.saturating_mul(3).saturating_add(CLUSTER_MANAGER_NODES),
        basis: format!("3 x {data} data node(s) + {CLUSTER_MANAGER_NODES} cluster-manager nodes"),
    })
}

fn nat_gateways(p: &Platform) -> Option<Count> {
    if p.network.egress != Egress::Nat || p.network.public_subnets.is_empty() {
        return None;
    }
    let zones = u32::try_from(p.network.public_subnets.len()).unwrap_or(u32::MAX);
    Some(Count {
        ips: zones,
        basis: format!("one NAT gateway in each of {zones} public subnet(s)"),
    })
}

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

/// Evaluates [`TABLE`] for `platform`.
pub fn demand(platform: &Platform) -> Demand {
    let mut out = Demand {
        total: 0,
        components: Vec::new(),
        public: Vec::new(),
    };
    for row in TABLE {
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
    use crate::network::testkit;

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
        // 1,200 pipeline tasks + 2 x (3 services x 3 desired).
        assert_eq!(ips(&d, "fargate-tasks"), Some(1218));
        // ecr.api, ecr.dkr, kms, logs, secretsmanager, sns, sqs, sts in 3 AZs.
        assert_eq!(ips(&d, "interface-endpoints"), Some(24));
        assert_eq!(ips(&d, "rds"), Some(4));
        assert_eq!(ips(&d, "opensearch"), Some(12));
        assert_eq!(ips(&d, "nat-gateways"), Some(3));
        assert_eq!(d.total, 1218 + 24 + 4 + 12);
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
        assert_eq!(ips(&d, "fargate-tasks"), Some(1200 + 2 * 6));
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
    fn every_row_names_its_aws_source() {
        for row in TABLE {
            assert!(
                row.why.contains("Guide"),
                "{} gives no AWS document",
                row.name
            );
        }
    }
}
