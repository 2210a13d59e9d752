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
        let types = resources
            .iter()
            .filter_map(|(id, r)| Some((*id, as_str(r.get("Type")?)?)))
            .collect();
        Index {
            parameters: section("Parameters"),
            types,
            resources,
            conditions: section("Conditions"),
            mappings: section("Mappings"),
        }
    }

    /// Whether `Ref: name` can resolve: a parameter, a resource or a pseudo parameter.
    pub fn can_ref(&self, name: &str) -> bool {
        self.parameters.contains_key(name)
            || self.resources.contains_key(name)
            || PSEUDO_PARAMETERS.contains(&name)
    }
}
