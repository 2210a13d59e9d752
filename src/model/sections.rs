//! The sections beyond the data platform's core: secrets, functions, load balancers, file
//! systems, DNS, Kubernetes and a cache. Resolved after the core components, which they
//! refer to (services, buckets, queues, topics).

use std::collections::BTreeSet;

use super::cache::{self, Cache};
use super::components::{refs, Parts};
use super::dns::{self, Dns};
use super::file_systems::{self, FileSystem};
use super::functions::{self, Function, Known};
use super::kubernetes::{self, Kubernetes};
use super::load_balancers::{self, LoadBalancer};
use super::secrets::{self, Secret};
use super::{Problems, Sizing};
use crate::spec::{EnvironmentSize, Spec};
use crate::yaml::KeyPath;

/// The resolved sections.
pub(super) struct Sections {
    pub secrets: Vec<Secret>,
    pub functions: Vec<Function>,
    pub load_balancers: Vec<LoadBalancer>,
    pub file_systems: Vec<FileSystem>,
    pub dns: Option<Dns>,
    pub kubernetes: Option<Kubernetes>,
    pub cache: Option<Cache>,
}

impl Sections {
    /// Endpoints these sections need when the workload subnets have no internet egress.
    pub fn endpoints_needed(&self) -> BTreeSet<&'static str> {
        let mut needed = BTreeSet::new();
        let grants_secrets = !self.secrets.is_empty();
        if grants_secrets {
            needed.insert("secretsmanager");
        }
        if !self.functions.is_empty() {
            // Lambda's X-Ray tracing sends segments from inside the VPC.
            needed.extend(["xray", "sqs"]);
        }
        if self.kubernetes.is_some() {
            // What nodes of a private cluster call (EKS User Guide, "Deploy private clusters
            // with limited internet access").
            needed.extend(["ec2", "ecr.api", "ecr.dkr", "elasticloadbalancing", "sts"]);
        }
        needed
    }
}

pub(super) fn resolve(
    spec: &Spec,
    sizing: &Sizing,
    size: EnvironmentSize,
    parts: &mut Parts,
    p: &mut Problems,
) -> Sections {
    let secrets = secrets::resolve(spec, p);
    let secret_names: Vec<String> = secrets.iter().map(|s| s.name.clone()).collect();
    for (i, s) in spec.services.iter().enumerate() {
        if s.access.secrets.is_empty() {
            continue;
        }
        let at = KeyPath::root()
            .key("services")
            .index(i)
            .key("access")
            .key("secrets");
        let granted = refs(&s.access.secrets, secret_names.iter(), "secret", &at, p);
        if let Some(service) = parts.services.iter_mut().find(|x| x.name == s.name) {
            service.access.secrets = granted;
        }
    }
    let buckets: Vec<String> = parts
        .storage
        .iter()
        .flat_map(|s| s.buckets.iter().map(|b| b.name.clone()))
        .collect();
    let queues: Vec<String> = parts.queues.iter().map(|q| q.name.clone()).collect();
    let topics: Vec<String> = parts.topics.iter().map(|t| t.name.clone()).collect();
    let known = Known {
        buckets: &buckets,
        queues: &queues,
        topics: &topics,
        secrets: &secret_names,
        has_database: parts.database.is_some(),
        has_search: parts.search.is_some(),
    };
    let functions = functions::resolve(spec, size, &known, p);
    let load_balancers = load_balancers::resolve(spec, &parts.services, p);
    if !load_balancers.is_empty() && parts.storage.is_none() {
        p.error(
            "spec/load-balancer",
            &KeyPath::root().key("load_balancers"),
            "load balancers write access logs to the environment's log bucket: declare a `storage` section",
        );
    }
    Sections {
        secrets,
        functions,
        dns: dns::resolve(spec, &load_balancers, p),
        load_balancers,
        file_systems: file_systems::resolve(spec, sizing, p),
        kubernetes: kubernetes::resolve(spec, size, p),
        cache: cache::resolve(spec, size, p),
    }
}
