//! The CI snippets the README shows (docs/ci/) run as written: this test reads the GitHub
//! workflow and the pre-commit hook, and runs their platformctl commands in a checkout-like
//! directory where `deploy/` holds the synthesized example.

use std::path::{Path, PathBuf};

use crate::support::{platformctl, root};

/// A scratch repository: `examples/tdp.yaml` and `deploy/tdp` as synth writes it.
fn checkout() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("examples")).unwrap();
    std::fs::copy(
        root().join("examples/tdp.yaml"),
        dir.path().join("examples/tdp.yaml"),
    )
    .unwrap();
    let status = platformctl()
        .current_dir(dir.path())
        .args(["synth", "examples/tdp.yaml", "-o", "deploy/tdp"])
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    dir
}

/// Runs one shell line of the form `platformctl ARGS... [> FILE]` in `dir`; returns the exit code.
fn run_line(dir: &Path, line: &str) -> i32 {
    let (command, redirect) = match line.split_once('>') {
        Some((c, f)) => (c, Some(f.trim())),
        None => (line, None),
    };
    let words: Vec<&str> = command.split_whitespace().collect();
    assert_eq!(words[0], "platformctl", "{line}");
    let output = platformctl()
        .current_dir(dir)
        .args(&words[1..])
        .output()
        .unwrap();
    if let Some(file) = redirect {
        std::fs::write(dir.join(file), &output.stdout).unwrap();
    }
    output.status.code().unwrap_or(-1)
}

/// The `run:` lines of the workflow that call platformctl, in order.
fn workflow_commands() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("docs/ci/github-workflow.yml")).unwrap();
    let workflow: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let mut commands = Vec::new();
    for (_, job) in workflow["jobs"].as_mapping().unwrap() {
        for step in job["steps"].as_sequence().unwrap() {
            if let Some(run) = step["run"].as_str() {
                commands.extend(
                    run.lines()
                        .filter(|l| l.starts_with("platformctl "))
                        .map(str::to_owned),
                );
            }
        }
    }
    commands
}

#[test]
fn the_github_workflow_passes_on_fresh_templates_and_fails_on_drift() {
    let commands = workflow_commands();
    assert_eq!(commands.len(), 3, "{commands:?}");
    let dir = checkout();
    for line in &commands {
        assert_eq!(run_line(dir.path(), line), 0, "{line}");
    }
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("platformctl.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    // A hand edit of a committed template is drift: the check step fails.
    let edited = dir.path().join("deploy/tdp/network.template.json");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(
        &edited,
        text.replacen(
            "\"Resources\"",
            "\"Description\": \"edited\",\n  \"Resources\"",
            1,
        ),
    )
    .unwrap();
    let check = commands.iter().find(|c| c.contains("--check")).unwrap();
    assert_eq!(run_line(dir.path(), check), 1, "{check}");
}

#[test]
fn the_pre_commit_hook_lints_the_files_it_selects() {
    let text = std::fs::read_to_string(root().join("docs/ci/pre-commit-config.yaml")).unwrap();
    let config: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let hook = &config["repos"][0]["hooks"][0];
    let entry = hook["entry"].as_str().unwrap();
    let files = regex::Regex::new(hook["files"].as_str().unwrap()).unwrap();
    let exclude = regex::Regex::new(hook["exclude"].as_str().unwrap()).unwrap();
    let dir = checkout();
    // pre-commit passes the staged files that match, relative to the repository root.
    let mut selected: Vec<String> = std::fs::read_dir(dir.path().join("deploy/tdp"))
        .unwrap()
        .map(|e| PathBuf::from("deploy/tdp").join(e.unwrap().file_name()))
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| files.is_match(p) && !exclude.is_match(p))
        .collect();
    selected.sort();
    assert!(
        selected.len() >= 2 && !selected.iter().any(|p| p.ends_with("manifest.json")),
        "{selected:?}"
    );
    let line = format!("{entry} {}", selected.join(" "));
    assert_eq!(run_line(dir.path(), &line), 0, "{line}");
    // A template with a defect, staged alongside, fails the hook.
    std::fs::copy(
        root().join("tests/fixtures/lint/bad.yaml"),
        dir.path().join("deploy/bad.yaml"),
    )
    .unwrap();
    assert!(files.is_match("deploy/bad.yaml"));
    assert_eq!(run_line(dir.path(), &format!("{line} deploy/bad.yaml")), 1);
}
