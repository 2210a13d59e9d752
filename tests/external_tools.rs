//! The synthesized templates of every example, judged by the tools AWS users trust:
//! `cfn-lint -c I` must report nothing at all, and checkov must fail no check.

mod support;

use std::process::Command;

use support::{examples, stem, synth, tool};

fn templates(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".template.json"))
        .collect();
    found.sort();
    found
}

#[test]
fn cfn_lint_reports_nothing_on_any_example() {
    let cfn_lint = tool("cfn-lint");
    for spec in examples() {
        let dir = synth(&spec);
        let output = Command::new(&cfn_lint)
            .args(["--include-checks", "I", "--"])
            .args(templates(&dir.path().join("out")))
            .output()
            .unwrap();
        assert!(
            output.status.success() && output.stdout.is_empty(),
            "cfn-lint on {}:\n{}{}",
            stem(&spec),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn checkov_fails_no_check_on_any_example() {
    let checkov = tool("checkov");
    for spec in examples() {
        let dir = synth(&spec);
        let output = Command::new(&checkov)
            .args([
                "--framework",
                "cloudformation",
                "--skip-download",
                "--compact",
                "--quiet",
                "--output",
                "json",
                "-d",
            ])
            .arg(dir.path().join("out"))
            .env("BC_SKIP_MAPPING", "TRUE")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
            panic!(
                "checkov output for {} is not JSON ({e}):\n{stdout}",
                stem(&spec)
            )
        });
        let summary = &report["summary"];
        assert_eq!(
            summary["failed"],
            0,
            "checkov on {}:\n{stdout}",
            stem(&spec)
        );
        assert!(
            summary["passed"].as_u64().unwrap() > 50,
            "checkov checked too little on {}: {summary}",
            stem(&spec)
        );
        assert!(
            output.status.success(),
            "checkov exit status on {}",
            stem(&spec)
        );
    }
}
