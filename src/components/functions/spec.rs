//! The `functions` section: Lambda functions attached to the VPC's workload subnets.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::spec::AccessSpec;

/// A Lambda function in the private subnets, with its own security group, role, log group,
/// dead-letter queue and X-Ray tracing.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FunctionSpec {
    /// `[a-z][a-z0-9-]*`, unique among functions; names the logical IDs.
    pub name: String,
    /// A Lambda runtime identifier that AWS still supports, such as `python3.13`.
    pub runtime: String,
    /// Entry point, such as `app.handler`.
    pub handler: String,
    /// Where the deployment package is.
    pub code: FunctionCodeSpec,
    /// Memory in MiB, 128 to 10,240. Default 512.
    pub memory_mb: Option<u32>,
    /// Seconds before an invocation is stopped, 1 to 900. Default 30.
    pub timeout_seconds: Option<u16>,
    /// Concurrent executions reserved (and capped) for this function. Default by size.
    pub reserved_concurrency: Option<u32>,
    /// Plain environment variables (no secrets: use `access.secrets`).
    #[serde(default)]
    pub environment: BTreeMap<String, String>,
    /// What the function's role may touch; nothing by default.
    #[serde(default)]
    pub access: AccessSpec,
}

/// A deployment package (.zip) in S3.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FunctionCodeSpec {
    /// Bucket name, in the stack's region.
    pub s3_bucket: String,
    /// Object key of the .zip.
    pub s3_key: String,
    /// Object version, to pin the package in a versioned bucket.
    pub s3_object_version: Option<String>,
}
