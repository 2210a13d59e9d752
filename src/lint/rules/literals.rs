//! Literal strings that only work inside a function: a `${Name}` variable outside
//! `Fn::Sub`, which CloudFormation passes on verbatim, and an Availability Zone given to
//! `Fn::GetAZs`, which takes a Region.

use crate::diagnostic::Severity::Error;
use crate::lint::rule::{Findings, RuleDoc};
use crate::lint::template::{Index, Template};
use crate::yaml::{KeyPath, Node, Value};

/// `${Name}` naming a parameter, resource or pseudo parameter in a plain string.
pub const PC2035: RuleDoc = RuleDoc {
    id: "PC2035",
    severity: Error,
    summary: "${Name} variable written outside Fn::Sub",
    help: "AWS CloudFormation User Guide, Fn::Sub (only Fn::Sub substitutes ${} variables)",
};
/// `Fn::GetAZs` given a zone name such as `us-east-1a`.
pub const PC2036: RuleDoc = RuleDoc {
    id: "PC2036",
    severity: Error,
    summary: "Fn::GetAZs given an Availability Zone instead of a Region",
    help: "AWS CloudFormation User Guide, Fn::GetAZs (the parameter is a Region name)",
};

pub const RULES: &[RuleDoc] = &[PC2035, PC2036];

/// Keys whose subtree is substituted by something other than Fn::Sub, so `${...}` there is
/// someone else's syntax: Step Functions' DefinitionSubstitutions, the language
/// extensions' loop variables, macros.
fn substituted_elsewhere(key: &str) -> bool {
    key == "Fn::Sub"
        || key == "Fn::Transform"
        || key.starts_with("Fn::ForEach")
        || key == "Definition"
        || key == "DefinitionString"
        || key == "Metadata"
}

/// How deep a value is followed; deeper templates are limited by the loader anyway.
const MAX_DEPTH: u16 = 64;

pub fn check(template: &Template, index: &Index, out: &mut Findings) {
    for section in ["Resources", "Outputs"] {
        if let Some(node) = template.root.get(section) {
            walk(node, &KeyPath::root().key(section), index, 0, out);
        }
    }
}

fn walk(node: &Node, path: &KeyPath, index: &Index, depth: u16, out: &mut Findings) {
    if depth > MAX_DEPTH {
        return;
    }
    match &node.value {
        Value::Map(entries) => {
            if let [(key, arg)] = entries.as_slice() {
                if key.name == "Fn::GetAZs" {
                    get_azs(arg, &path.key(&key.name), out);
                }
            }
            for (key, value) in entries {
                if !substituted_elsewhere(&key.name) {
                    walk(value, &path.key(&key.name), index, depth + 1, out);
                }
            }
        }
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &path.index(i), index, depth + 1, out);
            }
        }
        Value::Str(text) if node.tag.is_none() => {
            if let Some(name) = first_variable(text, index) {
                out.push(
                    &PC2035,
                    node.pos,
                    path,
                    format!("`${{{name}}}` is passed on verbatim; write the string under Fn::Sub (!Sub)"),
                );
            }
        }
        _ => {}
    }
}

/// The first `${...}` in `text` that names something the template defines (a resource
/// with or without `.Attribute`, a parameter, a pseudo parameter). Variables of other
/// syntaxes that share the notation (IAM policy variables such as `${aws:username}`,
/// shell variables) name nothing in the template and are left alone; `${!...}` is
/// Fn::Sub's escape for a literal.
fn first_variable<'a>(text: &'a str, index: &Index) -> Option<&'a str> {
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let end = after.find('}')?;
        let name = after[..end].trim();
        let base = name.split_once('.').map_or(name, |(resource, _)| resource);
        let defined = if name.contains('.') {
            index.is_resource(base)
        } else {
            index.can_ref(name)
        };
        if !name.starts_with('!') && defined {
            return Some(name);
        }
        rest = &after[end + 1..];
    }
    None
}

fn get_azs(arg: &Node, path: &KeyPath, out: &mut Findings) {
    let Value::Str(text) = &arg.value else { return };
    if arg.tag.is_none() && is_zone(text) {
        let region = &text[..text.len() - 1];
        out.push(
            &PC2036,
            arg.pos,
            path,
            format!("`{text}` is an Availability Zone; Fn::GetAZs takes a Region such as {region}"),
        );
    }
}

/// A Region name (`us-east-1`, `us-gov-west-1`) followed by a zone letter.
fn is_zone(text: &str) -> bool {
    let Some(region) = text.strip_suffix(|c: char| c.is_ascii_lowercase()) else {
        return false;
    };
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[0].bytes().all(|b| b.is_ascii_lowercase())
        && parts[1..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts
            .last()
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::is_zone;

    #[test]
    fn zones_are_told_from_regions() {
        assert!(is_zone("us-east-1a"));
        assert!(is_zone("us-gov-west-1b"));
        assert!(!is_zone("us-east-1"));
        assert!(!is_zone(""));
        assert!(!is_zone("a"));
        assert!(!is_zone("eu-west-b"));
    }
}
