//! The `file_systems` section: EFS file systems with AWS Backup.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An EFS file system encrypted with the environment's key, with a mount target in every
/// workload subnet and daily AWS Backup recovery points.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileSystemSpec {
    /// `[a-z][a-z0-9-]*`, unique among file systems; names the logical IDs.
    pub name: String,
    /// `elastic` (default) or `bursting` throughput.
    #[serde(default)]
    pub throughput_mode: ThroughputMode,
    /// Days AWS Backup keeps each daily recovery point, 7 to 3,650. Default by size.
    pub backup_retention_days: Option<u16>,
    /// Move files not read for this many days to Infrequent Access (1, 7, 14, 30, 60, 90,
    /// 180, 270 or 365). Default 30.
    pub infrequent_access_after_days: Option<u16>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ThroughputMode {
    #[default]
    Elastic,
    Bursting,
}
