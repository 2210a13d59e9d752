//! Teardown as a designed path: `plan` warns about removals CloudFormation would start and
//! never finish, and `teardown: true` renders an environment whose stacks can be deleted.

use std::fs;

use serde_json::{json, Value};

use crate::support::{platformctl, root, synth};

fn plan(spec: &std::path::Path, against: &std::path::Path) -> (Option<i32>, String) {
    let output = platformctl()
        .args(["plan", "--format", "json", "--against"])
        .arg(against)
        .arg(spec)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

fn findings(stdout: &str) -> Vec<(String, String)> {
    let plan: Value = serde_json::from_str(stdout).unwrap();
    plan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Regression: removing a protected database or a retained store in the VPC used to plan
/// as a plain removal, and the deployment then left the resource in DELETE_FAILED.
#[test]
fn removals_that_cannot_finish_are_warned() {
    let before = synth(&root().join("examples/tdp.yaml"));
    let out = before.path().join("out");
    let data = out.join("data.template.json");
    let mut template: Value = serde_json::from_str(&fs::read_to_string(&data).unwrap()).unwrap();
    let resources = template["Resources"].as_object_mut().unwrap();
    let old_db = resources["Database"].clone();
    let old_domain = resources["SearchDomain"].clone();
    resources.insert("LegacyDatabase".into(), old_db);
    resources.insert("LegacyDomain".into(), old_domain);
    fs::write(&data, template.to_string()).unwrap();

    let (code, stdout) = plan(&root().join("examples/tdp.yaml"), &out);
    assert_eq!(code, Some(0), "warnings do not fail the plan: {stdout}");
    let blocked: Vec<String> = findings(&stdout)
        .into_iter()
        .filter(|(code, _)| code == "plan/removal-blocked")
        .map(|(_, message)| message)
        .collect();
    assert_eq!(blocked.len(), 2, "{blocked:?}");
    assert!(
        blocked[0].contains("data/LegacyDatabase") && blocked[0].contains("deletion protection")
    );
    assert!(blocked[1].contains("data/LegacyDomain") && blocked[1].contains("network interfaces"));
}

/// Under `teardown: true` nothing that would hold a subnet or security group outlives the
/// stacks, and nothing is protected from deletion; the plan says what stays behind.
#[test]
fn teardown_leaves_nothing_that_blocks_deleting_the_network() {
    let work = tempfile::tempdir().unwrap();
    let spec = work.path().join("tdp.yaml");
    let text = fs::read_to_string(root().join("examples/tdp.yaml")).unwrap();
    fs::write(&spec, format!("{text}\nteardown: true\n")).unwrap();
    let before = synth(&root().join("examples/tdp.yaml"));
    let after = synth(&spec);

    for entry in fs::read_dir(after.path().join("out")).unwrap() {
        let path = entry.unwrap().path();
        if !path.to_string_lossy().ends_with(".template.json") {
            continue;
        }
        let template: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        for (id, resource) in template["Resources"].as_object().unwrap() {
            let props = &resource["Properties"];
            assert_ne!(props["DeletionProtection"], json!(true), "{id}");
            let retained = matches!(
                resource["DeletionPolicy"].as_str(),
                Some("Retain" | "RetainExceptOnCreate")
            );
            let in_vpc = props.get("VPCOptions").is_some()
                || props.get("SecurityGroupIds").is_some()
                || props.get("VPCSecurityGroups").is_some();
            assert!(!(retained && in_vpc), "{id} would hold the network");
        }
    }

    let (code, stdout) = plan(&spec, &before.path().join("out"));
    assert_eq!(code, Some(0), "{stdout}");
    let found = findings(&stdout);
    let teardown = found.iter().find(|(code, _)| code == "plan/teardown");
    let message = &teardown.expect("a teardown summary").1;
    assert!(message.contains("data/DatalakeBucket"), "{message}");
    assert!(
        message.contains("final snapshots are taken of data/Database"),
        "{message}"
    );
}
