//! EC2 resource IDs written as literals. EC2 IDs are a prefix, a hyphen and 8 or 17
//! lower-case hexadecimal digits ("Resource IDs", Amazon EC2 User Guide); a literal of
//! another shape (a name, a truncated or mistyped ID) fails when the stack runs.

use super::{Finding, RuleDoc};
use crate::diagnostic::Severity::Error;
use crate::yaml::{KeyPath, Node, Value};

pub const ID_FORMAT: RuleDoc = RuleDoc {
    id: "PC3940",
    severity: Error,
    summary: "EC2 resource ID literal of the wrong format (ami-, vpc-, subnet-, sg-)",
    help: "Amazon EC2 User Guide, Resource IDs",
};

pub const RULES: &[RuleDoc] = &[ID_FORMAT];

/// Property names whose literal values are EC2 IDs, at any depth, with their prefix.
const KEYS: &[(&str, &str)] = &[
    ("ImageId", "ami"),
    ("VpcId", "vpc"),
    ("PeerVpcId", "vpc"),
    ("SubnetId", "subnet"),
    ("SubnetIds", "subnet"),
    ("SecurityGroupIds", "sg"),
    ("SourceSecurityGroupId", "sg"),
    ("DestinationSecurityGroupId", "sg"),
    ("GroupId", "sg"),
];

/// The services whose properties of those names hold EC2 IDs. Elsewhere the same names
/// can mean something else (Cloud9's ImageId is an alias such as amazonlinux-2-x86_64).
const SERVICES: &[&str] = &[
    "AWS::EC2::",
    "AWS::AutoScaling::",
    "AWS::ElasticLoadBalancingV2::",
    "AWS::Lambda::",
    "AWS::RDS::",
    "AWS::EFS::",
];

/// How far into nested properties IDs are looked for (launch templates nest four deep).
const MAX_DEPTH: u8 = 8;

pub fn check(kind: &str, resource: &Node, path: &KeyPath, out: &mut Vec<Finding>) {
    if !SERVICES.iter().any(|s| kind.starts_with(s)) {
        return;
    }
    if let Some(props) = resource.get("Properties") {
        walk(props, &path.key("Properties"), 0, out);
    }
}

fn walk(node: &Node, path: &KeyPath, depth: u8, out: &mut Vec<Finding>) {
    if depth > MAX_DEPTH || node.tag.is_some() {
        return;
    }
    match &node.value {
        Value::Map(entries) => {
            for (key, value) in entries {
                let at = path.key(&key.name);
                match KEYS.iter().find(|(k, _)| *k == key.name) {
                    Some((_, prefix)) => ids(value, prefix, &at, out),
                    None => walk(value, &at, depth + 1, out),
                }
            }
        }
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &path.index(i), depth + 1, out);
            }
        }
        _ => {}
    }
}

/// One value or a literal list of them.
fn ids(value: &Node, prefix: &str, path: &KeyPath, out: &mut Vec<Finding>) {
    match &value.value {
        Value::Seq(items) if value.tag.is_none() => {
            for (i, item) in items.iter().enumerate() {
                id(item, prefix, &path.index(i), out);
            }
        }
        _ => id(value, prefix, path, out),
    }
}

fn id(value: &Node, prefix: &str, path: &KeyPath, out: &mut Vec<Finding>) {
    let Value::Str(text) = &value.value else {
        return;
    };
    if value.tag.is_some() || well_formed(text, prefix) {
        return;
    }
    // EC2 resolves `resolve:ssm:<parameter>` image IDs itself (launch templates and
    // RunInstances, "Use a Systems Manager parameter instead of an AMI ID"), and
    // `{{resolve:...}}` is a CloudFormation dynamic reference.
    if text.starts_with("resolve:ssm:") || text.starts_with("{{resolve:") {
        return;
    }
    out.push(Finding::new(
        &ID_FORMAT,
        format!("`{text}` is not a {prefix}- ID ({prefix}- and 8 or 17 hexadecimal digits)"),
        value.pos,
        path.clone(),
    ));
}

fn well_formed(text: &str, prefix: &str) -> bool {
    text.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|hex| {
            (hex.len() == 8 || hex.len() == 17)
                && hex
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}
