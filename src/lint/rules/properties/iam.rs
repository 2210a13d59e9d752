//! IAM policy documents, wherever a resource carries one: the grammar IAM applies to every
//! policy ("IAM JSON policy element reference", IAM User Guide). The provider schemas type
//! a policy document as any object, so without this a typo in `Effect` or a malformed
//! action only fails when the stack runs.

use super::{is_intrinsic, Finding, RuleDoc};
use crate::diagnostic::Severity::Error;
use crate::yaml::{KeyPath, Node, Value};

/// `Effect` other than `Allow` or `Deny`.
pub const EFFECT: RuleDoc = RuleDoc {
    id: "PC3930",
    severity: Error,
    summary: "IAM policy statement Effect is not Allow or Deny",
    help: "IAM User Guide, IAM JSON policy elements: Effect",
};
/// `Principal` that is neither `*` nor a map of the principal kinds IAM knows.
pub const PRINCIPAL: RuleDoc = RuleDoc {
    id: "PC3931",
    severity: Error,
    summary: "IAM policy Principal has the wrong shape",
    help: "IAM User Guide, AWS JSON policy elements: Principal",
};
/// An action not written `service:Action` (or `*`).
pub const ACTION: RuleDoc = RuleDoc {
    id: "PC3932",
    severity: Error,
    summary: "IAM policy action is not of the form service:Action",
    help: "IAM User Guide, IAM JSON policy elements: Action",
};

pub const RULES: &[RuleDoc] = &[EFFECT, PRINCIPAL, ACTION];

/// Where each type keeps its policy documents (`*` for every item of a list).
const DOCUMENTS: &[(&str, &[&str])] = &[
    ("AWS::IAM::Policy", &["PolicyDocument"]),
    ("AWS::IAM::ManagedPolicy", &["PolicyDocument"]),
    ("AWS::IAM::RolePolicy", &["PolicyDocument"]),
    ("AWS::IAM::UserPolicy", &["PolicyDocument"]),
    ("AWS::IAM::GroupPolicy", &["PolicyDocument"]),
    ("AWS::IAM::Role", &["AssumeRolePolicyDocument"]),
    ("AWS::IAM::Role", &["Policies", "*", "PolicyDocument"]),
    ("AWS::IAM::User", &["Policies", "*", "PolicyDocument"]),
    ("AWS::IAM::Group", &["Policies", "*", "PolicyDocument"]),
    ("AWS::S3::BucketPolicy", &["PolicyDocument"]),
    ("AWS::SQS::QueuePolicy", &["PolicyDocument"]),
    ("AWS::SNS::TopicPolicy", &["PolicyDocument"]),
    ("AWS::KMS::Key", &["KeyPolicy"]),
];

/// The principal kinds IAM accepts as keys of a `Principal` map.
const PRINCIPAL_KINDS: &[&str] = &["AWS", "CanonicalUser", "Federated", "Service"];

pub fn check(kind: &str, resource: &Node, path: &KeyPath, out: &mut Vec<Finding>) {
    let Some(props) = resource.get("Properties") else {
        return;
    };
    for (_, at) in DOCUMENTS.iter().filter(|(k, _)| *k == kind) {
        documents(props, at, path.key("Properties"), out);
    }
}

/// Follows `steps` from `node`, checking each document reached.
fn documents(node: &Node, steps: &[&str], path: KeyPath, out: &mut Vec<Finding>) {
    if is_intrinsic(node) {
        return;
    }
    let Some((step, rest)) = steps.split_first() else {
        document(node, &path, out);
        return;
    };
    match (&node.value, *step) {
        (Value::Seq(items), "*") => {
            for (i, item) in items.iter().enumerate() {
                documents(item, rest, path.index(i), out);
            }
        }
        (Value::Map(_), key) => {
            if let Some(next) = node.get(key) {
                documents(next, rest, path.key(key), out);
            }
        }
        _ => {}
    }
}

/// One document: a map with `Statement`, one statement or a list of them. A document
/// written as a JSON string is IAM's to parse and left alone.
fn document(doc: &Node, path: &KeyPath, out: &mut Vec<Finding>) {
    let Some(statement) = doc.get("Statement").filter(|s| !is_intrinsic(s)) else {
        return;
    };
    let at = path.key("Statement");
    match &statement.value {
        Value::Seq(items) => {
            for (i, s) in items.iter().enumerate() {
                self::statement(s, &at.index(i), out);
            }
        }
        Value::Map(_) => self::statement(statement, &at, out),
        _ => {}
    }
}

fn statement(s: &Node, path: &KeyPath, out: &mut Vec<Finding>) {
    if is_intrinsic(s) {
        return;
    }
    if let Some(effect) = s.get("Effect") {
        if let Some(text) = literal(effect) {
            if text != "Allow" && text != "Deny" {
                out.push(Finding::new(
                    &EFFECT,
                    format!("Effect `{text}`: IAM takes Allow or Deny (case-sensitive)"),
                    effect.pos,
                    path.key("Effect"),
                ));
            }
        }
    }
    for key in ["Principal", "NotPrincipal"] {
        if let Some(p) = s.get(key) {
            principal(p, &path.key(key), out);
        }
    }
    for key in ["Action", "NotAction"] {
        if let Some(a) = s.get(key) {
            let at = path.key(key);
            match &a.value {
                Value::Seq(items) if a.tag.is_none() => {
                    for (i, item) in items.iter().enumerate() {
                        action(item, &at.index(i), out);
                    }
                }
                _ => action(a, &at, out),
            }
        }
    }
}

fn literal(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Str(s) if node.tag.is_none() => Some(s),
        _ => None,
    }
}

fn principal(p: &Node, path: &KeyPath, out: &mut Vec<Finding>) {
    if is_intrinsic(p) {
        return;
    }
    let problem = match &p.value {
        Value::Str(s) if s == "*" => None,
        Value::Str(s) => Some(format!(
            "`{s}`: a Principal is \"*\" or a map such as {{AWS: ...}} or {{Service: ...}}"
        )),
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| !PRINCIPAL_KINDS.contains(&k.name.as_str()))
            .map(|(k, _)| {
                format!(
                    "`{}` is not a principal kind ({})",
                    k.name,
                    PRINCIPAL_KINDS.join(", ")
                )
            }),
        _ => Some("a Principal is \"*\" or a map of principal kinds".into()),
    };
    if let Some(message) = problem {
        out.push(Finding::new(&PRINCIPAL, message, p.pos, path.clone()));
    }
}

/// `*`, or a service prefix (letters, digits, hyphens; IAM compares it case-insensitively)
/// and an action name (letters, digits and the wildcards `*` and `?`), as the Service
/// Authorization Reference lists them.
fn action(a: &Node, path: &KeyPath, out: &mut Vec<Finding>) {
    let Some(text) = literal(a) else { return };
    if text == "*" {
        return;
    }
    let valid = text.split_once(':').is_some_and(|(service, name)| {
        !service.is_empty()
            && !name.is_empty()
            && service
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '*' | '?' | '-' | '_'))
    });
    if !valid {
        out.push(Finding::new(
            &ACTION,
            format!("`{text}` is not of the form service:Action (e.g. s3:GetObject)"),
            a.pos,
            path.clone(),
        ));
    }
}
