//! The model: a spec resolved into typed, validated, fully defaulted components.
//!
//! Every later stage (network checks, rendering, planning) reads only the model. Building
//! it collects every problem in the spec at once, each with its file, line and key path.

mod access;
pub mod cache;
pub mod connectors;
mod database;
pub mod dns;
pub mod file_systems;
pub mod functions;
pub mod glob;
pub mod kubernetes;
pub mod load_balancers;
mod messaging;
pub mod names;
pub mod network;
mod resolve;
mod search;
mod secrets;
mod services;
pub mod sizing;
mod storage;
pub mod workers;

use std::collections::BTreeMap;

pub use access::{
    Access, AccessGraph, Consumer, Grants, Offered, Target, Verb, HTTPS_PORT, POSTGRES_PORT,
};
pub use cache::Cache;
pub use connectors::{Connector, PathConfig, SourceBucket};
pub use database::{Database, DEFAULT_POSTGRES_VERSION};
pub use dns::{Dns, DnsRecord};
pub use file_systems::FileSystem;
pub use functions::Function;
pub use kubernetes::{Kubernetes, NodeType};
pub use load_balancers::{Listener, LoadBalancer};
pub use messaging::{Queue, Topic};
pub use network::{Endpoint, EndpointKind, Network, Subnet, Vpc};
pub use search::Search;
pub use secrets::Secret;
pub use services::Service;
pub use sizing::{sizing, Sizing};
pub use storage::{Bucket, Storage};
pub use workers::Workers;

use crate::diagnostic::Diagnostic;
use crate::regions::{self, Region};
use crate::spec::{EnvironmentSize, Source, Spec, SpecError};
use crate::yaml::KeyPath;

/// A platform environment, ready to check and render.
#[derive(Debug, Clone)]
pub struct Platform {
    pub name: String,
    pub region: &'static Region,
    pub size: EnvironmentSize,
    pub sizing: Sizing,
    pub tags: BTreeMap<String, String>,
    pub network: Network,
    pub key_deletion_window_days: u8,
    pub storage: Option<Storage>,
    pub database: Option<Database>,
    pub search: Option<Search>,
    pub topics: Vec<Topic>,
    pub queues: Vec<Queue>,
    pub services: Vec<Service>,
    /// S3 connectors, in the order written.
    pub connectors: Vec<Connector>,
    /// Self-hosted workers a vendor scales, when declared.
    pub workers: Option<Workers>,
    pub secrets: Vec<Secret>,
    pub functions: Vec<Function>,
    pub load_balancers: Vec<LoadBalancer>,
    pub file_systems: Vec<FileSystem>,
    pub dns: Option<Dns>,
    pub kubernetes: Option<Kubernetes>,
    pub cache: Option<Cache>,
    /// Who may use what: every `access:` block as edges.
    pub access: AccessGraph,
}

/// What the component registry reads from a spec for the model: the VPC endpoints the
/// declared components need, and the targets they offer to `access:` blocks.
#[derive(Debug, Clone, Default)]
pub struct FromRegistry {
    pub endpoints: Vec<&'static str>,
    pub offered: Offered,
}

/// Collects problems against one source file.
pub(crate) struct Problems<'a> {
    source: &'a Source,
    found: Vec<Diagnostic>,
}

impl Problems<'_> {
    pub(crate) fn error(&mut self, code: &'static str, path: &KeyPath, message: impl Into<String>) {
        self.found.push(self.source.error(code, path, message));
    }
}

/// Resolves `spec` (read from `source`) into a [`Platform`], or every problem found.
/// `from_registry` is what only the component registry knows: callers go through
/// [`crate::components::build`].
pub fn build(
    spec: &Spec,
    source: &Source,
    from_registry: &FromRegistry,
) -> Result<Platform, SpecError> {
    let mut p = Problems {
        source,
        found: Vec::new(),
    };
    let root = KeyPath::root();
    if let Err(msg) = names::check_environment_name(&spec.name) {
        p.error("spec/name", &root.key("name"), msg);
    }
    let region = regions::get(&spec.region);
    if region.is_none() {
        p.error(
            "spec/region",
            &root.key("region"),
            regions::unsupported_message(&spec.region),
        );
    }
    for (key, value) in &spec.tags {
        if key.is_empty() || key.len() > 128 || value.len() > 256 || key.starts_with("aws:") {
            p.error(
                "spec/tag",
                &root.key("tags").key(key),
                "tag keys are 1-128 characters and may not start with `aws:`; values at most 256",
            );
        }
    }
    let key_deletion_window_days = spec.encryption.deletion_window_days.unwrap_or(30);
    if !(7..=30).contains(&key_deletion_window_days) {
        p.error(
            "spec/encryption",
            &root.key("encryption").key("deletion_window_days"),
            format!("{key_deletion_window_days} days: KMS allows 7 to 30"),
        );
    }
    let size = spec.environment_size;
    let sizing = sizing::sizing(size);
    let c = resolve::resolve(spec, &sizing, size, &from_registry.offered, &mut p);
    let network = network::resolve(&spec.network, region, &from_registry.endpoints, &mut p);
    match (region, network, p.found.is_empty()) {
        (Some(region), Some(network), true) => Ok(Platform {
            name: spec.name.clone(),
            region,
            size,
            sizing,
            tags: spec.tags.clone(),
            network,
            key_deletion_window_days,
            storage: c.storage,
            database: c.database,
            search: c.search,
            topics: c.topics,
            queues: c.queues,
            services: c.services,
            connectors: c.connectors,
            workers: c.workers,
            secrets: c.secrets,
            functions: c.functions,
            load_balancers: c.load_balancers,
            file_systems: c.file_systems,
            dns: c.dns,
            kubernetes: c.kubernetes,
            cache: c.cache,
            access: c.access,
        }),
        _ => {
            let mut problems = p.found;
            // In file order, the way a reader fixes them.
            problems.sort_by(|a, b| a.location.cmp(&b.location));
            Err(SpecError::Invalid {
                path: source.path.clone(),
                problems,
            })
        }
    }
}

/// CloudWatch Logs accepts only these retention periods (days).
pub const LOG_RETENTION_DAYS: &[u32] = &[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

fn check_retention(days: u32, at: &KeyPath, p: &mut Problems) {
    if !LOG_RETENTION_DAYS.contains(&days) {
        p.error("spec/retention", at, format!("{days} days is not a CloudWatch Logs retention period; use one of {LOG_RETENTION_DAYS:?}"));
    } else if days < 365 {
        p.error(
            "spec/retention",
            at,
            format!(
                "{days} days is under the one year of logs that audits expect; use 365 or more"
            ),
        );
    }
}
