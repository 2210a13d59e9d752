//! The `messaging` section: topics and queues.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
