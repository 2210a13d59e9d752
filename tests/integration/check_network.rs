//! `platformctl check-network` offline: whole runs in every format, and synth's refusal
//! of a network that fails the rule.

use crate::support::{platformctl, snapshot_cli};

const FAILING: &str = "tests/fixtures/large-on-small-subnets.yaml";

#[test]
fn a_passing_network_in_every_format() {
    snapshot_cli(
        "cli_check_network_pass_text",
        &["check-network", "examples/customer-hosted.yaml"],
    );
    snapshot_cli(
        "cli_check_network_pass_json",
        &[
            "check-network",
            "examples/customer-hosted.yaml",
            "--format",
            "json",
        ],
    );
    snapshot_cli(
        "cli_check_network_pass_markdown",
        &[
            "check-network",
            "examples/customer-hosted.yaml",
            "--format",
            "markdown",
        ],
    );
}

#[test]
fn a_large_environment_on_two_slash_23s_fails_with_a_computed_fix() {
    snapshot_cli("cli_check_network_fail_text", &["check-network", FAILING]);
    snapshot_cli(
        "cli_check_network_fail_json",
        &["check-network", FAILING, "--format", "json"],
    );
    snapshot_cli(
        "cli_check_network_fail_markdown",
        &["check-network", FAILING, "--format", "markdown"],
    );
}

#[test]
fn the_json_report_keeps_the_fields_the_design_fixes() {
    let output = platformctl()
        .args(["check-network", FAILING, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["verdict"], "fail");
    assert_eq!(report["environment_size"], "Large");
    assert_eq!(report["capacity"]["usable"], 1014);
    assert_eq!(report["capacity"]["subnets"][0]["usable"], 507);
    assert!(report["demand"]["total"].as_u64().unwrap() > 1024);
    assert!(report["demand"]["components"][0]["why"]
        .as_str()
        .unwrap()
        .contains("awsvpc"));
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["code"].is_string() && f["severity"].is_string()));
    let fix = &report["remediation"];
    assert!(fix["secondary_cidr"].as_str().unwrap().ends_with("/20"));
    assert_eq!(fix["subnets"].as_array().unwrap().len(), 2);
}

#[test]
fn synth_refuses_a_failing_network_unless_the_risk_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let refused = platformctl()
        .args(["synth", FAILING, "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(!out.exists(), "nothing is written");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--allow-network-risk"));
    let accepted = platformctl()
        .args(["synth", FAILING, "--allow-network-risk", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(accepted.status.success());
    assert!(out.join("manifest.json").is_file());
}

#[test]
fn a_region_other_than_the_specs_is_an_input_error() {
    snapshot_cli(
        "cli_check_network_region_mismatch",
        &[
            "check-network",
            "examples/tdp.yaml",
            "--region",
            "eu-west-1",
        ],
    );
}

/// Guards the connector-only environment: a spec without `network` whose sections need
/// no VPC passes every check and gets no network stack.
#[test]
fn a_connector_environment_without_a_network_passes_and_writes_no_network_stack() {
    snapshot_cli(
        "cli_check_network_no_network",
        &["check-network", "examples/s3-connector.yaml"],
    );
    let dir = crate::support::synth(std::path::Path::new("examples/s3-connector.yaml"));
    let out = dir.path().join("out");
    assert!(out.join("connectors.template.json").exists());
    assert!(!out.join("network.template.json").exists());
    let parent = std::fs::read_to_string(out.join("foundation.template.json")).unwrap();
    assert!(!parent.contains("NetworkStack"), "{parent}");
}

/// Guards the validator's message when a section that needs a VPC meets a spec without
/// `network`: each such section is named at its own key, exit code 2.
#[test]
fn sections_that_need_a_vpc_are_named_when_the_network_is_missing() {
    snapshot_cli(
        "cli_validate_network_missing",
        &["validate", "tests/fixtures/services-without-network.yaml"],
    );
}
