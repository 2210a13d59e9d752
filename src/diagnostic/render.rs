//! Renderers for lists of diagnostics: one function per output format.

use std::fmt::Write as _;

use super::{Diagnostic, Severity};

/// `file:line:col: severity[code]: path: message`, one per line, then a count.
pub fn text(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let _ = writeln!(out, "{d}");
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    if !diagnostics.is_empty() {
        let _ = writeln!(out, "{errors} error(s), {warnings} warning(s)");
    }
    out
}

/// A JSON array of diagnostics, pretty-printed, newline-terminated.
pub fn json(diagnostics: &[Diagnostic]) -> String {
    let mut out = serde_json::to_string_pretty(diagnostics).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}
