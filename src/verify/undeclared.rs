//! Reach nobody declared: what the templates let through beyond the access graph's edges.

use std::collections::BTreeSet;

use serde_json::Value;

use super::templates::{grants, list, names, role_statements};
use super::{consumers, needs, shared_role_declares, target_label, workload, Reach};
use crate::components::{Platform, Stack};
use crate::model::{Access, Consumer, Target, Verb};
use crate::render::names as links;

/// Every verb a target takes, to ask which of them a role's statement grants.
fn verbs(target: &Target) -> &'static [Verb] {
    match target {
        Target::Bucket(_) => &[Verb::Read, Verb::Write],
        Target::Queue(_) => &[Verb::Consume, Verb::Send],
        Target::Topic(_) => &[Verb::Publish],
        Target::Secret(_) => &[Verb::Read],
        Target::Database => &[Verb::Connect],
        Target::Search => &[Verb::Query],
        Target::Cache => &[Verb::Connect],
        Target::FileSystem(_) => &[Verb::Mount],
        Target::Service(_) => &[Verb::Call],
        Target::Table(_) => &[Verb::Read, Verb::Write],
        Target::Stream(_) => &[Verb::Read, Verb::Write],
        Target::Email => &[Verb::Send],
    }
}

/// Every target the platform offers.
fn targets(platform: &Platform) -> Vec<Target> {
    let mut all: Vec<Target> = Vec::new();
    all.extend(
        platform
            .storage
            .iter()
            .flat_map(|s| &s.buckets)
            .map(|b| Target::Bucket(b.name.clone())),
    );
    all.extend(
        platform
            .messaging
            .queues
            .iter()
            .map(|q| Target::Queue(q.name.clone())),
    );
    all.extend(
        platform
            .messaging
            .topics
            .iter()
            .map(|t| Target::Topic(t.name.clone())),
    );
    all.extend(
        platform
            .secrets
            .iter()
            .map(|s| Target::Secret(s.name.clone())),
    );
    if platform.database.is_some() {
        all.push(Target::Database);
    }
    if platform.search.is_some() {
        all.push(Target::Search);
    }
    if platform.cache.is_some() {
        all.push(Target::Cache);
    }
    all.extend(
        platform
            .file_systems
            .iter()
            .map(|f| Target::FileSystem(f.name.clone())),
    );
    all.extend(
        platform
            .services
            .iter()
            .filter(|s| s.port.is_some())
            .map(|s| Target::Service(s.name.clone())),
    );
    all.extend(
        platform
            .tables
            .iter()
            .map(|t| Target::Table(t.name.clone())),
    );
    all.extend(
        platform
            .streams
            .iter()
            .map(|x| Target::Stream(x.name.clone())),
    );
    if platform.email.is_some() {
        all.push(Target::Email);
    }
    all
}

pub(super) fn find(platform: &Platform, templates: &super::Templates) -> Vec<Reach> {
    let mut found = BTreeSet::new();
    roles(platform, templates, &mut found);
    groups(platform, templates, &mut found);
    private_link(platform, templates, &mut found);
    found.into_iter().collect()
}

/// A load balancer that lets AWS PrivateLink traffic past its security group, or a VPC
/// link that sends it, when no `apis:` entry fronts that load balancer: the one path into
/// a service that no security-group rule shows. An API's own VPC link is declared reach;
/// the service behind it is still judged by its group, which admits only the load balancer.
fn private_link(platform: &Platform, templates: &super::Templates, found: &mut BTreeSet<Reach>) {
    let fronted = |id: &str| {
        platform.apis.iter().any(|api| {
            id == links::load_balancer(&api.load_balancer_id)
                || id == links::vpc_link(&api.load_balancer_id)
        })
    };
    for (stack, id, r) in templates.resources() {
        let p = &r["Properties"];
        let how = match r["Type"].as_str() {
            Some("AWS::ElasticLoadBalancingV2::LoadBalancer")
                if p["EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic"].as_str()
                    == Some("off") =>
            {
                "its security group lets AWS PrivateLink traffic through unjudged"
            }
            Some("AWS::ApiGateway::VpcLink") => "it sends API Gateway traffic into the VPC",
            _ => continue,
        };
        if stack == Stack::Compute.name() && fronted(id) {
            continue;
        }
        found.insert(Reach {
            template: stack.to_owned(),
            logical_id: id.to_owned(),
            target: "load balancer".to_owned(),
            how: format!("{how}, and no `apis:` entry fronts it"),
        });
    }
}

/// A role (in any stack) whose statements grant a verb's actions on a target, when no
/// edge gives that verb to the workload the role belongs to.
fn roles(platform: &Platform, templates: &super::Templates, found: &mut BTreeSet<Reach>) {
    let consumers = consumers(platform);
    let owner = |stack: &str, id: &str| {
        consumers.iter().find(|c| {
            workload(platform, c)
                .is_some_and(|w| w.stack == stack && w.roles.iter().any(|r| r == id))
        })
    };
    for (stack, id, resource) in templates.resources() {
        if resource["Type"].as_str() != Some("AWS::IAM::Role") {
            continue;
        }
        let statements = role_statements(resource);
        for target in targets(platform) {
            for verb in verbs(&target) {
                let probe = Access {
                    consumer: Consumer::Service(String::new()),
                    target: target.clone(),
                    verb: *verb,
                };
                let Some(n) = needs(platform, &probe) else {
                    continue;
                };
                let granted = n.actions.iter().any(|action| {
                    statements
                        .iter()
                        .any(|s| grants(s, "Allow", action, &n.arn))
                });
                if !granted {
                    continue;
                }
                let declared = owner(stack, id).is_some_and(|c| {
                    platform
                        .access
                        .of(c)
                        .any(|e| e.target == target && e.verb == *verb)
                }) || shared_role_declares(platform, stack, id, &target, *verb);
                if !declared {
                    found.insert(Reach {
                        template: stack.to_owned(),
                        logical_id: id.to_owned(),
                        target: target_label(&target),
                        how: format!(
                            "its policy grants {} ({:?}) without an `access:` entry",
                            n.actions.join(", "),
                            verb
                        ),
                    });
                }
            }
        }
    }
}

/// A target's security group that admits an address block, or a group no edge names (a
/// service's group also admits the load balancers in front of it).
fn groups(platform: &Platform, templates: &super::Templates, found: &mut BTreeSet<Reach>) {
    for target in targets(platform) {
        let probe = Access {
            consumer: Consumer::Service(String::new()),
            target: target.clone(),
            verb: verbs(&target)[0],
        };
        let Some(port) = needs(platform, &probe).and_then(|n| n.port) else {
            continue;
        };
        let (param, group) = (&port.param, &port.group);
        let consumers: Vec<super::Workload> = platform
            .access
            .edges()
            .iter()
            .filter(|e| e.target == target)
            .filter_map(|e| workload(platform, &e.consumer))
            .collect();
        let load_balancers: Vec<String> = match &target {
            Target::Service(name) => platform
                .load_balancers
                .iter()
                .filter(|lb| &lb.service == name)
                .map(|lb| links::load_balancer_security_group(&lb.id))
                .collect(),
            _ => Vec::new(),
        };
        if let Some(g) = templates.resource(port.stack, group) {
            for rule in list(&g["Properties"]["SecurityGroupIngress"]) {
                found.insert(Reach {
                    template: port.stack.to_owned(),
                    logical_id: group.to_owned(),
                    target: target_label(&target),
                    how: format!("its inline ingress admits {}", peer(rule)),
                });
            }
        }
        for (stack, id, r) in templates.resources() {
            let p = &r["Properties"];
            let on_target =
                names(&p["GroupId"], param) || (stack == port.stack && names(&p["GroupId"], group));
            if r["Type"].as_str() != Some("AWS::EC2::SecurityGroupIngress") || !on_target {
                continue;
            }
            let source = &p["SourceSecurityGroupId"];
            let from_consumer = consumers
                .iter()
                .any(|w| stack == w.stack && w.group.is(source));
            let from_load_balancer =
                stack == Stack::Compute.name() && load_balancers.iter().any(|g| names(source, g));
            // The function that maps roles in the search domain, as its master user.
            let search_admin = target == Target::Search
                && stack == Stack::Compute.name()
                && names(source, links::SEARCH_ADMIN_SECURITY_GROUP);
            if !from_consumer && !from_load_balancer && !search_admin {
                found.insert(Reach {
                    template: stack.to_owned(),
                    logical_id: id.to_owned(),
                    target: target_label(&target),
                    how: format!("admits {}, which no `access:` entry names", peer(p)),
                });
            }
        }
    }
}

/// Who a rule admits, for the report.
fn peer(rule: &Value) -> String {
    if let Some(cidr) = rule["CidrIp"].as_str() {
        return cidr.to_owned();
    }
    match &rule["SourceSecurityGroupId"] {
        Value::Null => "a peer".to_owned(),
        Value::String(id) => id.clone(),
        other => other["Ref"].as_str().map_or_else(
            || match other["Fn::GetAtt"].as_array() {
                Some(parts) => parts
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("."),
                None => other.to_string(),
            },
            str::to_owned,
        ),
    }
}
