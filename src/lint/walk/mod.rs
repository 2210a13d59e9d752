//! The one walk over a template's intrinsic functions. It checks each function's shape
//! as it meets it (see `intrinsics`) and records every reference (Ref, GetAtt, Sub
//! variables, conditions, mappings, DependsOn) for the rules that judge them afterwards.

pub mod intrinsics;
mod tags;

/// What a call is and where it sits, for the families that look at calls on their own.
pub use crate::lint::call::{function_call, Scope};
use crate::lint::codes::PC1008;
use crate::lint::rule::Findings;
use crate::lint::template::{as_str, entries, Index, Template};
use crate::yaml::{KeyPath, Node, Pos, Value};

/// What a reference names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefKind {
    /// `Ref: X`.
    Ref,
    /// `Fn::GetAtt: [X, Attribute]`; the attribute when it is literal.
    GetAtt(Option<String>),
    /// `${X}` in a `Fn::Sub` string.
    SubRef,
    /// `${X.Attribute}` in a `Fn::Sub` string.
    SubGetAtt(String),
    /// A condition name: `Fn::If`, `Condition:` on a resource or output, `!Condition`.
    Condition,
    /// A mapping name in `Fn::FindInMap`.
    Mapping,
    /// A `DependsOn` target.
    DependsOn,
}

/// One use of a name defined elsewhere in the template.
#[derive(Debug, Clone)]
pub struct Reference<'t> {
    pub kind: RefKind,
    pub target: String,
    pub pos: Pos,
    pub path: KeyPath,
    pub scope: Scope,
    /// The resource whose creation waits for the target, when the reference sits in a
    /// part of a resource that orders creation (not its Metadata).
    pub from: Option<&'t str>,
}

/// State of the walk: the index, the findings and the references met so far.
pub struct Walker<'a, 't> {
    pub index: &'a Index<'t>,
    pub out: &'a mut Findings,
    pub refs: Vec<Reference<'t>>,
    pub scope: Scope,
    pub from: Option<&'t str>,
}

/// Walks every part of `template` where functions may appear and returns the references.
pub fn walk<'t>(
    template: &'t Template,
    index: &Index<'t>,
    out: &mut Findings,
) -> Vec<Reference<'t>> {
    tags::check(template, out);
    let mut w = Walker {
        index,
        out,
        refs: Vec::new(),
        scope: Scope::Conditions,
        from: None,
    };
    let root = KeyPath::root();
    let conditions = root.key("Conditions");
    for (k, v) in entries(template.root.get("Conditions")) {
        // A loop's body names its conditions with the loop's identifier, known only once
        // the transform expands it, as in Resources and Outputs, whose loops are skipped
        // the same way (they are lists, not resources or outputs).
        if k.name.starts_with("Fn::ForEach::") {
            continue;
        }
        w.visit(v, &conditions.key(&k.name));
    }
    w.scope = Scope::Resources;
    let resources = root.key("Resources");
    for (id, resource) in entries(template.root.get("Resources")) {
        let path = resources.key(&id.name);
        for (k, v) in entries(Some(resource)) {
            let at = path.key(&k.name);
            match k.name.as_str() {
                "Properties" | "CreationPolicy" | "UpdatePolicy" => {
                    w.from = Some(id.name.as_str());
                    w.visit(v, &at);
                }
                "Metadata" => {
                    w.from = None;
                    w.visit(v, &at);
                }
                "DependsOn" => {
                    w.from = Some(id.name.as_str());
                    w.depends_on(v, &at);
                }
                "Condition" => {
                    w.from = None;
                    w.condition_name(v, &at);
                }
                _ => {}
            }
        }
    }
    w.scope = Scope::Outputs;
    w.from = None;
    let outputs = root.key("Outputs");
    for (name, output) in entries(template.root.get("Outputs")) {
        let path = outputs.key(&name.name);
        for (k, v) in entries(Some(output)) {
            let at = path.key(&k.name);
            match k.name.as_str() {
                "Value" | "Export" => w.visit(v, &at),
                "Condition" => w.condition_name(v, &at),
                _ => {}
            }
        }
    }
    w.refs
}

impl<'t> Walker<'_, 't> {
    /// Visits a value: a function call is checked, anything else is searched for calls.
    pub fn visit(&mut self, node: &Node, path: &KeyPath) {
        if let Some((name, arg)) = function_call(node, self.scope) {
            let at = path.key(name);
            self.call(name, arg, &at);
            return;
        }
        match &node.value {
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.visit(item, &path.index(i));
                }
            }
            Value::Map(entries) => {
                for (k, v) in entries {
                    self.visit(v, &path.key(&k.name));
                }
            }
            _ => {}
        }
    }

    /// Records a reference to `target`.
    pub fn record(&mut self, kind: RefKind, target: &str, pos: Pos, path: &KeyPath) {
        self.refs.push(Reference {
            kind,
            target: target.to_owned(),
            pos,
            path: path.clone(),
            scope: self.scope,
            from: self.from,
        });
    }

    fn depends_on(&mut self, node: &Node, path: &KeyPath) {
        let items: Vec<(&Node, KeyPath)> = match &node.value {
            Value::Seq(items) => items
                .iter()
                .enumerate()
                .map(|(i, n)| (n, path.index(i)))
                .collect(),
            _ => vec![(node, path.clone())],
        };
        for (item, at) in items {
            match as_str(item) {
                Some(name) => self.record(RefKind::DependsOn, name, item.pos, &at),
                None => self.out.push(
                    &PC1008,
                    item.pos,
                    &at,
                    "DependsOn takes a logical ID or a list of them, written literally",
                ),
            }
        }
    }

    fn condition_name(&mut self, node: &Node, path: &KeyPath) {
        match as_str(node) {
            Some(name) => self.record(RefKind::Condition, name, node.pos, path),
            None => self.out.push(
                &PC1008,
                node.pos,
                path,
                "Condition takes a condition name, written literally",
            ),
        }
    }
}
