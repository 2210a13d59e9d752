//! An existing VPC's endpoints and DNS attributes against the spec: endpoints the spec
//! would create that already exist (the create fails), endpoints the spec says exist that
//! do not or cannot serve the workloads, and DNS attributes that turn private DNS off.
//! Pure: the command layer reads the VPC (`aws::ec2::read_endpoints`) into these types.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::model::{Endpoint, EndpointKind, Network, Vpc};

/// One endpoint found in the VPC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundEndpoint {
    pub id: String,
    /// Short service name (`s3`, `ecr.api`).
    pub service: String,
    pub gateway: bool,
    pub private_dns: bool,
    pub route_table_ids: Vec<String>,
    /// Created by this environment's own stacks (its `platformctl:environment` tag):
    /// neither a conflict nor a stand-in for an existing endpoint.
    pub ours: bool,
}

/// The VPC's endpoints and its DNS attributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VpcEndpoints {
    pub endpoints: Vec<FoundEndpoint>,
    pub dns_support: bool,
    pub dns_hostnames: bool,
}

/// The findings for `network` (an existing VPC) given what the VPC has. `private_zone`
/// says whether the platform puts a private hosted zone on the VPC (a Cloud Map namespace,
/// a private `dns` zone), which resolves only with the same DNS attributes on.
pub fn check(network: &Network, private_zone: bool, live: &VpcEndpoints) -> Vec<Diagnostic> {
    let route_tables: &[String] = match &network.vpc {
        Vpc::Existing {
            route_table_ids, ..
        } => route_table_ids,
        Vpc::New { .. } => &[],
    };
    let on_our_tables = |found: &FoundEndpoint| {
        found
            .route_table_ids
            .iter()
            .any(|rt| route_tables.contains(rt))
    };
    let others = |service: &str| -> Vec<&FoundEndpoint> {
        live.endpoints
            .iter()
            .filter(|f| !f.ours && f.service == service)
            .collect()
    };
    let mut out = Vec::new();
    for endpoint in &network.endpoints {
        for found in others(&endpoint.service) {
            // Amazon VPC User Guide: one gateway endpoint per service per route table;
            // one interface endpoint per service with private DNS per VPC.
            let clash = match endpoint.kind {
                EndpointKind::Gateway => found.gateway && on_our_tables(found),
                EndpointKind::Interface => !found.gateway && found.private_dns,
            };
            if clash {
                out.push(Diagnostic::error("network/endpoint-conflict", format!(
                    "the VPC already has a {} endpoint for `{}` ({}); creating another fails. Move `{}` from network.endpoints to network.existing_vpc.existing_endpoints",
                    kind(endpoint), endpoint.service, found.id, endpoint.service
                )));
            }
        }
    }
    for endpoint in &network.existing_endpoints {
        let found = others(&endpoint.service);
        let usable = found.iter().any(|f| match endpoint.kind {
            EndpointKind::Gateway => {
                f.gateway && route_tables.iter().all(|rt| f.route_table_ids.contains(rt))
            }
            EndpointKind::Interface => !f.gateway && f.private_dns,
        });
        if usable {
            continue;
        }
        let why = match (endpoint.kind, found.first()) {
            (_, None) => "the VPC has none".to_owned(),
            (EndpointKind::Gateway, Some(f)) => format!(
                "{} is not attached to every route table the spec names ({}), so some workload subnets do not route to it",
                f.id,
                route_tables.join(", ")
            ),
            (EndpointKind::Interface, Some(f)) => format!(
                "{} has private DNS off, so the workloads resolve the service's public name and, without internet egress, cannot reach it",
                f.id
            ),
        };
        out.push(Diagnostic::error(
            "network/endpoint-missing",
            format!(
                "network.existing_vpc.existing_endpoints names `{}`, but {why}",
                endpoint.service
            ),
        ));
    }
    let private_dns = network
        .endpoints
        .iter()
        .chain(&network.existing_endpoints)
        .any(|e| e.kind == EndpointKind::Interface);
    if (private_dns || private_zone) && !(live.dns_support && live.dns_hostnames) {
        // Amazon VPC User Guide, "DNS attributes for your VPC": private DNS names of
        // interface endpoints, and private hosted zones, need both attributes on.
        let needs = match (private_dns, private_zone) {
            (true, true) => "interface endpoints answer their service's name, and the private hosted zone resolves,",
            (true, false) => "interface endpoints answer their service's name",
            _ => "the private hosted zone (service discovery or the dns section) resolves",
        };
        out.push(Diagnostic::error("network/vpc-dns", format!(
            "the VPC has enableDnsSupport {} and enableDnsHostnames {}; {needs} only with both on. Turn them on (aws ec2 modify-vpc-attribute)",
            on_off(live.dns_support), on_off(live.dns_hostnames)
        )));
    }
    out
}

fn kind(endpoint: &Endpoint) -> &'static str {
    match endpoint.kind {
        EndpointKind::Gateway => "gateway",
        EndpointKind::Interface => "private-DNS interface",
    }
}

fn on_off(b: bool) -> &'static str {
    if b {
        "on"
    } else {
        "off"
    }
}

#[cfg(test)]
mod tests;
