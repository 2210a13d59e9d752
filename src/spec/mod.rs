//! The spec: the YAML file a user writes, as serde types that describe its shape only.
//! This module holds the loader and the shapes shared by every component (the network,
//! `access:` blocks, the environment size); each section's own shape lives in its
//! component's folder and the whole `Spec` is assembled by the component registry.
//!
//! Every struct denies unknown keys. Values that need more than shape checks (CIDRs,
//! regions, names) stay strings here and are judged in [`crate::model`], where every
//! problem is collected with its key path instead of stopping at the first.

mod access;
pub mod extends;
mod load;
mod network;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use access::AccessSpec;
pub use load::{load, load_str, Source, SpecError};
pub use network::*;

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
