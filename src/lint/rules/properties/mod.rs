//! Resource property validation against the AWS resource provider schemas (rules PC3xxx).
//!
//! The linter hands each resource here whole; this module owns what CloudFormation's
//! resource handlers would refuse about its `Type` and `Properties`: unknown types,
//! missing or unknown properties, wrong types, values outside the schema's enums, ranges,
//! lengths and patterns, and the value sets AWS documents but the schemas leave open.
//! Values written as intrinsic functions are only known at deploy time and are skipped.

pub mod cross;
pub mod iam;
pub mod ids;
mod pattern;
mod read_only;
pub mod route53;
mod rules;
pub mod sam;
mod scalar;
mod suggest;
mod values;
mod walk;

#[cfg(test)]
mod tests;

use crate::lint::rule::{Finding, RuleDoc};
use crate::lint::template::is_module;
use crate::yaml::{KeyPath, Node, Pos};

pub use pattern::{compile as compile_pattern, PatternStatus};
pub use rules::*;

/// Types CloudFormation hands to a custom resource provider: any properties are allowed.
fn is_custom(kind: &str) -> bool {
    kind.starts_with("Custom::") || kind == "AWS::CloudFormation::CustomResource"
}

/// Checks one resource (`resource` is the node holding `Type`, `Properties`...; `path` is
/// `Resources.<LogicalId>`). Findings come in document order of the walk, deterministic.
pub fn check_resource(kind: &str, resource: &Node, path: &KeyPath) -> Vec<Finding> {
    let type_pos = resource.get("Type").map_or(resource.pos, |n| n.pos);
    // Modules are registered per account: their properties are in no published schema.
    if is_custom(kind) || is_module(kind) {
        return Vec::new();
    }
    if kind.starts_with("AWS::Serverless::") {
        return sam::check_resource(kind, resource, path, type_pos);
    }
    let Some(schema) = crate::cfn::store::get(kind) else {
        if crate::cfn::types::is_known(kind) {
            return Vec::new();
        }
        return vec![unknown_type(
            kind,
            "resource type",
            crate::cfn::types::all(),
            type_pos,
            path,
        )];
    };
    let props_path = path.key("Properties");
    let mut findings = walk_properties(schema, resource, &props_path, type_pos);
    packaged_paths(kind, resource, &props_path, &mut findings);
    if let Some(props) = resource.get("Properties") {
        read_only::check(schema, props, &props_path, &mut findings);
    }
    values::check(kind, resource, path, &mut findings);
    cross::check(kind, resource, path, &mut findings);
    iam::check(kind, resource, path, &mut findings);
    ids::check(kind, resource, path, &mut findings);
    route53::check(kind, resource, path, &mut findings);
    findings
}

/// Properties `aws cloudformation package` (and `sam package`) rewrite from a local path to
/// the S3 location it uploads (AWS CLI Command Reference, `cloudformation package`): a
/// template written for packaging holds a path string where the schema wants an object.
const PACKAGED: &[(&str, &str)] = &[
    ("AWS::ApiGateway::RestApi", "BodyS3Location"),
    ("AWS::ElasticBeanstalk::ApplicationVersion", "SourceBundle"),
    ("AWS::Lambda::Function", "Code"),
    ("AWS::Lambda::LayerVersion", "Content"),
    ("AWS::Serverless::Application", "Location"),
    ("AWS::StepFunctions::StateMachine", "DefinitionS3Location"),
];

/// Drops the shape findings on a packaged property written as a local path.
fn packaged_paths(kind: &str, resource: &Node, props_path: &KeyPath, findings: &mut Vec<Finding>) {
    for (_, prop) in PACKAGED.iter().filter(|(k, _)| *k == kind) {
        let is_path = resource
            .get("Properties")
            .and_then(|p| p.get(prop))
            .is_some_and(|v| matches!(&v.value, crate::yaml::Value::Str(_)) && v.tag.is_none());
        if is_path {
            let at = props_path.key(prop);
            findings
                .retain(|f| !(f.path == at && (f.rule == WRONG_TYPE.id || f.rule == NO_BRANCH.id)));
        }
    }
}

/// `kind` is not among `known` (`what` names the kind of type, for the message).
fn unknown_type<'a>(
    kind: &str,
    what: &str,
    known: impl IntoIterator<Item = &'a str>,
    at: Pos,
    path: &KeyPath,
) -> Finding {
    let hint = suggest::closest(kind, known)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    Finding::new(
        &UNKNOWN_TYPE,
        format!("unknown {what} `{kind}`{hint}"),
        at,
        path.key("Type"),
    )
}

/// The resource's `Properties` (or their absence) against `schema`.
fn walk_properties(
    schema: &'static crate::cfn::schema::ResourceSchema,
    resource: &Node,
    props_path: &KeyPath,
    type_pos: Pos,
) -> Vec<Finding> {
    let mut walker = walk::Walker::new(schema);
    match resource.get("Properties") {
        Some(props) => {
            let at = key_pos(resource, "Properties").unwrap_or(props.pos);
            walker.resource_properties(props, props_path, at);
        }
        None => walker.missing_properties(props_path, type_pos),
    }
    walker.into_findings()
}

/// Where `key` is written in a mapping.
fn key_pos(node: &Node, key: &str) -> Option<Pos> {
    match &node.value {
        crate::yaml::Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(k, _)| k.pos),
        _ => None,
    }
}

/// Whether a value is an intrinsic function (or a tagged node, which the loader keeps for
/// short forms like `!Ref`): its value is only known at deploy time.
pub fn is_intrinsic(node: &Node) -> bool {
    if node.tag.is_some() {
        return true;
    }
    match &node.value {
        crate::yaml::Value::Map(entries) if entries.len() == 1 => {
            let key = entries[0].0.name.as_str();
            key == "Ref" || key == "Condition" || key.starts_with("Fn::")
        }
        _ => false,
    }
}
