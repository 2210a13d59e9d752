//! The checked-in JSON Schema is what the binary generates, and examples point editors at it.

use std::fs;

use crate::support::{examples, platformctl, root};

/// Fails when `schemas/platform.schema.json` is stale; regenerate it with
/// `platformctl schema > schemas/platform.schema.json`.
#[test]
fn checked_in_schema_matches_the_generated_one() {
    let output = platformctl().arg("schema").output().unwrap();
    assert!(output.status.success());
    let checked_in = fs::read_to_string(root().join("schemas/platform.schema.json")).unwrap();
    assert!(
        String::from_utf8(output.stdout).unwrap() == checked_in,
        "schemas/platform.schema.json is stale: run `cargo run -- schema > schemas/platform.schema.json`"
    );
}

#[test]
fn every_example_starts_with_the_schema_modeline() {
    for spec in examples() {
        let first = fs::read_to_string(&spec)
            .unwrap()
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned();
        // Relative to the file: the fleet's specs sit one folder deeper.
        let depth = spec
            .strip_prefix(crate::support::root())
            .unwrap()
            .components()
            .count()
            - 1;
        let schema = format!("{}schemas/platform.schema.json", "../".repeat(depth));
        assert_eq!(
            first,
            format!("# yaml-language-server: $schema={schema}"),
            "{}",
            spec.display()
        );
    }
}

#[test]
fn the_schema_rejects_unknown_keys_like_the_loader_does() {
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(root().join("schemas/platform.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(schema["additionalProperties"], serde_json::json!(false));
    assert!(schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .any(|k| k == "environment_size"));
}
