//! Template structure: the sections, keys and literal values CloudFormation's template
//! format allows (AWS CloudFormation User Guide, "Template anatomy" and "Resource
//! attribute reference"). A template that breaks them is rejected before any resource is
//! touched, so these are errors.

use crate::diagnostic::Severity::Error;
use crate::lint::call::{function_call, Scope};
use crate::lint::codes::PC1008;
use crate::lint::rule::{Findings, RuleDoc};
use crate::lint::template::{as_str, entries, Template};
use crate::yaml::{KeyPath, Value};

/// A file that is not valid JSON or YAML. Reported with its position, and the run exits 2:
/// nothing else about the file can be judged.
pub const PC1000: RuleDoc = RuleDoc {
    id: "PC1000",
    severity: Error,
    summary: "template is not valid JSON or YAML",
    help: "",
};
/// A top-level key that is not one of the template sections.
pub const PC1001: RuleDoc = RuleDoc {
    id: "PC1001",
    severity: Error,
    summary: "unknown top-level section",
    help: "",
};
/// AWSTemplateFormatVersion other than "2010-09-09", the only version there is.
pub const PC1002: RuleDoc = RuleDoc {
    id: "PC1002",
    severity: Error,
    summary: "AWSTemplateFormatVersion must be \"2010-09-09\"",
    help: "",
};
/// No Resources section, or an empty one: CloudFormation requires at least one resource.
pub const PC1003: RuleDoc = RuleDoc {
    id: "PC1003",
    severity: Error,
    summary: "template declares no resources",
    help: "",
};
/// A section, resource or output of the wrong kind of value (a list where a mapping is due).
pub const PC1004: RuleDoc = RuleDoc {
    id: "PC1004",
    severity: Error,
    summary: "section, resource or output has the wrong shape",
    help: "",
};
/// A resource without a literal string `Type`.
pub const PC1005: RuleDoc = RuleDoc {
    id: "PC1005",
    severity: Error,
    summary: "resource has no Type",
    help: "",
};
/// A resource key that is not a resource attribute CloudFormation knows.
pub const PC1006: RuleDoc = RuleDoc {
    id: "PC1006",
    severity: Error,
    summary: "unknown resource attribute",
    help: "",
};
/// DeletionPolicy / UpdateReplacePolicy other than Delete, Retain, RetainExceptOnCreate
/// or Snapshot.
pub const PC1007: RuleDoc = RuleDoc {
    id: "PC1007",
    severity: Error,
    summary: "invalid DeletionPolicy or UpdateReplacePolicy",
    help: "",
};
/// An output without a Value, or with keys outputs do not have.
pub const PC1009: RuleDoc = RuleDoc {
    id: "PC1009",
    severity: Error,
    summary: "output without Value or with unknown keys",
    help: "",
};

/// `Fn::ForEach` in a template that does not declare the transform that expands it.
pub const PC1017: RuleDoc = RuleDoc {
    id: "PC1017",
    severity: Error,
    summary: "Fn::ForEach without the AWS::LanguageExtensions transform",
    help: "AWS CloudFormation User Guide, Fn::ForEach (needs Transform: AWS::LanguageExtensions)",
};

pub const RULES: &[RuleDoc] = &[
    PC1000, PC1001, PC1002, PC1003, PC1004, PC1005, PC1006, PC1007, PC1008, PC1009, PC1017,
];

/// Transforms AWS hosts that do not expand `Fn::ForEach`. A template whose transforms are
/// all among them (or that has none) cannot use the loop; a macro of the account's might.
const OTHER_AWS_TRANSFORMS: &[&str] = &[
    "AWS::Serverless-2016-10-31",
    "AWS::CodeDeployBlueGreen",
    "AWS::SecretsManager-2020-07-23",
];

/// Whether no declared transform could expand `Fn::ForEach`.
fn loops_unexpanded(template: &Template) -> bool {
    let Some(transform) = template.root.get("Transform") else {
        return true;
    };
    let names: Vec<Option<&str>> = match &transform.value {
        Value::Seq(items) => items.iter().map(as_str).collect(),
        _ => vec![as_str(transform)],
    };
    names
        .iter()
        .all(|n| n.is_some_and(|n| OTHER_AWS_TRANSFORMS.contains(&n)))
}

/// Every `Fn::ForEach::` key of Conditions, Resources and Outputs, when nothing expands it.
fn unexpanded_loops(template: &Template, out: &mut Findings) {
    if !loops_unexpanded(template) {
        return;
    }
    for section in ["Conditions", "Resources", "Outputs"] {
        for (key, _) in entries(template.root.get(section)) {
            if key.name.starts_with("Fn::ForEach::") {
                out.push(
                    &PC1017,
                    key.pos,
                    &KeyPath::root().key(section).key(&key.name),
                    "Fn::ForEach is expanded only by the AWS::LanguageExtensions transform; add `Transform: AWS::LanguageExtensions`",
                );
            }
        }
    }
}

const SECTIONS: &[&str] = &[
    "AWSTemplateFormatVersion",
    "Conditions",
    "Description",
    "Hooks",
    "Mappings",
    "Metadata",
    "Outputs",
    "Parameters",
    "Resources",
    "Rules",
    "Transform",
];

const RESOURCE_KEYS: &[&str] = &[
    "Condition",
    "CreationPolicy",
    "DeletionPolicy",
    "DependsOn",
    "Metadata",
    "Properties",
    "Type",
    "UpdatePolicy",
    "UpdateReplacePolicy",
];

const OUTPUT_KEYS: &[&str] = &["Condition", "Description", "Export", "Value"];

/// Checks sections, the version, and the outline of every resource and output.
pub fn check(template: &Template, out: &mut Findings) {
    let root = KeyPath::root();
    let Value::Map(sections) = &template.root.value else {
        out.push(
            &PC1004,
            template.root.pos,
            &root,
            "a template is a mapping of sections",
        );
        return;
    };
    unexpanded_loops(template, out);
    for (k, v) in sections {
        let path = root.key(&k.name);
        // SAM's Globals section exists only for templates that the SAM transform expands.
        let transformed = k.name == "Globals" && template.has_transform();
        if !SECTIONS.contains(&k.name.as_str()) && !transformed {
            out.push(
                &PC1001,
                k.pos,
                &path,
                format!("{} is not a template section", k.name),
            );
            continue;
        }
        let must_be_map = !matches!(
            k.name.as_str(),
            "AWSTemplateFormatVersion" | "Description" | "Transform"
        );
        if must_be_map && !matches!(v.value, Value::Map(_)) {
            out.push(
                &PC1004,
                v.pos,
                &path,
                format!("{} must be a mapping", k.name),
            );
        }
    }
    if let Some(v) = template.root.get("AWSTemplateFormatVersion") {
        let ok = matches!(&v.value, Value::Str(s) if s == "2010-09-09");
        if !ok {
            let path = root.key("AWSTemplateFormatVersion");
            out.push(
                &PC1002,
                v.pos,
                &path,
                "the only format version is \"2010-09-09\"",
            );
        }
    }
    let resources = entries(template.root.get("Resources"));
    if resources.is_empty() {
        let pos = template
            .root
            .get("Resources")
            .map_or(template.root.pos, |n| n.pos);
        out.push(
            &PC1003,
            pos,
            &root.key("Resources"),
            "a template needs at least one resource",
        );
    }
    for (id, resource) in resources {
        // Fn::ForEach (AWS::LanguageExtensions) expands into resources: not one itself.
        if id.name.starts_with("Fn::ForEach::") {
            continue;
        }
        let path = root.key("Resources").key(&id.name);
        resource_outline(id.pos, &path, resource, template.has_transform(), out);
    }
    for (name, output) in entries(template.root.get("Outputs")) {
        // An output loop (AWS::LanguageExtensions, "Fn::ForEach" in the CloudFormation
        // User Guide) is a list that expands into outputs, not an output itself.
        if name.name.starts_with("Fn::ForEach::") {
            continue;
        }
        let path = root.key("Outputs").key(&name.name);
        let Value::Map(keys) = &output.value else {
            out.push(
                &PC1004,
                output.pos,
                &path,
                "an output is a mapping with a Value",
            );
            continue;
        };
        if output.get("Value").is_none() {
            out.push(
                &PC1009,
                name.pos,
                &path,
                format!("output {} has no Value", name.name),
            );
        }
        for (k, _) in keys {
            if !OUTPUT_KEYS.contains(&k.name.as_str()) {
                out.push(
                    &PC1009,
                    k.pos,
                    &path.key(&k.name),
                    format!("{} is not an output key", k.name),
                );
            }
        }
    }
}

/// Resource keys beyond [`RESOURCE_KEYS`] that a resource of `kind` may have. A custom
/// resource may carry `Version` ("AWS::CloudFormation::CustomResource" in the
/// CloudFormation Template Reference shows it beside Properties); a SAM resource
/// `IgnoreGlobals`, when a transform will expand it ("Globals section of the AWS SAM
/// template", AWS SAM Developer Guide).
fn extra_key(kind: Option<&str>, key: &str, transformed: bool) -> bool {
    let kind = kind.unwrap_or_default();
    match key {
        "Version" => kind.starts_with("Custom::") || kind == "AWS::CloudFormation::CustomResource",
        "IgnoreGlobals" => transformed && kind.starts_with("AWS::Serverless::"),
        _ => false,
    }
}

/// Types whose data CloudFormation can snapshot on delete or replacement (AWS
/// CloudFormation User Guide, "DeletionPolicy attribute", Snapshot).
const SNAPSHOT_TYPES: &[&str] = &[
    "AWS::DocDB::DBCluster",
    "AWS::EC2::Volume",
    "AWS::ElastiCache::CacheCluster",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::Neptune::DBCluster",
    "AWS::RDS::DBCluster",
    "AWS::RDS::DBInstance",
    "AWS::Redshift::Cluster",
];

/// What is wrong with a literal DeletionPolicy or UpdateReplacePolicy, if anything.
/// `RetainExceptOnCreate` exists for deletion only ("UpdateReplacePolicy attribute").
fn policy_problem(
    attribute: &str,
    kind: Option<&str>,
    value: &crate::yaml::Node,
) -> Option<String> {
    if function_call(value, Scope::Resources).is_some() {
        return None;
    }
    let deletion = attribute == "DeletionPolicy";
    let valid: &[&str] = if deletion {
        &["Delete", "Retain", "RetainExceptOnCreate", "Snapshot"]
    } else {
        &["Delete", "Retain", "Snapshot"]
    };
    match as_str(value) {
        Some("Snapshot") if kind.is_some_and(|k| !SNAPSHOT_TYPES.contains(&k)) => Some(format!(
            "{attribute} Snapshot is not supported for {}; it is for {}",
            kind.unwrap_or_default(),
            SNAPSHOT_TYPES.join(", ")
        )),
        Some(v) if valid.contains(&v) => None,
        _ => {
            let (last, rest) = valid.split_last().unwrap_or((&"", &[]));
            Some(format!("{attribute} is {} or {last}", rest.join(", ")))
        }
    }
}

fn resource_outline(
    pos: crate::yaml::Pos,
    path: &KeyPath,
    resource: &crate::yaml::Node,
    transformed: bool,
    out: &mut Findings,
) {
    let Value::Map(keys) = &resource.value else {
        out.push(
            &PC1004,
            resource.pos,
            path,
            "a resource is a mapping with a Type",
        );
        return;
    };
    match resource.get("Type") {
        Some(t) if as_str(t).is_some() => {}
        Some(t) => out.push(
            &PC1005,
            t.pos,
            &path.key("Type"),
            "Type must be a literal string",
        ),
        None => out.push(&PC1005, pos, path, "the resource has no Type"),
    }
    if let Some(p) = resource.get("Properties") {
        if !matches!(p.value, Value::Map(_)) && function_call(p, Scope::Resources).is_none() {
            out.push(
                &PC1004,
                p.pos,
                &path.key("Properties"),
                "Properties must be a mapping",
            );
        }
    }
    for (k, v) in keys {
        let at = path.key(&k.name);
        let kind = resource.get("Type").and_then(as_str);
        if !RESOURCE_KEYS.contains(&k.name.as_str()) && !extra_key(kind, &k.name, transformed) {
            out.push(
                &PC1006,
                k.pos,
                &at,
                format!("{} is not a resource attribute", k.name),
            );
        }
        if matches!(k.name.as_str(), "DeletionPolicy" | "UpdateReplacePolicy") {
            if let Some(message) = policy_problem(&k.name, kind, v) {
                out.push(&PC1007, v.pos, &at, message);
            }
        }
    }
}
