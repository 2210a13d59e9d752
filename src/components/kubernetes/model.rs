//! Resolves the `kubernetes` section: an EKS cluster and its managed node group.

use super::releases::{self, Release};
use super::workloads::{self, Workload};
use crate::components::Spec;
use crate::model::access::Offered;
use crate::model::Problems;
use crate::spec::EnvironmentSize;
use crate::yaml::KeyPath;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kubernetes {
    pub version: String,
    pub node_instance_type: &'static NodeType,
    pub min_nodes: u16,
    pub max_nodes: u16,
    pub node_disk_gb: u16,
    /// The pods that use platform resources, each through its own role.
    pub workloads: Vec<Workload>,
    /// The Helm releases whose values files `synth` writes.
    pub releases: Vec<Release>,
}

/// An instance type nodes may use, with the network interface limits that decide how many
/// pods the VPC CNI can give addresses to.
#[derive(Debug, PartialEq, Eq)]
pub struct NodeType {
    pub name: &'static str,
    /// Network interfaces the instance type supports.
    pub enis: u32,
    /// Private IPv4 addresses per interface.
    pub ips_per_eni: u32,
    /// Graviton (arm64), which needs the arm64 node image.
    pub arm64: bool,
}

/// Node instance types this tool sizes, with their limits from the EC2 User Guide's table
/// "Maximum IP addresses per network interface" (ENIs x IPv4 addresses per ENI).
pub const NODE_TYPES: &[NodeType] = &[
    NodeType {
        name: "c5.large",
        enis: 3,
        ips_per_eni: 10,
        arm64: false,
    },
    NodeType {
        name: "c5.xlarge",
        enis: 4,
        ips_per_eni: 15,
        arm64: false,
    },
    NodeType {
        name: "c5.2xlarge",
        enis: 4,
        ips_per_eni: 15,
        arm64: false,
    },
    NodeType {
        name: "m5.large",
        enis: 3,
        ips_per_eni: 10,
        arm64: false,
    },
    NodeType {
        name: "m5.xlarge",
        enis: 4,
        ips_per_eni: 15,
        arm64: false,
    },
    NodeType {
        name: "m5.2xlarge",
        enis: 4,
        ips_per_eni: 15,
        arm64: false,
    },
    NodeType {
        name: "m5.4xlarge",
        enis: 8,
        ips_per_eni: 30,
        arm64: false,
    },
    NodeType {
        name: "m6i.large",
        enis: 3,
        ips_per_eni: 10,
        arm64: false,
    },
    NodeType {
        name: "m6i.xlarge",
        enis: 4,
        ips_per_eni: 15,
        arm64: false,
    },
    NodeType {
        name: "m6i.2xlarge",
        enis: 4,
        ips_per_eni: 15,
        arm64: false,
    },
    NodeType {
        name: "m6g.large",
        enis: 3,
        ips_per_eni: 10,
        arm64: true,
    },
    NodeType {
        name: "m6g.xlarge",
        enis: 4,
        ips_per_eni: 15,
        arm64: true,
    },
    NodeType {
        name: "m7g.large",
        enis: 3,
        ips_per_eni: 10,
        arm64: true,
    },
    NodeType {
        name: "m7g.xlarge",
        enis: 4,
        ips_per_eni: 15,
        arm64: true,
    },
    NodeType {
        name: "r5.large",
        enis: 3,
        ips_per_eni: 10,
        arm64: false,
    },
    NodeType {
        name: "r5.xlarge",
        enis: 4,
        ips_per_eni: 15,
        arm64: false,
    },
    NodeType {
        name: "r5.2xlarge",
        enis: 4,
        ips_per_eni: 15,
        arm64: false,
    },
];

/// Kubernetes minor versions EKS offers in standard support (EKS User Guide, "Kubernetes
/// version lifecycle"); the newest is the default.
pub const VERSIONS: &[&str] = &["1.31", "1.32", "1.33"];

/// The node group's minimum by size: three nodes (one per AZ) is the floor for a highly
/// available cluster.
pub fn default_min_nodes(size: EnvironmentSize) -> u16 {
    match size {
        EnvironmentSize::Small | EnvironmentSize::Medium => 3,
        EnvironmentSize::Large => 6,
        EnvironmentSize::XLarge => 9,
    }
}

impl NodeType {
    /// Pods per node the VPC CNI can address: the first address of every interface is the
    /// interface's own (EKS User Guide, "Assign IPs to Pods with the Amazon VPC CNI").
    pub fn pod_ips(&self) -> u32 {
        self.enis * (self.ips_per_eni - 1)
    }
}

pub(crate) fn resolve(
    spec: &Spec,
    size: EnvironmentSize,
    offered: &Offered,
    p: &mut Problems,
) -> Option<Kubernetes> {
    let k = spec.kubernetes.as_ref()?;
    let at = KeyPath::root().key("kubernetes");
    let version = k.version.clone().unwrap_or_else(|| "1.33".into());
    if !VERSIONS.contains(&version.as_str()) {
        p.error(
            "spec/kubernetes",
            &at.key("version"),
            format!(
                "`{version}` is not an EKS version in standard support; use one of {}",
                VERSIONS.join(", ")
            ),
        );
    }
    let type_name = k
        .node_instance_type
        .clone()
        .unwrap_or_else(|| "m5.large".into());
    let node_type = NODE_TYPES.iter().find(|t| t.name == type_name);
    if node_type.is_none() {
        let names: Vec<&str> = NODE_TYPES.iter().map(|t| t.name).collect();
        p.error(
            "spec/kubernetes",
            &at.key("node_instance_type"),
            format!(
                "`{type_name}` is not a node type this tool sizes; use one of {}",
                names.join(", ")
            ),
        );
    }
    let min_nodes = k.min_nodes.unwrap_or_else(|| default_min_nodes(size));
    if !(3..=450).contains(&min_nodes) {
        p.error("spec/kubernetes", &at.key("min_nodes"), format!("{min_nodes} nodes: run 3 to 450, so that losing a node or an AZ keeps the cluster up"));
    }
    let max_nodes = k.max_nodes.unwrap_or(min_nodes.saturating_mul(2));
    if max_nodes < min_nodes || max_nodes > 450 {
        p.error(
            "spec/kubernetes",
            &at.key("max_nodes"),
            format!(
                "{max_nodes} nodes: from min_nodes ({min_nodes}) up to 450, the node group quota"
            ),
        );
    }
    let node_disk_gb = k.node_disk_gb.unwrap_or(50);
    if !(20..=16_384).contains(&node_disk_gb) {
        p.error(
            "spec/kubernetes",
            &at.key("node_disk_gb"),
            format!("{node_disk_gb} GiB: use 20 to 16,384"),
        );
    }
    let workloads = workloads::resolve(spec, &k.workloads, &at.key("workloads"), offered, p);
    let releases = releases::resolve(&k.releases, &at.key("releases"), p);
    Some(Kubernetes {
        version,
        node_instance_type: node_type.unwrap_or(&NODE_TYPES[3]),
        min_nodes,
        max_nodes,
        node_disk_gb,
        workloads,
        releases,
    })
}
