//! CloudWatch Logs groups. Every group the platform creates is named before the service
//! that writes to it starts (so retention and encryption apply from the first line), keeps
//! its logs a fixed number of days, is encrypted with the environment's key, and outlives
//! its stack: logs are evidence.

use serde_json::json;

use super::intrinsics::r#ref;
use super::names;
use super::template::{Policy, Resource};

/// A year: what audits expect, unless the spec says otherwise where it may.
pub const RETENTION_DAYS: u32 = 365;

/// A log group named `name`, kept `retention_days` days, encrypted with the imported key.
pub fn log_group(name: impl Into<String>, retention_days: u32) -> Resource {
    Resource::new(
        "AWS::Logs::LogGroup",
        json!({
            "LogGroupName": name.into(),
            "RetentionInDays": retention_days,
            "KmsKeyId": r#ref(names::KEY_ARN)
        }),
    )
    .keep(Policy::Retain)
}
