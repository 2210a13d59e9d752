//! The `connectors` section: S3 connectors, each a source bucket whose new objects reach a
//! queue that a data platform's connector role reads.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One S3 connector: the source bucket (new, or an existing one by name), its
/// ObjectCreated events to an encrypted SNS topic, a standard SQS queue subscribed to the
/// topic with a dead-letter queue, and a read-only role the platform's connector assumes.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConnectorSpec {
    /// `[a-z][a-z0-9-]*`, unique among connectors; names the logical IDs and the bucket.
    pub name: String,
    /// IAM role ARN of the platform's connector, the only principal allowed to assume the
    /// connector's role: `arn:aws:iam::<account>:role/<name>`.
    pub trusted_role_arn: String,
    /// Use this bucket instead of creating one. Its event notification is then set up
    /// outside the stack, with the configuration the stack outputs.
    pub existing_bucket: Option<String>,
    /// Seconds a received message stays hidden while the connector uploads the file.
    /// Default 600 (large files take minutes); at most 43,200.
    pub visibility_timeout_seconds: Option<u32>,
    /// Receives before a message moves to the dead-letter queue. Default 5.
    pub max_receive_count: Option<u16>,
    /// Which objects the connector uploads, and how it labels them. None: every object.
    #[serde(default)]
    pub paths: Vec<PathConfigSpec>,
    /// Give the connector its Data Lake credential through AWS Systems Manager: a secret
    /// generated in Secrets Manager (`<env>/connectors/<name>/credential`, under the
    /// environment's key) and a String parameter `/<env>/connectors/<name>/configuration`
    /// holding the connector's configuration (queue URL, bucket, region, the secret's ARN).
    /// The connector's role may read exactly those two. Default false.
    #[serde(default)]
    pub credential: bool,
}

/// One entry of the connector's path configuration.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PathConfigSpec {
    /// Key prefix, empty or ending in `/` (`instruments/ambr/`); empty means the whole bucket.
    pub path: String,
    /// Source type the platform assigns to uploaded files.
    pub source_type: String,
    /// Glob on the key below `path`: `*` matches within one folder, `**` any number of
    /// folders, `?` one character other than `/`.
    pub pattern: String,
    /// Labels added to each uploaded file, name to value.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
}
