//! Route 53 record sets: the values a record type takes, and alias records, which carry
//! no TTL and no values of their own. The provider schema types every value as a string;
//! ChangeResourceRecordSets refuses the rest, after the stack has started. Literal values
//! only: a computed record is known at deploy time.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::{is_intrinsic, Finding, RuleDoc};
use crate::diagnostic::Severity::Error;
use crate::yaml::{KeyPath, Node, Value};

/// A record value the record's type does not take.
pub const RECORD_VALUE: RuleDoc = RuleDoc {
    id: "PC3926",
    severity: Error,
    summary: "Route 53 record value not of its record type's format",
    help: "Amazon Route 53 Developer Guide, Supported DNS record types (value formats per type; a CNAME holds one value)",
};
/// An alias record with a TTL or values of its own.
pub const ALIAS_RECORD: RuleDoc = RuleDoc {
    id: "PC3927",
    severity: Error,
    summary: "Route 53 alias record with TTL or ResourceRecords",
    help: "Amazon Route 53 API Reference, ResourceRecordSet (an alias record takes neither TTL nor ResourceRecords)",
};

pub const RULES: &[RuleDoc] = &[RECORD_VALUE, ALIAS_RECORD];

/// `AWS::Route53::RecordSet`, and each record of an `AWS::Route53::RecordSetGroup`.
pub fn check(kind: &str, resource: &Node, path: &KeyPath, out: &mut Vec<Finding>) {
    let Some(props) = resource.get("Properties").filter(|p| !is_intrinsic(p)) else {
        return;
    };
    let at = path.key("Properties");
    match kind {
        "AWS::Route53::RecordSet" => record(props, &at, out),
        "AWS::Route53::RecordSetGroup" => {
            if let Some(Node {
                value: Value::Seq(records),
                tag: None,
                ..
            }) = props.get("RecordSets")
            {
                for (i, r) in records.iter().enumerate() {
                    record(r, &at.key("RecordSets").index(i), out);
                }
            }
        }
        _ => {}
    }
}

fn literal(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Str(s) if node.tag.is_none() => Some(s),
        _ => None,
    }
}

fn record(r: &Node, at: &KeyPath, out: &mut Vec<Finding>) {
    if r.get("AliasTarget").is_some() {
        for key in ["TTL", "ResourceRecords"] {
            if let Some(node) = r.get(key) {
                out.push(Finding::new(
                    &ALIAS_RECORD,
                    format!("an alias record takes no {key}: Route 53 answers with the alias target's records"),
                    node.pos,
                    at.key(key),
                ));
            }
        }
        return;
    }
    let Some(kind) = r.get("Type").and_then(literal) else {
        return;
    };
    let Some(Node {
        value: Value::Seq(values),
        tag: None,
        ..
    }) = r.get("ResourceRecords")
    else {
        return;
    };
    let list = at.key("ResourceRecords");
    if kind == "CNAME" && values.len() > 1 {
        out.push(Finding::new(
            &RECORD_VALUE,
            format!("a CNAME record holds one value, not {}", values.len()),
            values[1].pos,
            list.index(1),
        ));
    }
    for (i, v) in values.iter().enumerate() {
        let Some(text) = literal(v) else {
            continue;
        };
        if let Some(wanted) = problem(kind, text) {
            out.push(Finding::new(
                &RECORD_VALUE,
                format!("`{text}` is not a valid {kind} record value: {wanted}"),
                v.pos,
                list.index(i),
            ));
        }
    }
}

/// What a value of record type `kind` must look like, when `text` does not.
fn problem(kind: &str, text: &str) -> Option<&'static str> {
    let ok = match kind {
        "A" => text.parse::<Ipv4Addr>().is_ok(),
        "AAAA" => text.parse::<Ipv6Addr>().is_ok(),
        "TXT" | "SPF" => quoted_strings(text),
        "MX" => priority_then_host(text),
        "CAA" => caa(text),
        _ => true,
    };
    (!ok).then_some(match kind {
        "A" => "an IPv4 address in dotted decimal",
        "AAAA" => "an IPv6 address",
        "TXT" | "SPF" => "one or more double-quoted strings of at most 255 characters each",
        "MX" => "a priority from 0 to 65535, a space and a mail server's domain name",
        _ => "flags (0 or 128), a tag and a double-quoted value",
    })
}

/// `"one" "two"`: quoted strings of 1 to 255 characters (escaped quotes allowed),
/// separated by spaces.
fn quoted_strings(text: &str) -> bool {
    let mut rest = text.trim();
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let Some(body) = rest.strip_prefix('"') else {
            return false;
        };
        let mut len = 0;
        let mut escaped = false;
        let mut end = None;
        for (i, c) in body.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
            len += 1;
        }
        let Some(end) = end else {
            return false;
        };
        if len == 0 || len > 255 {
            return false;
        }
        rest = body[end + 1..].trim_start();
    }
    true
}

fn priority_then_host(text: &str) -> bool {
    let mut parts = text.split(' ');
    let (Some(priority), Some(host), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    priority.parse::<u16>().is_ok() && !host.is_empty()
}

fn caa(text: &str) -> bool {
    let mut parts = text.splitn(3, ' ');
    let (Some(flags), Some(tag), Some(value)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    matches!(flags, "0" | "128")
        && !tag.is_empty()
        && tag.chars().all(|c| c.is_ascii_alphanumeric())
        && value.len() >= 2
        && value.starts_with('"')
        && value.ends_with('"')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_by_record_type() {
        assert!(problem("A", "192.0.2.10").is_none());
        assert!(problem("A", "256.10.1.256").is_some());
        assert!(problem("A", "127.0.0.1 ").is_some());
        assert!(problem("AAAA", "2001:db8::7334").is_none());
        assert!(problem("AAAA", "127.0.0.1").is_some());
        assert!(problem("AAAA", "1111:2222:3333:4444:5555:6666:7777").is_some());
        assert!(problem("TXT", r#""v=spf1 -all""#).is_none());
        assert!(problem("TXT", r#""a" "b \"quoted\"""#).is_none());
        assert!(problem("TXT", "unquoted").is_some());
        assert!(problem("TXT", &format!("\"{}\"", "a".repeat(256))).is_some());
        assert!(problem("MX", "10 mail.example.com").is_none());
        assert!(problem("MX", "mail.example.com").is_some());
        assert!(problem("MX", "65536 mail.example.com").is_some());
        assert!(problem("CAA", r#"0 issue "amazon.com""#).is_none());
        assert!(problem("CAA", "0 issue amazon.com").is_some());
        assert!(problem("CAA", r#"1 issue "amazon.com""#).is_some());
        assert!(problem("CNAME", "anything.example.com").is_none());
    }
}
