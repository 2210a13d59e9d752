//! The `workers` section: compute a vendor's scheduler scales in this account, next to a
//! data bucket the vendor itself can never read.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Self-hosted workers: a data bucket, an ECS cluster with an Auto Scaling group of
/// container instances (zero until the vendor scales it), a Lambda execution role, and a
/// cross-account role the vendor assumes to launch and scale them and read their metrics.
/// Deleting the stack deletes the role, and with it every right the vendor had.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkersSpec {
    /// The vendor's 12-digit AWS account ID, the only account allowed to assume the role.
    pub vendor_account_id: String,
    /// The external ID the vendor passes when assuming the role (2 to 1,224 characters of
    /// letters, digits and `+=,.@:/-_`): guards against the confused-deputy problem.
    pub external_id: String,
    /// EC2 instance type of the container instances. Default `m6i.xlarge`.
    pub instance_type: Option<String>,
    /// The most instances the vendor may scale to, 1 to 500. Default by environment size.
    pub max_instances: Option<u16>,
}
