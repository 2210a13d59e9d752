//! The core sections: encryption, storage, database, search, messaging, services.
//!
//! Every key is optional unless the component cannot exist without it; defaults come
//! from the environment size (see `model::sizing`) and are secure without any keys.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The environment's customer-managed KMS key (rotation is always on).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EncryptionSpec {
    /// Days KMS waits before deleting the key once deletion is scheduled, 7 to 30. Default 30.
    pub deletion_window_days: Option<u8>,
}

/// S3 buckets of the data lake. Each gets versioning, KMS encryption, blocked public
/// access, a TLS-only policy and access logs into the environment's log bucket.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StorageSpec {
    pub buckets: Vec<BucketSpec>,
    /// Days to keep S3 server access logs. Default 365.
    pub access_log_retention_days: Option<u32>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BucketSpec {
    /// `[a-z][a-z0-9-]*`, unique among buckets; names the logical ID.
    pub name: String,
    /// Move current objects to S3 Glacier Flexible Retrieval after this many days.
    pub glacier_after_days: Option<u32>,
    /// Delete noncurrent object versions after this many days. Default 90.
    pub noncurrent_expiry_days: Option<u32>,
}

/// PostgreSQL on RDS, in the private subnets, credentials in Secrets Manager.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSpec {
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

/// An OpenSearch domain inside the VPC.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchSpec {
    /// Default `OpenSearch_2.17`.
    pub engine_version: Option<String>,
    /// Data nodes; default by environment size. A multiple of the zones used.
    pub data_nodes: Option<u8>,
    /// Default by environment size.
    pub instance_type: Option<String>,
    /// EBS gp3 volume per data node in GiB. Default by environment size.
    pub volume_gb: Option<u32>,
}

/// SNS topics and SQS queues. Every queue gets a dead-letter queue.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MessagingSpec {
    #[serde(default)]
    pub topics: Vec<TopicSpec>,
    #[serde(default)]
    pub queues: Vec<QueueSpec>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicSpec {
    pub name: String,
    /// Queues (by name) subscribed to this topic with raw message delivery.
    #[serde(default)]
    pub subscribers: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QueueSpec {
    pub name: String,
    /// Default 300 seconds; at most 43,200.
    pub visibility_timeout_seconds: Option<u32>,
    /// Default 4 days; at most 14.
    pub retention_days: Option<u8>,
    /// Receives before a message moves to the dead-letter queue. Default 5.
    pub max_receive_count: Option<u16>,
}

/// A long-running ECS service on Fargate.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpec {
    pub name: String,
    /// Container image, ideally by digest or immutable tag from ECR.
    pub image: String,
    /// CPU units (256, 512, 1024, 2048, 4096, 8192, 16384). Default 512.
    pub cpu: Option<u32>,
    /// Memory in MiB, valid for the CPU setting. Default 1024.
    pub memory: Option<u32>,
    /// Tasks to run. Default by environment size.
    pub desired_count: Option<u16>,
    /// Container port reachable from inside the VPC.
    pub port: Option<u16>,
    /// Plain environment variables (no secrets: use `access.database`).
    #[serde(default)]
    pub environment: BTreeMap<String, String>,
    /// What the task role may touch; nothing by default.
    #[serde(default)]
    pub access: AccessSpec,
}

/// Least-privilege grants for a service's task role, by component name.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessSpec {
    #[serde(default)]
    pub read_buckets: Vec<String>,
    #[serde(default)]
    pub write_buckets: Vec<String>,
    #[serde(default)]
    pub consume_queues: Vec<String>,
    #[serde(default)]
    pub send_queues: Vec<String>,
    #[serde(default)]
    pub publish_topics: Vec<String>,
    /// Read the database credentials secret.
    #[serde(default)]
    pub database: bool,
    /// HTTP access to the search domain.
    #[serde(default)]
    pub search: bool,
    /// Read these secrets (by name, from the `secrets` section).
    #[serde(default)]
    pub secrets: Vec<String>,
}
