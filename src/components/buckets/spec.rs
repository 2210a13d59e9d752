//! The `storage` section: the data lake's buckets.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
    /// Holds the organizations' data (`<organization>/`) and Athena results
    /// (`athena/<organization>/`). At most one bucket; needed when `organizations` is
    /// declared and there is more than one bucket.
    pub organizations: Option<bool>,
}
