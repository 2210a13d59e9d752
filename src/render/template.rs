//! CloudFormation templates as typed values, serialized by serde in a fixed key order.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};

/// A whole template. Resources and outputs are kept sorted by logical ID so that the
/// bytes depend only on the model.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Template {
    #[serde(rename = "AWSTemplateFormatVersion")]
    pub format_version: &'static str,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, Parameter>,
    pub resources: BTreeMap<String, Resource>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub outputs: BTreeMap<String, Output>,
}

impl Template {
    pub fn new(description: impl Into<String>) -> Self {
        Template {
            format_version: "2010-09-09",
            description: description.into(),
            metadata: None,
            parameters: BTreeMap::new(),
            resources: BTreeMap::new(),
            outputs: BTreeMap::new(),
        }
    }
}

/// A template parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Parameter {
    #[serde(rename = "Type")]
    pub kind: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub constraint_description: Option<String>,
}

impl Parameter {
    pub fn new(kind: &str, description: impl Into<String>) -> Self {
        Parameter {
            kind: kind.to_owned(),
            description: description.into(),
            default: None,
            allowed_pattern: None,
            constraint_description: None,
        }
    }
}

/// What CloudFormation does with a resource's physical resource on delete or replacement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Policy {
    Delete,
    Retain,
    /// Retain, except when the resource was created in a create that failed and rolls
    /// back: then it is deleted, so a retry does not meet it under its fixed name.
    RetainExceptOnCreate,
    Snapshot,
}

/// One resource.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Resource {
    #[serde(rename = "Type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion_policy: Option<Policy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_replace_policy: Option<Policy>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    pub properties: Map<String, Value>,
}

impl Resource {
    /// A resource of `kind` with `properties` (a JSON object; anything else is a bug).
    pub fn new(kind: &str, properties: Value) -> Self {
        let properties = match properties {
            Value::Object(map) => map,
            other => panic!("properties of {kind} must be an object, got {other}"),
        };
        Resource {
            kind: kind.to_owned(),
            deletion_policy: None,
            update_replace_policy: None,
            depends_on: Vec::new(),
            metadata: None,
            properties,
        }
    }

    /// Keeps the physical resource when the stack deletes or replaces it: for anything that
    /// holds data (`Snapshot` where the type supports it). `Retain` is written as
    /// `RetainExceptOnCreate` on delete: CloudFormation honours a plain `Retain` even when
    /// the first create fails and rolls back, and every retry then fails on the names the
    /// orphans still hold. `UpdateReplacePolicy` knows only Delete, Retain and Snapshot
    /// (AWS CloudFormation User Guide, "DeletionPolicy attribute" and
    /// "UpdateReplacePolicy attribute").
    pub fn keep(mut self, policy: Policy) -> Self {
        self.deletion_policy = Some(match policy {
            Policy::Retain => Policy::RetainExceptOnCreate,
            other => other,
        });
        self.update_replace_policy = Some(match policy {
            Policy::RetainExceptOnCreate => Policy::Retain,
            other => other,
        });
        self
    }

    /// [`Resource::keep`] for a store with network interfaces in the VPC. Under
    /// `teardown`, a retained store would keep its interfaces after the stack is gone,
    /// holding the subnets and security groups, so deleting the network fails
    /// (DependencyViolation); it is deleted instead, and `Snapshot` still snapshots first.
    pub fn keep_in_vpc(self, policy: Policy, teardown: bool) -> Self {
        match policy {
            Policy::Retain | Policy::RetainExceptOnCreate if teardown => self.keep(Policy::Delete),
            other => self.keep(other),
        }
    }

    pub fn depends_on(mut self, ids: &[&str]) -> Self {
        self.depends_on.extend(ids.iter().map(|s| (*s).to_owned()));
        self.depends_on.sort();
        self.depends_on.dedup();
        self
    }

    /// Suppresses checkov checks that do not apply here, each with its reason, in the
    /// resource's own Metadata where reviewers see it.
    pub fn skip_checkov(mut self, checks: &[(&str, &str)]) -> Self {
        let skips: Vec<Value> = checks
            .iter()
            .map(|(id, why)| serde_json::json!({ "id": id, "comment": why }))
            .collect();
        let metadata = self
            .metadata
            .get_or_insert_with(|| Value::Object(Map::new()));
        metadata["checkov"] = serde_json::json!({ "skip": skips });
        self
    }
}

/// A template output.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Output {
    pub description: String,
    pub value: Value,
}
