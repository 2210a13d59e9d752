//! The `organizations` section: the tenants of a data platform.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One organization (tenant): its own KMS key, Glue database, Athena workgroup and the
/// managed policy that admits roles to exactly those.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganizationSpec {
    /// `[a-z][a-z0-9-]*`, unique among organizations; names its resources and picks its
    /// nested stack (a hash of the name, so adding or removing one moves no other).
    pub name: String,
    /// Days KMS waits before deleting the organization's key once deletion is
    /// scheduled, 7 to 30. Default 30.
    pub key_deletion_window_days: Option<u8>,
}
