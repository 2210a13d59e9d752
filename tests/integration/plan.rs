//! `platformctl plan`: stable identities on every example, the stateful-replacement gate,
//! exit codes, region support, and whole runs in each format.

use std::fs;
use std::path::Path;

use crate::support::{examples, platformctl, root, snapshot_cli, stem, synth};
use serde_yaml::Value;

/// Reverses every list the spec treats as a set (names, grants, endpoints, subscribers,
/// an existing VPC's subnets), recursively. Per-AZ subnet lists of a new VPC are left as
/// they are: their order says which AZ each block is in.
fn reverse_sets(value: &mut Value, key: &str) {
    match value {
        Value::Sequence(items) => {
            let positional = key == "private_subnets" && items.iter().all(|i| i.is_string());
            // `pipelines.workflow.steps` is an order, not a set: its tasks run in it.
            if !positional && !["public_subnets", "cidrs", "steps"].contains(&key) {
                items.reverse();
            }
            for item in items {
                reverse_sets(item, "");
            }
        }
        Value::Mapping(map) => {
            for (k, v) in map.iter_mut() {
                reverse_sets(v, k.as_str().unwrap_or_default());
            }
        }
        _ => {}
    }
}

/// The spec at `path` with the base it extends merged in (maps key by key, anything else
/// replaced), as `extends` does: lists pushed to below must be the environment's whole
/// lists, not replacements of the base's.
fn flattened(path: &Path) -> Value {
    fn merge(base: Value, over: Value) -> Value {
        match (base, over) {
            (Value::Mapping(mut b), Value::Mapping(o)) => {
                for (k, v) in o {
                    let merged = match b.remove(&k) {
                        Some(old) => merge(old, v),
                        None => v,
                    };
                    b.insert(k, merged);
                }
                Value::Mapping(b)
            }
            (_, over) => over,
        }
    }
    let mut spec: Value = serde_yaml::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    let Some(base) = spec.as_mapping_mut().unwrap().remove("extends") else {
        return spec;
    };
    let base = flattened(&path.with_file_name(base.as_str().unwrap()));
    merge(base, spec)
}

/// Adds `item` to the list `section.key`, creating the section when the spec has none.
fn push_item(spec: &mut Value, section: &str, key: &str, item: &str) {
    let map = spec.as_mapping_mut().unwrap();
    let section = map.entry(section.into()).or_insert(Value::Null);
    if section.is_null() {
        *section = Value::Mapping(Default::default());
    }
    let list = section
        .as_mapping_mut()
        .unwrap()
        .entry(key.into())
        .or_insert_with(|| Value::Sequence(Vec::new()));
    list.as_sequence_mut()
        .unwrap()
        .insert(0, serde_yaml::from_str(item).unwrap());
}

fn write_spec(dir: &Path, name: &str, spec: &Value) -> String {
    let path = dir.join(name);
    fs::write(&path, serde_yaml::to_string(spec).unwrap()).unwrap();
    path.to_str().unwrap().to_owned()
}

fn plan_json(spec: &str, against: &Path) -> serde_json::Value {
    let output = platformctl()
        .args(["plan", spec, "--format", "json", "--against"])
        .arg(against)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "plan of {spec} failed: {}{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Guards the design rule that logical IDs come from names: reordering any list, or adding
/// an item, must never replace or remove a resource.
#[test]
fn reordering_lists_or_adding_items_replaces_and_removes_nothing() {
    for example in examples() {
        let before = synth(&example);
        let work = tempfile::tempdir().unwrap();
        let mut spec = flattened(&example);
        reverse_sets(&mut spec, "");
        let reordered = write_spec(work.path(), "reordered.yaml", &spec);
        let plan = plan_json(&reordered, &before.path().join("out"));
        assert_eq!(
            plan["summary"],
            serde_json::json!({ "add": 0, "modify": 0, "replace": 0, "remove": 0 }),
            "{}: reordering changed {}",
            stem(&example),
            plan["changes"]
        );

        push_item(&mut spec, "messaging", "queues", "{ name: added-queue }");
        push_item(&mut spec, "storage", "buckets", "{ name: added-bucket }");
        let grown = write_spec(work.path(), "grown.yaml", &spec);
        let plan = plan_json(&grown, &before.path().join("out"));
        let summary = &plan["summary"];
        assert_eq!(
            (summary["replace"].as_u64(), summary["remove"].as_u64()),
            (Some(0), Some(0)),
            "{}: {}",
            stem(&example),
            plan["changes"]
        );
        assert!(
            summary["add"].as_u64().unwrap() >= 4,
            "the new queue, its dead-letter queue, the bucket and its policy: {summary}"
        );
    }
}

/// A spec change that replaces the database (its initial database name is create-only).
fn renamed_database(dir: &Path) -> String {
    let text = fs::read_to_string(root().join("examples/tdp.yaml"))
        .unwrap()
        .replace("database_name: triggers", "database_name: events");
    let path = dir.join("renamed.yaml");
    fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// Regression: CloudFormation refuses to replace a resource that keeps its custom name
/// (the database's fixed identifier), so `--allow-replace` must not make such a plan pass.
#[test]
fn replacing_a_custom_named_resource_is_an_error_that_allow_replace_cannot_silence() {
    let before = synth(&root().join("examples/tdp.yaml"));
    let out = before.path().join("out");
    let work = tempfile::tempdir().unwrap();
    let spec = renamed_database(work.path());
    let run = |extra: &[&str]| {
        platformctl()
            .args(["plan", &spec, "--against"])
            .arg(&out)
            .args(extra)
            .output()
            .unwrap()
    };

    for extra in [&[][..], &["--allow-replace", "Database"][..]] {
        let refused = run(extra);
        assert_eq!(refused.status.code(), Some(1), "{extra:?}");
        let stdout = String::from_utf8_lossy(&refused.stdout);
        assert!(
            stdout.contains("-/+ Database (AWS::RDS::DBInstance): DBName"),
            "{stdout}"
        );
        assert!(
            stdout.contains("plan/custom-name-replacement")
                && stdout.contains("keeps its custom name `DBInstanceIdentifier`"),
            "{stdout}"
        );
    }
}

/// A stateful replacement CloudFormation can carry out (no custom name) fails the plan
/// until it is allowed by logical ID.
#[test]
fn a_stateful_replacement_fails_the_plan_unless_allowed_by_name() {
    let before = synth(&root().join("examples/tdp.yaml"));
    let out = before.path().join("out");
    // The deployed bucket had a fixed name; the spec's has none, so a new bucket replaces it.
    let data = out.join("data.template.json");
    let mut template: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&data).unwrap()).unwrap();
    template["Resources"]["DatalakeBucket"]["Properties"]["BucketName"] =
        serde_json::json!("acme-datalake");
    fs::write(&data, template.to_string()).unwrap();
    let run = |extra: &[&str]| {
        platformctl()
            .args(["plan", "examples/tdp.yaml", "--against"])
            .arg(&out)
            .args(extra)
            .output()
            .unwrap()
    };

    let blocked = run(&[]);
    assert_eq!(blocked.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&blocked.stdout);
    assert!(
        stdout.contains("-/+ DatalakeBucket (AWS::S3::Bucket): BucketName"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "!! holds data: replaced with DeletionPolicy RetainExceptOnCreate, UpdateReplacePolicy Retain"
        ),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&blocked.stderr).contains("--allow-replace"));

    assert_eq!(
        run(&["--allow-replace", "DatalakeBucket"]).status.code(),
        Some(0)
    );
    assert_eq!(
        run(&["--allow-replace", "DatalakeBucket", "--detailed-exitcode"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn detailed_exitcode_is_zero_without_changes() {
    let before = synth(&root().join("examples/tdp.yaml"));
    let status = platformctl()
        .args([
            "plan",
            "examples/tdp.yaml",
            "--detailed-exitcode",
            "--against",
        ])
        .arg(before.path().join("out"))
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn plan_reports_in_every_format() {
    let before = synth(&root().join("examples/tdp.yaml"));
    let out = before.path().join("out");
    let work = tempfile::tempdir().unwrap();
    let spec = renamed_database(work.path());
    for (format, name) in [
        ("text", "cli_plan_replace_text"),
        ("json", "cli_plan_replace_json"),
        ("markdown", "cli_plan_replace_markdown"),
    ] {
        let output = platformctl()
            .args(["plan", &spec, "--format", format, "--against"])
            .arg(&out)
            .output()
            .unwrap();
        let shown = String::from_utf8_lossy(&output.stdout)
            .replace(out.to_str().unwrap(), "[PREVIOUS]")
            .replace(&spec, "[SPEC]");
        crate::support::snapshot_settings().bind(|| insta::assert_snapshot!(name, shown));
    }
}

#[test]
fn an_unsupported_region_is_an_input_error_that_lists_the_supported_ones() {
    snapshot_cli(
        "cli_plan_unsupported_region",
        &["plan", "examples/tdp.yaml", "--region", "sa-east-1"],
    );
}

#[test]
fn plan_against_a_directory_that_is_not_synth_output_is_an_input_error() {
    snapshot_cli(
        "cli_plan_against_not_output",
        &["plan", "examples/tdp.yaml", "--against", "examples"],
    );
}

/// Turning auto scaling on for services that ran a fixed count adds a scalable target and a
/// policy per service and touches nothing that exists.
#[test]
fn adding_service_scaling_adds_targets_and_policies_and_replaces_nothing() {
    let example = root().join("examples/tdp.yaml");
    let mut spec: Value = serde_yaml::from_str(&fs::read_to_string(&example).unwrap()).unwrap();
    let services = spec["services"].as_sequence_mut().unwrap();
    let count = services.len() as u64;
    for service in services.iter_mut() {
        // Large runs three tasks: a maximum of three is a fixed count, which scales nothing.
        service.as_mapping_mut().unwrap().insert(
            "scaling".into(),
            serde_yaml::from_str("{ max: 3 }").unwrap(),
        );
    }
    let work = tempfile::tempdir().unwrap();
    let fixed = write_spec(work.path(), "fixed.yaml", &spec);
    let before = synth(Path::new(&fixed));
    let plan = plan_json(example.to_str().unwrap(), &before.path().join("out"));
    assert_eq!(
        plan["summary"],
        serde_json::json!({ "add": 2 * count, "modify": 0, "replace": 0, "remove": 0 }),
        "{}",
        plan["changes"]
    );
}

/// Adding a pipeline task adds its resources and widens the orchestrator's policy: nothing
/// is replaced or removed, and no service changes (they keep their launch type whatever
/// the cluster's default capacity-provider strategy).
#[test]
fn adding_a_pipeline_task_replaces_nothing_and_touches_only_the_orchestrator() {
    let example = root().join("examples/tdp.yaml");
    let before = synth(&example);
    let work = tempfile::tempdir().unwrap();
    let mut spec: Value = serde_yaml::from_str(&fs::read_to_string(&example).unwrap()).unwrap();
    push_item(
        &mut spec,
        "pipelines",
        "tasks",
        "{ name: exporter, image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/tdp/exporter:1.0.0 }",
    );
    let grown = write_spec(work.path(), "grown.yaml", &spec);
    let plan = plan_json(&grown, &before.path().join("out"));
    let summary = &plan["summary"];
    assert_eq!(summary["replace"], 0, "{}", plan["changes"]);
    assert_eq!(summary["remove"], 0, "{}", plan["changes"]);
    let modified: Vec<&str> = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["action"] == "modify" && c["stack"] == "compute")
        .filter_map(|c| c["logical_id"].as_str())
        .collect();
    assert_eq!(
        modified,
        ["PipelineOrchestratorRole"],
        "{}",
        plan["changes"]
    );
}

/// Guards the organizations' sharding: an organization's stack comes from a hash of its
/// name alone, so adding one adds its own resources and changes nothing else, and
/// removing one removes only its own.
#[test]
fn adding_or_removing_an_organization_touches_only_its_own_resources() {
    let example = root().join("examples/tdp.yaml");
    let before = synth(&example);
    let work = tempfile::tempdir().unwrap();
    let mut spec: Value = serde_yaml::from_str(&fs::read_to_string(&example).unwrap()).unwrap();
    let list = spec["organizations"].as_sequence_mut().unwrap();
    list.insert(0, serde_yaml::from_str("{ name: added-org }").unwrap());
    let grown = write_spec(work.path(), "grown.yaml", &spec);
    let plan = plan_json(&grown, &before.path().join("out"));
    assert_only(&plan, "add", "OrgAddedOrg");

    let list = spec["organizations"].as_sequence_mut().unwrap();
    list.retain(|o| o["name"] != "globex" && o["name"] != "added-org");
    let shrunk = write_spec(work.path(), "shrunk.yaml", &spec);
    let plan = plan_json(&shrunk, &before.path().join("out"));
    assert_only(&plan, "remove", "OrgGlobex");
}

/// Every change of `plan` is `action`, on the organization's five resources (logical IDs
/// starting `prefix`) and, when its shard was or becomes empty, the shard's stack.
fn assert_only(plan: &serde_json::Value, action: &str, prefix: &str) {
    let changes = plan["changes"].as_array().unwrap();
    let own = changes
        .iter()
        .filter(|c| c["logical_id"].as_str().unwrap().starts_with(prefix))
        .count();
    assert_eq!(own, 5, "{changes:?}");
    for change in changes {
        let id = change["logical_id"].as_str().unwrap();
        let shard_stack = id.starts_with("Organizations") && id.ends_with("Stack");
        assert!(id.starts_with(prefix) || shard_stack, "{change}");
        assert_eq!(change["action"], action, "{change}");
    }
}

/// Adding notification mail, a sender and the Data Apps' distributions to the TDP example
/// removes nothing and replaces nothing but the sender's task definition (a new revision
/// with its `EMAIL_CONFIGURATION_SET`): no stateful resource is touched beyond the key
/// policy's new statements.
#[test]
fn adding_email_and_data_apps_replaces_only_the_senders_task_definition() {
    let example = root().join("examples/tdp.yaml");
    let work = tempfile::tempdir().unwrap();
    let mut spec: Value = serde_yaml::from_str(&fs::read_to_string(&example).unwrap()).unwrap();
    let map = spec.as_mapping_mut().unwrap();
    map.remove("email");
    map.remove("data_apps");
    for service in map["services"].as_sequence_mut().unwrap() {
        if let Some(access) = service.get_mut("access").and_then(Value::as_mapping_mut) {
            access.remove("send_email");
        }
    }
    let smaller = write_spec(work.path(), "smaller.yaml", &spec);
    let before = work.path().join("before");
    let status = platformctl()
        .args(["synth", &smaller, "-o"])
        .arg(&before)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let plan = plan_json(example.to_str().unwrap(), &before);
    assert_eq!(plan["summary"]["remove"], 0, "{}", plan["changes"]);
    let replaced: Vec<(&str, &str)> = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["action"] == "replace")
        .map(|c| {
            (
                c["logical_id"].as_str().unwrap(),
                c["type"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        replaced,
        [("PipelineWorkerTaskDefinition", "AWS::ECS::TaskDefinition")],
        "{}",
        plan["changes"]
    );
}
