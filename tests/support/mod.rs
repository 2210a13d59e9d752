//! Shared helpers for the integration tests: paths, the binary, and external tools.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every example spec, sorted by file name.
pub fn examples() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no examples found");
    found
}

/// The example's name: `examples/tdp.yaml` → `tdp`.
pub fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// A command running the platformctl binary built for these tests.
pub fn platformctl() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_platformctl"));
    cmd.current_dir(root());
    cmd.env("NO_COLOR", "1");
    cmd
}

/// An external tool from the repo's virtualenv (or `PLATFORMCTL_TOOLS_BIN`). A missing tool
/// fails the test with the command that installs it: no test is skipped silently.
pub fn tool(name: &str) -> PathBuf {
    let dir = std::env::var_os("PLATFORMCTL_TOOLS_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".venv/bin"));
    let path = dir.join(name);
    assert!(
        path.is_file(),
        "{name} not found at {}; run scripts/setup-tools (it installs cfn-lint, checkov and moto into .venv)",
        path.display()
    );
    path
}

/// Runs `synth` for `spec` into a new temporary directory and returns it.
pub fn synth(spec: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let status = platformctl()
        .arg("synth")
        .arg(spec)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "synth {} failed: {}",
        spec.display(),
        String::from_utf8_lossy(&status.stderr)
    );
    dir
}

/// Runs the binary with `args` and returns (exit code, stdout, stderr) with the machine's
/// paths replaced by placeholders, ready for snapshots.
pub fn run(args: &[&str]) -> (i32, String, String) {
    let output = platformctl().args(args).output().unwrap();
    let clean = |bytes: &[u8]| {
        String::from_utf8_lossy(bytes)
            .replace(&root().display().to_string(), "[ROOT]")
            .replace(&std::env::temp_dir().display().to_string(), "[TMP]")
    };
    (
        output.status.code().unwrap_or(-1),
        clean(&output.stdout),
        clean(&output.stderr),
    )
}

/// insta settings shared by every snapshot test: snapshots live in `snapshots/`.
pub fn snapshot_settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(root().join("snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s
}

/// Snapshots a whole CLI run: the command line, exit code, stdout and stderr.
pub fn snapshot_cli(name: &str, args: &[&str]) {
    let (code, stdout, stderr) = run(args);
    let shown = format!(
        "$ platformctl {}\nexit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}",
        args.join(" ")
    );
    snapshot_settings().bind(|| insta::assert_snapshot!(name, shown));
}
