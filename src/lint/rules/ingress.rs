//! Security-group ingress rules that repeat one another: EC2 refuses a rule a group
//! already has, so the second one fails the stack, inline or standalone alike.

use serde_json::Value;

use crate::diagnostic::Severity::Error;
use crate::lint::rule::{Findings, RuleDoc};
use crate::lint::template::{as_str, entries, Template};
use crate::yaml::{KeyPath, Node};

pub const PC3962: RuleDoc = RuleDoc {
    id: "PC3962",
    severity: Error,
    summary: "two ingress rules of one security group with the same protocol, ports and source",
    help: "Amazon EC2 API Reference, AuthorizeSecurityGroupIngress (InvalidPermission.Duplicate: the group already has the rule)",
};

pub const RULES: &[RuleDoc] = &[PC3962];

/// What makes a rule the same as another: the group, protocol, ports and source, as
/// written (`tcp` and `6` are one protocol).
fn key(group: &str, rule: &Value) -> Option<String> {
    let protocol = match &rule["IpProtocol"] {
        Value::String(p) if p == "6" => "tcp".to_owned(),
        Value::String(p) if p == "17" => "udp".to_owned(),
        Value::String(p) => p.to_ascii_lowercase(),
        Value::Number(n) => match n.to_string().as_str() {
            "6" => "tcp".to_owned(),
            "17" => "udp".to_owned(),
            other => other.to_owned(),
        },
        _ => return None,
    };
    let port = |k: &str| match &rule[k] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let source = [
        "CidrIp",
        "CidrIpv6",
        "SourceSecurityGroupId",
        "SourcePrefixListId",
        "SourceSecurityGroupName",
    ]
    .iter()
    .find_map(|k| rule.get(*k).map(|v| format!("{k}={v}")))?;
    let ports = if protocol == "-1" {
        String::new()
    } else {
        format!("{}-{}", port("FromPort"), port("ToPort"))
    };
    Some(format!("{group}|{protocol}|{ports}|{source}"))
}

pub fn check(template: &Template, out: &mut Findings) {
    let section = KeyPath::root().key("Resources");
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut judge = |key: Option<String>, node: &Node, path: KeyPath, what: String| {
        let Some(key) = key else {
            return;
        };
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            out.push(
                &PC3962,
                node.pos,
                &path,
                format!("{what} repeats {first}: EC2 refuses a rule the group already has"),
            );
        } else {
            seen.push((key, what));
        }
    };
    for (id, resource) in entries(template.root.get("Resources")) {
        // Rules under conditions may never exist together.
        if resource.get("Condition").is_some() {
            continue;
        }
        let Some(props) = resource.get("Properties") else {
            continue;
        };
        let here = section.key(&id.name).key("Properties");
        match resource.get("Type").and_then(as_str) {
            Some("AWS::EC2::SecurityGroup") => {
                let group = serde_json::json!({ "Ref": id.name }).to_string();
                let Some(Node {
                    value: crate::yaml::Value::Seq(rules),
                    ..
                }) = props.get("SecurityGroupIngress")
                else {
                    continue;
                };
                for (i, rule) in rules.iter().enumerate() {
                    let path = here.key("SecurityGroupIngress").index(i);
                    judge(
                        key(&group, &rule.to_json()),
                        rule,
                        path,
                        format!("ingress rule {i} of {}", id.name),
                    );
                }
            }
            Some("AWS::EC2::SecurityGroupIngress") => {
                let Some(group) = props.get("GroupId").map(|g| g.to_json().to_string()) else {
                    continue;
                };
                judge(key(&group, &props.to_json()), props, here, id.name.clone());
            }
            _ => {}
        }
    }
}
