//! One loaded template and the index of its named parts that every rule looks things up in.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::yaml::{Key, Node, Value};

/// A template as read from disk, short-form tags already rewritten to the long form.
#[derive(Debug)]
pub struct Template {
    pub file: PathBuf,
    pub root: Node,
    /// Size of the file in bytes, for the template size limits.
    pub bytes: usize,
}

impl Template {
    /// Whether the template declares a Transform (SAM, language extensions, macros): the
    /// transform adds resources, sections and names before CloudFormation reads it, so
    /// rules that need the whole picture hold back.
    pub fn has_transform(&self) -> bool {
        self.root.get("Transform").is_some()
    }
}

/// Pseudo parameters CloudFormation defines in every stack.
pub const PSEUDO_PARAMETERS: &[&str] = &[
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

/// Whether `kind` is a module, a template fragment registered in the account that
/// CloudFormation expands into resources.
pub fn is_module(kind: &str) -> bool {
    kind.ends_with("::MODULE")
}

/// The entries of a mapping, or nothing when the node is not one.
pub fn entries(node: Option<&Node>) -> &[(Key, Node)] {
    match node.map(|n| &n.value) {
        Some(Value::Map(entries)) => entries,
        _ => &[],
    }
}

/// A scalar string's text.
pub fn as_str(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Str(s) => Some(s),
        _ => None,
    }
}

/// Named parts of a template, indexed once so that no rule scans a section per lookup.
pub struct Index<'t> {
    pub parameters: HashMap<&'t str, &'t Node>,
    pub resources: HashMap<&'t str, &'t Node>,
    /// Resource logical ID → its `Type`, when it is a string.
    pub types: HashMap<&'t str, &'t str>,
    pub conditions: HashMap<&'t str, &'t Node>,
    pub mappings: HashMap<&'t str, &'t Node>,
    /// Logical IDs of the resources that are modules (`Type` ends in `::MODULE`).
    pub modules: Vec<&'t str>,
}

impl<'t> Index<'t> {
    pub fn new(template: &'t Template) -> Self {
        let section = |name: &str| -> HashMap<&'t str, &'t Node> {
            entries(template.root.get(name))
                .iter()
                .map(|(k, v)| (k.name.as_str(), v))
                .collect()
        };
        let resources = section("Resources");
        let types: HashMap<&str, &str> = resources
            .iter()
            .filter_map(|(id, r)| Some((*id, as_str(r.get("Type")?)?)))
            .collect();
        let mut modules: Vec<&str> = types
            .iter()
            .filter(|(_, kind)| is_module(kind))
            .map(|(id, _)| *id)
            .collect();
        modules.sort_unstable();
        Index {
            parameters: section("Parameters"),
            modules,
            types,
            resources,
            conditions: section("Conditions"),
            mappings: section("Mappings"),
        }
    }

    /// Whether `Ref: name` can resolve: a parameter, a resource (one of a module's too) or
    /// a pseudo parameter.
    pub fn can_ref(&self, name: &str) -> bool {
        self.parameters.contains_key(name)
            || self.is_resource(name)
            || PSEUDO_PARAMETERS.contains(&name)
    }

    /// Whether `name` is a resource: one of the template's, or one a module it uses
    /// expands into. A module's resources are named by the module's logical ID and
    /// theirs, with or without a dot between ("Reference module resources in
    /// CloudFormation templates", CloudFormation User Guide); what a module holds is in
    /// the account's registry, not the template, so any such name is taken.
    pub fn is_resource(&self, name: &str) -> bool {
        self.resources.contains_key(name)
            || self
                .modules
                .iter()
                .any(|m| name.len() > m.len() && name.starts_with(m))
    }
}
