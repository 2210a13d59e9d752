//! Builds a [`Node`] tree from yaml-rust2's event stream, keeping positions and tags.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::{Key, Node, Pos, Value};

/// Why a text is not one YAML document that this tool can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error("{message}")]
    Syntax { pos: Pos, message: String },
    #[error("duplicate key `{key}` (first at line {first_line})")]
    DuplicateKey {
        pos: Pos,
        key: String,
        first_line: u32,
    },
    #[error("mapping keys must be plain scalars")]
    ComplexKey { pos: Pos },
    #[error("only one YAML document is allowed per file")]
    MultipleDocuments { pos: Pos },
}

impl LoadError {
    pub fn pos(&self) -> Pos {
        match self {
            LoadError::Syntax { pos, .. }
            | LoadError::DuplicateKey { pos, .. }
            | LoadError::ComplexKey { pos }
            | LoadError::MultipleDocuments { pos } => *pos,
        }
    }
}

/// Parses `text` as a single YAML document. An empty text is a null document.
pub fn load(text: &str) -> Result<Node, LoadError> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    if let Err(e) = parser.load(&mut builder, true) {
        let m = e.marker();
        return Err(LoadError::Syntax {
            pos: pos_of(m),
            message: e.info().to_owned(),
        });
    }
    if let Some(err) = builder.error {
        return Err(err);
    }
    Ok(builder.root.unwrap_or(Node {
        value: Value::Null,
        pos: Pos { line: 1, col: 1 },
        tag: None,
    }))
}

fn pos_of(m: &Marker) -> Pos {
    // yaml-rust2 reports 1-based lines and 0-based columns; editors count both from 1.
    Pos {
        line: u32::try_from(m.line()).unwrap_or(u32::MAX),
        col: u32::try_from(m.col() + 1).unwrap_or(u32::MAX),
    }
}

/// A container being filled: a sequence, or a mapping waiting for a key or for a value.
enum Frame {
    Seq {
        node: Node,
        anchor: usize,
    },
    Map {
        node: Node,
        anchor: usize,
        pending_key: Option<Key>,
        /// Line of each key seen so far, so duplicate detection stays linear in big
        /// mappings (a template's Resources can hold thousands of keys).
        seen: HashMap<String, u32>,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    root: Option<Node>,
    anchors: HashMap<usize, Node>,
    documents: usize,
    error: Option<LoadError>,
}

impl Builder {
    fn fail(&mut self, err: LoadError) {
        if self.error.is_none() {
            self.error = Some(err);
        }
    }

    /// Places a finished node into its parent, or makes it the root.
    fn attach(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        match frame {
            Frame::Seq { node: parent, .. } => {
                if let Value::Seq(items) = &mut parent.value {
                    items.push(node);
                }
            }
            Frame::Map {
                node: parent,
                pending_key,
                seen,
                ..
            } => match pending_key.take() {
                None => {
                    let name = match &node.value {
                        Value::Str(s) => s.clone(),
                        Value::Int(i) => i.to_string(),
                        Value::Bool(b) => b.to_string(),
                        Value::Float(f) => f.to_string(),
                        Value::Null => String::new(),
                        Value::Seq(_) | Value::Map(_) => {
                            let pos = node.pos;
                            self.fail(LoadError::ComplexKey { pos });
                            return;
                        }
                    };
                    *pending_key = Some(Key {
                        name,
                        pos: node.pos,
                    });
                }
                Some(key) => {
                    if let Value::Map(entries) = &mut parent.value {
                        if let Some(&first_line) = seen.get(&key.name) {
                            let err = LoadError::DuplicateKey {
                                pos: key.pos,
                                key: key.name.clone(),
                                first_line,
                            };
                            self.fail(err);
                            return;
                        }
                        seen.insert(key.name.clone(), key.pos.line);
                        entries.push((key, node));
                    }
                }
            },
        }
    }
}

fn tag_name(tag: Option<yaml_rust2::parser::Tag>) -> Option<String> {
    let tag = tag?;
    // `!Ref` arrives as handle `!` + suffix `Ref`; `!!str` as the core-schema handle.
    if tag.handle == "!" {
        Some(tag.suffix)
    } else {
        Some(format!("{}{}", tag.handle, tag.suffix))
    }
}

/// Resolves a plain scalar by the YAML 1.2 core schema; quoted scalars stay strings.
fn resolve_scalar(text: String, style: TScalarStyle, tagged: bool) -> Value {
    if style != TScalarStyle::Plain || tagged {
        return Value::Str(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Some(i) = parse_int(&text) {
        return Value::Int(i);
    }
    let looks_numeric = text
        .trim_start_matches(['-', '+'])
        .starts_with(|c: char| c.is_ascii_digit() || c == '.');
    if looks_numeric && !text.ends_with('.') {
        if let Ok(f) = text.parse::<f64>() {
            if f.is_finite() {
                return Value::Float(f);
            }
        }
    }
    Value::Str(text)
}

fn parse_int(text: &str) -> Option<i64> {
    if let Some(hex) = text.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok();
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok();
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        let pos = pos_of(&mark);
        match ev {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 {
                    self.fail(LoadError::MultipleDocuments { pos });
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let tag = tag_name(tag);
                let value = resolve_scalar(text, style, tag.is_some());
                self.attach(Node { value, pos, tag }, anchor);
            }
            Event::SequenceStart(anchor, tag) => self.stack.push(Frame::Seq {
                node: Node {
                    value: Value::Seq(Vec::new()),
                    pos,
                    tag: tag_name(tag),
                },
                anchor,
            }),
            Event::MappingStart(anchor, tag) => self.stack.push(Frame::Map {
                node: Node {
                    value: Value::Map(Vec::new()),
                    pos,
                    tag: tag_name(tag),
                },
                anchor,
                pending_key: None,
                seen: HashMap::new(),
            }),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(Frame::Seq { node, anchor } | Frame::Map { node, anchor, .. }) =
                    self.stack.pop()
                {
                    self.attach(node, anchor);
                }
            }
            Event::Alias(id) => match self.anchors.get(&id) {
                Some(node) => {
                    let mut node = node.clone();
                    node.pos = pos;
                    self.attach(node, 0);
                }
                None => self.fail(LoadError::Syntax {
                    pos,
                    message: "alias to an unknown anchor".into(),
                }),
            },
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_and_types() {
        let doc = load("a: 1\nb:\n  - \"2\"\n  - x\nc: !Ref Foo\n").unwrap();
        let a = doc.get("a").unwrap();
        assert_eq!(a.value, Value::Int(1));
        assert_eq!(a.pos, Pos { line: 1, col: 4 });
        let Value::Seq(items) = &doc.get("b").unwrap().value else {
            panic!("b is a sequence")
        };
        assert_eq!(items[0].value, Value::Str("2".into()));
        assert_eq!(items[1].pos, Pos { line: 4, col: 5 });
        let c = doc.get("c").unwrap();
        assert_eq!(c.tag.as_deref(), Some("Ref"));
        assert_eq!(c.value, Value::Str("Foo".into()));
    }

    #[test]
    fn rejects_duplicate_keys_where_the_second_one_is() {
        let err = load("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(
            err,
            LoadError::DuplicateKey {
                pos: Pos { line: 3, col: 1 },
                key: "a".into(),
                first_line: 1
            }
        );
    }

    #[test]
    fn reports_syntax_errors_with_a_position() {
        let err = load("a: [1, 2\n").unwrap_err();
        assert!(matches!(err, LoadError::Syntax { .. }));
        assert!(err.pos().line >= 1);
    }

    #[test]
    fn resolves_aliases() {
        let doc = load("a: &x {k: v}\nb: *x\n").unwrap();
        assert_eq!(
            doc.get("b").unwrap().get("k").unwrap().value,
            Value::Str("v".into())
        );
    }

    #[test]
    fn core_schema_scalars() {
        let doc =
            load("i: -12\nf: 1.5\nv: 1.2.3\nn: ~\nt: true\ns: 'true'\nc: 10.0.0.0/16\n").unwrap();
        assert_eq!(doc.get("i").unwrap().value, Value::Int(-12));
        assert_eq!(doc.get("f").unwrap().value, Value::Float(1.5));
        assert_eq!(doc.get("v").unwrap().value, Value::Str("1.2.3".into()));
        assert_eq!(doc.get("n").unwrap().value, Value::Null);
        assert_eq!(doc.get("t").unwrap().value, Value::Bool(true));
        assert_eq!(doc.get("s").unwrap().value, Value::Str("true".into()));
        assert_eq!(
            doc.get("c").unwrap().value,
            Value::Str("10.0.0.0/16".into())
        );
    }
}
