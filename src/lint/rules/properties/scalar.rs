//! How CloudFormation reads a scalar: the conversions it makes between strings, numbers
//! and booleans, so that only values it would really refuse are reported.
//!
//! CloudFormation passes every template scalar to resource handlers after converting it to
//! the schema's type: `Port: "443"` works for an integer, `Enabled: "true"` for a boolean,
//! and `Name: 42` for a string (see the AWS CloudFormation User Guide, "Template anatomy"
//! and the resource type schema documentation on property types).

use serde_json::Value as Json;

use crate::cfn::shape::JsonType;
use crate::yaml::{Node, Value};

/// A scalar's text as CloudFormation would pass it on, and its numeric value if it has one.
pub struct Scalar {
    pub text: String,
    pub number: Option<f64>,
}

impl Scalar {
    pub fn of(node: &Node) -> Option<Scalar> {
        let (text, number) = match &node.value {
            Value::Str(s) => (s.clone(), numeric(s)),
            Value::Int(i) => (i.to_string(), Some(*i as f64)),
            Value::Float(f) => (float_text(*f), Some(*f)),
            Value::Bool(b) => (b.to_string(), None),
            _ => return None,
        };
        Some(Scalar { text, number })
    }

    /// Equality with an `enum`/`const` value after conversion: `"30"` equals `30`.
    pub fn equals(&self, wanted: &Json) -> bool {
        match wanted {
            Json::String(s) => *s == self.text,
            Json::Number(n) => n.as_f64().zip(self.number).is_some_and(|(a, b)| a == b),
            Json::Bool(b) => self
                .text
                .eq_ignore_ascii_case(if *b { "true" } else { "false" }),
            _ => false,
        }
    }
}

/// An `enum`/`const` value as a message shows it.
pub fn show(value: &Json) -> String {
    match value {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// The number a string spells in plain decimal notation (no `inf`, `NaN` or hex).
fn numeric(s: &str) -> Option<f64> {
    let t = s.trim();
    let plain = !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E'))
        && t.chars().any(|c| c.is_ascii_digit());
    if plain {
        t.parse().ok()
    } else {
        None
    }
}

/// Whether CloudFormation accepts `node` where the schema says `wanted`.
pub fn fits(node: &Node, wanted: JsonType) -> bool {
    match (wanted, &node.value) {
        (JsonType::String, Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_)) => {
            true
        }
        (JsonType::Integer, Value::Int(_)) => true,
        (JsonType::Integer, Value::Float(f)) => f.fract() == 0.0,
        (JsonType::Integer, Value::Str(s)) => s.trim().parse::<i64>().is_ok(),
        (JsonType::Number, Value::Int(_) | Value::Float(_)) => true,
        (JsonType::Number, Value::Str(s)) => numeric(s).is_some(),
        (JsonType::Boolean, Value::Bool(_)) => true,
        (JsonType::Boolean, Value::Str(s)) => {
            s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false")
        }
        (JsonType::Array, Value::Seq(_)) => true,
        (JsonType::Object, Value::Map(_)) => true,
        (JsonType::Null, Value::Null) => true,
        _ => false,
    }
}

/// What a value is, for "expected X, found Y".
pub fn describe(node: &Node) -> String {
    match &node.value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Int(i) => format!("integer `{i}`"),
        Value::Float(f) => format!("number `{f}`"),
        Value::Str(s) => format!("string `{s}`"),
        Value::Seq(_) => "a list".into(),
        Value::Map(_) => "a mapping".into(),
    }
}
