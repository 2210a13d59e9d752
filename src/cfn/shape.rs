//! The JSON Schema keywords of a provider schema that the property rules read, typed once
//! when the embedded data is parsed so that validating a resource never touches raw JSON.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

/// The JSON types a provider schema names in `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JsonType {
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
    Null,
}

impl JsonType {
    /// The name as a schema writes it, for messages.
    pub fn name(self) -> &'static str {
        match self {
            JsonType::String => "string",
            JsonType::Integer => "integer",
            JsonType::Number => "number",
            JsonType::Boolean => "boolean",
            JsonType::Array => "array",
            JsonType::Object => "object",
            JsonType::Null => "null",
        }
    }
}

/// `type` is either one name or a list of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Types {
    One(JsonType),
    Many(Vec<JsonType>),
}

impl Types {
    pub fn as_slice(&self) -> &[JsonType] {
        match self {
            Types::One(t) => std::slice::from_ref(t),
            Types::Many(ts) => ts,
        }
    }
}

/// `additionalProperties`: provider schemas write a boolean; a schema object is read as
/// "allowed" since no rule checks extra keys against it.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Additional {
    Allowed(bool),
    Schema(Value),
}

/// One (sub)schema: a property, a definition, an array's items or a branch of a combinator.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Shape {
    #[serde(rename = "type")]
    pub types: Option<Types>,
    /// `#/definitions/Name`, resolved against the resource's definitions.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    pub properties: BTreeMap<String, Shape>,
    pub pattern_properties: BTreeMap<String, Shape>,
    pub additional_properties: Option<Additional>,
    pub required: Vec<String>,
    pub dependent_required: BTreeMap<String, Vec<String>>,
    #[serde(rename = "enum")]
    pub allowed: Option<Vec<Value>>,
    #[serde(rename = "const")]
    pub constant: Option<Value>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub items: Option<Box<Shape>>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    pub one_of: Vec<Shape>,
    pub any_of: Vec<Shape>,
    pub all_of: Vec<Shape>,
}

impl Shape {
    /// Whether keys not named in `properties` or matched by `patternProperties` are refused.
    pub fn closed(&self) -> bool {
        matches!(self.additional_properties, Some(Additional::Allowed(false)))
    }

    /// The definition name a `$ref` points at (`#/definitions/Tag` → `Tag`).
    pub fn reference_name(&self) -> Option<&str> {
        self.reference
            .as_deref()
            .and_then(|r| r.strip_prefix("#/definitions/"))
    }
}
