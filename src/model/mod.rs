//! The model: a spec resolved into typed, validated, fully defaulted components.
//!
//! Every later stage (network checks, rendering, planning) reads only the model. Building
//! it collects every problem in the spec at once, each with its file, line and key path.

pub mod access;
pub mod endpoints;
pub mod glob;
pub mod names;
pub mod network;
pub mod sizing;

use std::collections::BTreeMap;

pub use access::{
    Access, AccessGraph, Consumer, Grants, Offered, Target, Verb, HTTPS_PORT, NFS_PORT,
    POSTGRES_PORT, REDIS_PORT,
};
pub use network::{Endpoint, EndpointKind, Network, Subnet, Vpc};
pub use sizing::{sizing, Sizing};

use crate::diagnostic::Diagnostic;
use crate::regions::{self, Region};
use crate::spec::{EnvironmentSize, NetworkSpec, Source, SpecError};
use crate::yaml::KeyPath;

/// The core of a platform environment, which every component builds on: its name,
/// region, size and tags, and its network.
#[derive(Debug, Clone)]
pub struct Environment {
    pub name: String,
    pub region: &'static Region,
    pub size: EnvironmentSize,
    pub sizing: Sizing,
    pub tags: BTreeMap<String, String>,
    pub network: Network,
    /// The spec's `teardown` switch: render for a deletion that can finish.
    pub teardown: bool,
}

/// The spec's keys that make an [`Environment`].
pub struct Core<'a> {
    pub name: &'a str,
    pub region: &'a str,
    pub size: EnvironmentSize,
    pub tags: &'a BTreeMap<String, String>,
    /// `None` when the spec has no `network` key.
    pub network: Option<&'a NetworkSpec>,
    pub teardown: bool,
}

/// Collects problems against one source file.
pub struct Problems<'a> {
    source: &'a Source,
    found: Vec<Diagnostic>,
}

impl<'a> Problems<'a> {
    pub fn new(source: &'a Source) -> Self {
        Problems {
            source,
            found: Vec::new(),
        }
    }

    pub fn error(&mut self, code: &'static str, path: &KeyPath, message: impl Into<String>) {
        self.found.push(self.source.error(code, path, message));
    }

    /// `value` when no problem was found (and there is a value), or every problem, in file
    /// order, the way a reader fixes them.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, SpecError> {
        match value {
            Some(value) if self.found.is_empty() => Ok(value),
            _ => {
                let mut problems = self.found;
                problems.sort_by(|a, b| a.location.cmp(&b.location));
                Err(SpecError::Invalid {
                    path: self.source.path.clone(),
                    problems,
                })
            }
        }
    }
}

/// Resolves the core of a spec; the network is sized for `endpoints`, the VPC endpoints
/// the declared components need. `None` when a problem leaves nothing to build on.
pub fn environment(
    core: &Core,
    endpoints: &[&'static str],
    p: &mut Problems,
) -> Option<Environment> {
    let root = KeyPath::root();
    if let Err(msg) = names::check_environment_name(core.name) {
        p.error("spec/name", &root.key("name"), msg);
    }
    let region = regions::get(core.region);
    if region.is_none() {
        p.error(
            "spec/region",
            &root.key("region"),
            regions::unsupported_message(core.region),
        );
    }
    for (key, value) in core.tags {
        if key.is_empty() || key.len() > 128 || value.len() > 256 || key.starts_with("aws:") {
            p.error(
                "spec/tag",
                &root.key("tags").key(key),
                "tag keys are 1-128 characters and may not start with `aws:`; values at most 256",
            );
        }
    }
    let network = match core.network {
        Some(spec) => network::resolve(spec, region, endpoints, p),
        None => Some(Network::absent()),
    };
    Some(Environment {
        name: core.name.to_owned(),
        region: region?,
        size: core.size,
        sizing: sizing(core.size),
        tags: core.tags.clone(),
        network: network?,
        teardown: core.teardown,
    })
}

/// CloudWatch Logs accepts only these retention periods (days).
pub const LOG_RETENTION_DAYS: &[u32] = &[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

pub fn check_retention(days: u32, at: &KeyPath, p: &mut Problems) {
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
