//! The `monitoring` section: who hears the environment's alarms.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// CloudWatch alarms on every component that can fail quietly, to one topic, and one
/// dashboard of them per environment.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonitoringSpec {
    /// Email addresses subscribed to the alarm topic; each confirms its subscription from
    /// the message SNS sends it. Others subscribe to the `AlarmTopicArn` output.
    #[serde(default)]
    pub email_subscribers: Vec<String>,
}
