//! Writing JSON values as block-style YAML, for `synth --format yaml`.
//!
//! The same crate that parses YAML emits it, so the runtime carries one YAML library.
//! Mappings keep their order, strings that YAML would read as another type are quoted,
//! and multi-line strings (inline policies, user data) become literal blocks.

use serde_json::Value;
use yaml_rust2::yaml::Hash;
use yaml_rust2::{Yaml, YamlEmitter};

/// `value` as a YAML document, newline-terminated, without a `---` marker.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    let mut emitter = YamlEmitter::new(&mut out);
    emitter.multiline_strings(true);
    // Writing into a String cannot fail, and every JSON value has a YAML form.
    if emitter.dump(&to_yaml(value)).is_err() {
        unreachable!("emitting into a String does not fail");
    }
    let mut text = out
        .strip_prefix("---\n")
        .or_else(|| out.strip_prefix("--- "))
        .unwrap_or(&out)
        .to_owned();
    text.push('\n');
    text
}

fn to_yaml(value: &Value) -> Yaml {
    match value {
        Value::Null => Yaml::Null,
        Value::Bool(b) => Yaml::Boolean(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Yaml::Integer(i),
            None => Yaml::Real(n.to_string()),
        },
        Value::String(s) => Yaml::String(s.clone()),
        Value::Array(items) => Yaml::Array(items.iter().map(to_yaml).collect()),
        Value::Object(map) => {
            let mut hash = Hash::new();
            for (key, item) in map {
                hash.insert(Yaml::String(key.clone()), to_yaml(item));
            }
            Yaml::Hash(hash)
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::to_string;
    use crate::yaml;

    /// Guards the round trip: strings that look like other YAML types stay strings.
    #[test]
    fn strings_that_look_like_other_types_round_trip() {
        let value = json!({
            "A": "true", "B": "123", "C": "1.5", "D": "null", "E": "", "F": "*", "G": "a: b",
            "H": "line one\nline two", "I": 7, "J": 2.5, "K": false, "L": null,
            "M": ["x", {"N": "0x10"}], "O": "- item", "P": "#comment", "Q": "{x}",
        });
        let text = to_string(&value);
        assert!(!text.starts_with("---"));
        assert!(text.ends_with('\n'));
        let node = yaml::load(&text).expect("valid YAML");
        assert_eq!(node.to_json(), value, "{text}");
    }
}
