//! The `encryption` section: the environment's KMS key.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The environment's customer-managed KMS key (rotation is always on).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EncryptionSpec {
    /// Days KMS waits before deleting the key once deletion is scheduled, 7 to 30. Default 30.
    pub deletion_window_days: Option<u8>,
}
