//! The four layers of one access, each judged on its own so a report names the one that
//! blocks.

use serde_json::Value;

use super::templates::{
    action_matches, grants, list, names, opens, role_statements, statements, Templates,
};
use super::{Group, Layer, Layers, Needs, Workload};
use crate::components::Stack;
use crate::render::names as links;

pub(super) fn judge(t: &Templates, w: &Workload, n: &Needs) -> Layers {
    Layers {
        network: network(t, w, n),
        identity: identity(t, w, n),
        resource: resource(t, w, n),
        key: key(t, w, n),
    }
}

/// The workload's roles' statements, from the workload stack.
fn workload_statements<'t>(t: &'t Templates, w: &Workload) -> Vec<&'t Value> {
    w.roles
        .iter()
        .filter_map(|id| t.resource(w.stack, id))
        .flat_map(role_statements)
        .collect()
}

/// Every action the verb needs is allowed on the target by one of the workload's roles,
/// and none is denied there.
fn identity(t: &Templates, w: &Workload, n: &Needs) -> Layer {
    if n.actions.is_empty() {
        return Layer::NotApplicable;
    }
    let statements = workload_statements(t, w);
    for action in n.actions {
        let allowed = statements
            .iter()
            .any(|s| grants(s, "Allow", action, &n.arn));
        let denied = statements.iter().any(|s| grants(s, "Deny", action, &n.arn));
        if !allowed || denied {
            let role = w.roles.first().map_or("-", String::as_str);
            let why = if denied { "a Deny of" } else { "an Allow of" };
            let missing = if denied {
                format!("{why} {action} on {} stands in the way", n.arn)
            } else {
                format!("{why} {action} on {}", n.arn)
            };
            return Layer::blocked(w.stack, role, missing);
        }
    }
    Layer::Open
}

/// A Deny that applies to a request made over TLS by the workload: anything but the
/// platform's own "deny plain HTTP" statement.
fn denies(statement: &Value, action: &str) -> bool {
    let only_plain_http = statement["Condition"]["Bool"]["aws:SecureTransport"]
        .as_str()
        .is_some_and(|v| v.eq_ignore_ascii_case("false"))
        && statement["Condition"]
            .as_object()
            .is_some_and(|c| c.len() == 1);
    statement["Effect"].as_str() == Some("Deny")
        && !only_plain_http
        && list(&statement["Action"])
            .iter()
            .filter_map(|a| a.as_str())
            .any(|a| action_matches(a, action))
}

/// No Deny in the target's resource policy stands in the way; the search domain's access
/// policy must also allow the workload's role (the account's principals, narrowed by a
/// principal tag the role carries), since OpenSearch evaluates it before the identity
/// policy counts, and its security plugin must map the role ([`search_mapping`]).
fn resource(t: &Templates, w: &Workload, n: &Needs) -> Layer {
    let Some((stack, id)) = &n.policy else {
        return Layer::NotApplicable;
    };
    let Some(resource) = t.resource(stack, id) else {
        if n.actions.is_empty() {
            // Admitted by the resource policy alone (SNS invoking a function): without it
            // nothing gets through.
            return Layer::blocked(stack, id, "the resource policy that admits it".to_owned());
        }
        // No resource policy: within one account the identity policy suffices.
        return Layer::Open;
    };
    if resource["Type"].as_str() == Some("AWS::Lambda::Permission") {
        return sns_invoke(t, stack, id, resource, n);
    }
    // The search domain's and a file system's policies are properties of the resource,
    // and both must allow: OpenSearch evaluates its access policy, and a file system policy
    // replaces EFS's default allow with what it says.
    let search = resource["Type"].as_str() == Some("AWS::OpenSearchService::Domain");
    let (document, must_allow) = match resource["Type"].as_str() {
        Some("AWS::OpenSearchService::Domain") => (&resource["Properties"]["AccessPolicies"], true),
        Some("AWS::EFS::FileSystem") => (&resource["Properties"]["FileSystemPolicy"], true),
        _ => (&resource["Properties"]["PolicyDocument"], false),
    };
    let role = w.roles.first().and_then(|r| t.resource(w.stack, r));
    let statements = statements(document);
    for action in n.actions {
        if statements.iter().any(|s| denies(s, action)) {
            return Layer::blocked(stack, id, format!("no Deny of {action}: one applies"));
        }
        let admits_account = |s: &&Value| {
            s["Effect"].as_str() == Some("Allow")
                && list(&s["Action"])
                    .iter()
                    .filter_map(|a| a.as_str())
                    .any(|a| action_matches(a, action))
                && list(&s["Principal"]["AWS"])
                    .iter()
                    .any(|p| p.as_str() == Some("*") || p.to_string().contains(":root"))
                && tags_match(&s["Condition"], role)
        };
        if must_allow && !statements.is_empty() && !statements.iter().any(admits_account) {
            return Layer::blocked(
                stack,
                id,
                format!("an Allow of {action} for the workload's role"),
            );
        }
    }
    if search {
        return search_mapping(t, w);
    }
    Layer::Open
}

/// A function's permission for SNS: the service principal may invoke it for the topic (and
/// only that topic), and a subscription of the function to that topic sits beside it.
fn sns_invoke(
    t: &Templates,
    stack: &'static str,
    id: &str,
    permission: &Value,
    n: &Needs,
) -> Layer {
    let p = &permission["Properties"];
    let topic = serde_json::json!({ "Ref": n.arn });
    if p["Principal"].as_str() != Some("sns.amazonaws.com")
        || p["Action"].as_str() != Some("lambda:InvokeFunction")
        || p["SourceArn"] != topic
    {
        return Layer::blocked(
            stack,
            id,
            format!("lambda:InvokeFunction for sns.amazonaws.com from {}", n.arn),
        );
    }
    let subscribed = t.resources().any(|(s, _, r)| {
        s == stack
            && r["Type"].as_str() == Some("AWS::SNS::Subscription")
            && r["Properties"]["Protocol"].as_str() == Some("lambda")
            && r["Properties"]["TopicArn"] == topic
            && r["Properties"]["Endpoint"]["Fn::GetAtt"][0] == p["FunctionName"]["Ref"]
    });
    if subscribed {
        Layer::Open
    } else {
        Layer::blocked(
            stack,
            id,
            format!("a subscription of the function to {}", n.arn),
        )
    }
}

/// Whether a statement's condition lets the role through: no condition, or principal tags
/// (`aws:PrincipalTag/<key>`) that the role carries with those values. Any other
/// condition is taken as met: only tags are the platform's way to name its roles here.
fn tags_match(condition: &Value, role: Option<&Value>) -> bool {
    let Some(tests) = condition["StringEquals"].as_object() else {
        return true;
    };
    let carried = role
        .map(|r| list(&r["Properties"]["Tags"]))
        .unwrap_or_default();
    tests.iter().all(|(key, wanted)| {
        let Some(tag) = key.strip_prefix("aws:PrincipalTag/") else {
            return true;
        };
        carried
            .iter()
            .any(|t| t["Key"].as_str() == Some(tag) && &t["Value"] == wanted)
    })
}

/// With fine-grained access control, OpenSearch answers 403 to a role its security plugin
/// does not map, whatever IAM allows: the workload's role must be among the backend roles
/// of the platform's mapping (OpenSearch Service Developer Guide, "Fine-grained access
/// control", "Mapping roles to users").
fn search_mapping(t: &Templates, w: &Workload) -> Layer {
    let compute = Stack::Compute.name();
    let role = w.roles.first().map_or("-", String::as_str);
    let Some(mapping) = t.resource(compute, links::SEARCH_ROLE_MAPPING) else {
        return Layer::blocked(
            compute,
            links::SEARCH_ROLE_MAPPING,
            format!("the search role mapping, with {role} among its backend roles"),
        );
    };
    // A role in another stack is mapped by the ARN of its fixed name.
    let role_arn_tail = t
        .resource(w.stack, role)
        .and_then(|r| r["Properties"]["RoleName"].as_str())
        .map(|name| format!(":role/{name}"));
    let mapped = list(&mapping["Properties"]["BackendRoles"])
        .iter()
        .any(|r| {
            r.as_str() != Some("*")
                && (names(r, role)
                    || role_arn_tail.as_deref().is_some_and(|tail| {
                        r["Fn::Sub"].as_str().is_some_and(|a| a.ends_with(tail))
                    }))
        });
    if mapped {
        Layer::Open
    } else {
        Layer::blocked(
            compute,
            links::SEARCH_ROLE_MAPPING,
            format!("{role} among its backend roles"),
        )
    }
}

/// The key policy delegates to IAM (the account's root is allowed `kms:*`), and the
/// workload's roles may use the key for what the verb does.
fn key(t: &Templates, w: &Workload, n: &Needs) -> Layer {
    if n.key_actions.is_empty() {
        return Layer::NotApplicable;
    }
    let Some(key) = t.resource("security", "PlatformKey") else {
        return Layer::blocked("security", "PlatformKey", "the environment's key");
    };
    let delegates = statements(&key["Properties"]["KeyPolicy"]).iter().any(|s| {
        s["Effect"].as_str() == Some("Allow")
            && list(&s["Action"])
                .iter()
                .filter_map(|a| a.as_str())
                .any(|a| a == "kms:*")
            && list(&s["Principal"]["AWS"])
                .iter()
                .any(|p| p.to_string().contains(":root"))
    });
    if !delegates {
        return Layer::blocked(
            "security",
            "PlatformKey",
            "a statement that lets IAM policies grant the key (kms:* for the account)",
        );
    }
    let statements = workload_statements(t, w);
    for action in n.key_actions {
        if !statements
            .iter()
            .any(|s| grants(s, "Allow", action, links::KEY_ARN))
        {
            let role = w.roles.first().map_or("-", String::as_str);
            return Layer::blocked(
                w.stack,
                role,
                format!("an Allow of {action} on {}", links::KEY_ARN),
            );
        }
    }
    Layer::Open
}

/// The workload's group lets the port out, and the target's group lets it in from the
/// workload's group (or from an address block, which `undeclared` reports). The group EKS
/// creates for a cluster allows all outbound traffic, so only its ingress is judged.
fn network(t: &Templates, w: &Workload, n: &Needs) -> Layer {
    let Some(port) = &n.port else {
        return Layer::NotApplicable;
    };
    let number = port.number;
    match &w.group {
        Group::Own(id) => {
            let Some(own) = t.resource(w.stack, id) else {
                return Layer::blocked(w.stack, id, "the workload's security group");
            };
            let egress = list(&own["Properties"]["SecurityGroupEgress"])
                .iter()
                .any(|r| opens(r, number))
                || t.resources().any(|(_, _, r)| {
                    r["Type"].as_str() == Some("AWS::EC2::SecurityGroupEgress")
                        && names(&r["Properties"]["GroupId"], id)
                        && opens(&r["Properties"], number)
                });
            if !egress {
                return Layer::blocked(w.stack, id, format!("egress on TCP {number}"));
            }
        }
        Group::Cluster(id) => {
            if t.resource(w.stack, id).is_none() {
                return Layer::blocked(w.stack, id, "the EKS cluster whose group the pods use");
            }
        }
    }
    let inline = t
        .resource(port.stack, &port.group)
        .map(|g| {
            list(&g["Properties"]["SecurityGroupIngress"])
                .iter()
                .any(|r| opens(r, number) && r.get("CidrIp").is_some())
        })
        .unwrap_or(false);
    let standalone = t.resources().any(|(stack, _, r)| {
        let p = &r["Properties"];
        let on_target = names(&p["GroupId"], &port.param)
            || (stack == port.stack && names(&p["GroupId"], &port.group));
        r["Type"].as_str() == Some("AWS::EC2::SecurityGroupIngress")
            && on_target
            && opens(p, number)
            && (stack == w.stack && w.group.is(&p["SourceSecurityGroupId"])
                || p.get("CidrIp").is_some())
    });
    if inline || standalone {
        Layer::Open
    } else {
        Layer::blocked(
            port.stack,
            &port.group,
            format!("ingress on TCP {number} from {}", w.group.label()),
        )
    }
}
