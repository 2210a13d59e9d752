//! `platformctl verify`: every example's accesses open on every layer, and each layer,
//! broken by hand in a synthesized template, named as the one that blocks.

use std::fs;
use std::path::Path;

use serde_json::{json, Value};

use crate::support::{examples, platformctl, root, synth};

fn verify(spec: &Path, templates: Option<&Path>) -> (i32, Value) {
    let mut cmd = platformctl();
    cmd.arg("verify").arg(spec).args(["--format", "json"]);
    if let Some(dir) = templates {
        cmd.arg("--templates").arg(dir);
    }
    let out = cmd.output().unwrap();
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), report)
}

#[test]
fn every_example_verifies_clean() {
    for spec in examples() {
        let (code, report) = verify(&spec, None);
        assert_eq!(code, 0, "{}: {report:#}", spec.display());
        assert_eq!(report["undeclared"], json!([]), "{}", spec.display());
    }
}

/// Synthesizes the TDP example, lets `edit` break one thing in one template, and returns
/// the report on the edited files.
fn broken(stack: &str, edit: impl FnOnce(&mut Value)) -> (i32, Value) {
    broken_example("tdp.yaml", stack, edit)
}

fn broken_example(example: &str, stack: &str, edit: impl FnOnce(&mut Value)) -> (i32, Value) {
    broken_spec(&root().join("examples").join(example), stack, edit)
}

/// Services on ECS beside pods on EKS (`tests/fixtures/services-beside-pods.yaml`), with
/// one layer broken.
fn broken_beside(stack: &str, edit: impl FnOnce(&mut Value)) -> (i32, Value) {
    broken_spec(&root().join(BESIDE), stack, edit)
}

const BESIDE: &str = "tests/fixtures/services-beside-pods.yaml";

fn broken_spec(spec: &std::path::Path, stack: &str, edit: impl FnOnce(&mut Value)) -> (i32, Value) {
    let spec = spec.to_owned();
    let dir = synth(&spec);
    let out = dir.path().join("out");
    let file = out.join(format!("{stack}.template.json"));
    let mut template: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    edit(&mut template["Resources"]);
    fs::write(&file, template.to_string()).unwrap();
    verify(&spec, Some(&out))
}

/// The layers of the access `consumer verb target`, from a report.
fn layers<'r>(report: &'r Value, consumer: &str, verb: &str, target: &str) -> &'r Value {
    report["accesses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["consumer"] == consumer && a["verb"] == verb && a["target"] == target)
        .map(|a| &a["layers"])
        .unwrap_or_else(|| panic!("no access {consumer} {verb} {target}: {report:#}"))
}

fn blocked_only(layers: &Value, layer: &str, logical_id: &str) {
    for name in ["network", "identity", "resource", "key"] {
        let status = &layers[name]["status"];
        if name == layer {
            assert_eq!(status, "blocked", "{name}: {layers:#}");
            assert_eq!(layers[name]["logical_id"], logical_id, "{layers:#}");
        } else {
            assert_ne!(status, "blocked", "{name}: {layers:#}");
        }
    }
}

#[test]
fn a_dropped_ingress_rule_blocks_the_network_layer() {
    let (code, report) = broken("compute", |r| {
        r.as_object_mut()
            .unwrap()
            .remove("ApiSecurityGroupToDatabase");
    });
    assert_eq!(code, 1);
    blocked_only(
        layers(&report, "service api", "connect", "database"),
        "network",
        "DatabaseSecurityGroup",
    );
}

#[test]
fn a_dropped_action_blocks_the_identity_layer() {
    let (code, report) = broken("compute", |r| {
        for statement in r["ApiTaskRole"]["Properties"]["Policies"][0]["PolicyDocument"]
            ["Statement"]
            .as_array_mut()
            .unwrap()
        {
            if statement["Sid"] == "ReadBuckets" {
                statement["Action"] = json!(["s3:GetObjectTagging"]);
            }
        }
    });
    assert_eq!(code, 1);
    blocked_only(
        layers(&report, "service api", "read", "bucket datalake"),
        "identity",
        "ApiTaskRole",
    );
}

#[test]
fn a_deny_in_the_bucket_policy_blocks_the_resource_layer() {
    let (code, report) = broken("data", |r| {
        r["DatalakeBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*" }));
    });
    assert_eq!(code, 1);
    blocked_only(
        layers(&report, "service api", "read", "bucket datalake"),
        "resource",
        "DatalakeBucketPolicy",
    );
}

#[test]
fn a_key_policy_without_the_account_blocks_the_key_layer() {
    let (code, report) = broken("security", |r| {
        let statements = r["PlatformKey"]["Properties"]["KeyPolicy"]["Statement"]
            .as_array_mut()
            .unwrap();
        statements.retain(|s| s["Sid"] != "AccountAdministersKeyThroughIam");
    });
    assert_eq!(code, 1);
    blocked_only(
        layers(&report, "service api", "read", "bucket datalake"),
        "key",
        "PlatformKey",
    );
}

#[test]
fn reach_nobody_declared_is_listed() {
    let (code, report) = broken("compute", |r| {
        r["IndexerTaskRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "Effect": "Allow", "Action": "s3:PutObject", "Resource": { "Fn::Sub": "${DatalakeBucketArn}/*" } }));
    });
    assert_eq!(code, 1);
    let undeclared = report["undeclared"].as_array().unwrap();
    assert!(
        undeclared
            .iter()
            .any(|u| u["logical_id"] == "IndexerTaskRole" && u["target"] == "bucket datalake"),
        "{report:#}"
    );
}

/// Regression: a file system policy that holds only a Deny replaces EFS's default allow,
/// so no one can mount.
#[test]
fn a_deny_only_file_system_policy_blocks_the_resource_layer() {
    let (code, report) = broken_beside("data", |r| {
        r["WorkflowDataFileSystem"]["Properties"]["FileSystemPolicy"]["Statement"]
            .as_array_mut()
            .unwrap()
            .retain(|s| s["Effect"] == "Deny");
    });
    assert_eq!(code, 1);
    blocked_only(
        layers(
            &report,
            "service edge-gateway",
            "mount",
            "file system workflow-data",
        ),
        "resource",
        "WorkflowDataFileSystem",
    );
}

/// Depot's Spark application is a consumer like a service: its job runtime role's edges
/// are proved, and a role without its action is blocked on identity.
#[test]
fn a_spark_job_role_without_its_action_is_blocked_on_identity() {
    let (code, report) = verify(&root().join("examples/depot.yaml"), None);
    assert_eq!(code, 0, "{report:#}");
    let l = layers(&report, "spark compaction", "write", "bucket data");
    for name in ["identity", "resource", "key"] {
        assert_eq!(l[name]["status"], "open", "{name}: {l:#}");
    }
    let (code, report) = broken_example("depot.yaml", "compute", |r| {
        r["CompactionSparkJobRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
            .as_array_mut()
            .unwrap()
            .retain(|s| s["Sid"] != "WriteBuckets");
    });
    assert_eq!(code, 1);
    blocked_only(
        layers(&report, "spark compaction", "write", "bucket data"),
        "identity",
        "CompactionSparkJobRole",
    );
}

/// The Usage Engine example's pod workload `mediation`, with one layer broken.
fn broken_pods(stack: &str, edit: impl FnOnce(&mut Value)) -> (i32, Value) {
    broken_example("usage-engine.yaml", stack, edit)
}

/// The workload's role, from a kubernetes template's resources.
fn pod_statements(r: &mut Value) -> &mut Vec<Value> {
    r["MediationWorkloadRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
        .as_array_mut()
        .unwrap()
}

#[test]
fn a_pod_workload_without_its_ingress_rule_is_blocked_on_the_network() {
    let (code, report) = broken_pods("kubernetes", |r| {
        r.as_object_mut().unwrap().remove("PodsToDatabase");
    });
    assert_eq!(code, 1);
    blocked_only(
        layers(&report, "workload mediation", "connect", "database"),
        "network",
        "DatabaseSecurityGroup",
    );
}

#[test]
fn a_pod_workload_without_its_action_is_blocked_on_identity() {
    let (code, report) = broken_pods("kubernetes", |r| {
        pod_statements(r).retain(|s| s["Sid"] != "ReadDatabaseSecret");
    });
    assert_eq!(code, 1);
    blocked_only(
        layers(&report, "workload mediation", "connect", "database"),
        "identity",
        "MediationWorkloadRole",
    );
}

#[test]
fn a_pod_workload_without_key_rights_is_blocked_on_the_key() {
    let (code, report) = broken_pods("kubernetes", |r| {
        pod_statements(r).retain(|s| s["Sid"] != "UseEnvironmentKey");
    });
    assert_eq!(code, 1);
    blocked_only(
        layers(&report, "workload mediation", "write", "bucket archive"),
        "key",
        "MediationWorkloadRole",
    );
}

#[test]
fn a_deny_in_the_bucket_policy_blocks_a_pod_workload_on_the_resource() {
    let (code, report) = broken_pods("data", |r| {
        r["ArchiveBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*" }));
    });
    assert_eq!(code, 1);
    blocked_only(
        layers(&report, "workload mediation", "write", "bucket archive"),
        "resource",
        "ArchiveBucketPolicy",
    );
}

/// The pods' file system is mounted by the EFS CSI driver's node plugin: its role is the
/// identity layer, the cluster's group admitted on NFS the network layer.
#[test]
fn a_pod_workload_mounts_its_file_system_through_the_efs_csi_driver() {
    let (code, report) = broken_pods("kubernetes", |r| {
        r.as_object_mut().unwrap().remove("PodsToFileSystem");
    });
    assert_eq!(code, 1);
    blocked_only(
        layers(
            &report,
            "workload mediation",
            "mount",
            "file system workflow-data",
        ),
        "network",
        "FileSystemSecurityGroup",
    );
    let (code, report) = broken_pods("kubernetes", |r| {
        r["EfsCsiNodeRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
            .as_array_mut()
            .unwrap()
            .retain(|s| s["Sid"] != "MountFileSystems");
    });
    assert_eq!(code, 1);
    blocked_only(
        layers(
            &report,
            "workload mediation",
            "mount",
            "file system workflow-data",
        ),
        "identity",
        "EfsCsiNodeRole",
    );
}

/// A service is reached on its port alone: the network is the only layer that applies.
#[test]
fn a_service_target_is_judged_on_the_network_only() {
    let (code, report) = verify(&root().join(BESIDE), None);
    assert_eq!(code, 0, "{report:#}");
    let l = layers(&report, "workload mediation", "call", "service collector");
    assert_eq!(l["network"]["status"], "open");
    for name in ["identity", "resource", "key"] {
        assert_eq!(l[name]["status"], "n/a", "{name}: {l:#}");
    }
    let (code, report) = broken_beside("kubernetes", |r| {
        r.as_object_mut().unwrap().remove("PodsToCollectorService");
    });
    assert_eq!(code, 1);
    blocked_only(
        layers(&report, "workload mediation", "call", "service collector"),
        "network",
        "CollectorSecurityGroup",
    );
}

#[test]
fn a_role_missing_from_the_search_role_mapping_blocks_the_resource_layer() {
    let (code, report) = broken("compute", |r| {
        r["SearchRoleMapping"]["Properties"]["BackendRoles"]
            .as_array_mut()
            .unwrap()
            .retain(|role| role["Fn::GetAtt"][0] != "ApiTaskRole");
    });
    assert_eq!(code, 1);
    blocked_only(
        layers(&report, "service api", "query", "search"),
        "resource",
        "SearchRoleMapping",
    );
    // The other consumer is still mapped.
    blocked_only(
        layers(&report, "service indexer", "query", "search"),
        "none",
        "-",
    );
}

#[test]
fn a_service_port_open_to_the_vpc_is_undeclared_reach() {
    let (code, report) = broken_beside("compute", |r| {
        r["CollectorSecurityGroup"]["Properties"]["SecurityGroupIngress"] = json!([
            { "IpProtocol": "tcp", "FromPort": 7070, "ToPort": 7070, "CidrIp": "10.80.0.0/16" }
        ]);
    });
    assert_eq!(code, 1);
    let undeclared = report["undeclared"].as_array().unwrap();
    assert!(
        undeclared
            .iter()
            .any(|u| u["logical_id"] == "CollectorSecurityGroup"
                && u["target"] == "service collector"),
        "{report:#}"
    );
}

#[test]
fn a_pod_role_granted_beyond_its_entries_is_undeclared_reach() {
    let (code, report) = broken_pods("kubernetes", |r| {
        pod_statements(r).push(json!({ "Effect": "Allow", "Action": "s3:GetObject", "Resource": { "Fn::Sub": "${ArchiveBucketArn}/*" } }));
    });
    assert_eq!(code, 1);
    let undeclared = report["undeclared"].as_array().unwrap();
    assert!(
        undeclared
            .iter()
            .any(|u| u["logical_id"] == "MediationWorkloadRole" && u["target"] == "bucket archive"),
        "{report:#}"
    );
}

/// The cache admits exactly its consumers: a pod workload's path goes with its rule, and
/// an address block on the cache's group is reach nobody declared.
#[test]
fn the_cache_admits_only_its_consumers() {
    let (code, report) = broken_pods("kubernetes", |r| {
        r.as_object_mut().unwrap().remove("PodsToCache");
    });
    assert_eq!(code, 1);
    blocked_only(
        layers(&report, "workload mediation", "connect", "cache"),
        "network",
        "CacheSecurityGroup",
    );
    let (code, report) = broken_pods("data", |r| {
        r["CacheSecurityGroup"]["Properties"]["SecurityGroupIngress"] = json!([
            { "IpProtocol": "tcp", "FromPort": 6379, "ToPort": 6379, "CidrIp": "10.80.0.0/16" }
        ]);
    });
    assert_eq!(code, 1);
    assert!(
        report["undeclared"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["logical_id"] == "CacheSecurityGroup" && u["target"] == "cache"),
        "{report:#}"
    );
}

#[test]
fn a_role_without_the_search_consumer_tag_is_not_admitted_by_the_domain() {
    let (code, report) = broken("compute", |r| {
        r["ApiTaskRole"]["Properties"]["Tags"]
            .as_array_mut()
            .unwrap()
            .retain(|t| t["Key"] != "platformctl:search-consumer");
    });
    assert_eq!(code, 1);
    blocked_only(
        layers(&report, "service api", "query", "search"),
        "resource",
        "SearchDomain",
    );
}

/// A VPC link no `apis:` entry accounts for is a path into the VPC no security group shows.
#[test]
fn a_vpc_link_no_api_declares_is_undeclared_reach() {
    let (code, report) = broken_example("depot.yaml", "compute", |r| {
        r["RogueVpcLink"] = json!({
            "Type": "AWS::ApiGateway::VpcLink",
            "Properties": { "Name": "rogue", "TargetArns": [{ "Ref": "ConnectorLoadBalancer" }] }
        });
    });
    assert_eq!(code, 1);
    let undeclared = report["undeclared"].as_array().unwrap();
    assert_eq!(undeclared.len(), 1, "{report:#}");
    assert_eq!(undeclared[0]["logical_id"], "RogueVpcLink");
}

/// Guards the DynamoDB target: a role without its table statement is blocked on the
/// identity layer, and no key permission is asked of it (DynamoDB uses the key itself).
#[test]
fn a_table_writer_without_its_statement_is_blocked_on_identity() {
    let (code, report) = broken("compute", |r| {
        r["PipelineWorkerTaskRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
            .as_array_mut()
            .unwrap()
            .retain(|s| s["Sid"] != "WriteTables");
    });
    assert_eq!(code, 1);
    let l = layers(
        &report,
        "service pipeline-worker",
        "write",
        "table workflow-state",
    );
    assert_eq!(l["identity"]["status"], "blocked", "{l:#}");
    assert_eq!(l["key"]["status"], "n/a", "{l:#}");
}

/// Guards the Kinesis target: a producer whose role lost its stream statement is blocked
/// on the identity layer, and one that lost the key is blocked on the key layer (the
/// stream is encrypted with the environment's key).
#[test]
fn a_stream_writer_without_its_statement_or_the_key_is_blocked() {
    let (code, report) = broken("compute", |r| {
        r["TelemetryIngestTaskRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
            .as_array_mut()
            .unwrap()
            .retain(|s| s["Sid"] != "WriteStreams");
    });
    assert_eq!(code, 1);
    let edge = (
        "service telemetry-ingest",
        "write",
        "stream instrument-telemetry",
    );
    let l = layers(&report, edge.0, edge.1, edge.2);
    blocked_only(l, "identity", "TelemetryIngestTaskRole");
    let (code, report) = broken("compute", |r| {
        r["TelemetryIngestTaskRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
            .as_array_mut()
            .unwrap()
            .retain(|s| s["Sid"] != "UseEnvironmentKey");
    });
    assert_eq!(code, 1);
    let l = layers(&report, edge.0, edge.1, edge.2);
    assert_eq!(l["key"]["status"], "blocked", "{l:#}");
}

/// The pipe's role consumes the queue `pipelines.workflow.source_queue` names, and only
/// that one: granted another queue, it is reach no entry declares.
#[test]
fn the_pipe_role_on_another_queue_is_undeclared_reach() {
    let (code, report) = broken("compute", |r| {
        r["PipelineSourceRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"][0]
            ["Resource"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "Ref": "IndexingQueueArn" }));
    });
    assert_eq!(code, 1);
    let undeclared = report["undeclared"].as_array().unwrap();
    assert_eq!(undeclared.len(), 1, "{report:#}");
    assert_eq!(undeclared[0]["logical_id"], "PipelineSourceRole");
    assert_eq!(undeclared[0]["target"], "queue indexing");
}

/// The sender's role without its SES statement: `verify` names the identity layer.
#[test]
fn a_sender_without_its_send_email_grant_is_blocked_on_identity() {
    let (code, report) = broken("compute", |r| {
        r["PipelineWorkerTaskRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
            .as_array_mut()
            .unwrap()
            .retain(|s| s["Sid"] != "SendEmail");
    });
    assert_eq!(code, 1);
    blocked_only(
        layers(&report, "service pipeline-worker", "send", "email"),
        "identity",
        "PipelineWorkerTaskRole",
    );
}
