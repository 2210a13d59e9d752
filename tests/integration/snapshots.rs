//! Snapshot tests (insta, stored in `snapshots/`): every template of every example, and
//! whole CLI runs with machine paths filtered out. A change in output shows up as a diff
//! to review, never silently.

use std::fs;

use crate::support::{examples, run, stem, synth};

#[test]
fn rendered_templates_of_every_example() {
    for spec in examples() {
        let dir = synth(&spec);
        let out = dir.path().join("out");
        for name in crate::support::files_below(&out) {
            // The 300-organization example's 16 shards (2 MB of one repeated shape) are
            // left out: `tdp`'s organizations snapshot the same shape, and its parent and
            // manifest show which shards exist.
            if stem(&spec) == "tdp-organizations" && name.starts_with("organizations-") {
                continue;
            }
            let text = fs::read_to_string(out.join(&name)).unwrap();
            // `connectors/a.json` → `connectors__a.json`: snapshot names are flat.
            let flat = name.replace('/', "__");
            crate::support::snapshot_settings()
                .bind(|| insta::assert_snapshot!(format!("{}__{}", stem(&spec), flat), text));
        }
    }
}

fn cli(name: &str, args: &[&str]) {
    let (code, stdout, stderr) = run(args);
    let shown = format!(
        "$ platformctl {}\nexit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}",
        args.join(" ")
    );
    crate::support::snapshot_settings().bind(|| insta::assert_snapshot!(name, shown));
}

#[test]
fn cli_synth_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, stdout, _) = run(&["synth", "examples/tdp.yaml", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0);
    // The temporary directory's name changes every run; only the stacks matter here.
    let shown: String = stdout
        .lines()
        .map(|line| match line.split_once(" written to ") {
            Some((head, _)) => format!("{head} written to [OUT]\n"),
            None => format!("{line}\n"),
        })
        .collect();
    crate::support::snapshot_settings()
        .bind(|| insta::assert_snapshot!("cli_synth_summary", shown));
}

#[test]
fn cli_validate_reports_every_problem_with_file_line_and_path() {
    cli(
        "cli_validate_many_problems_text",
        &["validate", "tests/fixtures/many-problems.yaml"],
    );
    cli(
        "cli_validate_many_problems_json",
        &[
            "validate",
            "tests/fixtures/many-problems.yaml",
            "--format",
            "json",
        ],
    );
}

#[test]
fn cli_unknown_keys_and_broken_yaml_are_input_errors() {
    cli(
        "cli_unknown_key",
        &["validate", "tests/fixtures/unknown-key.yaml"],
    );
    cli(
        "cli_broken_yaml",
        &["synth", "tests/fixtures/broken-yaml.yaml", "-o", "out"],
    );
    cli(
        "cli_missing_file",
        &["validate", "tests/fixtures/does-not-exist.yaml"],
    );
}

#[test]
fn cli_validate_examples() {
    for spec in examples() {
        let rel = spec.strip_prefix(crate::support::root()).unwrap();
        let rel = rel.to_str().unwrap();
        let (code, stdout, stderr) = run(&["validate", rel]);
        assert_eq!(code, 0, "{rel}: {stderr}");
        assert!(stdout.contains("valid"), "{stdout}");
    }
}
