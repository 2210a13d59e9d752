//! The spec's JSON Schema, generated from the serde types so the two cannot disagree.

use crate::components::Spec;

/// The schema as pretty JSON, newline-terminated; `schemas/platform.schema.json` holds it.
pub fn json() -> String {
    let schema = schemars::schema_for!(Spec);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema is plain JSON");
    text.push('\n');
    text
}
