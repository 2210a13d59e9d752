//! The documentation record of one rule, shared by every rule family.

use crate::diagnostic::Severity;

/// A rule's stable ID (`PC2001`), its severity, and the one line `--list-rules` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleDoc {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}
