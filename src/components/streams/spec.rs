//! The `streams` section: Kinesis data streams, each optionally delivered into a data-lake
//! bucket by Amazon Data Firehose.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A Kinesis data stream encrypted with the environment's key; granted through
/// `access.write_streams`/`read_streams`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StreamSpec {
    /// `[a-z][a-z0-9-]*`, unique among streams; the stream is `<env>-<name>`.
    pub name: String,
    /// Provisioned shards (1 MB/s or 1,000 records/s of writes each), 1 to 500. Left out,
    /// the stream is on demand and scales by itself.
    pub shards: Option<u32>,
    /// How long records stay readable, 24 to 8,760 hours (a year). Default 24.
    pub retention_hours: Option<u32>,
    /// Deliver every record into a bucket of `storage.buckets` through Firehose.
    pub deliver_to: Option<DeliverySpec>,
}

/// Where Firehose writes a stream's records: GZIP objects under the key, in hourly
/// partitions below `prefix`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliverySpec {
    /// A bucket of `storage.buckets`, by name.
    pub bucket: String,
    /// The key prefix all of the stream's objects go under, ending in `/` (records under
    /// `<prefix>data/`, failed deliveries under `<prefix>errors/`). Default `<name>/`.
    pub prefix: Option<String>,
    /// Seconds Firehose buffers before writing an object, 0 to 900. Default 300.
    pub buffer_seconds: Option<u32>,
    /// MiB Firehose buffers before writing an object, 1 to 128. Default 64.
    pub buffer_mib: Option<u32>,
}
