//! The error contract, command by command and outcome by outcome: with `--format json`
//! stdout is one JSON document whatever happens (results, or `{"errors": [...]}` with
//! file, line, column, path, code and message on every entry), and the exit code is the
//! one the README gives for that outcome.

use std::path::Path;
use std::process::Command;

use crate::support::{free_loopback_port, platformctl, root, snapshot_settings, synth};
use serde_json::Value;

const FAILING_NETWORK: &str = "tests/fixtures/large-on-small-subnets.yaml";
const INVALID: &str = "tests/fixtures/many-problems.yaml";
const MISSING: &str = "tests/fixtures/does-not-exist.yaml";

/// Runs `cmd`, asserts its exit code and that stdout is exactly one JSON document, and
/// returns that document.
fn json_run(cmd: &mut Command, code: i32) -> Value {
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}):\n{stdout}"))
}

fn json_of(args: &[&str], code: i32) -> Value {
    json_run(platformctl().args(args), code)
}

/// The entries of an errors document, each checked for the six keys of the contract.
fn errors(doc: &Value) -> &Vec<Value> {
    let entries = doc["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("not an errors document: {doc}"));
    assert!(!entries.is_empty(), "{doc}");
    for entry in entries {
        let keys: Vec<&str> = entry
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            ["file", "line", "column", "path", "code", "message"],
            "{entry}"
        );
        assert!(entry["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    entries
}

/// Dummy credentials and an endpoint nothing listens on: every AWS call fails fast.
fn unreachable_aws(cmd: &mut Command) -> String {
    crate::support::test_credentials(cmd).env_remove("AWS_ENDPOINT_URL");
    format!("http://127.0.0.1:{}", free_loopback_port())
}

fn snapshot_json(name: &str, doc: &Value) {
    let text = serde_json::to_string_pretty(doc).unwrap();
    snapshot_settings().bind(|| insta::assert_snapshot!(name, text));
}

mod validate {
    use super::*;

    #[test]
    fn valid_is_0_with_a_result() {
        let doc = json_of(&["validate", "examples/tdp.yaml", "--format", "json"], 0);
        assert_eq!(doc["valid"], true);
    }

    #[test]
    fn invalid_is_2_with_located_errors() {
        let doc = json_of(&["validate", INVALID, "--format", "json"], 2);
        let first = &errors(&doc)[0];
        assert_eq!(first["file"], INVALID);
        assert_eq!(first["line"], 1);
        assert_eq!(first["path"], "name");
    }

    #[test]
    fn unreadable_is_2_with_an_error() {
        let doc = json_of(&["validate", MISSING, "--format", "json"], 2);
        snapshot_json("contract_validate_missing_file", &doc);
    }
}

mod synth_command {
    use super::*;

    #[test]
    fn written_is_0_with_the_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let doc = json_run(
            platformctl()
                .args(["synth", "examples/tdp.yaml", "--format", "json", "-o"])
                .arg(&out),
            0,
        );
        assert_eq!(doc["environment"], "tdp-prod");
    }

    #[test]
    fn invalid_spec_is_2_with_errors() {
        let dir = tempfile::tempdir().unwrap();
        let doc = json_run(
            platformctl()
                .args(["synth", INVALID, "--format", "json", "-o"])
                .arg(dir.path().join("out")),
            2,
        );
        errors(&doc);
        assert!(!dir.path().join("out").exists());
    }

    #[test]
    fn failing_network_is_1_with_errors() {
        let dir = tempfile::tempdir().unwrap();
        let doc = json_run(
            platformctl()
                .args(["synth", FAILING_NETWORK, "--format", "json", "-o"])
                .arg(dir.path().join("out")),
            1,
        );
        assert!(errors(&doc).iter().all(|e| e["file"] == FAILING_NETWORK));
    }

    #[test]
    fn check_is_0_up_to_date_and_1_drifted() {
        let before = synth(&root().join("examples/tdp.yaml"));
        let out = before.path().join("out");
        let check = |code| {
            json_run(
                platformctl()
                    .args([
                        "synth",
                        "examples/tdp.yaml",
                        "--check",
                        "--format",
                        "json",
                        "-o",
                    ])
                    .arg(&out),
                code,
            )
        };
        assert_eq!(check(0)["up_to_date"], true);
        std::fs::write(out.join("network.template.json"), "{}").unwrap();
        let doc = check(1);
        assert_eq!(doc["up_to_date"], false);
        assert_eq!(doc["differences"][0]["file"], "network.template.json");
        assert_eq!(doc["differences"][0]["difference"], "changed");
    }

    #[test]
    fn unwritable_output_is_2_with_an_error() {
        // A directory that is not synth output is refused, not replaced.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
        let doc = json_run(
            platformctl()
                .args(["synth", "examples/tdp.yaml", "--format", "json", "-o"])
                .arg(dir.path()),
            2,
        );
        assert_eq!(errors(&doc)[0]["code"], "input");
    }
}

mod check_network {
    use super::*;

    #[test]
    fn pass_is_0_with_a_verdict() {
        let doc = json_of(
            &["check-network", "examples/tdp.yaml", "--format", "json"],
            0,
        );
        assert_eq!(doc["verdict"], "pass");
    }

    #[test]
    fn fail_is_1_with_a_verdict() {
        let doc = json_of(&["check-network", FAILING_NETWORK, "--format", "json"], 1);
        assert_eq!(doc["verdict"], "fail");
    }

    #[test]
    fn invalid_spec_is_2_with_errors() {
        let doc = json_of(&["check-network", INVALID, "--format", "json"], 2);
        errors(&doc);
    }

    #[test]
    fn aws_failure_is_2_with_an_aws_error() {
        let mut cmd = platformctl();
        let endpoint = unreachable_aws(&mut cmd);
        cmd.args([
            "check-network",
            FAILING_NETWORK,
            "--format",
            "json",
            "--vpc-id",
            "vpc-0123456789abcdef0",
            "--endpoint-url",
            &endpoint,
        ]);
        let doc = json_run(&mut cmd, 2);
        assert_eq!(errors(&doc)[0]["code"], "aws");
    }
}

mod plan {
    use super::*;

    fn retagged(dir: &Path) -> String {
        let text = std::fs::read_to_string(root().join("examples/tdp.yaml")).unwrap();
        let spec = dir.join("tdp.yaml");
        std::fs::write(
            &spec,
            text.replace("owner: platform-team", "owner: data-team"),
        )
        .unwrap();
        spec.display().to_string()
    }

    #[test]
    fn clean_is_0_with_a_plan() {
        let before = synth(&root().join("examples/tdp.yaml"));
        let out = before.path().join("out");
        let doc = json_run(
            platformctl()
                .args(["plan", "examples/tdp.yaml", "--format", "json", "--against"])
                .arg(&out),
            0,
        );
        assert!(doc["summary"].is_object());
    }

    #[test]
    fn invalid_spec_is_2_with_errors() {
        errors(&json_of(&["plan", INVALID, "--format", "json"], 2));
    }

    #[test]
    fn unsupported_region_is_2_with_an_error() {
        let args = [
            "plan",
            "examples/tdp.yaml",
            "--region",
            "mars-1",
            "--format",
            "json",
        ];
        let doc = json_of(&args, 2);
        assert!(errors(&doc)[0]["message"]
            .as_str()
            .unwrap()
            .contains("us-east-1"));
    }

    #[test]
    fn detailed_exitcode_is_0_without_changes_and_2_with_changes() {
        let before = synth(&root().join("examples/tdp.yaml"));
        let out = before.path().join("out");
        let plan = |spec: &str, code| {
            json_run(
                platformctl()
                    .args(["plan", spec, "--detailed-exitcode", "--format", "json"])
                    .arg("--against")
                    .arg(&out),
                code,
            )
        };
        plan("examples/tdp.yaml", 0);
        let changed = retagged(before.path());
        let doc = plan(&changed, 2);
        assert!(doc["summary"]["modify"].as_u64().unwrap() > 0, "{doc}");
    }

    /// Guards the flag's promise: 2 means changes, so an error must not exit 2.
    #[test]
    fn detailed_exitcode_errors_are_1() {
        let args = ["plan", INVALID, "--detailed-exitcode", "--format", "json"];
        errors(&json_of(&args, 1));
        let text = platformctl()
            .args(["plan", MISSING, "--detailed-exitcode"])
            .output()
            .unwrap();
        assert_eq!(text.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&text.stderr).contains("does-not-exist.yaml"));
    }

    #[test]
    fn aws_failure_is_2_or_1_under_detailed_exitcode() {
        for (detailed, code) in [(false, 2), (true, 1)] {
            let mut cmd = platformctl();
            let endpoint = unreachable_aws(&mut cmd);
            cmd.args([
                "plan",
                "examples/tdp.yaml",
                "--format",
                "json",
                "--stack-name",
                "tdp-prod",
                "--endpoint-url",
                &endpoint,
            ]);
            if detailed {
                cmd.arg("--detailed-exitcode");
            }
            let doc = json_run(&mut cmd, code);
            assert_eq!(errors(&doc)[0]["code"], "aws");
        }
    }
}

mod lint {
    use super::*;

    #[test]
    fn clean_is_0_with_an_empty_list() {
        let args = [
            "lint",
            "tests/lint-corpus/good/network.yaml",
            "--format",
            "json",
        ];
        assert_eq!(json_of(&args, 0), serde_json::json!([]));
    }

    #[test]
    fn findings_are_1_with_the_list() {
        let args = ["lint", "tests/fixtures/lint/bad.yaml", "--format", "json"];
        assert!(!json_of(&args, 1).as_array().unwrap().is_empty());
    }

    #[test]
    fn an_unparsable_file_is_2_with_a_located_finding() {
        let args = ["lint", "tests/hostile/tab-indent.yaml", "--format", "json"];
        let doc = json_of(&args, 2);
        assert_eq!(doc[0]["code"], "PC1000");
        assert_eq!(doc[0]["location"]["line"], 4);
        assert_eq!(doc[0]["location"]["column"], 1);
    }

    #[test]
    fn a_bad_config_is_2_with_located_errors() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.yaml");
        std::fs::write(&config, "lint:\n  colour: red\n").unwrap();
        let doc = json_run(
            platformctl()
                .args([
                    "lint",
                    "tests/lint-corpus/good/network.yaml",
                    "--format",
                    "json",
                ])
                .arg("--config")
                .arg(&config),
            2,
        );
        let entry = &errors(&doc)[0];
        assert_eq!(entry["line"], 2);
        assert_eq!(entry["code"], "config");
    }

    #[test]
    fn an_unknown_region_is_2_with_an_error() {
        let args = [
            "lint",
            "tests/lint-corpus/good/network.yaml",
            "--region",
            "mars-1",
            "--format",
            "json",
        ];
        errors(&json_of(&args, 2));
    }
}

mod connector_backfill {
    use super::*;

    #[test]
    fn invalid_spec_is_2_with_errors() {
        let args = [
            "connector",
            "backfill",
            INVALID,
            "--connector",
            "x",
            "--format",
            "json",
        ];
        errors(&json_of(&args, 2));
    }

    #[test]
    fn an_unknown_connector_is_2_with_an_error() {
        let args = [
            "connector",
            "backfill",
            "examples/s3-connector.yaml",
            "--connector",
            "nope",
            "--format",
            "json",
        ];
        errors(&json_of(&args, 2));
    }

    #[test]
    fn aws_failure_is_2_with_an_aws_error() {
        let mut cmd = platformctl();
        let endpoint = unreachable_aws(&mut cmd);
        cmd.args([
            "connector",
            "backfill",
            "examples/s3-connector.yaml",
            "--connector",
            "instruments",
            "--format",
            "json",
            "--endpoint-url",
            &endpoint,
        ]);
        let doc = json_run(&mut cmd, 2);
        assert_eq!(errors(&doc)[0]["code"], "aws");
    }
}

#[test]
fn schema_is_0_with_the_schema() {
    let doc = json_of(&["schema"], 0);
    assert!(doc["properties"].is_object());
}

/// A command line that cannot be parsed still answers in JSON when JSON was asked for.
#[test]
fn a_usage_error_is_2_with_an_error() {
    let doc = json_of(
        &[
            "validate",
            "examples/tdp.yaml",
            "--format",
            "json",
            "--colour",
        ],
        2,
    );
    assert_eq!(errors(&doc)[0]["code"], "usage");
}
