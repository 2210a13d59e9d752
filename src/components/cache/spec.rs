//! The `cache` section: MemoryDB for Redis OSS.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A MemoryDB cluster in the workload subnets: TLS only, encrypted with the environment's
/// key, replicas in other AZs and daily snapshots.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CacheSpec {
    /// Node type (`db.*`). Default by size.
    pub node_type: Option<String>,
    /// Shards, 1 to 500. Default 1.
    pub shards: Option<u16>,
    /// Replicas per shard, 0 to 5. Default 1 (a replica in a second AZ).
    pub replicas_per_shard: Option<u8>,
    /// Days of daily snapshots kept, 1 to 35. Default 7.
    pub snapshot_retention_days: Option<u8>,
    /// Redis OSS engine version. Default 7.1.
    pub engine_version: Option<String>,
}
