//! Parameters: known types, known keys, and a Default that satisfies the parameter's own
//! constraints. CloudFormation checks a Default only when a stack is created without an
//! override, so a bad one surfaces late, in someone else's deployment.

use crate::diagnostic::Severity::Error;
use crate::lint::rule::{Findings, RuleDoc};
use crate::lint::template::{as_str, entries, Template};
use crate::yaml::{KeyPath, Node, Value};

/// A parameter type CloudFormation does not define.
pub const PC1010: RuleDoc = RuleDoc {
    id: "PC1010",
    severity: Error,
    summary: "invalid parameter type",
    help: "",
};
/// A Default not among the AllowedValues.
pub const PC1011: RuleDoc = RuleDoc {
    id: "PC1011",
    severity: Error,
    summary: "parameter Default not in AllowedValues",
    help: "",
};
/// A Default that does not match the AllowedPattern (matched whole, as CloudFormation does).
pub const PC1012: RuleDoc = RuleDoc {
    id: "PC1012",
    severity: Error,
    summary: "parameter Default does not match AllowedPattern",
    help: "",
};
/// A Default shorter than MinLength or longer than MaxLength.
pub const PC1013: RuleDoc = RuleDoc {
    id: "PC1013",
    severity: Error,
    summary: "parameter Default outside MinLength/MaxLength",
    help: "",
};
/// A Default below MinValue, above MaxValue, or not a number for a Number parameter.
pub const PC1014: RuleDoc = RuleDoc {
    id: "PC1014",
    severity: Error,
    summary: "parameter Default outside MinValue/MaxValue",
    help: "",
};
/// A parameter key CloudFormation does not know, or a parameter without Type.
pub const PC1015: RuleDoc = RuleDoc {
    id: "PC1015",
    severity: Error,
    summary: "unknown parameter key or missing Type",
    help: "",
};

/// A parameter and a resource under one logical ID: CloudFormation requires logical IDs
/// to be unique within a template, across Parameters, Resources and Outputs alike.
pub const PC1016: RuleDoc = RuleDoc {
    id: "PC1016",
    severity: Error,
    summary: "parameter and resource share a logical ID",
    help: "AWS CloudFormation User Guide, Resources template section (the logical ID must be unique within the template)",
};

pub const RULES: &[RuleDoc] = &[PC1010, PC1011, PC1012, PC1013, PC1014, PC1015, PC1016];

const KEYS: &[&str] = &[
    "AllowedPattern",
    "AllowedValues",
    "ConstraintDescription",
    "Default",
    "Description",
    "MaxLength",
    "MaxValue",
    "MinLength",
    "MinValue",
    "NoEcho",
    "Type",
];

/// AWS-specific parameter types, each also valid as `List<...>` except the key pair name.
const AWS_TYPES: &[&str] = &[
    "AWS::EC2::AvailabilityZone::Name",
    "AWS::EC2::Image::Id",
    "AWS::EC2::Instance::Id",
    "AWS::EC2::KeyPair::KeyName",
    "AWS::EC2::SecurityGroup::GroupName",
    "AWS::EC2::SecurityGroup::Id",
    "AWS::EC2::Subnet::Id",
    "AWS::EC2::VPC::Id",
    "AWS::EC2::Volume::Id",
    "AWS::Route53::HostedZone::Id",
];

fn is_plain_type(t: &str) -> bool {
    matches!(
        t,
        "String" | "Number" | "CommaDelimitedList" | "List<Number>" | "List<String>"
    ) || AWS_TYPES.contains(&t)
        || t.strip_prefix("List<")
            .and_then(|r| r.strip_suffix('>'))
            .is_some_and(|inner| {
                inner != "AWS::EC2::KeyPair::KeyName" && AWS_TYPES.contains(&inner)
            })
}

/// Whether `t` is a parameter type (User Guide, "Parameters" and "SSM parameter types").
pub fn is_valid_type(t: &str) -> bool {
    if t == "AWS::SSM::Parameter::Name" {
        return true;
    }
    if let Some(inner) = t
        .strip_prefix("AWS::SSM::Parameter::Value<")
        .and_then(|r| r.strip_suffix('>'))
    {
        return inner != "Number" && inner != "List<Number>" && is_plain_type(inner);
    }
    is_plain_type(t)
}

fn text(node: &Node) -> Option<String> {
    match &node.value {
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn number(node: Option<&Node>) -> Option<f64> {
    text(node?)?.trim().parse().ok()
}

pub fn check(template: &Template, out: &mut Findings) {
    let section = KeyPath::root().key("Parameters");
    let resources = entries(template.root.get("Resources"));
    for (name, p) in entries(template.root.get("Parameters")) {
        let path = section.key(&name.name);
        if resources.iter().any(|(r, _)| r.name == name.name) {
            out.push(
                &PC1016,
                name.pos,
                &path,
                format!("{} names both a parameter and a resource", name.name),
            );
        }
        for (k, _) in entries(Some(p)) {
            if !KEYS.contains(&k.name.as_str()) {
                out.push(
                    &PC1015,
                    k.pos,
                    &path.key(&k.name),
                    format!("{} is not a parameter key", k.name),
                );
            }
        }
        let kind = match p.get("Type") {
            Some(t) => match as_str(t) {
                Some(kind) if is_valid_type(kind) => kind,
                _ => {
                    let shown = text(t).unwrap_or_default();
                    out.push(
                        &PC1010,
                        t.pos,
                        &path.key("Type"),
                        format!("{shown} is not a parameter type"),
                    );
                    continue;
                }
            },
            None => {
                out.push(
                    &PC1015,
                    name.pos,
                    &path,
                    format!("parameter {} has no Type", name.name),
                );
                continue;
            }
        };
        if let Some(default) = p.get("Default") {
            check_default(kind, p, default, &path.key("Default"), out);
        }
    }
}

fn check_default(kind: &str, p: &Node, default: &Node, path: &KeyPath, out: &mut Findings) {
    let Some(value) = text(default) else {
        return;
    };
    let is_list = kind.contains("List<") || kind.contains("CommaDelimitedList");
    let values: Vec<&str> = if is_list {
        value.split(',').map(str::trim).collect()
    } else {
        vec![value.as_str()]
    };
    if let Some(Value::Seq(allowed)) = p.get("AllowedValues").map(|n| &n.value) {
        let allowed: Vec<String> = allowed.iter().filter_map(text).collect();
        for v in &values {
            if !allowed.iter().any(|a| a == v) {
                out.push(
                    &PC1011,
                    default.pos,
                    path,
                    format!(
                        "{v} is not one of the AllowedValues ({})",
                        allowed.join(", ")
                    ),
                );
            }
        }
    }
    if let Some(pattern) = p.get("AllowedPattern").and_then(as_str) {
        // A pattern only Java's engine understands is not judged, rather than misjudged.
        if let Ok(re) = regex::Regex::new(&format!("^(?:{pattern})$")) {
            for v in values.iter().filter(|v| !re.is_match(v)) {
                out.push(
                    &PC1012,
                    default.pos,
                    path,
                    format!("{v} does not match the AllowedPattern {pattern}"),
                );
            }
        }
    }
    let len = value.chars().count() as f64;
    let (min_len, max_len) = (number(p.get("MinLength")), number(p.get("MaxLength")));
    if min_len.is_some_and(|m| len < m) || max_len.is_some_and(|m| len > m) {
        out.push(
            &PC1013,
            default.pos,
            path,
            format!("the Default is {len} characters long, outside MinLength/MaxLength"),
        );
    }
    if kind == "Number" {
        let Ok(n) = value.trim().parse::<f64>() else {
            out.push(
                &PC1014,
                default.pos,
                path,
                format!("{value} is not a number"),
            );
            return;
        };
        let (min, max) = (number(p.get("MinValue")), number(p.get("MaxValue")));
        if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
            out.push(
                &PC1014,
                default.pos,
                path,
                format!("{value} is outside MinValue/MaxValue"),
            );
        }
    }
}
