//! The parent template: one `AWS::CloudFormation::Stack` per nested stack, each child's
//! parameters wired to the output of the stack its import handle names.

use serde_json::{json, Map, Value};

use super::intrinsics::{get_att, sub};
use super::stack::NestedStack;
use super::tags::Tags;
use super::template::{Output, Parameter, Policy, Resource, Template};
use super::TemplateFormat;
use crate::model::names::pascal;
use crate::model::Environment;

/// The logical ID of a nested stack in the parent: `network` → `NetworkStack`.
pub fn stack_id(name: &str) -> String {
    format!("{}Stack", pascal(name))
}

pub fn render(platform: &Environment, stacks: &[NestedStack], format: TemplateFormat) -> Template {
    let mut t = Template::new(format!(
        "{} data platform environment ({}, {}) (platformctl)",
        platform.name, platform.size, platform.region.name
    ));
    t.parameters.insert(
        "ArtifactBucket".into(),
        Parameter {
            allowed_pattern: Some("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$".into()),
            constraint_description: Some("an S3 bucket name".into()),
            ..Parameter::new(
                "String",
                "S3 bucket that holds the nested templates (upload the synth directory there)",
            )
        },
    );
    t.parameters.insert(
        "ArtifactPrefix".into(),
        Parameter {
            default: Some(json!("")),
            allowed_pattern: Some("^([a-zA-Z0-9!_.*'()-]+/)*$".into()),
            constraint_description: Some("empty, or a key prefix ending in /".into()),
            ..Parameter::new(
                "String",
                "Key prefix of the nested templates in the bucket, ending in /",
            )
        },
    );
    for stack in stacks {
        let mut parameters = Map::new();
        for (name, producer) in &stack.imports {
            parameters.insert(
                name.clone(),
                get_att(&stack_id(producer), &format!("Outputs.{name}")),
            );
        }
        let url = format!(
            "https://${{ArtifactBucket}}.s3.${{AWS::Region}}.${{AWS::URLSuffix}}/${{ArtifactPrefix}}{}",
            format.file_name(stack.name)
        );
        let mut properties = json!({ "TemplateURL": sub(url), "Tags": Tags::of(platform).list() });
        if !parameters.is_empty() {
            properties["Parameters"] = Value::Object(parameters);
        }
        t.resources.insert(
            stack_id(stack.name),
            // Deleting a nested stack is safe: everything in it that holds data is retained.
            Resource::new("AWS::CloudFormation::Stack", properties).keep(Policy::Delete),
        );
        for (name, output) in &stack.template.outputs {
            t.outputs.insert(
                name.clone(),
                Output {
                    description: output.description.clone(),
                    value: get_att(&stack_id(stack.name), &format!("Outputs.{name}")),
                },
            );
        }
    }
    t
}
