//! Resource tags, one typed builder for the three shapes CloudFormation takes them in: a
//! list of `{Key, Value}` (most types), a map (EKS node groups, EFS, Backup), and a list
//! with `PropagateAtLaunch` (Auto Scaling groups). Every shape holds the environment's
//! tags, sorted by key, so the output never depends on the order the spec lists them in.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::model::Environment;

/// Tag that names the environment on every taggable resource.
pub const ENVIRONMENT_TAG: &str = "platformctl:environment";

/// A set of tags, by key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tags(BTreeMap<String, String>);

impl Tags {
    /// The spec's tags plus the environment tag (unless the spec sets that key itself).
    pub fn of(platform: &Environment) -> Self {
        let mut tags = platform.tags.clone();
        tags.entry(ENVIRONMENT_TAG.to_owned())
            .or_insert_with(|| platform.name.clone());
        Tags(tags)
    }

    /// These tags and one more.
    pub fn with(mut self, key: &str, value: &str) -> Self {
        self.0.insert(key.to_owned(), value.to_owned());
        self
    }

    /// `[{Key, Value}]`, sorted by key.
    pub fn entries(&self) -> Vec<Value> {
        self.0.iter().map(|(k, v)| tag(k, v)).collect()
    }

    /// As a `{Key, Value}` list.
    pub fn list(&self) -> Value {
        Value::Array(self.entries())
    }

    /// As a `{key: value}` map.
    pub fn map(&self) -> Value {
        let map: Map<String, Value> = self
            .0
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        Value::Object(map)
    }

    /// As an Auto Scaling group's list: each tag also goes onto the instances it launches.
    pub fn propagated_at_launch(&self) -> Value {
        self.0
            .iter()
            .map(|(k, v)| json!({ "Key": k, "Value": v, "PropagateAtLaunch": true }))
            .collect()
    }
}

/// One `{Key, Value}` entry.
pub fn tag(key: &str, value: &str) -> Value {
    json!({ "Key": key, "Value": value })
}
