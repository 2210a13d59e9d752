//! The EFS CSI driver, for Kubernetes workloads that name file systems in `access:`: the
//! `aws-efs-csi-driver` add-on, its controller's role (the AWS managed policy the driver's
//! documentation names) tied to `efs-csi-controller-sa` through the add-on, and the role
//! of its node daemonset, which mounts, tied to `efs-csi-node-sa` through a Pod Identity
//! association of its own (the add-on offers one for the controller only). Pods never
//! mount themselves: the driver's node pod mounts for them (Amazon EKS User Guide, "Store
//! an elastic file system with Amazon EFS"), so the node role holds the mount rights of
//! every file system a workload names, and the pods' own roles hold none.

use std::collections::BTreeSet;

use serde_json::json;

use super::workloads::Workload;
use crate::components::Platform;
use crate::model::{Consumer, Target, Verb};
use crate::render::iam::{self, Statement};
use crate::render::intrinsics::{arn, get_att, r#ref};
use crate::render::link::Upstream;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;

/// The add-on's name in EKS.
pub const ADDON: &str = "aws-efs-csi-driver";

/// The driver's namespace and service accounts, as the add-on installs them.
pub const NAMESPACE: &str = "kube-system";
pub const CONTROLLER_SERVICE_ACCOUNT: &str = "efs-csi-controller-sa";
pub const NODE_SERVICE_ACCOUNT: &str = "efs-csi-node-sa";

/// The file systems Kubernetes workloads mount, by name, each once, in name order.
pub fn mounted(platform: &Platform) -> BTreeSet<&str> {
    platform
        .access
        .edges()
        .iter()
        .filter(|e| matches!(e.consumer, Consumer::Workload(_)) && e.verb == Verb::Mount)
        .filter_map(|e| match &e.target {
            Target::FileSystem(name) => Some(name.as_str()),
            _ => None,
        })
        .collect()
}

/// A trust policy for EKS Pod Identity that admits only the driver's service account
/// `account` in this cluster, by the session tags EKS sets (Amazon EKS User Guide, "Create
/// IAM role with trust policy required by EKS Pod Identity").
fn trust(platform: &Platform, account: &str) -> serde_json::Value {
    iam::document([Statement::allow(json!(["sts:AssumeRole", "sts:TagSession"]))
        .service("pods.eks.amazonaws.com")
        .condition(json!({ "StringEquals": {
            "aws:RequestTag/eks-cluster-name": platform.name,
            "aws:RequestTag/kubernetes-namespace": NAMESPACE,
            "aws:RequestTag/kubernetes-service-account": account
        } }))])
}

/// Renders the driver when a workload names a file system; nothing otherwise. Waits for
/// the nodes (the controller is a Deployment, the node plugin a DaemonSet) and for the Pod
/// Identity agent that hands both their credentials.
pub fn render(s: &mut StackBuilder, platform: &Platform, up: &Upstream, workloads: &[Workload], node_group: &str) {
    let file_systems = mounted(platform);
    if workloads.is_empty() || file_systems.is_empty() {
        return;
    }
    let arns: Vec<_> = file_systems
        .iter()
        .filter_map(|name| up.data.file_systems.get(*name))
        .map(|fs| s.import(&fs.arn))
        .collect();
    // The controller creates and deletes access points for dynamically provisioned
    // volumes: the managed policy scopes that to access points the driver tagged.
    s.add(
        names::EFS_CSI_CONTROLLER_ROLE,
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "AssumeRolePolicyDocument": trust(platform, CONTROLLER_SERVICE_ACCOUNT),
                "Description": "EFS CSI driver controller (kube-system/efs-csi-controller-sa)",
                "ManagedPolicyArns": [arn("iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy")]
            }),
        ),
    );
    // Mounting with the `iam` option: efs-utils in the node pod signs with the node
    // service account's credentials, and the file system policy leaves the decision to
    // this account's IAM policies (Amazon EFS User Guide, "Using IAM to control file
    // system data access").
    let statements = vec![
        iam::allow(
            "MountFileSystems",
            &[
                "elasticfilesystem:ClientMount",
                "elasticfilesystem:ClientWrite",
            ],
            arns.clone(),
        ),
        iam::allow(
            "FindMountTargets",
            &["elasticfilesystem:DescribeMountTargets"],
            arns,
        ),
    ];
    s.add(
        names::EFS_CSI_NODE_ROLE,
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "AssumeRolePolicyDocument": trust(platform, NODE_SERVICE_ACCOUNT),
                "Description": "EFS CSI driver node plugin (kube-system/efs-csi-node-sa): mounts the workloads' file systems",
                "Policies": [iam::inline_policy("efs-mount", statements)]
            }),
        ),
    );
    s.add(
        "EfsCsiDriver",
        Resource::new(
            "AWS::EKS::Addon",
            json!({
                "AddonName": ADDON,
                "ClusterName": r#ref(names::KUBERNETES_CLUSTER),
                "PodIdentityAssociations": [{
                    "ServiceAccount": CONTROLLER_SERVICE_ACCOUNT,
                    "RoleArn": get_att(names::EFS_CSI_CONTROLLER_ROLE, "Arn")
                }]
            }),
        )
        .depends_on(&[node_group, "PodIdentityAgent"]),
    );
    // What the operator's PersistentVolume names as `volumeHandle` (README, "Usage
    // Engine-style environment").
    for fs in platform.file_systems.iter().filter(|f| file_systems.contains(f.name.as_str())) {
        if let Some(handles) = up.data.file_systems.get(&fs.name) {
            let id = s.import(&handles.id);
            s.output(
                &format!("{}VolumeHandle", fs.id),
                id,
                &format!("volumeHandle of a PersistentVolume on file system {} (EFS CSI driver)", fs.name),
            );
        }
    }
    s.add(
        "EfsCsiNodePodIdentity",
        Resource::new(
            "AWS::EKS::PodIdentityAssociation",
            json!({
                "ClusterName": r#ref(names::KUBERNETES_CLUSTER),
                "Namespace": NAMESPACE,
                "ServiceAccount": NODE_SERVICE_ACCOUNT,
                "RoleArn": get_att(names::EFS_CSI_NODE_ROLE, "Arn")
            }),
        ),
    );
}
