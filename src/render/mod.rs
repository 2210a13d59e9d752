//! Render: the model as a set of CloudFormation templates (one parent, nested stacks), built
//! as typed values and serialized with serde_json, never by text templating.

pub mod firewall;
pub mod iam;
pub mod intrinsics;
pub mod link;
pub mod logs;
pub mod names;
pub mod parent;
pub mod run_tasks;
pub mod stack;
pub mod tags;
pub mod template;

pub use parent::stack_id as parent_stack_id;
pub use stack::NestedStack;
pub use template::{Output, Parameter, Policy, Resource, Template};

/// The file format of written templates; the parent points at children of the same format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateFormat {
    Json,
    Yaml,
}

impl TemplateFormat {
    pub fn extension(self) -> &'static str {
        match self {
            TemplateFormat::Json => "json",
            TemplateFormat::Yaml => "yaml",
        }
    }

    /// The file a stack's template is written to: `network.template.json`.
    pub fn file_name(self, stem: &str) -> String {
        format!("{stem}.template.{}", self.extension())
    }
}

/// The parent template's file stem.
pub const PARENT: &str = "parent";

/// Everything `synth` writes: the parent and its nested stacks in deployment order.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateSet {
    pub parent: Template,
    pub stacks: Vec<NestedStack>,
}
