//! The spec: the YAML file a user writes, as serde types that describe its shape only.
//!
//! Every struct denies unknown keys. Values that need more than shape checks (CIDRs,
//! regions, names) stay strings here and are judged in [`crate::model`], where every
//! problem is collected with its key path instead of stopping at the first.

mod cache;
mod connectors;
mod dns;
mod file_systems;
mod functions;
mod kubernetes;
mod load;
mod load_balancers;
mod network;
mod secrets;
mod sections;
mod workers;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use cache::*;
pub use connectors::*;
pub use dns::*;
pub use file_systems::*;
pub use functions::*;
pub use kubernetes::*;
pub use load::{load, load_str, Source, SpecError};
pub use load_balancers::*;
pub use network::*;
pub use secrets::*;
pub use sections::*;
pub use workers::*;

/// One environment of a data platform: `platformctl synth` turns this into CloudFormation.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// Environment name, used in stack and resource names: `[a-z][a-z0-9-]{1,30}`.
    pub name: String,
    /// Default region; `plan --region` overrides it. One of the six supported regions.
    pub region: String,
    /// Sizes every component that does not say otherwise, and the network it needs.
    pub environment_size: EnvironmentSize,
    /// Tags applied to every taggable resource.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    pub network: NetworkSpec,
    /// The environment's KMS key. Always created; these keys tune it.
    #[serde(default)]
    pub encryption: EncryptionSpec,
    pub storage: Option<StorageSpec>,
    pub database: Option<DatabaseSpec>,
    pub search: Option<SearchSpec>,
    pub messaging: Option<MessagingSpec>,
    /// Long-running containers on ECS Fargate, in the private subnets.
    #[serde(default)]
    pub services: Vec<ServiceSpec>,
    /// S3 connectors: a source bucket's new objects, queued for a data platform to upload.
    #[serde(default)]
    pub connectors: Vec<ConnectorSpec>,
    /// Workers a vendor's scheduler launches and scales in this account.
    pub workers: Option<WorkersSpec>,
    /// Secrets Manager secrets with generated values, granted through `access.secrets`.
    #[serde(default)]
    pub secrets: Vec<SecretSpec>,
    /// Lambda functions in the private subnets.
    #[serde(default)]
    pub functions: Vec<FunctionSpec>,
    /// Network Load Balancers in front of services.
    #[serde(default)]
    pub load_balancers: Vec<LoadBalancerSpec>,
    /// EFS file systems, backed up by AWS Backup.
    #[serde(default)]
    pub file_systems: Vec<FileSystemSpec>,
    /// A Route 53 hosted zone.
    pub dns: Option<DnsSpec>,
    /// An EKS cluster with a managed node group.
    pub kubernetes: Option<KubernetesSpec>,
    /// MemoryDB for Redis OSS.
    pub cache: Option<CacheSpec>,
}

/// The platform's size setting. Large and X-Large need /21-or-larger workload subnets.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
pub enum EnvironmentSize {
    Small,
    Medium,
    Large,
    #[serde(rename = "X-Large")]
    XLarge,
}

impl EnvironmentSize {
    pub const ALL: [EnvironmentSize; 4] = [
        EnvironmentSize::Small,
        EnvironmentSize::Medium,
        EnvironmentSize::Large,
        EnvironmentSize::XLarge,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EnvironmentSize::Small => "Small",
            EnvironmentSize::Medium => "Medium",
            EnvironmentSize::Large => "Large",
            EnvironmentSize::XLarge => "X-Large",
        }
    }

    /// Large and X-Large run enough concurrent Fargate tasks to exhaust small subnets.
    pub fn is_large(self) -> bool {
        matches!(self, EnvironmentSize::Large | EnvironmentSize::XLarge)
    }
}

impl std::fmt::Display for EnvironmentSize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
