//! Building one nested stack: parameters it takes, resources (tagged on the way in), and
//! outputs it gives. The parent wires parameters to other stacks' outputs by name.

use serde_json::{json, Value};

use super::template::{Output, Parameter, Resource, Template};
use crate::model::Platform;

/// A nested stack's name (also its file stem) and template.
#[derive(Debug, Clone, PartialEq)]
pub struct NestedStack {
    pub name: &'static str,
    pub template: Template,
}

/// The environment's tags as a CloudFormation tag list, sorted by key.
pub fn tag_list(platform: &Platform) -> Value {
    let mut tags: Vec<Value> = platform
        .tags
        .iter()
        .map(|(k, v)| json!({ "Key": k, "Value": v }))
        .collect();
    if !platform.tags.contains_key(ENVIRONMENT_TAG) {
        tags.push(json!({ "Key": ENVIRONMENT_TAG, "Value": platform.name }));
    }
    tags.sort_by(|a, b| a["Key"].as_str().cmp(&b["Key"].as_str()));
    Value::Array(tags)
}

/// Tag that names the environment on every taggable resource.
pub const ENVIRONMENT_TAG: &str = "platformctl:environment";

pub struct StackBuilder {
    name: &'static str,
    template: Template,
    tags: Value,
}

impl StackBuilder {
    pub fn new(name: &'static str, platform: &Platform, what: &str) -> Self {
        StackBuilder {
            name,
            template: Template::new(format!("{} {what} (platformctl)", platform.name)),
            tags: tag_list(platform),
        }
    }

    /// Declares an input; the parent passes the output of the same name from another stack.
    pub fn param(&mut self, name: &str, kind: &str, description: &str) {
        self.template
            .parameters
            .insert(name.to_owned(), Parameter::new(kind, description));
    }

    /// Adds a resource, with the environment's tags when its type takes a tag list (read
    /// from the type's provider schema, so no hand-kept list falls behind).
    pub fn add(&mut self, id: impl Into<String>, mut resource: Resource) {
        if crate::cfn::schema::get(&resource.kind).is_some_and(|s| s.takes_tag_list()) {
            let extra = resource.properties.remove("Tags");
            let mut tags = self.tags.clone();
            if let (Some(Value::Array(extra)), Value::Array(all)) = (extra, &mut tags) {
                all.extend(extra);
            }
            resource.properties.insert("Tags".into(), tags);
        }
        let id = id.into();
        let previous = self.template.resources.insert(id.clone(), resource);
        assert!(
            previous.is_none(),
            "logical ID {id} added twice in stack {}",
            self.name
        );
    }

    pub fn output(&mut self, name: &str, value: Value, description: &str) {
        self.template.outputs.insert(
            name.to_owned(),
            Output {
                description: description.to_owned(),
                value,
            },
        );
    }

    pub fn finish(self) -> NestedStack {
        NestedStack {
            name: self.name,
            template: self.template,
        }
    }
}
