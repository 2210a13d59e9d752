//! The `connectors` section as a user meets it: a bad section is refused with every
//! problem located, and a good one writes each connector's path configuration file.

use crate::support::{run, snapshot_cli, synth};

#[test]
fn a_bad_connector_section_is_refused_with_every_problem_and_its_key_path() {
    snapshot_cli(
        "cli_validate_bad_connector",
        &["validate", "tests/fixtures/bad-connector.yaml"],
    );
    let (code, _, stderr) = run(&["validate", "tests/fixtures/bad-connector.yaml"]);
    assert_eq!(code, 2);
    for path in [
        "connectors[0].trusted_role_arn",
        "connectors[0].existing_bucket",
        "connectors[0].visibility_timeout_seconds",
        "connectors[0].paths[0].path",
        "connectors[0].paths[0].source_type",
        "connectors[0].paths[0].pattern",
        "connectors[0].paths[1].pattern",
    ] {
        assert!(stderr.contains(path), "no problem at {path}:\n{stderr}");
    }
}

#[test]
fn synth_refuses_a_bad_connector_section_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, _, _) = run(&[
        "synth",
        "tests/fixtures/bad-connector.yaml",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(!out.exists());
}

#[test]
fn synth_writes_each_connectors_path_configuration_as_the_connector_takes_it() {
    let dir = synth(std::path::Path::new("examples/s3-connector.yaml"));
    let out = dir.path().join("out");
    let text = std::fs::read_to_string(out.join("connectors/instruments.json")).unwrap();
    let config: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(config[0]["path"], "ambr/");
    assert_eq!(config[0]["sourceType"], "instrument");
    assert_eq!(config[0]["pattern"], "**/*.txt");
    assert_eq!(
        config[0]["labels"][0],
        serde_json::json!({ "name": "instrument", "value": "ambr250" })
    );
    // No path configuration: the connector uploads every object.
    let archive = std::fs::read_to_string(out.join("connectors/archive.json")).unwrap();
    assert_eq!(archive.trim(), "[]");
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("connectors/instruments.json"));
}

#[test]
fn the_source_bucket_waits_for_the_topic_policy_that_lets_s3_publish() {
    let dir = synth(std::path::Path::new("examples/s3-connector.yaml"));
    let text = std::fs::read_to_string(dir.path().join("out/connectors.template.json")).unwrap();
    let t: serde_json::Value = serde_json::from_str(&text).unwrap();
    let bucket = &t["Resources"]["InstrumentsSourceBucket"];
    assert_eq!(
        bucket["DependsOn"],
        serde_json::json!(["InstrumentsEventsTopicPolicy"])
    );
    let role = &t["Resources"]["InstrumentsConnectorRole"]["Properties"];
    let actions: Vec<&serde_json::Value> = role["Policies"][0]["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["Action"].as_array().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "s3:ListBucket",
            "s3:GetObject",
            "sqs:GetQueueUrl",
            "sqs:ReceiveMessage",
            "sqs:DeleteMessage",
            "kms:Decrypt",
            // `credential: true`: its configuration parameter and its secret.
            "ssm:GetParameter",
            "secretsmanager:GetSecretValue"
        ]
    );
    assert_eq!(
        t["Resources"]["InstrumentsQueue"]["Properties"]["VisibilityTimeout"],
        600
    );
}
