//! Building one nested stack: the values it imports from earlier stacks, its resources
//! (tagged on the way in), and the values it exports. Imports and exports are typed
//! handles ([`super::link`]); the parent wires them from the record kept here.

use std::collections::BTreeMap;

use serde_json::Value;

use super::intrinsics::r#ref;
use super::link::{Export, Link};
use super::tags::Tags;
use super::template::{Output, Parameter, Resource, Template};
use crate::model::Environment;

/// A nested stack's name (also its file stem), template, and where each of its parameters
/// comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct NestedStack {
    pub name: &'static str,
    /// The top-level stack that holds it.
    pub top: super::TopLevel,
    pub template: Template,
    /// Parameter name → the stack whose output of that name feeds it.
    pub imports: BTreeMap<String, &'static str>,
}

pub struct StackBuilder {
    name: &'static str,
    top: super::TopLevel,
    template: Template,
    tags: Value,
    imports: BTreeMap<String, &'static str>,
}

impl StackBuilder {
    pub fn new(
        name: &'static str,
        top: super::TopLevel,
        platform: &Environment,
        what: &str,
    ) -> Self {
        StackBuilder {
            name,
            top,
            template: Template::new(format!("{} {what} (platformctl)", platform.name)),
            tags: Tags::of(platform).list(),
            imports: BTreeMap::new(),
        }
    }

    /// The stack's name, which is also its file stem.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Whether a resource of logical ID `id` was added.
    pub fn has(&self, id: &str) -> bool {
        self.template.resources.contains_key(id)
    }

    /// Takes a value an earlier stack exported: declares the parameter the handle describes
    /// and returns the `Ref` to it. Importing one handle twice declares it once.
    pub fn import(&mut self, export: &Export) -> Value {
        let description = export.link.parameter.clone();
        self.import_as(export, &description)
    }

    /// [`Self::import`], with the parameter described in this stack's own words.
    pub fn import_as(&mut self, export: &Export, description: &str) -> Value {
        let name = export.name().to_owned();
        self.template
            .parameters
            .insert(name.clone(), Parameter::new(export.link.kind, description));
        self.imports.insert(name.clone(), export.stack);
        r#ref(&name)
    }

    /// Exports `value` for later stacks: an output named and described by `link`, and the
    /// handle that is the only way to import it.
    pub fn export(&mut self, link: Link, value: Value) -> Export {
        self.output(&link.name, value, &link.output);
        Export {
            link,
            stack: self.name,
        }
    }

    /// Adds a resource, with the environment's tags when its type takes a tag list (read
    /// from the type's provider schema, so no hand-kept list falls behind).
    pub fn add(&mut self, id: impl Into<String>, mut resource: Resource) {
        if crate::cfn::tags::takes_tag_list(&resource.kind) {
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

    /// An output for people and tools outside the platform's stacks (no stack imports it).
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
            top: self.top,
            template: self.template,
            imports: self.imports,
        }
    }
}
