//! The `spark` section: EMR Serverless applications that run Spark jobs in the private
//! subnets.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::spec::AccessSpec;

/// An EMR Serverless application of type Spark in the private subnets, with its own
/// security group, a job runtime role, and logs in a CloudWatch log group encrypted with
/// the environment's key.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SparkSpec {
    /// `[a-z][a-z0-9-]*`, unique among Spark applications; names the logical IDs.
    pub name: String,
    /// The EMR release, `emr-<major>.<minor>.<patch>`, 6.6.0 or later (the first EMR
    /// Serverless supports). Default `emr-7.9.0`.
    pub release_label: Option<String>,
    /// The application's maximum capacity in vCPUs, across every job it runs at once.
    /// Default by size: 16, 64, 256, 512.
    pub max_vcpu: Option<u32>,
    /// The application's maximum memory in GB, 2 to 8 GB per vCPU (the range of EMR
    /// Serverless's worker sizes). Default 4 GB per vCPU.
    pub max_memory_gb: Option<u32>,
    /// Minutes without a job before the application stops and releases its workers,
    /// 1 to 10,080. Default 15.
    pub idle_stop_minutes: Option<u32>,
    /// What the job runtime role may touch; nothing by default.
    #[serde(default)]
    pub access: AccessSpec,
}
