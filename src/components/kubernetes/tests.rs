//! The `kubernetes.workloads` section: what a spec may say, and what the cluster's stack
//! gives each workload.

use std::path::Path;

use serde_json::json;

use crate::components::{self, testkit};
use crate::render::TemplateFormat;
use crate::spec;

fn spec(workloads: &str) -> String {
    format!("name: k8s-test\nregion: us-east-1\nenvironment_size: Small\nnetwork:\n  vpc_cidr: 10.0.0.0/16\ndatabase: {{}}\nstorage:\n  buckets:\n    - name: raw\nfile_systems:\n  - name: shared\nservices:\n  - name: api\n    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.0.0\n    port: 8080\n  - name: batch\n    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/batch:1.0.0\nkubernetes:\n  workloads:\n{workloads}")
}

/// The key paths of every problem `workloads` has.
fn problems(workloads: &str) -> Vec<String> {
    let yaml = spec(workloads);
    let (s, source) = spec::load_str::<components::Spec>(Path::new("k.yaml"), &yaml).unwrap();
    match components::build(&s, &source) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .problems()
            .into_iter()
            .map(|p| p.path.unwrap_or_default())
            .collect(),
    }
}

#[test]
fn a_workload_gets_a_pod_identity_role_with_its_grants_and_the_database_admits_the_pods() {
    let platform = testkit::platform(&spec(
        "    - name: rating\n      namespace: usage\n      service_account: rating\n      access: { database: true, read_buckets: [raw], services: [api] }\n",
    ));
    let set = components::render(&platform, TemplateFormat::Json);
    let k8s = &set.stacks.iter().find(|s| s.name == "kubernetes").unwrap().template;
    let role = &k8s.resources["RatingWorkloadRole"].properties;
    let trust = &role["AssumeRolePolicyDocument"]["Statement"][0];
    assert_eq!(
        trust["Principal"],
        json!({ "Service": "pods.eks.amazonaws.com" })
    );
    assert_eq!(trust["Action"], json!(["sts:AssumeRole", "sts:TagSession"]));
    assert_eq!(
        trust["Condition"]["StringEquals"],
        json!({
            "aws:RequestTag/eks-cluster-name": "k8s-test",
            "aws:RequestTag/kubernetes-namespace": "usage",
            "aws:RequestTag/kubernetes-service-account": "rating"
        })
    );
    let statements = role["Policies"][0]["PolicyDocument"]["Statement"].to_string();
    assert!(statements.contains("s3:GetObject") && statements.contains("ReadDatabaseSecret"));
    let association = &k8s.resources["RatingPodIdentity"].properties;
    assert_eq!(association["Namespace"], "usage");
    assert_eq!(association["ServiceAccount"], "rating");
    assert_eq!(
        association["RoleArn"],
        json!({ "Fn::GetAtt": ["RatingWorkloadRole", "Arn"] })
    );
    assert_eq!(
        k8s.resources["PodIdentityAgent"].properties["AddonName"],
        "eks-pod-identity-agent"
    );
    let pods = json!({ "Fn::GetAtt": ["Cluster", "ClusterSecurityGroupId"] });
    let db = &k8s.resources["PodsToDatabase"].properties;
    assert_eq!(db["SourceSecurityGroupId"], pods);
    assert_eq!(db["FromPort"], 5432);
    let api = &k8s.resources["PodsToApiService"].properties;
    assert_eq!(api["GroupId"], json!({ "Ref": "ApiServiceSecurityGroupId" }));
    assert_eq!(api["FromPort"], 8080);
}

#[test]
fn two_workloads_on_one_store_share_one_rule_for_the_cluster_group() {
    let platform = testkit::platform(&spec(
        "    - name: a\n      namespace: x\n      service_account: a\n      access: { database: true }\n    - name: b\n      namespace: x\n      service_account: b\n      access: { database: true }\n",
    ));
    let set = components::render(&platform, TemplateFormat::Json);
    let k8s = &set.stacks.iter().find(|s| s.name == "kubernetes").unwrap().template;
    let rules: Vec<_> = k8s
        .resources
        .values()
        .filter(|r| r.kind == "AWS::EC2::SecurityGroupIngress")
        .collect();
    assert_eq!(rules.len(), 1);
    assert_eq!(
        rules[0].properties["Description"],
        "PostgreSQL from EKS pods of a, b"
    );
}

#[test]
fn without_workloads_there_is_no_agent() {
    let platform = testkit::platform(&spec("    []\n").replace("  workloads:\n    []\n", "  workloads: []\n"));
    let set = components::render(&platform, TemplateFormat::Json);
    let k8s = &set.stacks.iter().find(|s| s.name == "kubernetes").unwrap().template;
    assert!(!k8s.resources.contains_key("PodIdentityAgent"));
}

#[test]
fn names_namespaces_and_service_accounts_are_checked_with_their_key_paths() {
    assert_eq!(
        problems("    - name: a\n      namespace: Usage\n      service_account: a_b\n"),
        [
            "kubernetes.workloads[0].namespace",
            "kubernetes.workloads[0].service_account"
        ]
    );
    assert_eq!(
        problems("    - name: a\n      namespace: x\n      service_account: s\n    - name: a\n      namespace: x\n      service_account: t\n"),
        ["kubernetes.workloads[1].name"]
    );
    assert_eq!(
        problems("    - name: a\n      namespace: x\n      service_account: s\n    - name: b\n      namespace: x\n      service_account: s\n"),
        ["kubernetes.workloads[1].service_account"]
    );
}

#[test]
fn what_a_workload_cannot_reach_is_an_error_at_its_access_entry() {
    assert_eq!(
        problems("    - name: a\n      namespace: x\n      service_account: a\n      access: { file_systems: [nope] }\n"),
        ["kubernetes.workloads[0].access.file_systems[0]"]
    );
    assert_eq!(
        problems("    - name: a\n      namespace: x\n      service_account: a\n      access: { services: [nope, batch] }\n"),
        [
            "kubernetes.workloads[0].access.services[0]",
            "kubernetes.workloads[0].access.services[1]"
        ]
    );
}

/// Pods mount EFS through the EFS CSI driver: the add-on with its controller's role, the
/// node plugin's role (the one that mounts) with its own association, the mount targets
/// admitting the cluster's pods, and no mount rights on the pods' own role.
#[test]
fn a_workload_naming_a_file_system_gets_the_efs_csi_driver() {
    let platform = testkit::platform(&spec(
        "    - name: rating\n      namespace: usage\n      service_account: rating\n      access: { file_systems: [shared], read_buckets: [raw] }\n",
    ));
    let set = components::render(&platform, TemplateFormat::Json);
    let k8s = &set.stacks.iter().find(|s| s.name == "kubernetes").unwrap().template;
    let r = &k8s.resources;
    let addon = &r["EfsCsiDriver"].properties;
    assert_eq!(addon["AddonName"], "aws-efs-csi-driver");
    assert_eq!(addon["PodIdentityAssociations"][0]["ServiceAccount"], "efs-csi-controller-sa");
    let node = &r["EfsCsiNodePodIdentity"].properties;
    assert_eq!((&node["Namespace"], &node["ServiceAccount"]), (&json!("kube-system"), &json!("efs-csi-node-sa")));
    let mount = r["EfsCsiNodeRole"].properties["Policies"][0]["PolicyDocument"]["Statement"][0].clone();
    assert_eq!(mount["Resource"], json!([{ "Ref": "SharedFileSystemArn" }]));
    assert_eq!(r["PodsToFileSystem"].properties["FromPort"], 2049);
    let pods = serde_json::Value::Object(r["RatingWorkloadRole"].properties.clone()).to_string();
    assert!(!pods.contains("ClientMount"), "{pods}");
    assert_eq!(k8s.outputs["SharedVolumeHandle"].value, json!({ "Ref": "SharedFileSystemId" }));
}

#[test]
fn without_a_file_system_there_is_no_efs_csi_driver() {
    let platform = testkit::platform(&spec(
        "    - name: rating\n      namespace: usage\n      service_account: rating\n      access: { read_buckets: [raw] }\n",
    ));
    let set = components::render(&platform, TemplateFormat::Json);
    let k8s = &set.stacks.iter().find(|s| s.name == "kubernetes").unwrap().template;
    assert!(!k8s.resources.contains_key("EfsCsiDriver"));
}
