//! Resolves the `cache` section: MemoryDB for Redis OSS.

use crate::components::Spec;
use crate::model::Problems;
use crate::spec::EnvironmentSize;
use crate::yaml::KeyPath;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cache {
    pub node_type: String,
    pub shards: u16,
    pub replicas_per_shard: u8,
    pub snapshot_retention_days: u8,
    pub engine_version: String,
}

impl Cache {
    /// Nodes the cluster runs: a primary and its replicas per shard.
    pub fn nodes(&self) -> u32 {
        u32::from(self.shards) * (1 + u32::from(self.replicas_per_shard))
    }
}

/// The node type by size when the spec does not say.
pub fn default_node_type(size: EnvironmentSize) -> &'static str {
    match size {
        EnvironmentSize::Small => "db.t4g.medium",
        EnvironmentSize::Medium => "db.r7g.large",
        EnvironmentSize::Large => "db.r7g.xlarge",
        EnvironmentSize::XLarge => "db.r7g.2xlarge",
    }
}

/// Redis OSS versions MemoryDB offers that support IAM authentication, which the cluster
/// uses (MemoryDB Developer Guide, "Supported engine versions").
pub const ENGINE_VERSIONS: &[&str] = &["7.0", "7.1"];

pub(crate) fn resolve(spec: &Spec, size: EnvironmentSize, p: &mut Problems) -> Option<Cache> {
    let c = spec.cache.as_ref()?;
    let at = KeyPath::root().key("cache");
    let node_type = c
        .node_type
        .clone()
        .unwrap_or_else(|| default_node_type(size).into());
    if !node_type.starts_with("db.") || node_type.split('.').count() != 3 {
        p.error(
            "spec/cache",
            &at.key("node_type"),
            format!("`{node_type}` is not a MemoryDB node type (db.<family>.<size>)"),
        );
    }
    let shards = c.shards.unwrap_or(1);
    if !(1..=500).contains(&shards) {
        p.error(
            "spec/cache",
            &at.key("shards"),
            format!("{shards} shards: MemoryDB allows 1 to 500"),
        );
    }
    let replicas_per_shard = c.replicas_per_shard.unwrap_or(1);
    if replicas_per_shard > 5 {
        p.error(
            "spec/cache",
            &at.key("replicas_per_shard"),
            format!("{replicas_per_shard} replicas: MemoryDB allows 0 to 5 per shard"),
        );
    }
    let snapshot_retention_days = c.snapshot_retention_days.unwrap_or(7);
    if !(1..=35).contains(&snapshot_retention_days) {
        p.error(
            "spec/cache",
            &at.key("snapshot_retention_days"),
            format!("{snapshot_retention_days} days: keep snapshots 1 to 35 days"),
        );
    }
    let engine_version = c.engine_version.clone().unwrap_or_else(|| "7.1".into());
    if !ENGINE_VERSIONS.contains(&engine_version.as_str()) {
        p.error(
            "spec/cache",
            &at.key("engine_version"),
            format!(
                "`{engine_version}`: MemoryDB runs Redis OSS {}",
                ENGINE_VERSIONS.join(", ")
            ),
        );
    }
    Some(Cache {
        node_type,
        shards,
        replicas_per_shard,
        snapshot_retention_days,
        engine_version,
    })
}
