//! Reading literal values and references out of template nodes.

use crate::lint::call::{function_call, Scope};
use crate::yaml::{Node, Value};

/// `Some(true/false)` for a literal boolean (or "true"/"false"), `None` otherwise.
pub fn literal_bool(node: Option<&Node>) -> Option<bool> {
    match &node?.value {
        Value::Bool(b) => Some(*b),
        Value::Str(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::Str(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// A literal integer, written as a number or a numeric string.
pub fn literal_int(node: Option<&Node>) -> Option<i64> {
    match &node?.value {
        Value::Int(n) => Some(*n),
        Value::Str(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The logical ID a node points at with `Ref` or `Fn::GetAtt`, if it is one of those.
pub fn referenced_id(node: &Node) -> Option<&str> {
    let (name, arg) = function_call(node, Scope::Resources)?;
    match (name, &arg.value) {
        ("Ref", Value::Str(id)) => Some(id),
        ("Fn::GetAtt", Value::Seq(parts)) => parts.first().and_then(|p| match &p.value {
            Value::Str(id) => Some(id.as_str()),
            _ => None,
        }),
        ("Fn::GetAtt", Value::Str(dotted)) => dotted.split('.').next(),
        _ => None,
    }
}

/// Every string scalar under `node`, mapping keys included (so `Fn::Sub` bodies and
/// `Fn::Join` parts are seen).
pub fn strings(node: &Node, out: &mut Vec<String>) {
    match &node.value {
        Value::Str(s) => out.push(s.clone()),
        Value::Seq(items) => items.iter().for_each(|n| strings(n, out)),
        Value::Map(entries) => {
            for (key, value) in entries {
                out.push(key.name.clone());
                strings(value, out);
            }
        }
        _ => {}
    }
}

/// Whether any `Ref`/`Fn::GetAtt` under `node` points at `id`.
pub fn mentions(node: &Node, id: &str) -> bool {
    if referenced_id(node) == Some(id) {
        return true;
    }
    match &node.value {
        Value::Seq(items) => items.iter().any(|n| mentions(n, id)),
        Value::Map(entries) => entries.iter().any(|(_, v)| mentions(v, id)),
        _ => false,
    }
}
