//! The `tables` section: DynamoDB tables.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A DynamoDB table, on demand, encrypted with the environment's key, with point-in-time
/// recovery and deletion protection; granted through `access.read_tables`/`write_tables`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    /// `[a-z][a-z0-9-]*`, unique among tables; the table is `<env>-<name>`.
    pub name: String,
    /// The partition key.
    pub partition_key: KeySpec,
    /// The sort key, if items share a partition.
    pub sort_key: Option<KeySpec>,
    /// An attribute holding an expiry time (epoch seconds): DynamoDB deletes expired items.
    pub ttl_attribute: Option<String>,
}

/// A key attribute: its name and type.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeySpec {
    pub name: String,
    /// `string` (default), `number` or `binary`.
    #[serde(default, rename = "type")]
    pub kind: KeyType,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum KeyType {
    #[default]
    String,
    Number,
    Binary,
}

impl KeyType {
    /// DynamoDB's attribute type letter.
    pub fn letter(self) -> &'static str {
        match self {
            KeyType::String => "S",
            KeyType::Number => "N",
            KeyType::Binary => "B",
        }
    }
}
