//! Security: storage without encryption at rest, buckets open to the public, ingress from
//! the whole internet, IAM statements that allow everything on everything, and stateful
//! resources left to CloudFormation's default deletion. Each is a deployable template that
//! an audit (or checkov) rejects later; a linter is the cheapest place to catch them.
//!
//! Severities chosen here: a protection explicitly switched off is an error; one left to
//! a service default (S3 encrypts and blocks public access for new buckets since 2023)
//! is a warning. Ingress from anywhere is an error except on 80 and 443, where a public
//! web endpoint is the usual intent and a warning asks to confirm it.

use super::cidr::{self, Block, Family};
use crate::diagnostic::Severity::{Error, Warning};
use crate::lint::rule::{Findings, RuleDoc};
use crate::lint::template::{as_str, entries, Template};
use crate::lint::walk::{function_call, Scope};
use crate::yaml::{KeyPath, Node, Pos, Value};

/// An S3 bucket without BucketEncryption relies on the service default (SSE-S3) instead
/// of a key the owner controls.
pub const PC7001: RuleDoc = RuleDoc {
    id: "PC7001",
    severity: Warning,
    summary: "S3 bucket without default encryption",
    help: "",
};
/// An S3 bucket without PublicAccessBlockConfiguration.
pub const PC7002: RuleDoc = RuleDoc {
    id: "PC7002",
    severity: Warning,
    summary: "S3 bucket without a public access block",
    help: "",
};
/// A public access block with one of its four protections off (an omitted one is off).
pub const PC7003: RuleDoc = RuleDoc {
    id: "PC7003",
    severity: Error,
    summary: "S3 public access block leaves a protection off",
    help: "",
};
/// RDS, EFS, OpenSearch/Elasticsearch or EBS storage not encrypted at rest; encryption
/// cannot be turned on later without replacing the resource.
pub const PC7004: RuleDoc = RuleDoc {
    id: "PC7004",
    severity: Error,
    summary: "storage not encrypted at rest",
    help: "",
};
/// Ingress from anywhere (any block with prefix length 0: `0.0.0.0/0`, `::/0`, and every
/// other spelling) to ports other than 80 and 443.
pub const PC7005: RuleDoc = RuleDoc {
    id: "PC7005",
    severity: Error,
    summary: "security group open to the internet on a non-web port",
    help: "",
};
/// Ingress from anywhere to port 80 or 443.
pub const PC7006: RuleDoc = RuleDoc {
    id: "PC7006",
    severity: Warning,
    summary: "security group open to the internet on port 80 or 443",
    help: "",
};
/// An IAM statement that allows Action "*" on Resource "*": administrator access.
pub const PC7007: RuleDoc = RuleDoc {
    id: "PC7007",
    severity: Error,
    summary: "IAM statement allows every action on every resource",
    help: "",
};
/// A resource that holds data without DeletionPolicy: removing it from the template
/// deletes the data (most types default to Delete).
pub const PC7008: RuleDoc = RuleDoc {
    id: "PC7008",
    severity: Warning,
    summary: "stateful resource without DeletionPolicy",
    help: "",
};

/// A security group rule's CidrIp or CidrIpv6 that is not a block of its family:
/// EC2 rejects it at deploy time.
pub const PC7009: RuleDoc = RuleDoc {
    id: "PC7009",
    severity: Error,
    summary: "security group rule CIDR is not a valid block",
    help: "",
};
/// A CIDR with bits set below its prefix: the block is wider than it reads
/// (`192.168.1.0/0` is `0.0.0.0/0`).
pub const PC7010: RuleDoc = RuleDoc {
    id: "PC7010",
    severity: Warning,
    summary: "security group rule CIDR has host bits set",
    help: "",
};

pub const RULES: &[RuleDoc] = &[
    PC7001, PC7002, PC7003, PC7004, PC7005, PC7006, PC7007, PC7008, PC7009, PC7010,
];

/// `Some(true/false)` for a literal boolean (or "true"/"false"), `None` for a function.
fn literal_bool(node: Option<&Node>) -> Option<bool> {
    match &node?.value {
        Value::Bool(b) => Some(*b),
        Value::Str(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::Str(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

fn is_function(node: Option<&Node>) -> bool {
    node.is_some_and(|n| function_call(n, Scope::Resources).is_some())
}

pub fn check(template: &Template, out: &mut Findings) {
    let section = KeyPath::root().key("Resources");
    for (id, resource) in entries(template.root.get("Resources")) {
        let Some(kind) = resource.get("Type").and_then(as_str) else {
            continue;
        };
        let path = section.key(&id.name);
        let props = resource.get("Properties");
        let at = |key: &str| path.key("Properties").key(key);
        let empty = Node {
            value: Value::Map(Vec::new()),
            pos: id.pos,
            tag: None,
        };
        let p = props.unwrap_or(&empty);
        if crate::components::holds_data(kind) && resource.get("DeletionPolicy").is_none() {
            out.push(&PC7008, id.pos, &path, format!("{kind} holds data; set DeletionPolicy (RetainExceptOnCreate or Retain, or Snapshot where the type supports it) so removing it keeps the data"));
        }
        match kind {
            "AWS::S3::Bucket" => bucket(id.pos, p, &path.key("Properties"), out),
            "AWS::RDS::DBInstance" | "AWS::RDS::DBCluster" if inherits_encryption(kind, p) => {}
            "AWS::RDS::DBInstance" | "AWS::RDS::DBCluster" => encrypted(
                id.pos,
                p.get("StorageEncrypted"),
                &at("StorageEncrypted"),
                kind,
                out,
            ),
            // A volume restored from a snapshot takes the snapshot's encryption.
            "AWS::EC2::Volume" if p.get("SnapshotId").is_some() => {}
            "AWS::EFS::FileSystem" | "AWS::EC2::Volume" => {
                encrypted(id.pos, p.get("Encrypted"), &at("Encrypted"), kind, out);
            }
            "AWS::OpenSearchService::Domain" | "AWS::Elasticsearch::Domain" => {
                let options = p.get("EncryptionAtRestOptions");
                if !is_function(options) {
                    let enabled = options.and_then(|o| o.get("Enabled"));
                    encrypted(id.pos, enabled, &at("EncryptionAtRestOptions"), kind, out);
                }
            }
            "AWS::EC2::SecurityGroup" => {
                if let Some(Node {
                    value: Value::Seq(rules),
                    ..
                }) = p.get("SecurityGroupIngress")
                {
                    for (i, rule) in rules.iter().enumerate() {
                        ingress(rule, &at("SecurityGroupIngress").index(i), out);
                    }
                }
                if let Some(Node {
                    value: Value::Seq(rules),
                    ..
                }) = p.get("SecurityGroupEgress")
                {
                    for (i, rule) in rules.iter().enumerate() {
                        source_block(rule, &at("SecurityGroupEgress").index(i), out);
                    }
                }
            }
            "AWS::EC2::SecurityGroupIngress" => ingress(p, &path.key("Properties"), out),
            // Egress to anywhere is the usual default; only a malformed block is a finding.
            "AWS::EC2::SecurityGroupEgress" => {
                source_block(p, &path.key("Properties"), out);
            }
            "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" => {
                if let Some(doc) = p.get("PolicyDocument") {
                    policy(doc, &at("PolicyDocument"), out);
                }
            }
            "AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group" => {
                if let Some(Node {
                    value: Value::Seq(policies),
                    ..
                }) = p.get("Policies")
                {
                    for (i, pol) in policies.iter().enumerate() {
                        if let Some(doc) = pol.get("PolicyDocument") {
                            policy(doc, &at("Policies").index(i).key("PolicyDocument"), out);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn encrypted(pos: Pos, flag: Option<&Node>, path: &KeyPath, kind: &str, out: &mut Findings) {
    if is_function(flag) || literal_bool(flag) == Some(true) {
        return;
    }
    let pos = flag.map_or(pos, |f| f.pos);
    out.push(
        &PC7004,
        pos,
        path,
        format!("{kind} storage is not encrypted at rest"),
    );
}

fn bucket(pos: Pos, p: &Node, path: &KeyPath, out: &mut Findings) {
    if p.get("BucketEncryption").is_none() {
        out.push(
            &PC7001,
            pos,
            path,
            "the bucket has no BucketEncryption; set SSE-KMS with a key you control",
        );
    }
    let Some(block) = p.get("PublicAccessBlockConfiguration") else {
        out.push(
            &PC7002,
            pos,
            path,
            "the bucket has no PublicAccessBlockConfiguration",
        );
        return;
    };
    if is_function(Some(block)) {
        return;
    }
    for flag in [
        "BlockPublicAcls",
        "BlockPublicPolicy",
        "IgnorePublicAcls",
        "RestrictPublicBuckets",
    ] {
        let value = block.get(flag);
        if !is_function(value) && literal_bool(value) != Some(true) {
            let at = path.key("PublicAccessBlockConfiguration").key(flag);
            out.push(
                &PC7003,
                value.map_or(block.pos, |v| v.pos),
                &at,
                format!("{flag} is not true"),
            );
        }
    }
}

fn port(node: Option<&Node>) -> Option<i64> {
    match &node?.value {
        Value::Int(i) => Some(*i),
        Value::Str(s) => s.parse().ok(),
        _ => None,
    }
}

/// The rule's CIDR, parsed: findings for one that is not a block or that has host bits
/// set, and the key and node of one that is open to anywhere.
fn source_block<'a>(
    rule: &'a Node,
    path: &KeyPath,
    out: &mut Findings,
) -> Option<(&'static str, &'a Node, Block)> {
    let mut open = None;
    for (key, family) in [("CidrIp", Family::V4), ("CidrIpv6", Family::V6)] {
        let Some(node) = rule.get(key) else { continue };
        let Some(text) = as_str(node) else { continue };
        match cidr::parse(text, family) {
            Err(e) => out.push(&PC7009, node.pos, &path.key(key), e.to_string()),
            Ok(block) => {
                if block.host_bits {
                    let msg = format!(
                        "{text} has host bits set; the block it allows is {}",
                        block.canonical
                    );
                    out.push(&PC7010, node.pos, &path.key(key), msg);
                }
                if block.is_anywhere() && open.is_none() {
                    open = Some((key, node, block));
                }
            }
        }
    }
    open
}

fn ingress(rule: &Node, path: &KeyPath, out: &mut Findings) {
    let Some((key, cidr, block)) = source_block(rule, path, out) else {
        return;
    };
    let protocol = rule.get("IpProtocol").map(|n| match &n.value {
        Value::Int(i) => i.to_string(),
        Value::Str(s) => s.to_lowercase(),
        _ => String::new(),
    });
    let all = matches!(protocol.as_deref(), Some("-1" | "all"));
    let tcp = matches!(protocol.as_deref(), Some("tcp" | "6"));
    let (from, to) = (port(rule.get("FromPort")), port(rule.get("ToPort")));
    let web = tcp && from.is_some() && from == to && matches!(from, Some(80 | 443));
    let at = path.key(key);
    let written = as_str(cidr).unwrap_or_default();
    let source = if written == block.canonical.to_string() {
        written.to_owned()
    } else {
        format!("{written} (that is {})", block.canonical)
    };
    if web {
        let p = from.unwrap_or_default();
        out.push(
            &PC7006,
            cidr.pos,
            &at,
            format!("port {p} is open to {source}; confirm this endpoint is meant to be public"),
        );
    } else if all || from.is_some() || to.is_some() || protocol.is_some() {
        let ports = match (all, from, to) {
            (true, _, _) => "every port".to_owned(),
            (_, Some(f), Some(t)) if f == t => format!("port {f}"),
            (_, Some(f), Some(t)) => format!("ports {f}-{t}"),
            _ => "ports".to_owned(),
        };
        out.push(&PC7005, cidr.pos, &at, format!("{ports} open to {source}"));
    }
}

fn has_star(node: Option<&Node>) -> bool {
    match node.map(|n| &n.value) {
        Some(Value::Str(s)) => s == "*",
        Some(Value::Seq(items)) => items.iter().any(|i| as_str(i) == Some("*")),
        _ => false,
    }
}

fn policy(doc: &Node, path: &KeyPath, out: &mut Findings) {
    let Some(statements) = doc.get("Statement") else {
        return;
    };
    let list: Vec<(&Node, KeyPath)> = match &statements.value {
        Value::Seq(items) => items
            .iter()
            .enumerate()
            .map(|(i, s)| (s, path.key("Statement").index(i)))
            .collect(),
        _ => vec![(statements, path.key("Statement"))],
    };
    for (statement, at) in list {
        let allow = statement.get("Effect").and_then(as_str) == Some("Allow");
        if allow && has_star(statement.get("Action")) && has_star(statement.get("Resource")) {
            out.push(
                &PC7007,
                statement.pos,
                &at,
                "allows Action \"*\" on Resource \"*\"; grant the actions and resources needed",
            );
        }
    }
}

/// Whether an RDS instance or cluster takes its encryption from what it is created from (a
/// cluster it joins, a snapshot, a replication source), where `StorageEncrypted` is ignored.
fn inherits_encryption(kind: &str, p: &Node) -> bool {
    let sources: &[&str] = if kind == "AWS::RDS::DBCluster" {
        &["SnapshotIdentifier", "SourceDBClusterIdentifier"]
    } else {
        &[
            "DBClusterIdentifier",
            "SourceDBInstanceIdentifier",
            "DBSnapshotIdentifier",
            "SourceDBClusterIdentifier",
        ]
    };
    sources.iter().any(|k| p.get(k).is_some())
}
