//! The `audit` section: a CloudTrail trail and the CloudWatch alarms that watch it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Records every API call in the account to an encrypted, validated trail, delivers it to
/// CloudWatch Logs, and raises alarms on the events an operator must see.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditSpec {
    /// Days to keep the trail's log files and its CloudWatch Logs copy; a CloudWatch Logs
    /// retention period of at least 365. Default 365.
    pub retention_days: Option<u32>,
    /// Record the calls of every region, not only the environment's. Default true.
    pub multi_region: Option<bool>,
}
