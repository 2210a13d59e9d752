//! The kubernetes stack: an EKS cluster in the workload subnets with a private API endpoint,
//! secrets encrypted with the environment's key, every control-plane log type in a log
//! group kept a year, and one managed node group.

use serde_json::{json, Value};

use crate::components::{Kubernetes, Platform};
use crate::render::firewall::{vpc_ingress, Peer, Rule};
use crate::render::iam::{self, Statement};
use crate::render::intrinsics::{arn, get_att, r#ref};
use crate::render::link::Upstream;
use crate::render::logs;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::tags::Tags;
use crate::render::template::Resource;

/// Every control-plane log type EKS can send to CloudWatch Logs (EKS User Guide,
/// "Send control plane logs to CloudWatch Logs").
const CONTROL_PLANE_LOGS: &[&str] = &[
    "api",
    "audit",
    "authenticator",
    "controllerManager",
    "scheduler",
];

/// The AWS managed policies a node role needs to join the cluster, pull images and run the
/// VPC CNI (EKS User Guide, "Amazon EKS node IAM role").
const NODE_POLICIES: &[&str] = &[
    "AmazonEKSWorkerNodePolicy",
    "AmazonEC2ContainerRegistryPullOnly",
    "AmazonEKS_CNI_Policy",
];

/// A trust policy for an AWS service principal that EKS documents without conditions.
fn trust(service: &str) -> Value {
    iam::document([Statement::allow("sts:AssumeRole").service(service)])
}

pub fn render(s: &mut StackBuilder, platform: &Platform, k: &Kubernetes, up: &Upstream) {
    s.import(&up.security.key_arn);
    s.import(&up.network.vpc_id);
    s.import(&up.network.private_subnet_ids);
    let name = platform.name.clone();
    s.add(
        "ClusterLogGroup",
        // EKS writes to this name; creating it first sets retention and encryption.
        logs::log_group(format!("/aws/eks/{name}/cluster"), logs::RETENTION_DAYS),
    );
    s.add(
        "ClusterRole",
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "AssumeRolePolicyDocument": trust("eks.amazonaws.com"),
                "ManagedPolicyArns": [arn("iam::aws:policy/AmazonEKSClusterPolicy")]
            }),
        ),
    );
    let everywhere_in_vpc: Vec<Value> = platform
        .network
        .vpc
        .cidrs()
        .iter()
        .map(|block| {
            Rule::all(
                Peer::Cidr(block.to_string()),
                format!("Nodes and pods in {block}"),
            )
            .into()
        })
        .collect();
    s.add(
        "ClusterSecurityGroup",
        Resource::new(
            "AWS::EC2::SecurityGroup",
            json!({
                "GroupDescription": format!("{name} EKS control plane"),
                "VpcId": r#ref(names::VPC_ID),
                "SecurityGroupIngress": vpc_ingress(platform, 443, "Kubernetes API"),
                "SecurityGroupEgress": everywhere_in_vpc
            }),
        ),
    );
    s.add(
        names::KUBERNETES_CLUSTER,
        Resource::new(
            "AWS::EKS::Cluster",
            json!({
                "Name": name,
                "Version": k.version,
                "RoleArn": get_att("ClusterRole", "Arn"),
                "ResourcesVpcConfig": {
                    "SubnetIds": r#ref(names::PRIVATE_SUBNET_IDS),
                    "SecurityGroupIds": [r#ref("ClusterSecurityGroup")],
                    "EndpointPrivateAccess": true,
                    "EndpointPublicAccess": false
                },
                "EncryptionConfig": [{ "Provider": { "KeyArn": r#ref(names::KEY_ARN) }, "Resources": ["secrets"] }],
                "Logging": { "ClusterLogging": { "EnabledTypes": CONTROL_PLANE_LOGS.iter().map(|t| json!({ "Type": t })).collect::<Vec<_>>() } },
                "AccessConfig": { "AuthenticationMode": "API", "BootstrapClusterCreatorAdminPermissions": true }
            }),
        )
        .depends_on(&["ClusterLogGroup"]),
    );
    s.add(
        "NodeRole",
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "AssumeRolePolicyDocument": trust("ec2.amazonaws.com"),
                "ManagedPolicyArns": NODE_POLICIES.iter().map(|p| arn(&format!("iam::aws:policy/{p}"))).collect::<Vec<_>>()
            }),
        ),
    );
    let tags = Tags::of(platform).map();
    let node_type = k.node_instance_type;
    s.add(
        "NodeGroup",
        Resource::new(
            "AWS::EKS::Nodegroup",
            json!({
                "ClusterName": r#ref("Cluster"),
                "NodegroupName": format!("{name}-nodes"),
                "NodeRole": get_att("NodeRole", "Arn"),
                "Subnets": r#ref(names::PRIVATE_SUBNET_IDS),
                "InstanceTypes": [node_type.name],
                "AmiType": if node_type.arm64 { "AL2023_ARM_64_STANDARD" } else { "AL2023_x86_64_STANDARD" },
                "CapacityType": "ON_DEMAND",
                "DiskSize": k.node_disk_gb,
                "ScalingConfig": { "MinSize": k.min_nodes, "DesiredSize": k.min_nodes, "MaxSize": k.max_nodes },
                "UpdateConfig": { "MaxUnavailable": 1 },
                "Tags": tags
            }),
        ),
    );
    super::pods::render(s, platform, up, &k.workloads, "NodeGroup");
    s.output(
        names::KUBERNETES_CLUSTER_NAME,
        r#ref("Cluster"),
        "Name of the EKS cluster",
    );
    s.output(
        names::KUBERNETES_CLUSTER_ENDPOINT,
        get_att("Cluster", "Endpoint"),
        "Private endpoint of the Kubernetes API",
    );
}
