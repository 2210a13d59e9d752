//! Compares two template sets resource by resource: what a deployment would add, modify,
//! replace or remove, with the property paths that changed.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::cfn::{self, schema::Replacement, schema::ResourceSchema};
use crate::components;
use crate::diagnostic::Diagnostic;

/// What a deployment does to one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Add,
    Modify,
    Replace,
    Remove,
}

/// The Retain/Snapshot/Delete policies that decide what happens to the old resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Policies {
    pub deletion: String,
    pub update_replace: String,
}

/// One resource's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub stack: String,
    pub logical_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub action: Action,
    /// The resource holds data that a replacement or removal would lose.
    pub stateful: bool,
    /// Changed paths: property paths (`ClusterConfig.InstanceType`), or resource
    /// attributes (`DeletionPolicy`, `Type`).
    pub properties: Vec<String>,
    /// For `replace`: whether the schema says it always replaces or only in some cases.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replacement: Option<&'static str>,
    /// For stateful replacements and removals: what happens to the old resource.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policies: Option<Policies>,
    /// For `replace`: the custom name the resource keeps (its create-only name property,
    /// unchanged), which makes CloudFormation refuse the update.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keeps_name: Option<String>,
}

impl Change {
    /// The error CloudFormation would give, for a replacement it refuses: "CloudFormation
    /// cannot update a stack when a custom-named resource requires replacing" (AWS
    /// CloudFormation User Guide, "Name type"). It creates the new resource before deleting
    /// the old, and two cannot hold one name. `--allow-replace` cannot allow it.
    pub fn refusal(&self) -> Option<Diagnostic> {
        let name = self.keeps_name.as_ref()?;
        Some(Diagnostic::error(
            "plan/custom-name-replacement",
            format!(
                "{}/{} ({}) must be replaced ({}), but it keeps its custom name `{name}`: CloudFormation refuses to replace a custom-named resource; change `{name}` in the same update so the replacement can stand beside the old one, or leave {} unchanged",
                self.stack,
                self.logical_id,
                self.kind,
                self.properties.join(", "),
                self.properties.join(", ")
            ),
        ))
    }
}

/// The property that names the resource, set to the same value before and after.
fn kept_name(schema: &ResourceSchema, kind: &str, before: &Value, after: &Value) -> Option<String> {
    schema
        .name_properties(kind)
        .find(|p| {
            let old = &before["Properties"][*p];
            !old.is_null() && *old == after["Properties"][*p]
        })
        .map(str::to_owned)
}

/// The resources of one stack's template, by logical ID (empty for a stack that is absent).
pub type Resources = BTreeMap<String, Value>;

/// Every change between `old` and `new` for one stack, sorted by logical ID.
pub fn stack(stack: &str, old: &Resources, new: &Resources) -> Vec<Change> {
    let mut changes = Vec::new();
    let ids: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for id in ids {
        let change = match (old.get(id), new.get(id)) {
            (None, Some(added)) => Some(whole(stack, id, added, Action::Add)),
            (Some(removed), None) => Some(whole(stack, id, removed, Action::Remove)),
            (Some(before), Some(after)) => modified(stack, id, before, after),
            (None, None) => None,
        };
        changes.extend(change);
    }
    changes
}

fn kind_of(resource: &Value) -> String {
    resource["Type"].as_str().unwrap_or_default().to_owned()
}

fn policies(resource: &Value) -> Policies {
    let read = |key: &str| resource[key].as_str().unwrap_or("Delete").to_owned();
    Policies {
        deletion: read("DeletionPolicy"),
        update_replace: read("UpdateReplacePolicy"),
    }
}

fn whole(stack: &str, id: &str, resource: &Value, action: Action) -> Change {
    let kind = kind_of(resource);
    let stateful = components::holds_data(&kind);
    Change {
        stack: stack.to_owned(),
        logical_id: id.to_owned(),
        policies: (stateful && action == Action::Remove).then(|| policies(resource)),
        kind,
        action,
        stateful,
        properties: Vec::new(),
        replacement: None,
        keeps_name: None,
    }
}

fn modified(stack: &str, id: &str, before: &Value, after: &Value) -> Option<Change> {
    let kind = kind_of(after);
    let mut changed: Vec<Vec<String>> = Vec::new();
    let empty = Value::Object(serde_json::Map::new());
    let props = |r: &Value| {
        r.get("Properties")
            .cloned()
            .unwrap_or_else(|| empty.clone())
    };
    paths(&props(before), &props(after), &mut Vec::new(), &mut changed);
    // Unchanged properties replace nothing; skipping the lookup keeps a plan of an
    // unchanged environment from parsing every resource type's schema.
    let schema = (!changed.is_empty())
        .then(|| cfn::store::get(&kind))
        .flatten();
    let mut replacement = Replacement::Never;
    if kind_of(before) != kind {
        replacement = Replacement::Always;
    } else if let Some(schema) = schema {
        replacement = changed
            .iter()
            .map(|p| schema.replacement(p))
            .max()
            .unwrap_or(Replacement::Never);
    }
    let mut properties: Vec<String> = changed.iter().map(|p| display(p)).collect();
    for attribute in [
        "Type",
        "DeletionPolicy",
        "UpdateReplacePolicy",
        "DependsOn",
        "Condition",
        "Metadata",
    ] {
        if before.get(attribute) != after.get(attribute) {
            properties.push(attribute.to_owned());
        }
    }
    if properties.is_empty() {
        return None;
    }
    let stateful = components::holds_data(&kind);
    let action = if replacement == Replacement::Never {
        Action::Modify
    } else {
        Action::Replace
    };
    let keeps_name = schema
        .filter(|_| action == Action::Replace)
        .and_then(|schema| kept_name(schema, &kind, before, after));
    Some(Change {
        stack: stack.to_owned(),
        logical_id: id.to_owned(),
        kind,
        action,
        stateful,
        properties,
        replacement: match replacement {
            Replacement::Always => Some("always"),
            Replacement::Conditional => Some("conditional"),
            Replacement::Never => None,
        },
        policies: (stateful && action == Action::Replace).then(|| policies(after)),
        keeps_name,
    })
}

/// Collects the paths at which `a` and `b` differ. Objects recurse per key; arrays of the
/// same length recurse per index (so one changed rule is one path); anything else that
/// differs is reported where it stands.
fn paths(a: &Value, b: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) if !is_intrinsic(x) && !is_intrinsic(y) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for key in keys {
                let null = Value::Null;
                at.push(key.clone());
                paths(
                    x.get(key).unwrap_or(&null),
                    y.get(key).unwrap_or(&null),
                    at,
                    out,
                );
                at.pop();
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                at.push(i.to_string());
                paths(p, q, at, out);
                at.pop();
            }
        }
        _ if a != b => out.push(at.clone()),
        _ => {}
    }
}

/// `{"Ref": ...}`, `{"Fn::GetAtt": ...}` and friends are values, not nested properties.
fn is_intrinsic(map: &serde_json::Map<String, Value>) -> bool {
    map.len() == 1
        && map
            .keys()
            .all(|k| k == "Ref" || k == "Condition" || k.starts_with("Fn::"))
}

/// `["Rules", "0", "Id"]` → `Rules[0].Id`.
fn display(path: &[String]) -> String {
    let mut text = String::new();
    for part in path {
        if part.bytes().all(|b| b.is_ascii_digit()) && !part.is_empty() {
            text.push_str(&format!("[{part}]"));
        } else {
            if !text.is_empty() {
                text.push('.');
            }
            text.push_str(part);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one(id: &str, resource: Value) -> Resources {
        Resources::from([(id.to_owned(), resource)])
    }

    #[test]
    fn a_create_only_change_is_a_replacement_of_a_stateful_resource() {
        let old = one(
            "Db",
            json!({ "Type": "AWS::RDS::DBInstance", "DeletionPolicy": "Snapshot", "UpdateReplacePolicy": "Snapshot", "Properties": { "StorageEncrypted": false, "DBInstanceClass": "db.m6g.large" } }),
        );
        let new = one(
            "Db",
            json!({ "Type": "AWS::RDS::DBInstance", "DeletionPolicy": "Snapshot", "UpdateReplacePolicy": "Snapshot", "Properties": { "StorageEncrypted": true, "DBInstanceClass": "db.m6g.xlarge" } }),
        );
        let changes = stack("data", &old, &new);
        assert_eq!(changes.len(), 1);
        let c = &changes[0];
        assert_eq!(c.action, Action::Replace);
        assert_eq!(c.replacement, Some("always"));
        assert!(c.stateful);
        assert_eq!(c.properties, ["DBInstanceClass", "StorageEncrypted"]);
        assert_eq!(c.policies.as_ref().unwrap().update_replace, "Snapshot");
    }

    #[test]
    fn mutable_changes_are_modifications_with_their_paths() {
        let old = one(
            "Sg",
            json!({ "Type": "AWS::EC2::SecurityGroup", "Properties": { "GroupDescription": "x", "SecurityGroupIngress": [{ "FromPort": 443 }] } }),
        );
        let new = one(
            "Sg",
            json!({ "Type": "AWS::EC2::SecurityGroup", "Properties": { "GroupDescription": "x", "SecurityGroupIngress": [{ "FromPort": 8443 }] } }),
        );
        let c = &stack("network", &old, &new)[0];
        assert_eq!(c.action, Action::Modify);
        assert_eq!(c.properties, ["SecurityGroupIngress[0].FromPort"]);
    }

    #[test]
    fn added_and_removed_resources_and_unchanged_ones() {
        let old = one(
            "A",
            json!({ "Type": "AWS::SQS::Queue", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain", "Properties": {} }),
        );
        let new = one("B", json!({ "Type": "AWS::SQS::Queue", "Properties": {} }));
        let changes = stack("messaging", &old, &new);
        assert_eq!(
            changes.iter().map(|c| c.action).collect::<Vec<_>>(),
            [Action::Remove, Action::Add]
        );
        assert_eq!(changes[0].policies.as_ref().unwrap().deletion, "Retain");
        assert!(stack("messaging", &old, &old).is_empty());
    }

    #[test]
    fn a_changed_reference_is_one_path_not_a_nested_one() {
        let old = one(
            "S",
            json!({ "Type": "AWS::EC2::Subnet", "Properties": { "VpcId": { "Ref": "A" } } }),
        );
        let new = one(
            "S",
            json!({ "Type": "AWS::EC2::Subnet", "Properties": { "VpcId": { "Ref": "B" } } }),
        );
        let c = &stack("network", &old, &new)[0];
        assert_eq!(c.properties, ["VpcId"]);
        assert_eq!(c.action, Action::Replace);
    }
}
