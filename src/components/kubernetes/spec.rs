//! The `kubernetes` section: an EKS cluster with one managed node group.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An EKS cluster in the workload subnets: private API endpoint, secrets encrypted with the
/// environment's key, every control-plane log type on.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KubernetesSpec {
    /// Kubernetes minor version, such as `1.33`. Default 1.33.
    pub version: Option<String>,
    /// EC2 instance type of the nodes. Default m5.large.
    pub node_instance_type: Option<String>,
    /// Nodes at least, 3 or more. Default by size.
    pub min_nodes: Option<u16>,
    /// Nodes at most. Default twice the minimum.
    pub max_nodes: Option<u16>,
    /// Root volume of each node in GiB, 20 to 16,384. Default 50.
    pub node_disk_gb: Option<u16>,
}
