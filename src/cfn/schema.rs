//! Trimmed resource provider schemas: properties and the replacement rules `plan` reads.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::shape::Shape;

/// One resource type's schema, as trimmed by `scripts/refresh-schemas`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceSchema {
    pub properties: BTreeMap<String, Shape>,
    pub definitions: BTreeMap<String, Shape>,
    pub required: Vec<String>,
    pub additional_properties: Value,
    /// JSON pointers (`/properties/CidrBlock`) whose change always replaces the resource.
    pub create_only_properties: Vec<String>,
    /// Pointers whose change replaces the resource in some cases only.
    pub conditional_create_only_properties: Vec<String>,
    /// Pointers CloudFormation computes: the attributes `Fn::GetAtt` can read.
    pub read_only_properties: Vec<String>,
    /// SAM types only: the properties a template's `Globals` section may set for the type
    /// (`None` when it takes no globals, and for every CloudFormation type).
    #[serde(default)]
    pub globals: Option<Vec<String>>,
}

/// How a change to a property path affects the resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Replacement {
    Never,
    Conditional,
    Always,
}

impl ResourceSchema {
    /// The top-level create-only properties that name a resource of type `kind`
    /// (`DBInstanceIdentifier`, `DomainName`, `QueueName`, `ReplicationGroupId`, `Name`...):
    /// set in a template, they make it a custom-named resource, which CloudFormation cannot
    /// replace under the same name. Only the type's own name counts: `DBSubnetGroupName` on
    /// a DB instance names another resource.
    pub fn name_properties<'s>(&'s self, kind: &str) -> impl Iterator<Item = &'s str> {
        let stem = kind.rsplit("::").next().unwrap_or(kind).to_owned();
        self.create_only_properties
            .iter()
            .filter_map(|pointer| pointer.strip_prefix("/properties/"))
            .filter(|p| !p.contains('/'))
            .filter(move |p| {
                *p == "Name"
                    || p.strip_prefix(stem.as_str())
                        .is_some_and(|rest| matches!(rest, "Name" | "Identifier" | "Id"))
            })
    }

    /// Whether changing the property at `path` (`["ClusterConfig", "InstanceType"]`)
    /// replaces the resource: it is, or lies under, a create-only property.
    pub fn replacement(&self, path: &[String]) -> Replacement {
        let covers = |pointers: &[String]| {
            pointers.iter().any(|pointer| {
                let parts: Vec<&str> = pointer
                    .trim_start_matches("/properties/")
                    .split('/')
                    .collect();
                parts.len() <= path.len()
                    && parts
                        .iter()
                        .zip(path)
                        .all(|(want, got)| *want == "*" || want == got)
            })
        };
        if covers(&self.create_only_properties) {
            Replacement::Always
        } else if covers(&self.conditional_create_only_properties) {
            Replacement::Conditional
        } else {
            Replacement::Never
        }
    }

    /// Whether the type takes the environment's tags: its `Tags` property is a list of
    /// `{Key, Value}` and an item needs nothing more (an Auto Scaling group's items also
    /// need `PropagateAtLaunch`; types whose `Tags` is a map take no list at all).
    pub fn takes_tag_list(&self) -> bool {
        let Some(item) = self
            .properties
            .get("Tags")
            .and_then(|tags| self.resolve(tags))
            .and_then(|tags| tags.items.as_deref())
            .and_then(|item| self.resolve(item))
        else {
            return false;
        };
        item.properties.contains_key("Key")
            && item.properties.contains_key("Value")
            && item.required.iter().all(|r| r == "Key" || r == "Value")
    }

    /// `shape`, or the definition its `$ref` points at.
    fn resolve<'s>(&'s self, shape: &'s Shape) -> Option<&'s Shape> {
        match shape.reference_name() {
            Some(name) => self.definitions.get(name),
            None => Some(shape),
        }
    }

    /// `Fn::GetAtt` attribute names: read-only properties, nested ones dotted.
    pub fn attributes(&self) -> impl Iterator<Item = String> + '_ {
        self.read_only_properties
            .iter()
            .filter(|p| !p.contains('*'))
            .map(|p| p.trim_start_matches("/properties/").replace('/', "."))
    }
}
