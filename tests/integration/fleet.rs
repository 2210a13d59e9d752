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
