//! Walks a resource's `Properties` alongside its provider schema, collecting findings.

use std::collections::BTreeMap;

use super::rules::*;
use super::scalar::{self, Scalar};
use super::{is_intrinsic, suggest, Finding, PatternStatus, RuleDoc};
use crate::cfn::schema::ResourceSchema;
use crate::cfn::shape::Shape;
use crate::yaml::{KeyPath, Node, Pos, Value};

/// `$ref` chains deeper than this are a schema defect, not a template one; stop there.
const MAX_REF_DEPTH: u8 = 16;

/// The object-level keywords shared by the resource's top level and nested objects.
struct ObjectShape<'s> {
    properties: &'s BTreeMap<String, Shape>,
    pattern_properties: &'s BTreeMap<String, Shape>,
    closed: bool,
    required: &'s [String],
    dependent_required: &'s BTreeMap<String, Vec<String>>,
}

/// Collects one resource's findings; `$ref`s resolve against that resource's definitions.
pub struct Walker {
    schema: &'static ResourceSchema,
    findings: Vec<Finding>,
}

impl Walker {
    pub fn new(schema: &'static ResourceSchema) -> Self {
        Walker {
            schema,
            findings: Vec::new(),
        }
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    /// The resource has no `Properties`: only its required ones are worth reporting.
    pub fn missing_properties(&mut self, path: &KeyPath, at: Pos) {
        for name in &self.schema.required {
            self.findings.push(Finding::new(
                &REQUIRED_PROPERTY,
                format!("required property `{name}` is missing (the resource has no Properties)"),
                at,
                path.key(name),
            ));
        }
    }

    /// `Properties` against the schema's top level; `at` is where its key is written.
    pub fn resource_properties(&mut self, props: &Node, path: &KeyPath, at: Pos) {
        if is_intrinsic(props) {
            return;
        }
        let Value::Map(entries) = &props.value else {
            self.push(
                &WRONG_TYPE,
                "`Properties` must be a mapping".into(),
                at,
                path,
            );
            return;
        };
        let top = ObjectShape {
            properties: &self.schema.properties,
            pattern_properties: &EMPTY,
            closed: self.schema.additional_properties == serde_json::Value::Bool(false),
            required: &self.schema.required,
            dependent_required: &EMPTY_DEPENDENT,
        };
        self.object(&top, entries, path, at);
    }

    fn push(&mut self, rule: &RuleDoc, message: String, pos: Pos, path: &KeyPath) {
        self.findings
            .push(Finding::new(rule, message, pos, path.clone()));
    }

    fn object(
        &mut self,
        shape: &ObjectShape<'static>,
        entries: &[(crate::yaml::Key, Node)],
        path: &KeyPath,
        at: Pos,
    ) {
        // A key like `Fn::Transform` can add anything; then nothing is known to be missing.
        let mut open_ended = false;
        for (key, value) in entries {
            let name = key.name.as_str();
            let child_path = path.key(name);
            let child_at = if matches!(value.value, Value::Map(_) | Value::Seq(_)) {
                key.pos
            } else {
                value.pos
            };
            if name.starts_with("Fn::") {
                open_ended = true;
                continue;
            }
            if let Some(child) = shape.properties.get(name) {
                self.value(child, value, &child_path, child_at, 0);
                continue;
            }
            // A key pattern the regex crate cannot compile is taken to match: never a false alarm.
            let by_pattern =
                shape
                    .pattern_properties
                    .iter()
                    .find(|(p, _)| match super::compile_pattern(p) {
                        PatternStatus::Compiled(r) => r.is_match(name),
                        PatternStatus::Skipped(_) => true,
                    });
            if let Some((_, child)) = by_pattern {
                self.value(child, value, &child_path, child_at, 0);
                continue;
            }
            if shape.closed {
                let hint = suggest::closest(name, shape.properties.keys().map(String::as_str))
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                self.push(
                    &UNKNOWN_PROPERTY,
                    format!("unknown property `{name}`{hint}"),
                    key.pos,
                    &child_path,
                );
            }
        }
        if open_ended {
            return;
        }
        let has = |name: &str| entries.iter().any(|(k, _)| k.name == name);
        for name in shape.required {
            if !has(name) {
                self.push(
                    &REQUIRED_PROPERTY,
                    format!("required property `{name}` is missing"),
                    at,
                    &path.key(name),
                );
            }
        }
        for (name, needs) in shape.dependent_required {
            if !has(name) {
                continue;
            }
            for need in needs.iter().filter(|n| !has(n)) {
                self.push(
                    &DEPENDENT_REQUIRED,
                    format!("`{name}` is set, so `{need}` is required too"),
                    at,
                    &path.key(need),
                );
            }
        }
    }

    /// One value against one (sub)schema. `at` is where a finding about it points.
    fn value(&mut self, shape: &'static Shape, node: &Node, path: &KeyPath, at: Pos, depth: u8) {
        if is_intrinsic(node) || matches!(node.value, Value::Null) || depth > MAX_REF_DEPTH {
            return;
        }
        if let Some(name) = shape.reference_name() {
            if let Some(target) = self.schema.definitions.get(name) {
                self.value(target, node, path, at, depth + 1);
            }
        }
        if let Some(types) = &shape.types {
            let types = types.as_slice();
            if !types.iter().any(|t| scalar::fits(node, *t)) {
                let wanted: Vec<&str> = types.iter().map(|t| t.name()).collect();
                self.push(
                    &WRONG_TYPE,
                    format!(
                        "expected {}, found {}",
                        wanted.join(" or "),
                        scalar::describe(node)
                    ),
                    at,
                    path,
                );
                return;
            }
        }
        if let Some(s) = Scalar::of(node) {
            self.scalar(shape, &s, node, path, at);
        }
        match &node.value {
            Value::Seq(items) => self.array(shape, items, path, at, depth),
            Value::Map(entries) => {
                let nested = ObjectShape {
                    properties: &shape.properties,
                    pattern_properties: &shape.pattern_properties,
                    closed: shape.closed(),
                    required: &shape.required,
                    dependent_required: &shape.dependent_required,
                };
                self.object(&nested, entries, path, at);
            }
            _ => {}
        }
        for branch in &shape.all_of {
            self.value(branch, node, path, at, depth + 1);
        }
        for branches in [&shape.any_of, &shape.one_of] {
            if !branches.is_empty() {
                self.any_branch(branches, node, path, at, depth);
            }
        }
    }

    /// `anyOf`/`oneOf`: fine when at least one branch accepts the value. (CloudFormation's
    /// schemas use `oneOf` loosely, so a value fitting two branches is not reported.)
    fn any_branch(
        &mut self,
        branches: &'static [Shape],
        node: &Node,
        path: &KeyPath,
        at: Pos,
        depth: u8,
    ) {
        let mut first_reason = None;
        for branch in branches {
            let mut trial = Walker::new(self.schema);
            trial.value(branch, node, path, at, depth + 1);
            if trial.findings.is_empty() {
                return;
            }
            first_reason.get_or_insert_with(|| trial.findings.swap_remove(0).message);
        }
        self.push(
            &NO_BRANCH,
            format!(
                "matches none of the {} allowed shapes (first: {})",
                branches.len(),
                first_reason.unwrap_or_default()
            ),
            at,
            path,
        );
    }

    fn array(&mut self, shape: &'static Shape, items: &[Node], path: &KeyPath, at: Pos, depth: u8) {
        // An item may be `Fn::If` yielding AWS::NoValue: then the count is not known.
        if !items.iter().any(is_intrinsic) {
            let n = items.len() as u64;
            if let Some(min) = shape.min_items.filter(|m| n < *m) {
                self.push(
                    &ITEM_COUNT,
                    format!("{n} items, at least {min} required"),
                    at,
                    path,
                );
            }
            if let Some(max) = shape.max_items.filter(|m| n > *m) {
                self.push(
                    &ITEM_COUNT,
                    format!("{n} items, at most {max} allowed"),
                    at,
                    path,
                );
            }
        }
        if shape.unique_items {
            self.duplicates(items, path);
        }
        if let Some(item_shape) = &shape.items {
            for (i, item) in items.iter().enumerate() {
                self.value(item_shape, item, &path.index(i), item.pos, depth + 1);
            }
        }
    }

    /// Items written alike are the same item whatever they resolve to; an item that is a
    /// function call on its own may be `Fn::If` yielding `AWS::NoValue`, so it is skipped.
    fn duplicates(&mut self, items: &[Node], path: &KeyPath) {
        let mut seen: Vec<(usize, serde_json::Value)> = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            if is_intrinsic(item) {
                continue;
            }
            let value = item.to_json();
            if let Some((first, _)) = seen.iter().find(|(_, v)| *v == value) {
                self.push(
                    &DUPLICATE_ITEMS,
                    format!("the same as item {first}; this list takes each item once"),
                    item.pos,
                    &path.index(i),
                );
            }
            seen.push((i, value));
        }
    }

    fn scalar(&mut self, shape: &'static Shape, s: &Scalar, node: &Node, path: &KeyPath, at: Pos) {
        if let Some(allowed) = &shape.allowed {
            if !allowed.iter().any(|a| s.equals(a)) {
                let list: Vec<String> = allowed.iter().take(12).map(scalar::show).collect();
                let more = if allowed.len() > 12 { ", ..." } else { "" };
                self.push(
                    &NOT_ALLOWED,
                    format!("`{}` is not one of {}{more}", s.text, list.join(", ")),
                    at,
                    path,
                );
            }
        }
        if let Some(constant) = &shape.constant {
            if !s.equals(constant) {
                self.push(
                    &NOT_ALLOWED,
                    format!("`{}` must be {}", s.text, scalar::show(constant)),
                    at,
                    path,
                );
            }
        }
        if let Some(n) = s.number {
            if let Some(min) = shape.minimum.filter(|m| n < *m) {
                self.push(
                    &OUT_OF_RANGE,
                    format!("{} is below the minimum {min}", s.text),
                    at,
                    path,
                );
            }
            if let Some(max) = shape.maximum.filter(|m| n > *m) {
                self.push(
                    &OUT_OF_RANGE,
                    format!("{} is above the maximum {max}", s.text),
                    at,
                    path,
                );
            }
        }
        let Value::Str(text) = &node.value else {
            return;
        };
        let len = text.chars().count() as u64;
        if let Some(min) = shape.min_length.filter(|m| len < *m) {
            self.push(
                &LENGTH,
                format!("{len} characters, at least {min} required"),
                at,
                path,
            );
        }
        if let Some(max) = shape.max_length.filter(|m| len > *m) {
            self.push(
                &LENGTH,
                format!("{len} characters, at most {max} allowed"),
                at,
                path,
            );
        }
        if let Some(pattern) = &shape.pattern {
            if let PatternStatus::Compiled(regex) = super::compile_pattern(pattern) {
                if !regex.is_match(text) {
                    self.push(
                        &PATTERN,
                        format!("`{text}` does not match the pattern `{pattern}`"),
                        at,
                        path,
                    );
                }
            }
        }
    }
}

static EMPTY: BTreeMap<String, Shape> = BTreeMap::new();
static EMPTY_DEPENDENT: BTreeMap<String, Vec<String>> = BTreeMap::new();
