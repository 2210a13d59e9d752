//! The `search` section.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
