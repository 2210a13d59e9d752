//! VPC endpoints: the ones the platform creates, and the ones an existing VPC already has.
//!
//! A VPC without internet access must have endpoints for what runs in it, so a customer's
//! VPC often has some before platformctl arrives. A second gateway endpoint for one
//! service on the same route tables, or a second interface endpoint with private DNS,
//! fails to create (Amazon VPC User Guide, "Gateway endpoints" and "Access an AWS service
//! using an interface VPC endpoint"), so the spec names the existing ones and the platform
//! creates only the rest.

use super::Problems;
use crate::spec::{Egress, NetworkSpec};
use crate::yaml::KeyPath;

/// Gateway endpoints are route-table entries (free); interface endpoints are ENIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointKind {
    Gateway,
    Interface,
}

/// A VPC endpoint by its short service name (`ecr.api`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub service: String,
    pub kind: EndpointKind,
}

/// The services this tool can create endpoints for, with their kind.
pub const KNOWN_ENDPOINTS: &[(&str, EndpointKind)] = &[
    ("s3", EndpointKind::Gateway),
    ("dynamodb", EndpointKind::Gateway),
    ("athena", EndpointKind::Interface),
    ("autoscaling", EndpointKind::Interface),
    ("ec2", EndpointKind::Interface),
    ("ec2messages", EndpointKind::Interface),
    ("ecr.api", EndpointKind::Interface),
    ("ecr.dkr", EndpointKind::Interface),
    ("ecs", EndpointKind::Interface),
    ("ecs-agent", EndpointKind::Interface),
    ("ecs-telemetry", EndpointKind::Interface),
    ("eks", EndpointKind::Interface),
    ("eks-auth", EndpointKind::Interface),
    ("elasticfilesystem", EndpointKind::Interface),
    ("elasticloadbalancing", EndpointKind::Interface),
    ("events", EndpointKind::Interface),
    ("glue", EndpointKind::Interface),
    ("kinesis-streams", EndpointKind::Interface),
    ("kms", EndpointKind::Interface),
    ("lambda", EndpointKind::Interface),
    ("logs", EndpointKind::Interface),
    ("monitoring", EndpointKind::Interface),
    ("secretsmanager", EndpointKind::Interface),
    ("sns", EndpointKind::Interface),
    ("sqs", EndpointKind::Interface),
    ("ssm", EndpointKind::Interface),
    ("ssmmessages", EndpointKind::Interface),
    ("states", EndpointKind::Interface),
    ("sts", EndpointKind::Interface),
    ("xray", EndpointKind::Interface),
];

/// The endpoints to create and the existing ones, each sorted by service so that
/// reordering a list changes nothing in the output. `needed` are the endpoints the
/// declared components need without internet egress; `existing_route_tables` the route
/// tables of an existing VPC's subnets (`None` for a new VPC, whose tables are its own).
pub(super) fn resolve(
    spec: &NetworkSpec,
    egress: Egress,
    needed: &[&str],
    existing_route_tables: Option<&[String]>,
    at: &KeyPath,
    p: &mut Problems,
) -> (Vec<Endpoint>, Vec<Endpoint>) {
    let list_at = at.key("endpoints");
    let existing_at = at.key("existing_vpc").key("existing_endpoints");
    let existing_names = spec
        .existing_vpc
        .as_ref()
        .map(|e| e.existing_endpoints.clone())
        .unwrap_or_default();
    let existing = named(&existing_names, &existing_at, p);
    let exists = |service: &str| existing.iter().any(|(_, e)| e.service == service);
    let names: Vec<String> = match (&spec.endpoints, egress) {
        (Some(list), _) => list.clone(),
        (None, Egress::Nat) => ["s3", "dynamodb"]
            .into_iter()
            .filter(|s| !exists(s))
            .map(str::to_owned)
            .collect(),
        (None, Egress::None) => needed
            .iter()
            .filter(|s| !exists(s))
            .map(|s| (*s).to_owned())
            .collect(),
    };
    let created = named(&names, &list_at, p);
    for (i, endpoint) in &created {
        if exists(&endpoint.service) {
            p.error(
                "spec/endpoint",
                &list_at.index(*i),
                format!(
                    "`{}` is listed under existing_vpc.existing_endpoints: the VPC has it, and a second one fails to create; list it only there",
                    endpoint.service
                ),
            );
        }
    }
    if egress == Egress::None {
        let missing: Vec<&str> = needed
            .iter()
            .copied()
            .filter(|n| !exists(n) && !created.iter().any(|(_, e)| e.service == *n))
            .collect();
        if !missing.is_empty() {
            p.error(
                "spec/endpoint",
                &list_at,
                format!(
                    "without internet egress the declared components need these endpoints too (created here, or listed under existing_vpc.existing_endpoints): {}",
                    missing.join(", ")
                ),
            );
        }
    }
    if let Some(route_table_ids) = existing_route_tables {
        let gateway = created.iter().any(|(_, e)| e.kind == EndpointKind::Gateway);
        if route_table_ids.is_empty() && gateway {
            p.error(
                "spec/endpoint",
                &at.key("existing_vpc").key("route_table_ids"),
                "gateway endpoints (s3, dynamodb) need the private subnets' route table ids",
            );
        }
    }
    (sorted(created), sorted(existing))
}

/// Known endpoints by name, with their index in the list; unknown and repeated names are
/// errors at `list_at`.
fn named(names: &[String], list_at: &KeyPath, p: &mut Problems) -> Vec<(usize, Endpoint)> {
    let mut out: Vec<(usize, Endpoint)> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let Some((service, kind)) = KNOWN_ENDPOINTS.iter().find(|(n, _)| n == name) else {
            let known: Vec<&str> = KNOWN_ENDPOINTS.iter().map(|(n, _)| *n).collect();
            p.error(
                "spec/endpoint",
                &list_at.index(i),
                format!("unknown endpoint `{name}`; known: {}", known.join(", ")),
            );
            continue;
        };
        if out.iter().any(|(_, e)| e.service == *service) {
            p.error(
                "spec/endpoint",
                &list_at.index(i),
                format!("endpoint `{name}` is listed twice"),
            );
        }
        out.push((
            i,
            Endpoint {
                service: (*service).to_owned(),
                kind: *kind,
            },
        ));
    }
    out
}

fn sorted(list: Vec<(usize, Endpoint)>) -> Vec<Endpoint> {
    let mut out: Vec<Endpoint> = list.into_iter().map(|(_, e)| e).collect();
    out.sort_by(|a, b| a.service.cmp(&b.service));
    out
}
