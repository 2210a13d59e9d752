//! Value sets AWS documents for properties whose provider schema accepts any string.

use super::rules::*;
use super::{is_intrinsic, Finding, RuleDoc};
use crate::yaml::{KeyPath, Node, Value};

/// How a value set is compared.
#[derive(Clone, Copy, PartialEq)]
enum Compare {
    Exact,
    /// The service lower-cases the value before checking it (RDS engine names).
    IgnoreCase,
}

/// A property path (`*` for every list item) whose string values must lie in `values`,
/// or, when `refused` is set, must not.
struct ValueSet {
    kind: &'static str,
    path: &'static [&'static str],
    rule: &'static RuleDoc,
    values: &'static [&'static str],
    compare: Compare,
    refused: bool,
}

/// Amazon SNS API Reference, "Subscribe", request parameter `Protocol`.
const SNS_PROTOCOLS: &[&str] = &[
    "application",
    "email",
    "email-json",
    "firehose",
    "http",
    "https",
    "lambda",
    "sms",
    "sqs",
];

/// Amazon RDS API Reference, "CreateDBInstance" and "CreateDBCluster", parameter `Engine`.
const RDS_ENGINES: &[&str] = &[
    "aurora-mysql",
    "aurora-postgresql",
    "custom-oracle-ee",
    "custom-oracle-ee-cdb",
    "custom-oracle-se2",
    "custom-oracle-se2-cdb",
    "custom-sqlserver-dev",
    "custom-sqlserver-ee",
    "custom-sqlserver-se",
    "custom-sqlserver-web",
    "db2-ae",
    "db2-se",
    "mariadb",
    "mysql",
    "neptune",
    "docdb",
    "oracle-ee",
    "oracle-ee-cdb",
    "oracle-se2",
    "oracle-se2-cdb",
    "postgres",
    "sqlserver-dev-ee",
    "sqlserver-ee",
    "sqlserver-ex",
    "sqlserver-se",
    "sqlserver-web",
    "aurora",
];

/// AWS Lambda Developer Guide, "Lambda runtimes", table "Deprecated runtimes": runtimes
/// past their deprecation date, on which Lambda blocks creating functions.
const DEPRECATED_RUNTIMES: &[&str] = &[
    "dotnet5.0",
    "dotnet6",
    "dotnetcore1.0",
    "dotnetcore2.0",
    "dotnetcore2.1",
    "dotnetcore3.1",
    "go1.x",
    "java8",
    "nodejs",
    "nodejs10.x",
    "nodejs12.x",
    "nodejs14.x",
    "nodejs16.x",
    "nodejs4.3",
    "nodejs4.3-edge",
    "nodejs6.10",
    "nodejs8.10",
    "provided",
    "python2.7",
    "python3.6",
    "python3.7",
    "python3.8",
    "ruby2.5",
    "ruby2.7",
];

const SETS: &[ValueSet] = &[
    ValueSet {
        kind: "AWS::SNS::Subscription",
        path: &["Protocol"],
        rule: &SNS_PROTOCOL,
        values: SNS_PROTOCOLS,
        compare: Compare::Exact,
        refused: false,
    },
    ValueSet {
        kind: "AWS::SNS::Topic",
        path: &["Subscription", "*", "Protocol"],
        rule: &SNS_PROTOCOL,
        values: SNS_PROTOCOLS,
        compare: Compare::Exact,
        refused: false,
    },
    ValueSet {
        kind: "AWS::RDS::DBInstance",
        path: &["Engine"],
        rule: &RDS_ENGINE,
        values: RDS_ENGINES,
        compare: Compare::IgnoreCase,
        refused: false,
    },
    ValueSet {
        kind: "AWS::RDS::DBCluster",
        path: &["Engine"],
        rule: &RDS_ENGINE,
        values: RDS_ENGINES,
        compare: Compare::IgnoreCase,
        refused: false,
    },
    ValueSet {
        kind: "AWS::Lambda::Function",
        path: &["Runtime"],
        rule: &DEPRECATED_RUNTIME,
        values: DEPRECATED_RUNTIMES,
        compare: Compare::Exact,
        refused: true,
    },
];

/// Adds a finding for every value of `resource` outside (or inside a refused) value set.
pub fn check(kind: &str, resource: &Node, path: &KeyPath, findings: &mut Vec<Finding>) {
    let Some(props) = resource.get("Properties") else {
        return;
    };
    for set in SETS.iter().filter(|s| s.kind == kind) {
        visit(props, set.path, &path.key("Properties"), &mut |node, at| {
            let Value::Str(text) = &node.value else {
                return;
            };
            let listed = set.values.iter().any(|v| match set.compare {
                Compare::Exact => v == text,
                Compare::IgnoreCase => v.eq_ignore_ascii_case(text),
            });
            if listed == set.refused {
                let message = if set.refused {
                    format!("`{text}`: {}", set.rule.summary)
                } else {
                    format!("`{text}` is not one of {}", set.values.join(", "))
                };
                findings.push(Finding::new(set.rule, message, node.pos, at.clone()));
            }
        });
    }
}

fn visit(node: &Node, steps: &[&str], path: &KeyPath, found: &mut dyn FnMut(&Node, &KeyPath)) {
    if is_intrinsic(node) {
        return;
    }
    let Some((step, rest)) = steps.split_first() else {
        found(node, path);
        return;
    };
    match (&node.value, *step) {
        (Value::Seq(items), "*") => {
            for (i, item) in items.iter().enumerate() {
                visit(item, rest, &path.index(i), found);
            }
        }
        (Value::Map(_), key) => {
            if let Some(child) = node.get(key) {
                visit(child, rest, &path.key(key), found);
            }
        }
        _ => {}
    }
}
