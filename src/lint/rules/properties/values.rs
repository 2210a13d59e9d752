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

/// A property path (`*` for every list item) whose string values must lie in `values`.
struct ValueSet {
    kind: &'static str,
    path: &'static [&'static str],
    rule: &'static RuleDoc,
    values: &'static [&'static str],
    compare: Compare,
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

const SETS: &[ValueSet] = &[
    ValueSet {
        kind: "AWS::SNS::Subscription",
        path: &["Protocol"],
        rule: &SNS_PROTOCOL,
        values: SNS_PROTOCOLS,
        compare: Compare::Exact,
    },
    ValueSet {
        kind: "AWS::SNS::Topic",
        path: &["Subscription", "*", "Protocol"],
        rule: &SNS_PROTOCOL,
        values: SNS_PROTOCOLS,
        compare: Compare::Exact,
    },
    ValueSet {
        kind: "AWS::RDS::DBInstance",
        path: &["Engine"],
        rule: &RDS_ENGINE,
        values: RDS_ENGINES,
        compare: Compare::IgnoreCase,
    },
    ValueSet {
        kind: "AWS::RDS::DBCluster",
        path: &["Engine"],
        rule: &RDS_ENGINE,
        values: RDS_ENGINES,
        compare: Compare::IgnoreCase,
    },
];

/// Adds a finding for every value of `resource` outside its value set. (Lambda runtimes,
/// judged by date, are `rules::runtimes`.)
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
            if !listed {
                let message = format!("`{text}` is not one of {}", set.values.join(", "));
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
