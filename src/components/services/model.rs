//! The `services` section: long-running Fargate services and what each may use.

use std::collections::BTreeMap;

use crate::components::Spec;
use crate::model::access::{Grants, Offered};
use crate::spec::AccessSpec;
use crate::model::names::named;
use crate::model::{Problems, Sizing};
use crate::yaml::KeyPath;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub name: String,
    pub id: String,
    pub image: String,
    pub cpu: u32,
    pub memory: u32,
    pub desired_count: u16,
    /// Auto scaling bounds; `desired_count` lies within them.
    pub scaling: super::scaling::Scaling,
    pub port: Option<u16>,
    pub environment: BTreeMap<String, String>,
    /// What its `access:` block grants; the access graph holds these as edges.
    pub grants: Grants,
}

/// Fargate's valid CPU units and the memory (MiB) range and step each allows.
const FARGATE_SIZES: &[(u32, u32, u32, u32)] = &[
    (256, 512, 2048, 512),
    (512, 1024, 4096, 1024),
    (1024, 2048, 8192, 1024),
    (2048, 4096, 16384, 1024),
    (4096, 8192, 30720, 1024),
    (8192, 16384, 61440, 4096),
    (16384, 32768, 122880, 8192),
];

/// What a Fargate task's entry holds whoever runs it (a service, a pipeline task).
pub(crate) struct Container<'a> {
    pub image: &'a str,
    pub cpu: u32,
    pub memory: u32,
    pub environment: &'a BTreeMap<String, String>,
    pub access: &'a AccessSpec,
    /// The service itself, which may not list itself in `access.services`.
    pub consumer: Option<&'a str>,
}

impl Container<'_> {
    /// Checks size, image and environment names, resolves the grants of the `access:`
    /// block, and reports each problem at its key under `here` with `code`.
    pub(crate) fn resolve(
        &self,
        spec: &Spec,
        offered: &Offered,
        code: &'static str,
        here: &KeyPath,
        p: &mut Problems,
    ) -> Grants {
        check_fargate_size(self.cpu, self.memory, code, here, p);
        if self.image.trim().is_empty() || self.image.contains(char::is_whitespace) {
            p.error(code, &here.key("image"), "give a container image reference");
        }
        check_environment(self.environment, code, here, p);
        let access = crate::model::access::resolve(self.access, &here.key("access"), offered, p);
        check_reachable(spec, self.access, self.consumer, &here.key("access"), p);
        access
    }
}

/// Checks a task's CPU and memory against the combinations Fargate runs (Amazon ECS
/// Developer Guide, "Amazon ECS task definition parameters for Fargate": task size), at
/// `here.cpu` or `here.memory`.
fn check_fargate_size(cpu: u32, memory: u32, code: &'static str, here: &KeyPath, p: &mut Problems) {
    match FARGATE_SIZES.iter().find(|(c, ..)| *c == cpu) {
        None => p.error(code, &here.key("cpu"), format!("{cpu} is not a Fargate CPU size (256, 512, 1024, 2048, 4096, 8192, 16384)")),
        Some((_, lo, hi, step)) => {
            if memory < *lo || memory > *hi || (memory - lo) % step != 0 {
                p.error(code, &here.key("memory"), format!("{memory} MiB does not go with {cpu} CPU units: Fargate allows {lo} to {hi} in steps of {step}"));
            }
        }
    }
}

/// Checks a container's environment variable names, at `here.environment.<name>`.
fn check_environment(
    environment: &BTreeMap<String, String>,
    code: &'static str,
    here: &KeyPath,
    p: &mut Problems,
) {
    for key in environment.keys() {
        let valid = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            p.error(code, &here.key("environment").key(key), "environment variable names are letters, digits and underscores");
        }
    }
}

/// Resolves `services`: Fargate sizes, images, environment names, and each one's grants
/// (which go into the access graph).
pub(crate) fn resolve(
    spec: &Spec,
    sizing: &Sizing,
    offered: &Offered,
    p: &mut Problems,
) -> Vec<Service> {
    let at = KeyPath::root().key("services");
    check_namespace(spec, p);
    named(&spec.services, |s| &s.name, &at, p)
        .into_iter()
        .map(|(s, id, here)| {
            let cpu = s.cpu.unwrap_or(512);
            let memory = s.memory.unwrap_or(1024);
            let container = Container {
                image: &s.image,
                cpu,
                memory,
                environment: &s.environment,
                access: &s.access,
                consumer: Some(&s.name),
            };
            let access = container.resolve(spec, offered, "spec/service", &here, p);
            let scaling =
                super::scaling::resolve(s.scaling.as_ref(), s.desired_count, sizing, &here, p);
            Service {
                name: s.name.clone(),
                id,
                image: s.image.clone(),
                cpu,
                memory,
                desired_count: s.desired_count.unwrap_or(scaling.min),
                scaling,
                port: s.port,
                environment: s.environment.clone(),
                grants: access,
            }
        })
        .collect()
}

/// The private DNS namespace services register in: `<environment>.internal`.
pub fn discovery_namespace(environment: &str) -> String {
    format!("{environment}.internal")
}

/// The namespace is a private hosted zone on the VPC, and Route 53 refuses a second private
/// zone of one name on a VPC (Amazon Route 53 API Reference, `ConflictingDomainExists`):
/// a private `dns` zone cannot take the namespace's name.
fn check_namespace(spec: &Spec, p: &mut Problems) {
    let Some(dns) = &spec.dns else {
        return;
    };
    let namespace = discovery_namespace(&spec.name);
    let registers = spec.services.iter().any(|s| discoverable(spec, &s.name));
    let same = dns.zone_name.trim_end_matches('.').eq_ignore_ascii_case(&namespace);
    if registers && dns.private != Some(false) && same {
        p.error(
            "spec/dns",
            &KeyPath::root().key("dns").key("zone_name"),
            format!("`{namespace}` is the private namespace services register in, and a VPC takes one private zone of a name: choose another zone name"),
        );
    }
}

/// Whether `service` registers in the namespace: it listens on a port and no load
/// balancer fronts it (one that does is how clients find it).
pub fn discoverable(spec: &Spec, service: &str) -> bool {
    spec.services
        .iter()
        .any(|s| s.name == service && s.port.is_some())
        && !spec.load_balancers.iter().any(|lb| lb.service == service)
}

/// What an `access.services` list needs beyond known names (which the access graph
/// checks): each service listens on a `port`, no load balancer fronts it, and it is not
/// the consumer itself (`consumer`, when a service).
pub(crate) fn check_reachable(
    spec: &Spec,
    access: &AccessSpec,
    consumer: Option<&str>,
    at: &KeyPath,
    p: &mut Problems,
) {
    for (i, name) in access.services.iter().enumerate() {
        let here = at.key("services").index(i);
        let Some(service) = spec.services.iter().find(|s| &s.name == name) else {
            continue;
        };
        if consumer == Some(name.as_str()) {
            p.error(
                "spec/reference",
                &here,
                format!("service `{name}` lists itself: a service reaches its own tasks without an entry"),
            );
        } else if service.port.is_none() {
            p.error(
                "spec/reference",
                &here,
                format!("service `{name}` declares no `port`, so there is nothing to connect to: give it one"),
            );
        } else if let Some(lb) = spec.load_balancers.iter().find(|lb| &lb.service == name) {
            p.error(
                "spec/reference",
                &here,
                format!(
                    "service `{name}` is fronted by load balancer `{}`: reach it through the load balancer",
                    lb.name
                ),
            );
        }
    }
}
