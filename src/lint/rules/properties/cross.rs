//! Rules between properties of one resource that the service APIs enforce and the provider
//! schemas cannot say (a schema constrains each property alone). Each rule names the AWS
//! page that states the constraint; values written as intrinsic functions are skipped.

use super::{is_intrinsic, Finding, RuleDoc};
use crate::diagnostic::Severity::Error;
use crate::yaml::{KeyPath, Node, Value};

/// A key attribute missing from AttributeDefinitions, or a definition no key uses.
pub const DYNAMODB_ATTRIBUTES: RuleDoc = RuleDoc {
    id: "PC3920",
    severity: Error,
    summary: "DynamoDB AttributeDefinitions do not match the key schemas",
    help: "Amazon DynamoDB API Reference, CreateTable, AttributeDefinitions",
};
/// Zip-packaged functions need both Runtime and Handler.
pub const LAMBDA_ZIP: RuleDoc = RuleDoc {
    id: "PC3921",
    severity: Error,
    summary: "Lambda function with .zip code lacks Runtime or Handler",
    help: "AWS Lambda Developer Guide, CreateFunction (Runtime and Handler are required if the deployment package is a .zip file archive)",
};
/// An inline IAM policy attached to nothing.
pub const IAM_POLICY_TARGET: RuleDoc = RuleDoc {
    id: "PC3922",
    severity: Error,
    summary: "IAM policy attached to no user, group or role",
    help:
        "AWS CloudFormation User Guide, AWS::IAM::Policy (at least one of Groups, Roles or Users)",
};
/// Automatic failover with a single node: nothing to fail over to.
pub const ELASTICACHE_FAILOVER: RuleDoc = RuleDoc {
    id: "PC3923",
    severity: Error,
    summary: "ElastiCache automatic failover without a replica",
    help: "Amazon ElastiCache API Reference, CreateReplicationGroup, NumCacheClusters (at least 2 when AutomaticFailoverEnabled is true)",
};
/// A wildcard alias anywhere but as the whole leftmost label.
pub const CLOUDFRONT_WILDCARD: RuleDoc = RuleDoc {
    id: "PC3924",
    severity: Error,
    summary: "CloudFront alias with a misplaced wildcard",
    help: "Amazon CloudFront Developer Guide, Using wildcards in alternate domain names (* must be the first character, followed by a dot)",
};
/// Backups deleted before they spent 90 days in cold storage.
pub const BACKUP_LIFECYCLE: RuleDoc = RuleDoc {
    id: "PC3925",
    severity: Error,
    summary: "AWS Backup lifecycle deletes before 90 days in cold storage",
    help: "AWS Backup API Reference, Lifecycle (DeleteAfterDays must be at least 90 days greater than MoveToColdStorageAfterDays)",
};

pub const RULES: &[RuleDoc] = &[
    DYNAMODB_ATTRIBUTES,
    LAMBDA_ZIP,
    IAM_POLICY_TARGET,
    ELASTICACHE_FAILOVER,
    CLOUDFRONT_WILDCARD,
    BACKUP_LIFECYCLE,
];

/// Runs the rules that apply to `kind` on `resource` (at `path`, `Resources.<Id>`).
pub fn check(kind: &str, resource: &Node, path: &KeyPath, out: &mut Vec<Finding>) {
    let Some(props) = resource.get("Properties").filter(|p| !is_intrinsic(p)) else {
        if kind == "AWS::IAM::Policy" {
            policy_target(resource, resource, path, out);
        }
        return;
    };
    let at = path.key("Properties");
    match kind {
        "AWS::DynamoDB::Table" | "AWS::DynamoDB::GlobalTable" => dynamodb(props, &at, out),
        "AWS::Lambda::Function" => lambda(props, resource, &at, out),
        "AWS::IAM::Policy" => policy_target(props, resource, &at, out),
        "AWS::ElastiCache::ReplicationGroup" => elasticache(props, &at, out),
        "AWS::CloudFront::Distribution" => cloudfront(props, &at, out),
        "AWS::Backup::BackupPlan" => backup(props, &at, out),
        _ => {}
    }
}

fn text(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Str(s) if node.tag.is_none() => Some(s),
        _ => None,
    }
}

/// A literal number as CloudFormation reads it (numeric strings included).
fn number(node: &Node) -> Option<i64> {
    match &node.value {
        _ if node.tag.is_some() => None,
        Value::Int(n) => Some(*n),
        Value::Str(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A literal boolean as CloudFormation reads it ("true"/"false" strings included).
fn boolean(node: &Node) -> Option<bool> {
    match &node.value {
        _ if node.tag.is_some() => None,
        Value::Bool(b) => Some(*b),
        Value::Str(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::Str(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// The items of a literal list; `None` when the list itself is computed.
fn items(node: Option<&Node>) -> Option<&[Node]> {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) if node.is_some_and(|n| n.tag.is_none()) => Some(items),
        _ => None,
    }
}

fn finding(rule: &RuleDoc, node: &Node, path: KeyPath, message: String) -> Finding {
    Finding::new(rule, message, node.pos, path)
}

/// Every attribute named in the table's and its indexes' key schemas must be defined, and
/// every definition used by one of them: CreateTable refuses both.
fn dynamodb(props: &Node, at: &KeyPath, out: &mut Vec<Finding>) {
    let Some(definitions) = items(props.get("AttributeDefinitions")) else {
        return;
    };
    let mut defined = Vec::new();
    for (i, d) in definitions.iter().enumerate() {
        match d.get("AttributeName").and_then(text) {
            Some(name) => defined.push((name, d, i)),
            None => return, // computed or conditional: the set is not known
        }
    }
    let mut schemas: Vec<(&Node, KeyPath)> = Vec::new();
    if let Some(k) = props.get("KeySchema") {
        schemas.push((k, at.key("KeySchema")));
    }
    for section in ["GlobalSecondaryIndexes", "LocalSecondaryIndexes"] {
        let Some(indexes) = props.get(section) else {
            continue;
        };
        let Some(indexes) = items(Some(indexes)) else {
            return;
        };
        for (i, index) in indexes.iter().enumerate() {
            match index.get("KeySchema") {
                Some(k) => schemas.push((k, at.key(section).index(i).key("KeySchema"))),
                None => return,
            }
        }
    }
    let mut used = Vec::new();
    for (schema, path) in &schemas {
        let Some(keys) = items(Some(schema)) else {
            return;
        };
        for (i, key) in keys.iter().enumerate() {
            let Some(name_node) = key.get("AttributeName") else {
                return;
            };
            let Some(name) = text(name_node) else {
                return;
            };
            used.push(name);
            if !defined.iter().any(|(d, _, _)| *d == name) {
                out.push(finding(
                    &DYNAMODB_ATTRIBUTES,
                    name_node,
                    path.index(i).key("AttributeName"),
                    format!("key attribute `{name}` is not in AttributeDefinitions"),
                ));
            }
        }
    }
    for (name, node, i) in defined {
        if !used.contains(&name) {
            out.push(finding(
                &DYNAMODB_ATTRIBUTES,
                node,
                at.key("AttributeDefinitions").index(i),
                format!("attribute `{name}` is defined but no key schema uses it"),
            ));
        }
    }
}

/// A function's package type defaults to Zip; container images carry their own runtime.
fn lambda(props: &Node, resource: &Node, at: &KeyPath, out: &mut Vec<Finding>) {
    match props.get("PackageType") {
        Some(p) if text(p) != Some("Zip") => return,
        _ => {}
    }
    if props.get("Code").and_then(|c| c.get("ImageUri")).is_some() {
        return;
    }
    let missing: Vec<&str> = ["Runtime", "Handler"]
        .into_iter()
        .filter(|k| props.get(k).is_none())
        .collect();
    if !missing.is_empty() {
        out.push(finding(
            &LAMBDA_ZIP,
            resource.get("Properties").unwrap_or(resource),
            at.clone(),
            format!(
                "a function packaged as a .zip file needs {}",
                missing.join(" and ")
            ),
        ));
    }
}

fn policy_target(props: &Node, resource: &Node, at: &KeyPath, out: &mut Vec<Finding>) {
    if ["Groups", "Roles", "Users"]
        .iter()
        .all(|k| props.get(k).is_none())
    {
        out.push(finding(
            &IAM_POLICY_TARGET,
            resource.get("Properties").unwrap_or(resource),
            at.clone(),
            "the policy names no Groups, Roles or Users to attach to".into(),
        ));
    }
}

/// With automatic failover on, a Redis OSS/Valkey group without cluster mode needs a
/// primary and at least one replica; NumCacheClusters defaults to 1.
fn elasticache(props: &Node, at: &KeyPath, out: &mut Vec<Finding>) {
    let Some(flag) = props.get("AutomaticFailoverEnabled") else {
        return;
    };
    if boolean(flag) != Some(true) {
        return;
    }
    let shaped_elsewhere = [
        "NumNodeGroups",
        "ReplicasPerNodeGroup",
        "NodeGroupConfiguration",
        "PrimaryClusterId",
    ]
    .iter()
    .any(|k| props.get(k).is_some());
    match props.get("NumCacheClusters") {
        Some(n) => {
            if let Some(count) = number(n).filter(|c| *c < 2) {
                out.push(finding(
                    &ELASTICACHE_FAILOVER,
                    n,
                    at.key("NumCacheClusters"),
                    format!("{count} cache cluster(s); automatic failover needs at least 2"),
                ));
            }
        }
        None if !shaped_elsewhere => out.push(finding(
            &ELASTICACHE_FAILOVER,
            flag,
            at.key("AutomaticFailoverEnabled"),
            "automatic failover with the default of 1 cache cluster; set NumCacheClusters to 2 or more".into(),
        )),
        None => {}
    }
}

/// CloudFront accepts `*` only as the whole first label (`*.example.com`).
fn cloudfront(props: &Node, at: &KeyPath, out: &mut Vec<Finding>) {
    let Some(config) = props.get("DistributionConfig") else {
        return;
    };
    let Some(aliases) = items(config.get("Aliases")) else {
        return;
    };
    for (i, alias) in aliases.iter().enumerate() {
        let Some(name) = text(alias) else { continue };
        let rest = name.strip_prefix("*.").unwrap_or(name);
        if rest.contains('*') {
            out.push(finding(
                &CLOUDFRONT_WILDCARD,
                alias,
                at.key("DistributionConfig").key("Aliases").index(i),
                format!("`{name}`: a wildcard must be the first label, as in *.example.com"),
            ));
        }
    }
}

/// Each rule's lifecycle, and each copy action's, judged alone.
fn backup(props: &Node, at: &KeyPath, out: &mut Vec<Finding>) {
    let Some(plan) = props.get("BackupPlan") else {
        return;
    };
    let plan_at = at.key("BackupPlan");
    let Some(rules) = items(plan.get("BackupPlanRule")) else {
        return;
    };
    for (i, rule) in rules.iter().enumerate() {
        let rule_at = plan_at.key("BackupPlanRule").index(i);
        if let Some(l) = rule.get("Lifecycle") {
            lifecycle(l, &rule_at.key("Lifecycle"), out);
        }
        for (j, copy) in items(rule.get("CopyActions"))
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            if let Some(l) = copy.get("Lifecycle") {
                lifecycle(
                    l,
                    &rule_at.key("CopyActions").index(j).key("Lifecycle"),
                    out,
                );
            }
        }
    }
}

fn lifecycle(l: &Node, at: &KeyPath, out: &mut Vec<Finding>) {
    let (Some(delete), Some(cold)) = (
        l.get("DeleteAfterDays"),
        l.get("MoveToColdStorageAfterDays"),
    ) else {
        return;
    };
    if let (Some(d), Some(c)) = (number(delete), number(cold)) {
        if d < c.saturating_add(90) {
            out.push(finding(
                &BACKUP_LIFECYCLE,
                delete,
                at.key("DeleteAfterDays"),
                format!(
                    "deleted after {d} days but moved to cold storage after {c}: at least {} days needed",
                    c.saturating_add(90)
                ),
            ));
        }
    }
}
