//! The EKS cluster and its managed node group.

mod efs;
pub mod model;
mod pods;
pub mod releases;
pub mod render;
pub mod spec;
pub mod workloads;

use super::demand::{Count, DemandRow, Pool};
use super::Platform;
use super::Spec;
use super::{Component, Render, Resolve, Section, Sections, Stack};
use crate::model::{Consumer, Grants};

pub struct Kubernetes;

impl Component for Kubernetes {
    fn name(&self) -> &'static str {
        "kubernetes"
    }

    fn stack(&self) -> Stack {
        Stack::Kubernetes
    }

    fn declared(&self, p: &Platform) -> bool {
        p.kubernetes.is_some()
    }

    fn needs_vpc(&self, spec: &Spec) -> Option<&'static str> {
        (spec.kubernetes.is_some()).then_some("the cluster and its nodes run in the private subnets")
    }

    fn demand(&self) -> &'static [DemandRow] {
        &[
            DemandRow {
                name: "eks-pods",
                pool: Pool::Workload,
                why: "the Amazon VPC CNI gives every pod a VPC address from secondary addresses of the node's ENIs, so a node can hold ENIs x (IPv4 addresses per ENI - 1) pod addresses (Amazon EKS User Guide, assign IPs to Pods with the Amazon VPC CNI); per-type limits come from the EC2 User Guide's table of maximum IP addresses per network interface (m5.large: 3 ENIs x 10 IPv4 each); counted at the node group's maximum",
                ips: eks_pods,
            },
            DemandRow {
                name: "eks-nodes",
                pool: Pool::Workload,
                why: "each node takes the primary address of every ENI it has attached, its own included (EC2 User Guide, elastic network interfaces), and EKS places up to 4 control-plane network interfaces in the cluster's subnets (Amazon EKS User Guide, VPC and subnet requirements)",
                ips: eks_nodes,
            },
        ]
    }

    /// What nodes of a private cluster call (EKS User Guide, "Deploy private clusters with
    /// limited internet access"), and the EKS Auth API the Pod Identity agent gets
    /// workloads' credentials from (EKS User Guide, "Learn how EKS Pod Identity grants pods
    /// access to AWS services").
    fn endpoints(&self, spec: &Spec) -> &'static [&'static str] {
        match &spec.kubernetes {
            // The EFS CSI driver's controller calls the EFS API (Amazon EKS User Guide,
            // "Store an elastic file system with Amazon EFS").
            Some(k) if k.workloads.iter().any(|w| !w.access.file_systems.is_empty()) => &[
                "ec2",
                "ecr.api",
                "ecr.dkr",
                "eks-auth",
                "elasticfilesystem",
                "elasticloadbalancing",
                "sts",
            ],
            Some(k) if !k.workloads.is_empty() => &[
                "ec2",
                "ecr.api",
                "ecr.dkr",
                "eks-auth",
                "elasticloadbalancing",
                "sts",
            ],
            Some(_) => &["ec2", "ecr.api", "ecr.dkr", "elasticloadbalancing", "sts"],
            None => &[],
        }
    }

    /// The control plane's log group.
    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::Logs::LogGroup"]
    }
}

fn eks_pods(p: &Platform) -> Option<Count> {
    let k = p.kubernetes.as_ref()?;
    let t = k.node_instance_type;
    let nodes = u32::from(k.max_nodes);
    Some(Count {
        ips: nodes.saturating_mul(t.pod_ips()),
        basis: format!(
            "{nodes} node(s) at the maximum x {} ENIs x ({} IPv4 per ENI - 1) on {}",
            t.enis, t.ips_per_eni, t.name
        ),
    })
}

/// Network interfaces EKS may place in the cluster's subnets for the control plane.
const EKS_CONTROL_PLANE_ENIS: u32 = 4;

fn eks_nodes(p: &Platform) -> Option<Count> {
    let k = p.kubernetes.as_ref()?;
    let t = k.node_instance_type;
    let nodes = u32::from(k.max_nodes);
    Some(Count {
        ips: nodes
            .saturating_mul(t.enis)
            .saturating_add(EKS_CONTROL_PLANE_ENIS),
        basis: format!(
            "{nodes} node(s) x {} ENI primary addresses on {} + {EKS_CONTROL_PLANE_ENIS} control-plane ENIs",
            t.enis, t.name
        ),
    })
}

impl Section for Kubernetes {
    type Spec = Option<spec::KubernetesSpec>;
    type Model = Option<model::Kubernetes>;

    fn resolve(cx: &mut Resolve<'_, '_>, _: &Sections) -> Self::Model {
        model::resolve(cx.spec, cx.size, cx.offered, cx.problems)
    }

    fn render(model: &Self::Model, cx: &mut Render<'_>) {
        if let Some(k) = model {
            render::render(cx.s, cx.platform, k, cx.up);
        }
    }

    fn consumers(model: &Self::Model) -> Vec<(Consumer, &Grants)> {
        model
            .iter()
            .flat_map(|k| &k.workloads)
            .map(|w| (Consumer::Workload(w.name.clone()), &w.grants))
            .collect()
    }
}

#[cfg(test)]
mod tests;
