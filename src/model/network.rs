//! Resolves the `network` section: VPC, zones, subnets, egress and endpoints.

use ipnet::Ipv4Net;

pub use super::endpoints::{Endpoint, EndpointKind, KNOWN_ENDPOINTS};
use super::Problems;
use crate::cidr::{self, layout};
use crate::regions::Region;
use crate::spec::{Egress, NetworkSpec};
use crate::yaml::KeyPath;

/// Where the VPC comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Vpc {
    /// Created by the network stack, with these blocks (primary first).
    New { cidrs: Vec<Ipv4Net> },
    /// Owned by someone else; only referenced.
    Existing {
        id: String,
        cidrs: Vec<Ipv4Net>,
        route_table_ids: Vec<String>,
    },
}

impl Vpc {
    pub fn cidrs(&self) -> &[Ipv4Net] {
        match self {
            Vpc::New { cidrs } | Vpc::Existing { cidrs, .. } => cidrs,
        }
    }

    pub fn is_new(&self) -> bool {
        matches!(self, Vpc::New { .. })
    }
}

/// One subnet: its block, the index of its zone, and its id when it already exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subnet {
    pub cidr: Ipv4Net,
    pub zone: usize,
    /// The AZ name when known (existing subnets); new ones use `Fn::GetAZs` by index.
    pub az_name: Option<String>,
    pub id: Option<String>,
}

/// The resolved network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Network {
    pub vpc: Vpc,
    pub egress: Egress,
    pub zone_count: usize,
    pub private_subnets: Vec<Subnet>,
    pub public_subnets: Vec<Subnet>,
    /// Endpoints the platform creates.
    pub endpoints: Vec<Endpoint>,
    /// Endpoints an existing VPC already has (`existing_vpc.existing_endpoints`): used,
    /// never created, since a second one for the same service fails.
    pub existing_endpoints: Vec<Endpoint>,
    pub flow_log_retention_days: u32,
    /// False when the spec has no `network` key: no VPC is created or referenced, and
    /// the platform builder has refused every section that would need one.
    pub declared: bool,
}

impl Network {
    /// The network of a spec without one: no VPC, no subnets, no endpoints.
    pub fn absent() -> Network {
        Network {
            vpc: Vpc::New { cidrs: Vec::new() },
            egress: Egress::None,
            zone_count: 0,
            private_subnets: Vec::new(),
            public_subnets: Vec::new(),
            endpoints: Vec::new(),
            existing_endpoints: Vec::new(),
            flow_log_retention_days: 365,
            declared: false,
        }
    }

    pub fn interface_endpoints(&self) -> impl Iterator<Item = &Endpoint> {
        self.endpoints
            .iter()
            .filter(|e| e.kind == EndpointKind::Interface)
    }

    /// Whether the VPC will have an endpoint for `service`, created or existing.
    pub fn has_endpoint(&self, service: &str) -> bool {
        self.endpoints
            .iter()
            .chain(&self.existing_endpoints)
            .any(|e| e.service == service)
    }
}

/// Resolves `spec` for `region`; `needed` lists the endpoints the declared components need
/// when there is no internet egress.
pub(crate) fn resolve(
    spec: &NetworkSpec,
    region: Option<&Region>,
    needed: &[&str],
    p: &mut Problems,
) -> Option<Network> {
    let at = KeyPath::root().key("network");
    let (vpc, zone_count, private, public, egress) = match (&spec.vpc_cidr, &spec.existing_vpc) {
        (Some(_), Some(_)) | (None, None) => {
            p.error(
                "spec/network",
                &at,
                "give exactly one of `vpc_cidr` (a new VPC) or `existing_vpc`",
            );
            return None;
        }
        (Some(cidr), None) => new_vpc(spec, cidr, region, &at, p)?,
        (None, Some(_)) => existing_vpc(spec, region, &at, p)?,
    };
    let existing_route_tables = match &vpc {
        Vpc::Existing {
            route_table_ids, ..
        } => Some(route_table_ids.as_slice()),
        Vpc::New { .. } => None,
    };
    let (endpoints, existing_endpoints) =
        super::endpoints::resolve(spec, egress, needed, existing_route_tables, &at, p);
    let flow_log_retention_days = spec.flow_log_retention_days.unwrap_or(365);
    super::check_retention(
        flow_log_retention_days,
        &at.key("flow_log_retention_days"),
        p,
    );
    Some(Network {
        vpc,
        egress,
        zone_count,
        private_subnets: private,
        public_subnets: public,
        endpoints,
        existing_endpoints,
        flow_log_retention_days,
        declared: true,
    })
}

type Resolved = (Vpc, usize, Vec<Subnet>, Vec<Subnet>, Egress);

fn zone_count(
    spec: &NetworkSpec,
    default: usize,
    region: Option<&Region>,
    at: &KeyPath,
    p: &mut Problems,
) -> usize {
    let available = region.map_or(6, |r| r.availability_zones.len());
    let count = spec
        .availability_zones
        .map_or(default.min(available), usize::from);
    if !(2..=6).contains(&count) {
        p.error(
            "spec/zones",
            &at.key("availability_zones"),
            format!("{count} AZs: the platform needs 2 to 6"),
        );
    } else if count > available {
        p.error(
            "spec/zones",
            &at.key("availability_zones"),
            format!("{count} AZs asked, but the region has {available}"),
        );
    }
    count
}

fn parse_list(texts: &[String], at: &KeyPath, p: &mut Problems) -> Vec<Option<Ipv4Net>> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| match cidr::parse(t) {
            Ok(net) => Some(net),
            Err(e) => {
                p.error("spec/cidr", &at.index(i), e.to_string());
                None
            }
        })
        .collect()
}

fn new_vpc(
    spec: &NetworkSpec,
    cidr_text: &str,
    region: Option<&Region>,
    at: &KeyPath,
    p: &mut Problems,
) -> Option<Resolved> {
    let egress = spec.egress.unwrap_or(Egress::Nat);
    let primary = match cidr::parse(cidr_text) {
        Ok(net) => net,
        Err(e) => {
            p.error("spec/cidr", &at.key("vpc_cidr"), e.to_string());
            return None;
        }
    };
    let secondary = parse_list(&spec.secondary_cidrs, &at.key("secondary_cidrs"), p);
    let mut cidrs = vec![primary];
    cidrs.extend(secondary.into_iter().flatten());
    for (i, a) in cidrs.iter().enumerate().skip(1) {
        if cidrs[..i].iter().any(|b| cidr::overlaps(*a, *b)) {
            p.error(
                "spec/overlap",
                &at.key("secondary_cidrs").index(i - 1),
                format!("{a} overlaps another block of the VPC"),
            );
        }
    }
    let zones = zone_count(spec, 3, region, at, p);
    if egress == Egress::None && spec.public_subnets.is_some() {
        p.error(
            "spec/public-subnets",
            &at.key("public_subnets"),
            "public subnets need `egress: nat`",
        );
    }
    let wants_public = egress == Egress::Nat;
    let planned =
        if spec.private_subnets.is_none() || (wants_public && spec.public_subnets.is_none()) {
            match layout::layout(primary, zones, wants_public) {
                Ok(plan) => Some(plan),
                Err(e) => {
                    p.error("spec/plan", &at.key("vpc_cidr"), e.to_string());
                    return None;
                }
            }
        } else {
            None
        };
    let private_at = at.key("private_subnets");
    let private = match &spec.private_subnets {
        Some(list) => parse_list(list, &private_at, p),
        None => planned
            .as_ref()
            .map(|pl| pl.private.iter().copied().map(Some).collect())
            .unwrap_or_default(),
    };
    let public_at = at.key("public_subnets");
    let public = match (&spec.public_subnets, wants_public) {
        (Some(list), true) => parse_list(list, &public_at, p),
        (None, true) => planned
            .as_ref()
            .map(|pl| pl.public.iter().copied().map(Some).collect())
            .unwrap_or_default(),
        (_, false) => Vec::new(),
    };
    if private.len() != zones {
        p.error(
            "spec/subnets",
            &private_at,
            format!(
                "{} workload subnet(s) for {zones} AZs: give one per AZ",
                private.len()
            ),
        );
    }
    if wants_public && public.len() != zones {
        p.error(
            "spec/subnets",
            &public_at,
            format!(
                "{} public subnet(s) for {zones} AZs: give one per AZ",
                public.len()
            ),
        );
    }
    let mut seen: Vec<(Ipv4Net, KeyPath)> = Vec::new();
    for (list, list_at) in [(&private, &private_at), (&public, &public_at)] {
        for (i, net) in list.iter().enumerate() {
            let Some(net) = net else { continue };
            let here = list_at.index(i);
            if !cidrs.iter().any(|block| block.contains(net)) {
                p.error(
                    "spec/subnet-outside",
                    &here,
                    format!("{net} is not inside the VPC's blocks ({})", join(&cidrs)),
                );
            }
            if let Some((other, other_at)) = seen.iter().find(|(o, _)| cidr::overlaps(*o, *net)) {
                p.error(
                    "spec/overlap",
                    &here,
                    format!("{net} overlaps {other} at {other_at}"),
                );
            }
            seen.push((*net, here));
        }
    }
    let to_subnets = |list: Vec<Option<Ipv4Net>>| -> Vec<Subnet> {
        list.into_iter()
            .enumerate()
            .filter_map(|(zone, net)| {
                net.map(|cidr| Subnet {
                    cidr,
                    zone,
                    az_name: None,
                    id: None,
                })
            })
            .collect()
    };
    Some((
        Vpc::New { cidrs },
        zones,
        to_subnets(private),
        to_subnets(public),
        egress,
    ))
}

fn existing_vpc(
    spec: &NetworkSpec,
    region: Option<&Region>,
    at: &KeyPath,
    p: &mut Problems,
) -> Option<Resolved> {
    let existing = spec.existing_vpc.as_ref()?;
    let ex_at = at.key("existing_vpc");
    for (key, given) in [
        ("secondary_cidrs", !spec.secondary_cidrs.is_empty()),
        ("private_subnets", spec.private_subnets.is_some()),
        ("public_subnets", spec.public_subnets.is_some()),
    ] {
        if given {
            p.error("spec/existing-vpc", &at.key(key), format!("`{key}` describes a new VPC; with `existing_vpc`, list subnets under `existing_vpc.private_subnets`"));
        }
    }
    if !is_aws_id(&existing.id, "vpc") {
        p.error(
            "spec/id",
            &ex_at.key("id"),
            format!(
                "`{}` is not a VPC id (vpc- and 8 or 17 hex digits)",
                existing.id
            ),
        );
    }
    let cidrs: Vec<Ipv4Net> = parse_list(&existing.cidrs, &ex_at.key("cidrs"), p)
        .into_iter()
        .flatten()
        .collect();
    if existing.cidrs.is_empty() {
        p.error(
            "spec/cidr",
            &ex_at.key("cidrs"),
            "list the VPC's IPv4 blocks, primary first",
        );
    }
    let subnets_at = ex_at.key("private_subnets");
    let mut subnets: Vec<Subnet> = Vec::new();
    let mut zones: Vec<String> = Vec::new();
    for (i, s) in existing.private_subnets.iter().enumerate() {
        let here = subnets_at.index(i);
        if !is_aws_id(&s.id, "subnet") {
            p.error(
                "spec/id",
                &here.key("id"),
                format!(
                    "`{}` is not a subnet id (subnet- and 8 or 17 hex digits)",
                    s.id
                ),
            );
        }
        if let Some(region) = region {
            if !s.az.starts_with(&region.name) || s.az.len() != region.name.len() + 1 {
                p.error(
                    "spec/az",
                    &here.key("az"),
                    format!("`{}` is not an AZ of {}", s.az, region.name),
                );
            }
        }
        if let Some(first) = zones.iter().position(|z| *z == s.az) {
            p.error(
                "spec/az",
                &here.key("az"),
                format!(
                    "{} already has workload subnet {}: give one per AZ",
                    s.az,
                    subnets_at.index(first)
                ),
            );
        }
        zones.push(s.az.clone());
        let Ok(net) = cidr::parse(&s.cidr)
            .map_err(|e| p.error("spec/cidr", &here.key("cidr"), e.to_string()))
        else {
            continue;
        };
        if !cidrs.is_empty() && !cidrs.iter().any(|b| b.contains(&net)) {
            p.error(
                "spec/subnet-outside",
                &here.key("cidr"),
                format!("{net} is not inside the VPC's blocks ({})", join(&cidrs)),
            );
        }
        if let Some(other) = subnets.iter().find(|o| cidr::overlaps(o.cidr, net)) {
            p.error(
                "spec/overlap",
                &here.key("cidr"),
                format!("{net} overlaps {}", other.cidr),
            );
        }
        subnets.push(Subnet {
            cidr: net,
            zone: i,
            az_name: Some(s.az.clone()),
            id: Some(s.id.clone()),
        });
    }
    let zone_total = zones.len();
    if let Some(asked) = spec.availability_zones {
        if usize::from(asked) != zone_total {
            p.error(
                "spec/zones",
                &at.key("availability_zones"),
                format!("{asked} AZs asked, but the existing VPC lists subnets in {zone_total}"),
            );
        }
    }
    if zone_total < 2 {
        p.error(
            "spec/zones",
            &subnets_at,
            "the platform needs workload subnets in at least 2 AZs",
        );
    }
    for (i, rt) in existing.route_table_ids.iter().enumerate() {
        if !is_aws_id(rt, "rtb") {
            p.error(
                "spec/id",
                &ex_at.key("route_table_ids").index(i),
                format!("`{rt}` is not a route table id"),
            );
        }
    }
    // Existing subnets are identified by their AZ, not their place in the list, so the
    // output does not change when the list is reordered.
    subnets.sort_by(|a, b| a.az_name.cmp(&b.az_name));
    for (zone, subnet) in subnets.iter_mut().enumerate() {
        subnet.zone = zone;
    }
    let egress = spec.egress.unwrap_or(Egress::None);
    let mut route_table_ids = existing.route_table_ids.clone();
    route_table_ids.sort();
    route_table_ids.dedup();
    let vpc = Vpc::Existing {
        id: existing.id.clone(),
        cidrs,
        route_table_ids,
    };
    Some((vpc, zone_total, subnets, Vec::new(), egress))
}

pub(super) fn is_aws_id(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|hex| {
            matches!(hex.len(), 8 | 17)
                && hex
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        })
}

fn join(nets: &[Ipv4Net]) -> String {
    nets.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
