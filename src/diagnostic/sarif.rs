//! SARIF 2.1.0, the format GitHub code scanning (and most other scanning dashboards)
//! ingest: one run, the tool's rules with their default levels, and one result per
//! diagnostic with its file, line and column.

use serde_json::{json, Value};

use super::{Diagnostic, Severity};

/// A rule as SARIF lists it.
#[derive(Debug, Clone, Copy)]
pub struct SarifRule<'a> {
    pub id: &'a str,
    pub severity: Severity,
    pub summary: &'a str,
    /// Where the rule's behaviour is documented; empty when there is nothing to cite.
    pub help: &'a str,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The SARIF log for `diagnostics`, listing `rules` as the tool's rules. Paths are kept
/// as given (relative paths stay relative, which is what code scanning resolves against
/// the repository root), with `/` separators.
pub fn sarif(diagnostics: &[Diagnostic], rules: &[SarifRule]) -> String {
    let rule_values: Vec<Value> = rules
        .iter()
        .map(|r| {
            let mut rule = json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": { "text": r.summary },
                "defaultConfiguration": { "level": level(r.severity) },
            });
            if !r.help.is_empty() {
                rule["help"] = json!({ "text": r.help });
            }
            rule
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut result = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": { "text": match &d.path {
                    Some(path) => format!("{path}: {}", d.message),
                    None => d.message.clone(),
                } },
            });
            if let Some(index) = rules.iter().position(|r| r.id == d.code) {
                result["ruleIndex"] = json!(index);
            }
            if let Some(l) = &d.location {
                let mut physical = json!({
                    "artifactLocation": { "uri": l.file.to_string_lossy().replace('\\', "/") },
                });
                if let Some(line) = l.line {
                    physical["region"] =
                        json!({ "startLine": line, "startColumn": l.column.unwrap_or(1) });
                }
                result["locations"] = json!([{ "physicalLocation": physical }]);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "platformctl",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rule_values,
            } },
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).expect("SARIF is plain JSON");
    text.push('\n');
    text
}
