//! Read-only properties set in a template. A provider schema's `readOnlyProperties` are
//! the values the resource handler returns and never accepts ("Resource type schema",
//! CloudFormation CLI User Guide: readOnlyProperties): CloudFormation does not pass them
//! to the handler, so the value written is silently not what the resource gets.

use super::rules::READ_ONLY_PROPERTY;
use super::{is_intrinsic, Finding};
use crate::cfn::schema::ResourceSchema;
use crate::yaml::{KeyPath, Node, Pos, Value};

/// Every read-only property that `props` sets, at every nesting level the schema names
/// (`/properties/Endpoint/Address`, `*` for any list item).
pub fn check(schema: &ResourceSchema, props: &Node, path: &KeyPath, out: &mut Vec<Finding>) {
    let pointers = &schema.read_only_properties;
    for pointer in pointers {
        let Some(rest) = pointer.strip_prefix("/properties/") else {
            continue;
        };
        // A few schemas list a property as both read-only and create-only (CodeArtifact
        // Domain's EncryptionKey, Signer SigningProfile's ProfileName); the services take
        // it at create time, so the read-only mark is the schema's error, not the template's.
        let settable = schema
            .create_only_properties
            .iter()
            .chain(&schema.conditional_create_only_properties)
            .any(|p| p == pointer);
        if settable {
            continue;
        }
        // Under a read-only object: reported once, at the object.
        let under_another = pointers.iter().any(|p| {
            pointer.len() > p.len()
                && pointer.starts_with(p.as_str())
                && pointer.as_bytes()[p.len()] == b'/'
        });
        if under_another {
            continue;
        }
        let parts: Vec<&str> = rest.split('/').collect();
        find(props, &parts, path, None, pointer, out);
    }
}

/// Follows `parts` down from `node`; reports each value found at the end of the path.
fn find(
    node: &Node,
    parts: &[&str],
    path: &KeyPath,
    key_pos: Option<Pos>,
    pointer: &str,
    out: &mut Vec<Finding>,
) {
    let Some((first, rest)) = parts.split_first() else {
        let name = pointer.rsplit('/').next().unwrap_or(pointer);
        out.push(Finding::new(
            &READ_ONLY_PROPERTY,
            format!("`{name}` is read-only: CloudFormation computes it and ignores a value set here; remove it"),
            key_pos.unwrap_or(node.pos),
            path.clone(),
        ));
        return;
    };
    // A value only known at deploy time (an intrinsic function) cannot be followed.
    if is_intrinsic(node) {
        return;
    }
    match (&node.value, *first) {
        (Value::Seq(items), "*") => {
            for (i, item) in items.iter().enumerate() {
                find(item, rest, &path.index(i), None, pointer, out);
            }
        }
        (Value::Map(entries), name) => {
            if let Some((key, value)) = entries.iter().find(|(k, _)| k.name == name) {
                find(value, rest, &path.key(name), Some(key.pos), pointer, out);
            }
        }
        _ => {}
    }
}
