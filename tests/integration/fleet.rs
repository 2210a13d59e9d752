//! Fleets of environments: specs that extend a shared base, and the commands that take
//! many specs at once.

use std::fs;

use crate::support::{platformctl, root};

/// Guards the promise of `extends`: an error in a value the base set names the base's
/// file and line, not the extending spec's.
#[test]
fn an_error_in_a_value_the_base_set_names_the_base_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let base = fs::read_to_string(root().join("examples/fleet/base.yaml"))
        .unwrap()
        .replace("environment_size: Medium", "environment_size: Huge");
    fs::write(dir.path().join("base.yaml"), base).unwrap();
    fs::copy(
        root().join("examples/fleet/acme.yaml"),
        dir.path().join("acme.yaml"),
    )
    .unwrap();
    let output = platformctl()
        .arg("validate")
        .arg(dir.path().join("acme.yaml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = fs::read_to_string(dir.path().join("base.yaml"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("environment_size"))
        .unwrap()
        + 1;
    assert!(
        stderr.contains(&format!("base.yaml:{line}:")),
        "the base's file and line: {stderr}"
    );
    assert!(stderr.contains("environment_size"), "{stderr}");
}

/// The extending spec's own values stay located in it.
#[test]
fn an_error_in_the_extending_spec_names_that_spec() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        root().join("examples/fleet/base.yaml"),
        dir.path().join("base.yaml"),
    )
    .unwrap();
    let acme = fs::read_to_string(root().join("examples/fleet/acme.yaml"))
        .unwrap()
        .replace("vpc_cidr: 10.50.0.0/16", "vpc_cidr: 10.50.0.0/33");
    fs::write(dir.path().join("acme.yaml"), &acme).unwrap();
    let output = platformctl()
        .arg("validate")
        .arg(dir.path().join("acme.yaml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = acme.lines().position(|l| l.contains("vpc_cidr")).unwrap() + 1;
    assert!(stderr.contains(&format!("acme.yaml:{line}:")), "{stderr}");
}

/// The bundled fleet, as an operator first runs it: one row per customer, the base left
/// out, exit 0.
#[test]
fn check_network_over_a_directory_prints_one_row_per_environment() {
    crate::support::snapshot_cli(
        "cli_fleet_check_network",
        &["check-network", "examples/fleet"],
    );
}

fn run_in(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let output = platformctl().args(args).arg(dir).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A fleet directory of the bundled environments plus `extra` (file name, text).
fn fleet_with(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["base.yaml", "acme.yaml", "globex.yaml"] {
        fs::copy(
            root().join("examples/fleet").join(name),
            dir.path().join(name),
        )
        .unwrap();
    }
    for (name, text) in extra {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// Guards the worst-outcome exit code and the all-or-nothing write: one environment whose
/// network cannot hold its size fails the fleet (exit 1), names why, and synth writes no
/// environment at all.
#[test]
fn one_failing_environment_fails_the_fleet_and_synth_writes_nothing() {
    let tight = "extends: base.yaml\nname: tight-prod\nenvironment_size: Large\nnetwork:\n  vpc_cidr: 10.80.0.0/22\n  private_subnets: [10.80.0.0/24, 10.80.1.0/24]\n  public_subnets: [10.80.3.0/26, 10.80.3.64/26]\n";
    let fleet = fleet_with(&[("tight.yaml", tight)]);
    let (code, stdout, _) = run_in(fleet.path(), &["check-network", "--format", "json"]);
    assert_eq!(code, 1, "{stdout}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["verdict"], "fail");
    let rows = doc["environments"].as_array().unwrap();
    assert_eq!(rows.len(), 3, "base.yaml is no environment: {rows:?}");
    let tight_row = rows
        .iter()
        .find(|r| r["environment"] == "tight-prod")
        .unwrap();
    assert_eq!(tight_row["verdict"], "fail");
    assert!(
        tight_row["reason"].as_str().unwrap().contains("network/"),
        "{tight_row}"
    );

    let out = tempfile::tempdir().unwrap();
    let output = platformctl()
        .arg("synth")
        .arg(fleet.path())
        .arg("-o")
        .arg(out.path().join("fleet"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.path().join("fleet").exists(), "nothing written");
}

/// An unreadable environment is `invalid` with its file and line, and the fleet exits 2.
#[test]
fn an_invalid_environment_is_named_with_its_file_and_line_and_exits_2() {
    let broken = "extends: base.yaml\nname: broken\nnetwork:\n  vpc_cidr: nope\n";
    let fleet = fleet_with(&[("broken.yaml", broken)]);
    let (code, stdout, _) = run_in(fleet.path(), &["plan"]);
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stdout.contains("broken.yaml:4:13: error[spec/"),
        "file, line and column of the bad value: {stdout}"
    );
    assert!(
        stdout.contains("3 environments: 2 pass, 0 warn, 0 fail, 1 invalid"),
        "{stdout}"
    );
}

/// Fleet synth writes each environment under its file's stem, and a fleet plan against
/// that output finds nothing to change; an environment new to the fleet is all additions.
#[test]
fn a_fleet_plans_against_its_own_synth_and_a_new_environment_is_all_additions() {
    let fleet = fleet_with(&[]);
    let out = tempfile::tempdir().unwrap();
    let written = out.path().join("fleet");
    let status = platformctl()
        .arg("synth")
        .arg(fleet.path())
        .arg("-o")
        .arg(&written)
        .status()
        .unwrap();
    assert!(status.success());
    for env in ["acme", "globex"] {
        assert!(written.join(env).join("foundation.template.json").is_file());
    }
    // Regression: replacing every environment's earlier output at once, in one process,
    // once collided on one backup name per process ("Directory not empty").
    for _ in 0..3 {
        let output = platformctl()
            .arg("synth")
            .arg(fleet.path())
            .arg("-o")
            .arg(&written)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
    fs::copy(
        root().join("examples/fleet/initech.yaml"),
        fleet.path().join("initech.yaml"),
    )
    .unwrap();
    let output = platformctl()
        .arg("plan")
        .arg(fleet.path())
        .args(["--format", "json", "--detailed-exitcode", "--against"])
        .arg(&written)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "changes: the new environment"
    );
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for row in doc["environments"].as_array().unwrap() {
        let added = row["changes"]["add"].as_u64().unwrap();
        if row["environment"] == "initech-dev" {
            assert!(added > 50, "every resource of the new environment: {row}");
        } else {
            assert_eq!(
                row["changes"],
                serde_json::json!({"add":0,"modify":0,"replace":0,"remove":0}),
                "{row}"
            );
        }
    }
}

/// `--quiet` keeps a fleet synth that succeeds silent, as it does a single one.
#[test]
fn a_quiet_fleet_synth_that_succeeds_prints_nothing() {
    let out = tempfile::tempdir().unwrap();
    let output = platformctl()
        .args(["--quiet", "synth", "examples/fleet", "-o"])
        .arg(out.path().join("fleet"))
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        output.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(out.path().join("fleet/initech/manifest.json").is_file());
}
