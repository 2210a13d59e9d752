//! A fixed sample of generated specs judged by cfn-lint (`-c I`) and checkov, as the
//! examples are: the property test checks verify and lint on many specs, and this sample
//! makes sure combinations no example has also pass the tools AWS users run. The sample
//! is drawn with a fixed seed, so a failure reproduces.

use std::path::{Path, PathBuf};

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use super::props::{shape, yaml};
use crate::components::{self, testkit};
use crate::output;
use crate::render::TemplateFormat;

/// Specs in the sample: enough to mix sizes, zones and sections, few enough that both
/// tools run once over all of them in seconds.
const SAMPLE: usize = 8;

#[path = "../../tests/integration/support/tools.rs"]
mod tools;

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
    let dir = tempfile::tempdir().unwrap();
    let templates = synth_sample(dir.path());
    assert!(templates.len() >= SAMPLE * 3, "{templates:?}");
    tools::assert_cfn_lint_clean(
        &templates,
        "generated specs; each spec's text is spec.yaml.txt beside its templates",
    );
    let report = tools::checkov_clean_report(dir.path());
    let passed = report["summary"]["passed"].as_u64().unwrap_or(0);
    assert!(
        passed > 50 * SAMPLE as u64,
        "checkov checked too little: {passed}"
    );
}
