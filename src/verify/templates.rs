//! The templates `verify` judges, as JSON: synthesized in memory, or read from a directory
//! `synth` wrote (and someone may have edited), and the lookups the layers need.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::render::{TemplateFormat, TemplateSet};
use crate::yaml;

/// Why templates on disk cannot be judged: exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum TemplatesError {
    #[error("{}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: yaml::ReadError,
    },
    #[error("{}: not a template: {message}", path.display())]
    Parse { path: PathBuf, message: String },
    #[error("{}: no `<stack>.template.json` or `.yaml` files", dir.display())]
    Empty { dir: PathBuf },
}

/// Nested stacks' templates by stack name (`compute`, `data`...).
#[derive(Debug, Clone, Default)]
pub struct Templates {
    stacks: BTreeMap<String, Value>,
}

impl Templates {
    /// The nested stacks of a synthesized set.
    pub fn from_set(set: &TemplateSet) -> Self {
        let stacks = set
            .stacks
            .iter()
            .filter_map(|s| Some((s.name.to_owned(), serde_json::to_value(&s.template).ok()?)))
            .collect();
        Templates { stacks }
    }

    /// The nested stacks `synth` wrote to `dir`, JSON or YAML (the parent is not read:
    /// it holds no resource an access passes through).
    pub fn load(dir: &Path) -> Result<Self, TemplatesError> {
        let mut stacks = BTreeMap::new();
        let entries = std::fs::read_dir(dir).map_err(|source| TemplatesError::Read {
            path: dir.to_owned(),
            source: yaml::ReadError::Io {
                path: dir.to_owned(),
                source,
            },
        })?;
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        paths.sort();
        for path in paths {
            let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
                continue;
            };
            let stem = [TemplateFormat::Json, TemplateFormat::Yaml]
                .iter()
                .find_map(|f| file.strip_suffix(&format!(".template.{}", f.extension())));
            let top_level = |s: &&str| crate::render::TopLevel::from_name(s).is_some();
            let Some(stem) = stem.filter(|s| !top_level(s)) else {
                continue;
            };
            if stacks.contains_key(stem) {
                continue;
            }
            let text = yaml::read_text(&path).map_err(|source| TemplatesError::Read {
                path: path.clone(),
                source,
            })?;
            let tree = yaml::load(&text).map_err(|e| TemplatesError::Parse {
                path: path.clone(),
                message: e.to_string(),
            })?;
            stacks.insert(stem.to_owned(), tree.to_json());
        }
        if stacks.is_empty() {
            return Err(TemplatesError::Empty {
                dir: dir.to_owned(),
            });
        }
        Ok(Templates { stacks })
    }

    /// Every resource of every stack: (stack, logical ID, resource).
    pub fn resources(&self) -> impl Iterator<Item = (&str, &str, &Value)> {
        self.stacks.iter().flat_map(|(stack, t)| {
            t["Resources"]
                .as_object()
                .into_iter()
                .flatten()
                .map(move |(id, r)| (stack.as_str(), id.as_str(), r))
        })
    }

    /// The resource `id` in `stack`.
    pub fn resource(&self, stack: &str, id: &str) -> Option<&Value> {
        self.stacks.get(stack)?["Resources"].get(id)
    }
}

/// The statements of a policy document, whether `Statement` is one or a list.
pub fn statements(document: &Value) -> Vec<&Value> {
    match &document["Statement"] {
        Value::Array(all) => all.iter().collect(),
        one @ Value::Object(_) => vec![one],
        _ => Vec::new(),
    }
}

/// The statements of a role's inline policies.
pub fn role_statements(role: &Value) -> Vec<&Value> {
    role["Properties"]["Policies"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|p| statements(&p["PolicyDocument"]))
        .collect()
}

/// A value or a list of values, as a list.
pub fn list(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(all) => all.iter().collect(),
        Value::Null => Vec::new(),
        one => vec![one],
    }
}

/// Whether IAM pattern `pattern` (`s3:Get*`, `*`, `?` for one character) matches
/// `action`, case-insensitively as IAM compares actions.
pub fn action_matches(pattern: &str, action: &str) -> bool {
    fn glob(p: &[u8], a: &[u8]) -> bool {
        match p.split_first() {
            None => a.is_empty(),
            Some((b'*', rest)) => (0..=a.len()).any(|i| glob(rest, &a[i..])),
            Some((c, rest)) => a.split_first().is_some_and(|(d, tail)| {
                (*c == b'?' || c.eq_ignore_ascii_case(d)) && glob(rest, tail)
            }),
        }
    }
    glob(pattern.as_bytes(), action.as_bytes())
}

/// Whether `statement` has `effect` for `action` on something named by `name`.
pub fn grants(statement: &Value, effect: &str, action: &str, name: &str) -> bool {
    statement["Effect"].as_str() == Some(effect)
        && list(&statement["Action"])
            .iter()
            .filter_map(|a| a.as_str())
            .any(|a| action_matches(a, action))
        && list(&statement["Resource"]).iter().any(|r| names(r, name))
}

/// Whether `resource` (a statement's `Resource` entry) names what parameter or logical ID
/// `name` stands for: `{"Ref": name}`, `{"Fn::GetAtt": [name, ...]}`, a `Fn::Sub` that
/// uses `${name}` or `${name.Attr}`, or `*`.
pub fn names(resource: &Value, name: &str) -> bool {
    if resource.as_str() == Some("*") {
        return true;
    }
    if resource["Ref"].as_str() == Some(name) {
        return true;
    }
    if resource["Fn::GetAtt"][0].as_str() == Some(name) {
        return true;
    }
    let sub = match &resource["Fn::Sub"] {
        Value::String(text) => Some(text.as_str()),
        Value::Array(parts) => parts.first().and_then(Value::as_str),
        _ => None,
    };
    sub.is_some_and(|text| {
        text.contains(&format!("${{{name}}}")) || text.contains(&format!("${{{name}."))
    })
}

/// Whether a security-group rule opens TCP `port`.
pub fn opens(rule: &Value, port: u16) -> bool {
    let protocol = match &rule["IpProtocol"] {
        Value::String(p) => p.clone(),
        Value::Number(n) => n.to_string(),
        _ => return false,
    };
    if protocol == "-1" {
        return true;
    }
    if protocol != "tcp" && protocol != "6" {
        return false;
    }
    let bound = |key: &str| {
        rule[key]
            .as_u64()
            .or_else(|| rule[key].as_str()?.parse().ok())
    };
    matches!((bound("FromPort"), bound("ToPort")), (Some(from), Some(to)) if from <= u64::from(port) && u64::from(port) <= to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn iam_action_patterns() {
        assert!(action_matches("s3:GetObject", "s3:getobject"));
        assert!(action_matches("s3:Get*", "s3:GetObject"));
        assert!(action_matches("*", "sqs:SendMessage"));
        assert!(action_matches("es:ESHttp*", "es:ESHttpGet"));
        assert!(!action_matches("s3:Put*", "s3:GetObject"));
        assert!(!action_matches("sqs:SendMessage", "sqs:SendMessageBatch"));
    }

    #[test]
    fn resources_name_parameters_in_every_form() {
        assert!(names(&json!({ "Ref": "QArn" }), "QArn"));
        assert!(names(&json!({ "Fn::Sub": "${BArn}/*" }), "BArn"));
        assert!(names(&json!({ "Fn::GetAtt": ["Q", "Arn"] }), "Q"));
        assert!(!names(&json!({ "Ref": "Other" }), "QArn"));
    }

    #[test]
    fn rules_open_ports_by_range_or_protocol() {
        assert!(opens(
            &json!({ "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432 }),
            5432
        ));
        assert!(opens(&json!({ "IpProtocol": "-1" }), 443));
        assert!(!opens(
            &json!({ "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443 }),
            5432
        ));
    }
}
