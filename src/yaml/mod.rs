//! YAML loaded into a tree that remembers where every node came from.
//!
//! One loader serves the spec (whose errors must name line and column) and the
//! linter (which also needs the `!Ref`-style tags that serde-based YAML crates
//! drop). Scalars are typed by the YAML 1.2 core schema, so `3` is an integer and
//! `"3"` a string, as CloudFormation and the spec both expect.

pub mod emit;
pub mod limits;
mod load;
mod path;
mod prescan;
mod read;

pub use load::{load, LoadError};
pub use path::{KeyPath, Segment};
pub use read::{read_text, ReadError};

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// One YAML node with its position and, when written, its local tag (`!Ref` → `Ref`).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
    pub tag: Option<String>,
}

/// The typed content of a node. Mappings keep source order and their keys' positions.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A mapping key. Keys are always read as strings; CloudFormation and the spec use no others.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

impl Node {
    /// The value under `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The position of the deepest node that `path` reaches. A scalar is located at its
    /// value (the part that is wrong); a mapping or sequence under a key at the key, since
    /// its value starts on a later line.
    pub fn locate(&self, path: &KeyPath) -> Pos {
        let mut node = self;
        let mut pos = self.pos;
        for segment in path.segments() {
            let next = match (segment, &node.value) {
                (Segment::Key(name), Value::Map(entries)) => entries
                    .iter()
                    .find(|(k, _)| &k.name == name)
                    .map(|(k, v)| match v.value {
                        Value::Map(_) | Value::Seq(_) => (k.pos, v),
                        _ => (v.pos, v),
                    }),
                (Segment::Index(i), Value::Seq(items)) => items.get(*i).map(|v| (v.pos, v)),
                _ => None,
            };
            match next {
                Some((p, child)) => {
                    pos = p;
                    node = child;
                }
                None => break,
            }
        }
        pos
    }

    /// The node as JSON, tags dropped. Used to hand the spec to serde.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.name.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}
