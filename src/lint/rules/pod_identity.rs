//! EKS Pod Identity wiring that deploys but never works, or does not deploy: a role an
//! association names that does not trust the Pod Identity service for both actions it
//! calls, and two associations for one service account.

use serde_json::Value;

use crate::diagnostic::Severity::Error;
use crate::lint::rule::{Findings, RuleDoc};
use crate::lint::template::{as_str, entries, Template};
use crate::yaml::KeyPath;

pub const PC3960: RuleDoc = RuleDoc {
    id: "PC3960",
    severity: Error,
    summary: "a Pod Identity association's role does not trust pods.eks.amazonaws.com for sts:AssumeRole and sts:TagSession",
    help: "Amazon EKS User Guide, Create IAM role with trust policy required by EKS Pod Identity (the service assumes the role and tags the session, so the pods get no credentials otherwise)",
};

pub const PC3961: RuleDoc = RuleDoc {
    id: "PC3961",
    severity: Error,
    summary: "two Pod Identity associations for one cluster, namespace and service account",
    help: "Amazon EKS API Reference, CreatePodIdentityAssociation (one association per service account; the second fails)",
};

pub const RULES: &[RuleDoc] = &[PC3960, PC3961];

/// The Pod Identity service principal.
const PRINCIPAL: &str = "pods.eks.amazonaws.com";

fn list(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(all) => all.iter().collect(),
        Value::Null => Vec::new(),
        one => vec![one],
    }
}

/// Whether an Allow statement of `document` lets the Pod Identity service call `action`.
fn trusts(document: &Value, action: &str) -> bool {
    list(&document["Statement"]).iter().any(|s| {
        s["Effect"].as_str() == Some("Allow")
            && list(&s["Principal"]["Service"])
                .iter()
                .any(|p| p.as_str() == Some(PRINCIPAL))
            && list(&s["Action"])
                .iter()
                .filter_map(|a| a.as_str())
                .any(|a| {
                    a == "*" || a.eq_ignore_ascii_case("sts:*") || a.eq_ignore_ascii_case(action)
                })
    })
}

/// The logical ID a `RoleArn` takes the ARN of: `!GetAtt Role.Arn` in either form.
fn role_of(value: &Value) -> Option<String> {
    match &value["Fn::GetAtt"] {
        Value::Array(parts) if parts.get(1).and_then(Value::as_str) == Some("Arn") => {
            Some(parts.first()?.as_str()?.to_owned())
        }
        Value::String(dotted) => dotted.strip_suffix(".Arn").map(str::to_owned),
        _ => None,
    }
}

pub fn check(template: &Template, out: &mut Findings) {
    let section = KeyPath::root().key("Resources");
    let resources = entries(template.root.get("Resources"));
    let mut seen: Vec<(String, String, String, &str)> = Vec::new();
    for (id, resource) in resources {
        if resource.get("Type").and_then(as_str) != Some("AWS::EKS::PodIdentityAssociation") {
            continue;
        }
        let Some(props) = resource.get("Properties") else {
            continue;
        };
        let here = section.key(&id.name).key("Properties");
        if let Some(arn) = props.get("RoleArn") {
            let role = role_of(&arn.to_json()).and_then(|name| {
                resources
                    .iter()
                    .find(|(k, r)| {
                        k.name == name && r.get("Type").and_then(as_str) == Some("AWS::IAM::Role")
                    })
                    .map(|(k, r)| (k.name.clone(), r))
            });
            let document = role.as_ref().and_then(|(_, r)| {
                Some(
                    r.get("Properties")?
                        .get("AssumeRolePolicyDocument")?
                        .to_json(),
                )
            });
            if let (Some((name, _)), Some(document)) = (role, document.filter(Value::is_object)) {
                let missing: Vec<&str> = ["sts:AssumeRole", "sts:TagSession"]
                    .into_iter()
                    .filter(|a| !trusts(&document, a))
                    .collect();
                if !missing.is_empty() {
                    out.push(
                        &PC3960,
                        arn.pos,
                        &here.key("RoleArn"),
                        format!(
                            "role {name} does not let {PRINCIPAL} call {}: the pods get no credentials",
                            missing.join(" or ")
                        ),
                    );
                }
            }
        }
        if resource.get("Condition").is_some() {
            continue;
        }
        let text = |key: &str| props.get(key).map(|n| n.to_json().to_string());
        let (Some(cluster), Some(namespace), Some(account)) = (
            text("ClusterName"),
            text("Namespace"),
            text("ServiceAccount"),
        ) else {
            continue;
        };
        if let Some((.., first)) = seen
            .iter()
            .find(|(c, n, a, _)| (c, n, a) == (&cluster, &namespace, &account))
        {
            if let Some(node) = props.get("ServiceAccount") {
                out.push(
                    &PC3961,
                    node.pos,
                    &here.key("ServiceAccount"),
                    format!("{first} already associates this service account with a role"),
                );
            }
            continue;
        }
        seen.push((cluster, namespace, account, &id.name));
    }
}
