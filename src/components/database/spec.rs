//! The `database` section.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// PostgreSQL on RDS, in the private subnets, credentials in Secrets Manager.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSpec {
    /// The RDS instance identifier: a letter, then letters, digits and single hyphens, at
    /// most 63. Default `<environment>-postgres`. Changing it replaces the instance.
    pub identifier: Option<String>,
    /// Name of the initial database. Default `platform`.
    pub database_name: Option<String>,
    /// PostgreSQL engine version (major 14 to 18). Default 17.6.
    pub engine_version: Option<String>,
    /// Default by environment size.
    pub instance_class: Option<String>,
    /// Allocated storage in GiB. Default by environment size.
    pub storage_gb: Option<u32>,
    /// Default: true from Medium up.
    pub multi_az: Option<bool>,
    /// Days of automated backups (point-in-time recovery window), 7 to 35. Default by size.
    pub backup_retention_days: Option<u8>,
}
