//! The network layer of the access graph: per edge to a target reached on a port inside
//! the VPC (the database, the search domain, a file system's mount targets, a service), an
//! ingress rule on the target's security group admitting exactly the consumer's group, and
//! the consumer's egress to that port.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::components::{Platform, Stack};
use crate::model::{Access, Consumer, Target, HTTPS_PORT};
use crate::render::firewall::{https_out, Peer, Rule};
use crate::render::intrinsics::{get_att, r#ref};
use crate::render::link::Upstream;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;

/// The port `target` listens on inside the VPC: a store's fixed port, or a service's own.
fn port_of(platform: &Platform, target: &Target) -> Option<u16> {
    match target {
        Target::Service(name) => platform.services.iter().find(|s| &s.name == name)?.port,
        _ => target.port(),
    }
}

/// What a rule's logical ID says about the target: `Database`, `ApiService`.
fn stem(platform: &Platform, target: &Target) -> String {
    match target {
        Target::Service(name) => platform
            .services
            .iter()
            .find(|s| &s.name == name)
            .map_or_else(|| "Service".to_owned(), |s| format!("{}Service", s.id)),
        _ => target.stem().to_owned(),
    }
}

/// The target's security group as the stack being built names it: a `Ref` to its own
/// resource when the group lives in this stack (a service's, for a consumer in the compute
/// stack), else the parameter of the handle an earlier stack exported.
fn group_of(
    s: &mut StackBuilder,
    platform: &Platform,
    up: &Upstream,
    target: &Target,
) -> Option<Value> {
    if let Target::Service(name) = target {
        if s.name() == Stack::Compute.name() {
            let service = platform.services.iter().find(|x| &x.name == name)?;
            return Some(r#ref(&names::service_security_group(&service.id)));
        }
    }
    up.group_of(target).map(|export| s.import(export))
}

/// Adds the ingress rules of `edges` for one source group and returns the egress rules
/// the source needs. Targets behind one group on one port (file systems share their
/// mount targets' group) get one rule, and each egress rule comes once: the EC2 API
/// refuses a rule that duplicates another of the same group (VPC User Guide, "Security
/// group rules").
fn paths<'e>(
    s: &mut StackBuilder,
    platform: &Platform,
    up: &Upstream,
    edges: impl Iterator<Item = &'e Access>,
    prefix: &str,
    source: &Value,
    who: impl Fn(&Target) -> String,
) -> Vec<Value> {
    let mut egress = vec![https_out()];
    for edge in edges {
        let Some(port) = port_of(platform, &edge.target) else {
            continue;
        };
        let Some(target_group) = group_of(s, platform, up, &edge.target) else {
            continue;
        };
        let id = format!("{prefix}To{}", stem(platform, &edge.target));
        if !s.has(&id) {
            s.add(
                id,
                Rule::tcp(
                    port,
                    Peer::Group(source.clone()),
                    format!("{} from {}", edge.target.protocol(), who(&edge.target)),
                )
                .ingress_on(target_group),
            );
        }
        if port == HTTPS_PORT {
            continue;
        }
        for block in platform.network.vpc.cidrs() {
            let rule: Value = Rule::tcp(
                port,
                Peer::Cidr(block.to_string()),
                format!("{} in {block}", edge.target.protocol()),
            )
            .into();
            let same =
                |r: &Value| r["FromPort"] == rule["FromPort"] && r["CidrIp"] == rule["CidrIp"];
            if !egress.iter().any(same) {
                egress.push(rule);
            }
        }
    }
    egress
}

/// The network layer of a workload's edges, for a consumer with a security group of its
/// own (`group`, a logical ID in the stack being built): per target reached on a port
/// inside the VPC, an ingress rule on the target's group admitting exactly this consumer
/// (a standalone resource, since the target's group may live in another stack), and the
/// consumer's egress rules to that port. Returns the egress rules; HTTPS to anywhere,
/// which every workload has for AWS APIs, is not repeated.
pub(crate) fn network_paths(
    s: &mut StackBuilder,
    platform: &Platform,
    up: &Upstream,
    consumer: &Consumer,
    group: &str,
) -> Vec<Value> {
    paths(
        s,
        platform,
        up,
        platform.access.of(consumer),
        group,
        &r#ref(group),
        |_| consumer.name().to_owned(),
    )
}

/// The network layer of the Kubernetes workloads' edges. Pods take their node's security
/// groups, and nodes of a managed node group without a launch template take the cluster
/// security group EKS creates (Amazon EKS User Guide, "View Amazon EKS security group
/// requirements for clusters"), which allows all outbound traffic: so each target admits
/// that group, once per target for every workload that names it, and no egress rule is
/// needed.
pub(crate) fn pod_paths(s: &mut StackBuilder, platform: &Platform, up: &Upstream) {
    let mut users: BTreeMap<&Target, Vec<&str>> = BTreeMap::new();
    let edges: Vec<&Access> = platform
        .access
        .edges()
        .iter()
        .filter(|e| matches!(e.consumer, Consumer::Workload(_)))
        .collect();
    for e in &edges {
        users.entry(&e.target).or_default().push(e.consumer.name());
    }
    let source = get_att(names::KUBERNETES_CLUSTER, names::PODS_GROUP_ATTRIBUTE);
    paths(
        s,
        platform,
        up,
        edges.into_iter(),
        names::PODS,
        &source,
        |target| {
            let who = users.get(target).map_or_else(String::new, |w| w.join(", "));
            format!("EKS pods of {who}")
        },
    );
}

/// A workload's own security group that admits nothing inbound, its egress exactly the
/// paths its edges open: what a Lambda function or a Spark application sits in.
pub(crate) fn outbound_only_group(
    s: &mut StackBuilder,
    platform: &Platform,
    up: &Upstream,
    consumer: &Consumer,
    group: &str,
    description: String,
) {
    let egress = network_paths(s, platform, up, consumer, group);
    s.add(
        group,
        Resource::new(
            "AWS::EC2::SecurityGroup",
            json!({
                "GroupDescription": description,
                "VpcId": r#ref(names::VPC_ID),
                "SecurityGroupEgress": egress
            }),
        ),
    );
}
