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
    help: "",
};
/// A parameter the parent passes that the child template does not declare.
pub const PC5002: RuleDoc = RuleDoc {
    id: "PC5002",
    severity: Error,
    summary: "nested stack passes a parameter its child template does not declare",
    help: "",
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
    let mut name = text.rsplit('/').next()?;
    // `${Prefix}child.yaml`: a variable prefix before a literal file name.
    if let Some(end) = name.rfind('}') {
        name = &name[end + 1..];
    }
    (!name.is_empty() && !name.starts_with('.') && !name.contains("${")).then_some(name)
}

/// Whether a template of this run, in the same directory, deploys `template` as a nested
/// stack (its TemplateURL ends in this file's name): CloudFormation then always reads it
/// from S3.
pub fn is_child(template: &Template, loaded: &HashMap<PathBuf, &Template>) -> bool {
    let dir = template.file.parent().unwrap_or(Path::new(""));
    let Some(own) = template.file.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    loaded.values().any(|parent| {
        parent.file != template.file
            && parent.file.parent().unwrap_or(Path::new("")) == dir
            && entries(parent.root.get("Resources")).iter().any(|(_, r)| {
                r.get("Type").and_then(as_str) == Some("AWS::CloudFormation::Stack")
                    && r.get("Properties")
                        .and_then(|p| p.get("TemplateURL"))
                        .and_then(file_name)
                        == Some(own)
            })
    })
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
        let declared = entries(child.root.get("Parameters"));
        let passed_path = path.key("Parameters");
        let mut sets = Vec::new();
        match props.get("Parameters") {
            None => sets.push((None, passed_path.clone())),
            Some(p) => literal_sets(p, passed_path.clone(), &mut sets),
        }
        for (passed, at) in sets {
            let passed = entries(passed);
            for (k, p) in declared {
                let required = p.get("Default").is_none();
                if required && !passed.iter().any(|(pk, _)| pk.name == k.name) {
                    let msg = format!("{name} requires parameter {} (it has no Default)", k.name);
                    // A branch of Fn::If is named by its path; a plain map by Properties.
                    let whole = at == passed_path;
                    out.push(&PC5001, id.pos, if whole { &path } else { &at }, msg);
                }
            }
            for (k, _) in passed {
                if !declared.iter().any(|(dk, _)| dk.name == k.name) {
                    let msg = format!("{name} declares no parameter {}", k.name);
                    out.push(&PC5002, k.pos, &at.key(&k.name), msg);
                }
            }
        }
    }
}

/// The literal parameter maps `node` may be, each with its path: the map itself, or each
/// branch of an `Fn::If` (nested ones too), since the stack gets one of them. A branch
/// computed otherwise (`!Ref AWS::NoValue`, `Fn::Transform`) has nothing literal to compare.
fn literal_sets<'n>(node: &'n Node, path: KeyPath, sets: &mut Vec<(Option<&'n Node>, KeyPath)>) {
    match function_call(node, Scope::Resources) {
        None if matches!(node.value, Value::Map(_)) => sets.push((Some(node), path)),
        Some((
            "Fn::If",
            Node {
                value: Value::Seq(args),
                ..
            },
        )) if args.len() == 3 => {
            let at = path.key("Fn::If");
            literal_sets(&args[1], at.index(1), sets);
            literal_sets(&args[2], at.index(2), sets);
        }
        _ => {}
    }
}
