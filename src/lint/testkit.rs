//! Shorthands for the rule tests: lint a template given as text.

use std::collections::HashMap;
use std::path::Path;

use super::rule::Findings;

/// The rule IDs `text` triggers (no regions, no suppressions), sorted.
pub fn rule_ids(text: &str) -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = findings(text).iter().map(|f| f.rule).collect();
    ids.sort_unstable();
    ids
}

/// The findings for `text`, with their messages, for assertions on wording and position.
pub fn findings(text: &str) -> Vec<super::rule::Finding> {
    let template = super::load::parse(Path::new("t.yaml"), text).expect("test template parses");
    let mut out = Findings::default();
    super::rules::run(&template, &HashMap::new(), &[], today(), &mut out);
    out.into_vec()
}

/// The day rule tests judge by: fixed, so that no test changes verdict with the calendar.
pub fn today() -> super::date::Day {
    "2026-12-02".parse().expect("a date")
}

/// A minimal valid template around `resources` (YAML, indented by two spaces).
pub fn with_resources(resources: &str) -> String {
    format!("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n{resources}")
}
