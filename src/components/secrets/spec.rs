//! The `secrets` section: Secrets Manager secrets whose values AWS generates, or that
//! their operator supplies.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A secret with a generated value, encrypted with the environment's KMS key. Services and
/// functions read it when their `access.secrets` names it; nothing else can.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecretSpec {
    /// `[a-z][a-z0-9-]*`, unique among secrets; names the logical ID and the secret.
    pub name: String,
    /// What the secret is for, shown in the Secrets Manager console.
    pub description: Option<String>,
    /// Length of the generated value, 16 to 4096. Default 32.
    pub length: Option<u16>,
    /// Leave punctuation out of the generated value (for systems that reject it). Default false.
    #[serde(default)]
    pub exclude_punctuation: bool,
    /// The operator supplies the value (a credential issued elsewhere): the secret is
    /// created holding a placeholder, never a generated value, and `plan` reminds until
    /// the value is put. `length` and `exclude_punctuation` do not apply. Default false.
    #[serde(default)]
    pub supplied: bool,
}
