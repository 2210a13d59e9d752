//! Render: the model as a set of CloudFormation templates (two top-level parents, the
//! foundation and the application, and their nested stacks), built as typed values and
//! serialized with serde_json, never by text templating.

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

/// A top-level stack: deployed on its own, the parent of its nested stacks.
///
/// The foundation holds what lives as long as the environment (key, network, data stores,
/// organizations); the application holds what each platform release upgrades (messaging,
/// compute, connectors, clusters, DNS), so that upgrading it cannot touch a stateful
/// resource of the foundation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TopLevel {
    Foundation,
    Application,
}

impl TopLevel {
    /// Both, in deployment order: the application reads what the foundation publishes.
    pub const ALL: [TopLevel; 2] = [TopLevel::Foundation, TopLevel::Application];

    /// The template's file stem, its entry in the manifest and the suffix of its
    /// deployed stack's name (`<stack-name>-foundation`).
    pub fn name(self) -> &'static str {
        match self {
            TopLevel::Foundation => "foundation",
            TopLevel::Application => "application",
        }
    }

    /// The top-level stack a file stem names, if it names one.
    pub fn from_name(name: &str) -> Option<TopLevel> {
        TopLevel::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The deployed stack's name for an environment deployed as `base`.
    pub fn stack_name(self, base: &str) -> String {
        format!("{base}-{}", self.name())
    }
}

/// One top-level template.
#[derive(Debug, Clone, PartialEq)]
pub struct Parent {
    pub top: TopLevel,
    pub template: Template,
}

/// Everything `synth` writes: the top-level templates (the foundation, then the
/// application when any nested stack belongs to it) and the nested stacks in deployment
/// order, each naming its parent.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateSet {
    pub parents: Vec<Parent>,
    pub stacks: Vec<NestedStack>,
}

impl TemplateSet {
    /// The parent template of `top`, when it is written.
    pub fn parent(&self, top: TopLevel) -> Option<&Template> {
        self.parents
            .iter()
            .find(|p| p.top == top)
            .map(|p| &p.template)
    }

    /// Every template with its stack name (parents first), for whoever reads them all.
    pub fn templates(&self) -> impl Iterator<Item = (&'static str, &Template)> {
        let parents = self.parents.iter().map(|p| (p.top.name(), &p.template));
        parents.chain(self.stacks.iter().map(|s| (s.name, &s.template)))
    }
}
