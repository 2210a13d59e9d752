//! The top-level templates: one `AWS::CloudFormation::Stack` per nested stack, each child's
//! parameters wired to the output of the stack its import handle names.
//!
//! A value that crosses from the foundation to the application goes through an SSM
//! parameter: the foundation writes it (`AWS::SSM::Parameter`), the application reads it
//! through a parameter of type `AWS::SSM::Parameter::Value<String>`, which CloudFormation
//! resolves each time the application is deployed. An export (`Fn::ImportValue`) would do
//! the same job but lock the foundation: CloudFormation refuses to change or delete an
//! output another stack imports ("Get exported outputs from a deployed CloudFormation stack", AWS CloudFormation
//! User Guide), so a foundation change would first need an application release that stops
//! importing. With parameters the two stacks deploy independently, the foundation first.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::intrinsics::{get_att, r#ref, sub};
use super::stack::NestedStack;
use super::tags::Tags;
use super::template::{Output, Parameter, Policy, Resource, Template};
use super::{Parent, TemplateFormat, TopLevel};
use crate::model::names::pascal;
use crate::model::Environment;

/// The logical ID of a nested stack in its parent: `network` → `NetworkStack`.
pub fn stack_id(name: &str) -> String {
    format!("{}Stack", pascal(name))
}

/// The SSM parameter through which the foundation hands `link` (an output name) to the
/// application: `/platformctl/<environment>/foundation/<link>`. The environment's name is
/// unique in its account and region, as its stacks' names are.
pub fn parameter_name(environment: &str, link: &str) -> String {
    format!("/platformctl/{environment}/foundation/{link}")
}

/// The logical ID of the foundation's SSM parameter that publishes `link`.
pub fn published_id(link: &str) -> String {
    format!("{link}Published")
}

/// The top-level templates of `stacks`: the foundation, and the application when any
/// nested stack belongs to it. Their `TemplateURL`s name files of `format`.
pub fn render(
    platform: &Environment,
    stacks: &[NestedStack],
    format: TemplateFormat,
) -> Vec<Parent> {
    let top_of: BTreeMap<&str, TopLevel> = stacks.iter().map(|s| (s.name, s.top)).collect();
    // Every foundation output an application stack imports, with the stack producing it.
    let published: BTreeMap<&str, &str> = stacks
        .iter()
        .filter(|s| s.top == TopLevel::Application)
        .flat_map(|s| &s.imports)
        .filter(|(_, producer)| top_of.get(*producer) == Some(&TopLevel::Foundation))
        .map(|(name, producer)| (name.as_str(), *producer))
        .collect();
    let described: BTreeMap<&str, &str> = stacks
        .iter()
        .flat_map(|s| &s.template.outputs)
        .filter(|(name, _)| published.contains_key(name.as_str()))
        .map(|(name, o)| (name.as_str(), o.description.as_str()))
        .collect();
    TopLevel::ALL
        .into_iter()
        .filter_map(|top| {
            let own: Vec<&NestedStack> = stacks.iter().filter(|s| s.top == top).collect();
            if own.is_empty() {
                return None;
            }
            let mut t = skeleton(platform, top);
            for stack in &own {
                nest(platform, &mut t, stack, &top_of, format);
            }
            match top {
                TopLevel::Foundation => publish(platform, &mut t, &published, &described),
                TopLevel::Application => subscribe(platform, &mut t, &published, &described),
            }
            Some(Parent { top, template: t })
        })
        .collect()
}

/// A top-level template with only the parameters that locate the nested templates.
fn skeleton(platform: &Environment, top: TopLevel) -> Template {
    let mut t = Template::new(format!(
        "{} data platform environment ({}, {}), {} (platformctl)",
        platform.name,
        platform.size,
        platform.region.name,
        top.name()
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
    t
}

/// Adds `stack` to its parent `t`: the nested stack resource, its parameters wired to
/// their producers (a sibling's output, or the parameter that reads the foundation's
/// SSM parameter), and its outputs repeated as the parent's.
fn nest(
    platform: &Environment,
    t: &mut Template,
    stack: &NestedStack,
    top_of: &BTreeMap<&str, TopLevel>,
    format: TemplateFormat,
) {
    let mut parameters = Map::new();
    for (name, producer) in &stack.imports {
        let value = if top_of.get(producer) == Some(&stack.top) {
            get_att(&stack_id(producer), &format!("Outputs.{name}"))
        } else {
            r#ref(name)
        };
        parameters.insert(name.clone(), value);
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

/// How many SSM parameters CloudFormation writes at once: each waits for the one this many
/// places before it. Created all together, they fail with `ThrottlingException: Rate
/// exceeded` from PutParameter, whose rate Parameter Store's standard throughput limits
/// (AWS Systems Manager User Guide, "Increasing Parameter Store throughput").
const PUBLISH_AT_ONCE: usize = 5;

/// The foundation's SSM parameters, one per value the application reads.
fn publish(
    platform: &Environment,
    t: &mut Template,
    published: &BTreeMap<&str, &str>,
    described: &BTreeMap<&str, &str>,
) {
    let names: Vec<&str> = published.keys().copied().collect();
    for (i, (name, producer)) in published.iter().enumerate() {
        let what = described.get(name).copied().unwrap_or(name);
        let before: Vec<String> = i
            .checked_sub(PUBLISH_AT_ONCE)
            .map(|j| published_id(names[j]))
            .into_iter()
            .collect();
        let before: Vec<&str> = before.iter().map(String::as_str).collect();
        t.resources.insert(
            published_id(name),
            Resource::new(
                "AWS::SSM::Parameter",
                json!({
                    "Name": parameter_name(&platform.name, name),
                    "Type": "String",
                    "Tier": "Standard",
                    "Value": get_att(&stack_id(producer), &format!("Outputs.{name}")),
                    "Description": format!("{what}, for the application stack"),
                    "Tags": Tags::of(platform).map(),
                }),
            )
            .depends_on(&before),
        );
    }
}

/// The application's parameters that read the foundation's SSM parameters.
fn subscribe(
    platform: &Environment,
    t: &mut Template,
    published: &BTreeMap<&str, &str>,
    described: &BTreeMap<&str, &str>,
) {
    for name in published.keys() {
        let what = described.get(name).copied().unwrap_or(name);
        t.parameters.insert(
            (*name).to_owned(),
            Parameter {
                default: Some(json!(parameter_name(&platform.name, name))),
                ..Parameter::new(
                    "AWS::SSM::Parameter::Value<String>",
                    format!("SSM parameter the foundation stack writes: {what}"),
                )
            },
        );
    }
}
