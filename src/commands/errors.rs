//! The error contract: how a command that could not do its job says so.
//!
//! With `--format json` every outcome is one JSON document on stdout, so a CI step that
//! parses it always has something to parse. Bad input and AWS failures become
//! `{"errors": [{file, line, column, path, code, message}]}`: every key always present
//! (`null` when unknown), one entry per problem, in the order found. In text the same
//! problems go to stderr, one line each.

use std::io::Write;

use serde::Serialize;

use crate::aws::AwsError;
use crate::diagnostic::{render, Diagnostic};
use crate::lint::config::ConfigError;
use crate::spec::SpecError;

/// One problem of a failed command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorEntry {
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub path: Option<String>,
    pub code: String,
    pub message: String,
}

impl From<&Diagnostic> for ErrorEntry {
    fn from(d: &Diagnostic) -> Self {
        let location = d.location.as_ref();
        ErrorEntry {
            file: location.map(|l| l.file.to_string_lossy().into_owned()),
            line: location.and_then(|l| l.line),
            column: location.and_then(|l| l.column),
            path: d.path.clone(),
            code: d.code.to_owned(),
            message: d.message.clone(),
        }
    }
}

/// The problems `err` stands for: located diagnostics when it carries them, else one
/// entry whose code says what kind of failure it was (`aws`, or `input`).
pub fn entries(err: &anyhow::Error) -> Vec<ErrorEntry> {
    if let Some(diagnostics) = diagnostics(err) {
        return diagnostics.iter().map(ErrorEntry::from).collect();
    }
    let code = if err.chain().any(|e| e.downcast_ref::<AwsError>().is_some()) {
        "aws"
    } else {
        "input"
    };
    let mut message = err.to_string();
    for cause in err.chain().skip(1) {
        message.push_str(": ");
        message.push_str(&cause.to_string());
    }
    vec![ErrorEntry {
        file: None,
        line: None,
        column: None,
        path: None,
        code: code.to_owned(),
        message,
    }]
}

fn diagnostics(err: &anyhow::Error) -> Option<Vec<Diagnostic>> {
    if let Some(e) = err.downcast_ref::<SpecError>() {
        return Some(e.problems());
    }
    if let Some(e) = err.downcast_ref::<ConfigError>() {
        return Some(vec![(*e.0).clone()]);
    }
    None
}

/// `{"errors": [...]}`, pretty-printed and newline-terminated.
pub fn json(entries: &[ErrorEntry]) -> String {
    let body = serde_json::json!({ "errors": entries });
    let mut out = serde_json::to_string_pretty(&body).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}

/// Writes `err` to stderr as text: located problems one per line, else the message and
/// its causes.
pub fn report_text(err: &anyhow::Error) {
    let mut stderr = std::io::stderr().lock();
    if let Some(diagnostics) = diagnostics(err) {
        let _ = write!(stderr, "{}", render::text(&diagnostics));
        return;
    }
    let _ = writeln!(stderr, "error: {err}");
    for cause in err.chain().skip(1) {
        let _ = writeln!(stderr, "  caused by: {cause}");
    }
}

/// Whether a command line that could not be parsed still asked for JSON (`--format json`
/// or `--format=json`), so that a usage error keeps the contract too.
pub fn asks_for_json(args: &[std::ffi::OsString]) -> bool {
    args.windows(2)
        .any(|w| w[0] == "--format" && w[1] == "json")
        || args.iter().any(|a| a == "--format=json")
}

/// `{"errors": [...]}` for a command line that could not be parsed (code `usage`).
pub fn usage_json(message: &str) -> String {
    json(&[ErrorEntry {
        file: None,
        line: None,
        column: None,
        path: None,
        code: "usage".to_owned(),
        // clap's first line says what is wrong; the rest is usage help for a terminal.
        message: message
            .lines()
            .find(|l| !l.trim().is_empty())
            .map_or("", |l| l.trim().trim_start_matches("error: "))
            .to_owned(),
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_asked_for_in_either_spelling() {
        let args = |a: &[&str]| a.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert!(asks_for_json(&args(&[
            "x", "lint", "--format", "json", "--bad"
        ])));
        assert!(asks_for_json(&args(&["x", "--format=json"])));
        assert!(!asks_for_json(&args(&["x", "--format", "text", "json"])));
    }
}
