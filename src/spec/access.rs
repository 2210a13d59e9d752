//! `access:` blocks: what a workload may use, by component name. Services, Lambda
//! functions and Kubernetes workloads take the same block; the model turns it into edges of the access graph.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
    /// Read items of these DynamoDB tables (by name, from the `tables` section).
    #[serde(default)]
    pub read_tables: Vec<String>,
    /// Write items of these DynamoDB tables.
    #[serde(default)]
    pub write_tables: Vec<String>,
    /// Put records into these Kinesis data streams (by name, from the `streams` section).
    #[serde(default)]
    pub write_streams: Vec<String>,
    /// Read records of these Kinesis data streams.
    #[serde(default)]
    pub read_streams: Vec<String>,
    /// Read the database credentials secret.
    #[serde(default)]
    pub database: bool,
    /// HTTP access to the search domain.
    #[serde(default)]
    pub search: bool,
    /// Connect to the MemoryDB cluster over TLS as its IAM-authenticated user.
    #[serde(default)]
    pub cache: bool,
    /// Read these secrets (by name, from the `secrets` section).
    #[serde(default)]
    pub secrets: Vec<String>,
    /// Mount these file systems read-write: services at `/mnt/<name>`, over TLS,
    /// authorized by the task role; Kubernetes workloads through the EFS CSI driver, whose
    /// node plugin's role mounts (functions and Spark applications cannot mount).
    #[serde(default)]
    pub file_systems: Vec<String>,
    /// Connect to these services' `port` (by name, from the `services` section): their
    /// security group admits this workload, and they are found at
    /// `<service>.<environment>.internal`. A service behind a load balancer is reached through
    /// the load balancer instead, and cannot be listed here.
    #[serde(default)]
    pub services: Vec<String>,
    /// Send mail through SES from the `email` section's domain identity and its
    /// configuration set.
    #[serde(default)]
    pub send_email: bool,
}
