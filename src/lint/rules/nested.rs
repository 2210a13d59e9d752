//! Nested stacks: when an AWS::CloudFormation::Stack's TemplateURL ends in the name of a
//! template next to the parent on disk, the parameters the parent passes must match what
//! that child declares. CloudFormation reports a missing or unknown parameter only when
//! the nested stack is created, deep inside a parent's rollback.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Severity::Error;
use crate::lint::rule::{Findings, RuleDoc};
use crate::lint::template::{as_str, entries, Template};
use crate::lint::walk::{function_call, Scope};
use crate::yaml::{KeyPath, Node, Value};

/// A child parameter without a Default that the parent does not pass.
pub const PC5001: RuleDoc = RuleDoc {
    id: "PC5001",
    severity: Error,
    summary: "nested stack misses a required parameter of its child template",
};
/// A parameter the parent passes that the child template does not declare.
pub const PC5002: RuleDoc = RuleDoc {
    id: "PC5002",
    severity: Error,
    summary: "nested stack passes a parameter its child template does not declare",
};

pub const RULES: &[RuleDoc] = &[PC5001, PC5002];

/// The file name a TemplateURL ends in, read from a literal, a Fn::Sub template, or the
/// last literal part of a Fn::Join.
fn file_name(url: &Node) -> Option<&str> {
    let text = match function_call(url, Scope::Resources) {
        None => as_str(url)?,
        Some(("Fn::Sub", arg)) => match &arg.value {
            Value::Seq(items) => as_str(items.first()?)?,
            _ => as_str(arg)?,
        },
        Some((
            "Fn::Join",
            Node {
                value: Value::Seq(args),
                ..
            },
        )) => match &args.get(1)?.value {
            Value::Seq(parts) => as_str(parts.last()?)?,
            _ => return None,
        },
        Some(_) => return None,
    };
    let name = text.rsplit('/').next()?;
    (!name.is_empty() && !name.contains("${")).then_some(name)
}

/// Checks every nested stack of `template` whose child is on disk. `loaded` holds the
/// templates of this run by path, so a child linted in the same run is not read twice.
pub fn check(template: &Template, loaded: &HashMap<PathBuf, &Template>, out: &mut Findings) {
    let dir = template.file.parent().unwrap_or(Path::new(""));
    let section = KeyPath::root().key("Resources");
    for (id, resource) in entries(template.root.get("Resources")) {
        if resource.get("Type").and_then(as_str) != Some("AWS::CloudFormation::Stack") {
            continue;
        }
        let Some(props) = resource.get("Properties") else {
            continue;
        };
        let Some(name) = props.get("TemplateURL").and_then(file_name) else {
            continue;
        };
        let child_path = dir.join(name);
        let read;
        let child = match loaded.get(&child_path) {
            Some(t) => *t,
            None => match crate::lint::load::read(&child_path) {
                Ok(t) => {
                    read = t;
                    &read
                }
                Err(_) => continue,
            },
        };
        let path = section.key(&id.name).key("Properties");
        let passed = props.get("Parameters");
        if passed.is_some_and(|p| !matches!(p.value, Value::Map(_))) {
            continue; // computed by a function: nothing literal to compare
        }
        let passed = entries(passed);
        let declared = entries(child.root.get("Parameters"));
        for (k, p) in declared {
            let required = p.get("Default").is_none();
            if required && !passed.iter().any(|(pk, _)| pk.name == k.name) {
                let msg = format!("{name} requires parameter {} (it has no Default)", k.name);
                out.push(&PC5001, id.pos, &path, msg);
            }
        }
        for (k, _) in passed {
            if !declared.iter().any(|(dk, _)| dk.name == k.name) {
                let msg = format!("{name} declares no parameter {}", k.name);
                out.push(&PC5002, k.pos, &path.key("Parameters").key(&k.name), msg);
            }
        }
    }
}
