//! What a lint rule is (an ID, a severity, a one-line summary) and the findings rules emit.

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::yaml::{KeyPath, Pos};

/// One problem a rule found in a template, located at the node it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub pos: Pos,
    pub path: KeyPath,
}

/// A rule's identity for listings, documentation and configuration, the same for every
/// rule family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleDoc {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// The AWS documentation the rule relies on (guide and page), for `--list-rules` and
    /// SARIF's help text; empty for rules about the template format itself.
    pub help: &'static str,
}

impl Finding {
    pub(crate) fn new(rule: &RuleDoc, message: String, pos: Pos, path: KeyPath) -> Self {
        Finding {
            rule: rule.id,
            severity: rule.severity,
            message,
            pos,
            path,
        }
    }
}

/// `finding` as the diagnostic every command reports, located in `file`.
pub fn into_diagnostic(finding: Finding, file: &std::path::Path) -> Diagnostic {
    Diagnostic {
        code: finding.rule,
        severity: finding.severity,
        message: finding.message,
        location: Some(Location::at(file, finding.pos)),
        path: None,
    }
    .with_path(&finding.path)
}

/// Collects findings for one template; rules push into it by their [`RuleDoc`], so a
/// finding's severity always is the one the rule documents.
#[derive(Debug, Default)]
pub struct Findings {
    items: Vec<Finding>,
}

impl Findings {
    pub fn push(&mut self, rule: &RuleDoc, pos: Pos, path: &KeyPath, message: impl Into<String>) {
        self.items.push(Finding {
            rule: rule.id,
            severity: rule.severity,
            message: message.into(),
            pos,
            path: path.clone(),
        });
    }

    /// Adds findings made elsewhere (the resource property checks).
    pub fn extend(&mut self, findings: impl IntoIterator<Item = Finding>) {
        self.items.extend(findings);
    }

    pub fn into_vec(self) -> Vec<Finding> {
        self.items
    }

    #[cfg(test)]
    pub fn as_slice(&self) -> &[Finding] {
        &self.items
    }
}
