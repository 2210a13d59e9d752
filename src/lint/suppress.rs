//! Suppressions: `Metadata: {platformctl: {ignore: [{rule, reason}]}}` on the template (all
//! its findings) or on a resource (findings under that resource), and `lint.ignore` in the
//! config file (everywhere). Every suppression must say why: one without a reason is
//! itself an error, so silencing a rule always leaves a trace a reviewer can read.

use std::collections::HashMap;

use crate::diagnostic::Severity::Error;
use crate::lint::rule::{Finding, Findings, RuleDoc};
use crate::lint::template::{as_str, entries, Template};
use crate::yaml::{KeyPath, Node, Segment, Value};

/// A suppression entry without a non-empty `reason`.
pub const PC0001: RuleDoc = RuleDoc {
    id: "PC0001",
    severity: Error,
    summary: "suppression without a reason",
    help: "",
};
/// A suppression entry that names no known rule, or is not `{rule, reason}`.
pub const PC0002: RuleDoc = RuleDoc {
    id: "PC0002",
    severity: Error,
    summary: "malformed suppression or unknown rule",
    help: "",
};

pub const RULES: &[RuleDoc] = &[PC0001, PC0002];

/// The rules suppressed in one template: for the whole template, and per resource.
#[derive(Debug, Default)]
pub struct Suppressions {
    template: Vec<String>,
    resources: HashMap<String, Vec<String>>,
}

/// Reads the rule IDs in a `Metadata.platformctl.ignore` list, reporting bad entries.
fn ignore_list(
    metadata: Option<&Node>,
    path: &KeyPath,
    known: &dyn Fn(&str) -> bool,
    out: &mut Findings,
) -> Vec<String> {
    let Some(list) = metadata
        .and_then(|m| m.get("platformctl"))
        .and_then(|p| p.get("ignore"))
    else {
        return Vec::new();
    };
    let path = path.key("Metadata").key("platformctl").key("ignore");
    let Value::Seq(items) = &list.value else {
        out.push(
            &PC0002,
            list.pos,
            &path,
            "ignore is a list of {rule, reason}",
        );
        return Vec::new();
    };
    let mut rules = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = path.index(i);
        let Some(rule) = item.get("rule").and_then(as_str) else {
            out.push(
                &PC0002,
                item.pos,
                &at,
                "a suppression is {rule: PCnnnn, reason: why}",
            );
            continue;
        };
        if !known(rule) {
            out.push(
                &PC0002,
                item.pos,
                &at.key("rule"),
                format!("{rule} is not a rule"),
            );
            continue;
        }
        let reason = item
            .get("reason")
            .and_then(as_str)
            .map(str::trim)
            .unwrap_or("");
        if reason.is_empty() {
            out.push(
                &PC0001,
                item.pos,
                &at,
                format!("the suppression of {rule} needs a reason"),
            );
            continue;
        }
        rules.push(rule.to_owned());
    }
    rules
}

impl Suppressions {
    /// Reads the template's and its resources' suppressions.
    pub fn read(template: &Template, known: &dyn Fn(&str) -> bool, out: &mut Findings) -> Self {
        let root = KeyPath::root();
        let mut s = Suppressions {
            template: ignore_list(template.root.get("Metadata"), &root, known, out),
            resources: HashMap::new(),
        };
        let section = root.key("Resources");
        for (id, resource) in entries(template.root.get("Resources")) {
            let rules = ignore_list(resource.get("Metadata"), &section.key(&id.name), known, out);
            if !rules.is_empty() {
                s.resources.insert(id.name.clone(), rules);
            }
        }
        s
    }

    /// Whether `finding` is suppressed. Problems with suppressions themselves never are.
    pub fn covers(&self, finding: &Finding) -> bool {
        if finding.rule == PC0001.id || finding.rule == PC0002.id {
            return false;
        }
        if self.template.iter().any(|r| r == finding.rule) {
            return true;
        }
        match finding.path.segments() {
            [Segment::Key(section), Segment::Key(id), ..] if section == "Resources" => self
                .resources
                .get(id)
                .is_some_and(|rules| rules.iter().any(|r| r == finding.rule)),
            _ => false,
        }
    }
}
