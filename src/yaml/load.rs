//! Builds a [`Node`] tree from yaml-rust2's event stream, keeping positions and tags,
//! within the bounds of [`super::limits`].
//!
//! The parser is driven one event at a time rather than through its recursive `load`, so
//! nesting is counted, and refused past the limit, before any recursion could overflow
//! the stack. Aliases are expanded into copies (the tree has no sharing), so every copy is
//! charged against a budget before it is made.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::limits::{self, MAX_BYTES, MAX_DEPTH, MAX_NODES};
use super::{Key, Node, Pos, Value};

/// Why a text is not one YAML document that this tool can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error("{message}")]
    Syntax { pos: Pos, message: String },
    #[error("a tab indents this line; YAML indents with spaces only")]
    TabIndent { pos: Pos },
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
    #[error("nesting deeper than {limit} levels")]
    TooDeep { pos: Pos, limit: usize },
    #[error("more than {limit} nodes in one document")]
    TooManyNodes { pos: Pos, limit: u64 },
    #[error("aliases expand to more than {limit} {unit}; refused as an alias bomb")]
    AliasBudget {
        pos: Pos,
        limit: u64,
        unit: &'static str,
    },
    #[error("{bytes} bytes, more than the limit of {limit} bytes")]
    TooLarge { bytes: u64, limit: u64 },
}

impl LoadError {
    /// Where the problem is; a file too large to read is located at its start.
    pub fn pos(&self) -> Pos {
        match self {
            LoadError::Syntax { pos, .. }
            | LoadError::TabIndent { pos }
            | LoadError::DuplicateKey { pos, .. }
            | LoadError::ComplexKey { pos }
            | LoadError::MultipleDocuments { pos }
            | LoadError::TooDeep { pos, .. }
            | LoadError::TooManyNodes { pos, .. }
            | LoadError::AliasBudget { pos, .. } => *pos,
            LoadError::TooLarge { .. } => Pos { line: 1, col: 1 },
        }
    }
}

/// Parses `text` as a single YAML document. An empty text is a null document.
pub fn load(text: &str) -> Result<Node, LoadError> {
    let bytes = u64::try_from(text.len()).unwrap_or(u64::MAX);
    if bytes > MAX_BYTES {
        return Err(LoadError::TooLarge {
            bytes,
            limit: MAX_BYTES,
        });
    }
    if let Some(pos) = super::prescan::too_many_indicators(text, MAX_NODES) {
        return Err(LoadError::TooManyNodes {
            pos,
            limit: MAX_NODES,
        });
    }
    let mut builder = Builder {
        text_bytes: bytes,
        ..Builder::default()
    };
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, mark) = parser
            .next_token()
            .map_err(|e| syntax_error(text, pos_of(e.marker()), e.info()))?;
        if event == Event::StreamEnd {
            break;
        }
        builder.on_event(event, pos_of(&mark))?;
    }
    Ok(builder.root.unwrap_or(Node {
        value: Value::Null,
        pos: Pos { line: 1, col: 1 },
        tag: None,
    }))
}

/// The parser's error, except that a tab in the indentation of the line it stopped on
/// (or the next, since the parser often stops at the end of the line before) is reported
/// where the tab is.
fn syntax_error(text: &str, pos: Pos, message: &str) -> LoadError {
    // The scanner has its own bound on flow nesting (`[[[[...`), met before ours because
    // it reads ahead: the same limit, told the same way.
    if message == "recursion limit exceeded" {
        return LoadError::TooDeep {
            pos,
            limit: MAX_DEPTH,
        };
    }
    let first = usize::try_from(pos.line.max(1) - 1).unwrap_or(usize::MAX);
    for (index, line) in text.lines().enumerate().skip(first).take(2) {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let has_content = indent < line.len() && !line[indent..].starts_with('#');
        if let Some(col) = line[..indent].find('\t').filter(|_| has_content) {
            return LoadError::TabIndent {
                pos: Pos {
                    line: u32::try_from(index + 1).unwrap_or(u32::MAX),
                    col: u32::try_from(col + 1).unwrap_or(u32::MAX),
                },
            };
        }
    }
    LoadError::Syntax {
        pos,
        message: message.to_owned(),
    }
}

fn pos_of(m: &Marker) -> Pos {
    // yaml-rust2 reports 1-based lines and 0-based columns; editors count both from 1.
    Pos {
        line: u32::try_from(m.line()).unwrap_or(u32::MAX),
        col: u32::try_from(m.col() + 1).unwrap_or(u32::MAX),
    }
}

/// How much a subtree holds: its nodes, the bytes of its scalars, and its height in
/// containers. An alias copies this much, and nests that deep where it is used.
#[derive(Debug, Clone, Copy, Default)]
struct Weight {
    nodes: u64,
    bytes: u64,
    height: usize,
}

impl Weight {
    /// Adds a child's weight to this container's.
    fn add_child(&mut self, child: Weight) {
        self.nodes = self.nodes.saturating_add(child.nodes);
        self.bytes = self.bytes.saturating_add(child.bytes);
        self.height = self.height.max(child.height.saturating_add(1));
    }
}

/// A container being filled: a sequence, or a mapping waiting for a key or for a value.
enum Frame {
    Seq {
        node: Node,
        anchor: usize,
        weight: Weight,
    },
    Map {
        node: Node,
        anchor: usize,
        weight: Weight,
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
    anchors: HashMap<usize, (Node, Weight)>,
    documents: usize,
    text_bytes: u64,
    /// Nodes read from the text itself, aliases counting one each.
    nodes_read: u64,
    /// What aliases have copied so far.
    copied: Weight,
}

impl Builder {
    /// Places a finished node into its parent, or makes it the root.
    fn attach(&mut self, node: Node, anchor: usize, weight: Weight) -> Result<(), LoadError> {
        if anchor > 0 {
            self.anchors.insert(anchor, (node.clone(), weight));
        }
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        match frame {
            Frame::Seq {
                node: parent,
                weight: total,
                ..
            } => {
                total.add_child(weight);
                if let Value::Seq(items) = &mut parent.value {
                    items.push(node);
                }
            }
            Frame::Map {
                node: parent,
                weight: total,
                pending_key,
                seen,
                ..
            } => {
                total.add_child(weight);
                match pending_key.take() {
                    None => {
                        let name = match &node.value {
                            Value::Str(s) => s.clone(),
                            Value::Int(i) => i.to_string(),
                            Value::Bool(b) => b.to_string(),
                            Value::Float(f) => f.to_string(),
                            Value::Null => String::new(),
                            Value::Seq(_) | Value::Map(_) => {
                                return Err(LoadError::ComplexKey { pos: node.pos });
                            }
                        };
                        *pending_key = Some(Key {
                            name,
                            pos: node.pos,
                        });
                    }
                    Some(key) => {
                        if let Some(&first_line) = seen.get(&key.name) {
                            return Err(LoadError::DuplicateKey {
                                pos: key.pos,
                                key: key.name,
                                first_line,
                            });
                        }
                        if let Value::Map(entries) = &mut parent.value {
                            seen.insert(key.name.clone(), key.pos.line);
                            entries.push((key, node));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Counts one node read from the text, unless the document already holds the most
    /// it may.
    fn count_node(&mut self, pos: Pos) -> Result<(), LoadError> {
        self.nodes_read += 1;
        if self.nodes_read.saturating_add(self.copied.nodes) > MAX_NODES {
            return Err(LoadError::TooManyNodes {
                pos,
                limit: MAX_NODES,
            });
        }
        Ok(())
    }

    /// Opens a container, unless it would nest deeper than the limit.
    fn open(&mut self, frame: Frame, pos: Pos) -> Result<(), LoadError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(LoadError::TooDeep {
                pos,
                limit: MAX_DEPTH,
            });
        }
        self.stack.push(frame);
        Ok(())
    }

    /// A copy of the anchored node for an alias at `pos`, charged against the budget.
    fn copy_alias(&mut self, id: usize, pos: Pos) -> Result<(Node, Weight), LoadError> {
        let Some((node, weight)) = self.anchors.get(&id) else {
            return Err(LoadError::Syntax {
                pos,
                message: "alias to an unknown anchor".into(),
            });
        };
        // A copy nests as deep as its anchor did, below where the alias stands.
        if self.stack.len().saturating_add(weight.height) > MAX_DEPTH {
            return Err(LoadError::TooDeep {
                pos,
                limit: MAX_DEPTH,
            });
        }
        let mut copied = self.copied;
        copied.nodes = copied.nodes.saturating_add(weight.nodes);
        copied.bytes = copied.bytes.saturating_add(weight.bytes);
        let (max_nodes, max_bytes) = limits::alias_budget(self.text_bytes, self.nodes_read);
        if copied.nodes > max_nodes {
            return Err(LoadError::AliasBudget {
                pos,
                limit: max_nodes,
                unit: "nodes",
            });
        }
        if copied.bytes > max_bytes {
            return Err(LoadError::AliasBudget {
                pos,
                limit: max_bytes,
                unit: "bytes of text",
            });
        }
        if self.nodes_read.saturating_add(copied.nodes) > MAX_NODES {
            return Err(LoadError::TooManyNodes {
                pos,
                limit: MAX_NODES,
            });
        }
        self.copied = copied;
        let mut node = node.clone();
        node.pos = pos;
        Ok((node, *weight))
    }

    fn on_event(&mut self, event: Event, pos: Pos) -> Result<(), LoadError> {
        let one = Weight {
            nodes: 1,
            bytes: 0,
            height: 1,
        };
        match event {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(LoadError::MultipleDocuments { pos });
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.count_node(pos)?;
                let tag = tag_name(tag);
                let weight = Weight {
                    nodes: 1,
                    bytes: u64::try_from(text.len()).unwrap_or(u64::MAX),
                    height: 0,
                };
                let value = resolve_scalar(text, style, tag.is_some());
                self.attach(Node { value, pos, tag }, anchor, weight)?;
            }
            Event::SequenceStart(anchor, tag) => {
                self.count_node(pos)?;
                let node = Node {
                    value: Value::Seq(Vec::new()),
                    pos,
                    tag: tag_name(tag),
                };
                let frame = Frame::Seq {
                    node,
                    anchor,
                    weight: one,
                };
                self.open(frame, pos)?;
            }
            Event::MappingStart(anchor, tag) => {
                self.count_node(pos)?;
                let node = Node {
                    value: Value::Map(Vec::new()),
                    pos,
                    tag: tag_name(tag),
                };
                let frame = Frame::Map {
                    node,
                    anchor,
                    weight: one,
                    pending_key: None,
                    seen: HashMap::new(),
                };
                self.open(frame, pos)?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(
                    Frame::Seq {
                        node,
                        anchor,
                        weight,
                    }
                    | Frame::Map {
                        node,
                        anchor,
                        weight,
                        ..
                    },
                ) = self.stack.pop()
                {
                    self.attach(node, anchor, weight)?;
                }
            }
            Event::Alias(id) => {
                self.count_node(pos)?;
                let (node, weight) = self.copy_alias(id, pos)?;
                self.attach(node, 0, weight)?;
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
        Ok(())
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

    /// Guards against the alias bomb: nine levels of nine aliases would be 387 million nodes.
    #[test]
    fn alias_bombs_are_refused_where_the_budget_runs_out() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (prev, cur) in "abcdefgh".chars().zip("bcdefghi".chars()) {
            let aliases = vec![format!("*{prev}"); 9].join(", ");
            text.push_str(&format!("{cur}: &{cur} [{aliases}]\n"));
        }
        let err = load(&text).unwrap_err();
        assert!(
            matches!(err, LoadError::AliasBudget { unit: "nodes", .. }),
            "{err:?}"
        );
        assert_eq!(err.pos().line, 5);
    }

    /// Guards against one long string copied by many aliases.
    #[test]
    fn aliases_of_long_strings_are_charged_by_their_bytes() {
        let text = format!(
            "a: &a \"{}\"\nb: [{}]\n",
            "x".repeat(100_000),
            vec!["*a"; 200].join(",")
        );
        let err = load(&text).unwrap_err();
        assert!(
            matches!(
                err,
                LoadError::AliasBudget {
                    unit: "bytes of text",
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn a_few_aliases_are_fine() {
        let doc = load("base: &b {k: v}\nuses: [*b, *b, *b]\n").unwrap();
        let Value::Seq(items) = &doc.get("uses").unwrap().value else {
            panic!("a sequence")
        };
        assert_eq!(items.len(), 3);
    }

    /// Guards the stack: compact nesting (`- - - x`) overflowed it at about 60 KB.
    #[test]
    fn deep_nesting_is_refused_at_the_level_past_the_limit() {
        let text = format!("{}x\n", "- ".repeat(30_000));
        let err = load(&text).unwrap_err();
        assert_eq!(
            err,
            LoadError::TooDeep {
                pos: Pos {
                    line: 1,
                    col: 2 * MAX_DEPTH as u32 + 1
                },
                limit: MAX_DEPTH
            }
        );
        let flow = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
        assert!(matches!(load(&flow), Err(LoadError::TooDeep { .. })));
        let block: String = (0..500).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
        assert!(matches!(load(&block), Err(LoadError::TooDeep { .. })));
        let fits = format!("{}x\n", "- ".repeat(MAX_DEPTH));
        assert!(load(&fits).is_ok());
    }

    /// Guards the stack against depth built from aliases: each alias nests a deep anchor
    /// below another.
    #[test]
    fn aliases_cannot_nest_deeper_than_the_limit() {
        let chain = |inner: &str| format!("{}{inner}{}", "[".repeat(100), "]".repeat(100));
        let text = format!("a: &a {}\nb: &b {}\n", chain("x"), chain("*a"));
        let err = load(&text).unwrap_err();
        assert!(matches!(err, LoadError::TooDeep { .. }), "{err:?}");
        assert_eq!(err.pos().line, 2);
        let fits = format!("a: &a {}\nb: [*a]\n", chain("x"));
        assert!(load(&fits).is_ok());
    }

    /// Guards the position: the parser stopped at the end of the line before the tab.
    #[test]
    fn a_tab_in_indentation_is_reported_at_the_tab() {
        let err = load("Resources:\n  Topic:\n\tType: AWS::SNS::Topic\n").unwrap_err();
        assert_eq!(
            err,
            LoadError::TabIndent {
                pos: Pos { line: 3, col: 1 }
            }
        );
        let err = load("a:\n  b: 1\n  \tc: 2\n").unwrap_err();
        assert_eq!(err.pos(), Pos { line: 3, col: 3 });
    }

    /// Guards memory: a file of one-character scalars within the size limit took a gigabyte.
    #[test]
    fn a_document_holds_at_most_the_node_limit() {
        let n = usize::try_from(MAX_NODES).unwrap();
        // In flow style the pre-scan stops it, before the scanner buffers every token.
        let flow = format!("[{}x]", "x,".repeat(n));
        assert_eq!(
            load(&flow).unwrap_err(),
            LoadError::TooManyNodes {
                pos: Pos {
                    line: 1,
                    col: 2 * MAX_NODES as u32 + 1
                },
                limit: MAX_NODES
            }
        );
        let fits = format!("[{}x]", "x,".repeat(n - 2));
        assert!(load(&fits).is_ok());
        // In block style the loader counts nodes as they come.
        let block = "- x\n".repeat(n);
        let err = load(&block).unwrap_err();
        assert!(matches!(err, LoadError::TooManyNodes { .. }), "{err:?}");
        assert_eq!(err.pos().line, MAX_NODES as u32);
    }

    #[test]
    fn text_over_the_size_limit_is_refused_unread() {
        let text = " ".repeat(usize::try_from(MAX_BYTES).unwrap() + 1);
        assert!(matches!(load(&text), Err(LoadError::TooLarge { .. })));
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
