//! The Kubernetes workloads' access: per workload, a role its pods get through EKS Pod
//! Identity (the grants of its `access:` block, as a service's task role has them) and
//! the association that ties it to the workload's service account; the Pod Identity agent
//! once per cluster; the EFS CSI driver when a workload names a file system; and the ingress rules that admit the cluster's pods to the stores the
//! workloads name.

use serde_json::{json, Value};

use super::workloads::Workload;
use crate::components::access::{declare_inputs, grants, pod_paths, runtime_secrets};
use crate::components::Platform;
use crate::model::Consumer;
use crate::render::iam::{self, Statement};
use crate::render::intrinsics::{get_att, r#ref, sub};
use crate::render::link::Upstream;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;

/// The add-on that runs the Pod Identity agent on every node.
const POD_IDENTITY_AGENT: &str = "eks-pod-identity-agent";

/// Renders every workload; nothing when there is none. `node_group` is the logical ID
/// of the node group the agent's pods run on.
pub fn render(s: &mut StackBuilder, platform: &Platform, up: &Upstream, workloads: &[Workload], node_group: &str) {
    if workloads.is_empty() {
        return;
    }
    // The agent is a DaemonSet, so it waits for nodes to run on (Amazon EKS User Guide,
    // "Set up the Amazon EKS Pod Identity Agent").
    s.add(
        "PodIdentityAgent",
        Resource::new(
            "AWS::EKS::Addon",
            json!({
                "AddonName": POD_IDENTITY_AGENT,
                "ClusterName": r#ref(names::KUBERNETES_CLUSTER)
            }),
        )
        .depends_on(&[node_group]),
    );
    for w in workloads {
        render_workload(s, platform, up, w);
    }
    super::efs::render(s, platform, up, workloads, node_group);
    pod_paths(s, platform, up);
}

fn render_workload(s: &mut StackBuilder, platform: &Platform, up: &Upstream, w: &Workload) {
    let access = platform
        .access
        .grants(&Consumer::Workload(w.name.clone()));
    declare_inputs(s, up, &access);
    let (mut statements, mut environment) = grants(up, &access);
    // The EFS CSI driver's node pod mounts the file systems, with a role of its own
    // (`super::efs`): the pods' role gets no mount rights.
    statements.retain(|s| s["Sid"] != "MountFileSystems");
    // Pods read their secrets when they need them, as functions do: nothing injects them.
    let (secret_statements, secret_environment) = runtime_secrets(platform, up, &access);
    environment.extend(secret_environment);
    environment.extend(crate::components::services::discovery::addresses(
        platform, &access,
    ));
    if !secret_statements.is_empty() && !statements.iter().any(|s| s["Sid"] == "UseEnvironmentKey") {
        statements.push(iam::allow(
            "UseEnvironmentKey",
            &["kms:Decrypt"],
            vec![r#ref(names::KEY_ARN)],
        ));
    }
    statements.extend(secret_statements);
    let role = names::workload_role(&w.id);
    // EKS Pod Identity assumes the role as the service principal pods.eks.amazonaws.com,
    // with both actions, since it tags the session with the pod's cluster, namespace and
    // service account; the trust admits only this workload's by those tags, so no other
    // association in the account can use the role (Amazon EKS User Guide, "Create IAM role
    // with trust policy required by EKS Pod Identity").
    let trust = iam::document([Statement::allow(json!(["sts:AssumeRole", "sts:TagSession"]))
        .service("pods.eks.amazonaws.com")
        .condition(json!({ "StringEquals": {
            "aws:RequestTag/eks-cluster-name": platform.name,
            "aws:RequestTag/kubernetes-namespace": w.namespace,
            "aws:RequestTag/kubernetes-service-account": w.service_account
        } }))]);
    let mut props = json!({
        "AssumeRolePolicyDocument": trust,
        "Description": format!("Pods of workload {} ({}/{})", w.name, w.namespace, w.service_account)
    });
    if !statements.is_empty() {
        props["Policies"] = json!([iam::inline_policy("platform-access", statements)]);
    }
    if access.search {
        // A fixed name, since the search role mapping in the compute stack must name this
        // role by ARN, and the compute stack is deployed before this one (which imports
        // the services' groups from it): OpenSearch maps a backend role by ARN whether or
        // not the role exists yet.
        props["RoleName"] = json!(names::workload_role_name(&platform.name, &w.name));
        props["Tags"] = json!(crate::components::access::role_tags(platform, &access));
    }
    s.add(&role, Resource::new("AWS::IAM::Role", props));
    s.add(
        names::workload_pod_identity(&w.id),
        Resource::new(
            "AWS::EKS::PodIdentityAssociation",
            json!({
                "ClusterName": r#ref(names::KUBERNETES_CLUSTER),
                "Namespace": w.namespace,
                "ServiceAccount": w.service_account,
                "RoleArn": get_att(&role, "Arn")
            }),
        ),
    );
    if !environment.is_empty() {
        environment.sort_by(|a, b| a["Name"].as_str().cmp(&b["Name"].as_str()));
        // One Fn::Sub: a parameter's value as `${Name}`, a literal as written.
        let lines: Vec<String> = environment
            .iter()
            .map(|var| {
                let name = var["Name"].as_str().unwrap_or_default();
                match (&var["Value"]["Ref"], &var["Value"]) {
                    (Value::String(param), _) => format!("{name}=${{{param}}}"),
                    (_, Value::String(text)) => format!("{name}={}", text.replace("${", "${!")),
                    (_, other) => format!("{name}={other}"),
                }
            })
            .collect();
        s.output(
            &names::workload_environment(&w.id),
            sub(lines.join("\n")),
            &format!(
                "Environment of workload {}'s pods, one NAME=value a line (a ConfigMap's env file)",
                w.name
            ),
        );
    }
}
