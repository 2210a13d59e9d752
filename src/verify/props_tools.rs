//! A fixed sample of generated specs judged by cfn-lint (`-c I`) and checkov, as the
//! examples are: the property test checks verify and lint on many specs, and this sample
//! makes sure combinations no example has also pass the tools AWS users run. The sample
//! is drawn with a fixed seed, so a failure reproduces.

use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use super::props::{shape, yaml};
use crate::components::{self, testkit};
use crate::output;
use crate::render::TemplateFormat;

/// Specs in the sample: enough to mix sizes, zones and sections, few enough that both
/// tools run once over all of them in seconds.
const SAMPLE: usize = 8;

/// A tool from the repo's virtualenv (or `PLATFORMCTL_TOOLS_BIN`), or a failure that says
/// how to install it.
fn tool(name: &str) -> PathBuf {
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

/// Synthesizes the sample into `dir/spec<i>/`, with each spec's text beside its templates.
fn synth_sample(dir: &Path) -> Vec<PathBuf> {
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    let mut templates = Vec::new();
    for i in 0..SAMPLE {
        let shape = shape().new_tree(&mut runner).unwrap().current();
        let text = yaml(&shape);
        let platform = testkit::platform(&text);
        let set = components::render(&platform, TemplateFormat::Json);
        let out = dir.join(format!("spec{i}"));
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("spec.yaml.txt"), &text).unwrap();
        let (_, files) = output::files(&platform, &set, false);
        for f in files.iter().filter(|f| f.name.ends_with(".template.json")) {
            std::fs::write(out.join(&f.name), &f.bytes).unwrap();
            templates.push(out.join(&f.name));
        }
    }
    templates
}

#[test]
fn a_sample_of_generated_specs_passes_cfn_lint_and_checkov() {
    let (cfn_lint, checkov) = (tool("cfn-lint"), tool("checkov"));
    let dir = tempfile::tempdir().unwrap();
    let templates = synth_sample(dir.path());
    assert!(templates.len() >= SAMPLE * 3, "{templates:?}");

    let linted = Command::new(cfn_lint)
        .args(["--include-checks", "I", "--"])
        .args(&templates)
        .output()
        .unwrap();
    assert!(
        linted.status.success() && linted.stdout.is_empty(),
        "cfn-lint on generated specs (each spec's text is spec.yaml.txt beside its templates):\n{}{}",
        String::from_utf8_lossy(&linted.stdout),
        String::from_utf8_lossy(&linted.stderr)
    );

    let checked = Command::new(checkov)
        .args([
            "--framework",
            "cloudformation",
            "--skip-download",
            "--compact",
            "--output",
            "json",
            "-d",
        ])
        .arg(dir.path())
        .env("BC_SKIP_MAPPING", "TRUE")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&checked.stdout);
    let report: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("checkov output is not JSON ({e}):\n{stdout}"));
    assert_eq!(report["summary"]["failed"], 0, "checkov:\n{stdout}");
    let passed = report["summary"]["passed"].as_u64().unwrap_or(0);
    assert!(
        passed > 50 * SAMPLE as u64,
        "checkov checked too little: {passed}"
    );
}
