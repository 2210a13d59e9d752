//! The external tools the tests judge templates with: cfn-lint and checkov from the repo's
//! virtualenv. One file for the integration tests and the library's own tests, which
//! include it by path: both run the tools the same way and fail the same way when a tool is
//! missing.

use std::path::{Path, PathBuf};
use std::process::Command;

/// An external tool from the repo's virtualenv (or `PLATFORMCTL_TOOLS_BIN`). A missing tool
/// fails the test with the command that installs it: no test is skipped silently.
pub fn tool(name: &str) -> PathBuf {
    let dir = std::env::var_os("PLATFORMCTL_TOOLS_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin"));
    let path = dir.join(name);
    assert!(
        path.is_file(),
        "{name} not found at {}; run scripts/setup-tools (it installs cfn-lint, checkov and moto into .venv)",
        path.display()
    );
    path
}

/// Fails unless `cfn-lint -c I` reports nothing at all on `files`; `context` heads the
/// failure message.
pub fn assert_cfn_lint_clean(files: &[PathBuf], context: &str) {
    let output = Command::new(tool("cfn-lint"))
        .args(["--include-checks", "I", "--"])
        .args(files)
        .output()
        .unwrap();
    assert!(
        output.status.success() && output.stdout.is_empty(),
        "cfn-lint ({context}):\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// checkov's JSON report on every CloudFormation template under `dir`, after failing
/// unless it failed no check and exited cleanly.
pub fn checkov_clean_report(dir: &Path) -> serde_json::Value {
    let output = Command::new(tool("checkov"))
        .args([
            "--framework",
            "cloudformation",
            "--skip-download",
            "--compact",
            "--output",
            "json",
            "-d",
        ])
        .arg(dir)
        .env("BC_SKIP_MAPPING", "TRUE")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("checkov output is not JSON ({e}):\n{stdout}"));
    assert_eq!(report["summary"]["failed"], 0, "checkov:\n{stdout}");
    assert!(output.status.success(), "checkov exit status");
    report
}
