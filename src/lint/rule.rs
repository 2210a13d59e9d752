//! What a lint rule is (an ID, a severity, a one-line summary) and the findings rules emit.

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::yaml::{KeyPath, Pos};

pub use crate::lint::ruledoc::RuleDoc;

/// One problem found by a rule, located in its template.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub pos: Pos,
    pub path: KeyPath,
}

impl Finding {
    /// The finding as the diagnostic every command reports, located in `file`.
    pub fn into_diagnostic(self, file: &std::path::Path) -> Diagnostic {
        Diagnostic {
            code: self.rule,
            severity: self.severity,
            message: self.message,
            location: Some(Location::at(file, self.pos)),
            path: None,
        }
        .with_path(&self.path)
    }
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
