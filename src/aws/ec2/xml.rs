//! A small element tree for EC2's XML answers: names and text, no attributes or
//! namespaces, which EC2's Query answers do not use for data.
//!
//! Bounded like every loader in platformctl: the body is already capped in size by the
//! caller, and nesting is capped here (EC2's answers nest a handful of levels).

use xmlparser::{ElementEnd, Token, Tokenizer};

/// Deeper nesting than any EC2 answer has; a document past it is refused, not recursed.
const MAX_DEPTH: usize = 32;

/// One XML element: its local name, its text (direct text only, trimmed) and its children.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Element {
    pub name: String,
    pub text: String,
    pub children: Vec<Element>,
}

impl Element {
    /// The first child named `name`.
    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The `<item>` children of child `name`: how EC2 writes every list.
    pub(crate) fn items<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Element> + 'a {
        self.child(name)
            .into_iter()
            .flat_map(|list| list.children.iter().filter(|c| c.name == "item"))
    }

    /// The text of child `name`, when it is there.
    pub(crate) fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_str())
    }
}

/// Parses `text` into its root element.
pub(crate) fn parse(text: &str) -> Result<Element, String> {
    let mut stack: Vec<Element> = Vec::new();
    for token in Tokenizer::from(text) {
        match token.map_err(|err| format!("not XML: {err}"))? {
            Token::ElementStart { local, .. } => {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!("XML nested deeper than {MAX_DEPTH} levels"));
                }
                stack.push(Element {
                    name: local.as_str().to_owned(),
                    ..Element::default()
                });
            }
            Token::ElementEnd { end, .. } => match end {
                ElementEnd::Open => {}
                ElementEnd::Close(..) | ElementEnd::Empty => {
                    let mut done = stack.pop().ok_or("an end tag without a start")?;
                    done.text = unescape(done.text.trim());
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None => return Ok(done),
                    }
                }
            },
            Token::Text { text } => {
                if let Some(open) = stack.last_mut() {
                    open.text.push_str(text.as_str());
                }
            }
            Token::Cdata { text, .. } => {
                if let Some(open) = stack.last_mut() {
                    // Kept verbatim; escaped so that `unescape` at the close restores it.
                    open.text.push_str(&text.as_str().replace('&', "&amp;"));
                }
            }
            _ => {}
        }
    }
    Err("the XML ends before its root element does".to_owned())
}

/// Resolves XML's five predefined entities and numeric character references.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';') else { break };
        let entity = &rest[1..end];
        let resolved = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|hex| u32::from_str_radix(hex, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match resolved {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_text_and_entities_are_read() {
        let root = parse(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\
             <vpcSet><item><vpcId>vpc-1</vpcId><tag>a &amp; b &#x41;&#66;</tag></item><item><vpcId>vpc-2</vpcId></item></vpcSet>\
             <empty/></DescribeVpcsResponse>",
        )
        .unwrap();
        assert_eq!(root.name, "DescribeVpcsResponse");
        let ids: Vec<_> = root
            .items("vpcSet")
            .filter_map(|i| i.text_of("vpcId"))
            .collect();
        assert_eq!(ids, ["vpc-1", "vpc-2"]);
        let first = root.items("vpcSet").next().unwrap();
        assert_eq!(first.text_of("tag"), Some("a & b AB"));
        assert_eq!(root.text_of("empty"), Some(""));
    }

    #[test]
    fn deep_or_broken_documents_are_refused_not_recursed() {
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).unwrap_err().contains("deeper"));
        assert!(parse("<a><b></a>").is_err());
        assert!(parse("<a>").is_err());
        assert!(parse("not xml").is_err());
    }
}
