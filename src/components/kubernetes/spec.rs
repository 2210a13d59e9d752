//! The `kubernetes` section: an EKS cluster with one managed node group.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::spec::AccessSpec;

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
    /// Workloads whose pods use platform resources: each gets an IAM role through EKS Pod
    /// Identity, and the stores it names admit the cluster's pods.
    #[serde(default)]
    pub workloads: Vec<WorkloadSpec>,
    /// Helm releases installed on the cluster after deploy: `synth` writes each one's
    /// values file (`helm/<name>.values.yaml`), `platformctl outputs` fills in the values
    /// that come from the deployed stacks.
    #[serde(default)]
    pub releases: Vec<ReleaseSpec>,
}

/// A Helm release: CloudFormation does not install charts, so the platform hands over
/// the values the chart needs from the stacks.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReleaseSpec {
    /// The release name, `[a-z][a-z0-9-]*`, unique; names the values file.
    pub name: String,
    /// The chart, as `helm install` takes it (`repo/chart` or `oci://...`).
    pub chart: String,
    /// The chart version, when pinned.
    pub version: Option<String>,
    /// The namespace the release installs into: a DNS label.
    pub namespace: String,
    /// Values by dotted path (`database.host`): a string, number or boolean, or
    /// `output:<Name>` for an output of the deployed parent stack (`DatabaseEndpoint`).
    #[serde(default)]
    pub values: BTreeMap<String, serde_json::Value>,
}

/// Pods that run as one Kubernetes service account, and what they may use.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkloadSpec {
    /// `[a-z][a-z0-9-]*`, unique among workloads; names the logical IDs.
    pub name: String,
    /// The pods' namespace: a DNS label (lowercase letters, digits and hyphens, at most 63).
    pub namespace: String,
    /// The pods' service account: a DNS subdomain (DNS labels joined by dots, at most
    /// 253). One workload per namespace and service account.
    pub service_account: String,
    /// What the pods' role may touch, as for services; nothing by default. Not
    /// `file_systems`: pods mount EFS through the EFS CSI driver.
    #[serde(default)]
    pub access: AccessSpec,
}
