//! The synthesized templates of every example, judged by the tools AWS users trust:
//! `cfn-lint -c I` must report nothing at all, and checkov must fail no check.
//!
//! Every example is synthesized into one directory and each tool runs once over all of
//! it: both take seconds to start, and a finding names its file, so nothing is lost.

use crate::support::tools::{assert_cfn_lint_clean, checkov_clean_report};
use crate::support::{examples, platformctl, stem};
use std::path::{Path, PathBuf};

/// Every example synthesized into `<dir>/<example>/`.
fn synth_all(dir: &Path) {
    for spec in examples() {
        let output = platformctl()
            .arg("synth")
            .arg(&spec)
            .arg("-o")
            .arg(dir.join(stem(&spec)))
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "synth {}: {}",
            spec.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

fn templates(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = crate::support::files_below(dir)
        .into_iter()
        .filter(|f| f.ends_with(".template.json"))
        .map(|f| dir.join(f))
        .collect();
    found.sort();
    found
}

#[test]
fn cfn_lint_reports_nothing_on_any_example() {
    let dir = tempfile::tempdir().unwrap();
    synth_all(dir.path());
    let files = templates(dir.path());
    assert!(files.len() >= examples().len() * 3, "{files:?}");
    assert_cfn_lint_clean(&files, "examples");
}

#[test]
fn checkov_fails_no_check_on_any_example() {
    let dir = tempfile::tempdir().unwrap();
    synth_all(dir.path());
    let report = checkov_clean_report(dir.path());
    // Each example must really have been checked, not skipped as unparsable (so no
    // --quiet: it drops the passed checks from the report).
    let passed = report["results"]["passed_checks"].as_array().unwrap();
    for spec in examples() {
        let prefix = format!("/{}/", stem(&spec));
        let count = passed
            .iter()
            .filter(|c| c["file_path"].as_str().unwrap().starts_with(&prefix))
            .count();
        // The smallest, the connector example without a network, passes 43.
        assert!(
            count > 30,
            "checkov checked too little of {prefix}: {count}"
        );
    }
}
