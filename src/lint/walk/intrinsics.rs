//! Intrinsic functions: known names, argument count and shape, ranges CloudFormation
//! enforces at deploy time (Fn::Cidr, Fn::Select), and the sections each may appear in.
//!
//! Each check runs as the walk meets the call, so a template is walked once. The why:
//! CloudFormation validates none of this until a stack operation, where a bad argument
//! costs a failed (and sometimes rolled back) deployment.

use super::{function_call, RefKind, Scope, Walker};
use crate::diagnostic::Severity::Error;
use crate::lint::codes::PC2007;
use crate::lint::rule::RuleDoc;
use crate::lint::template::{as_str, entries};
use crate::yaml::{KeyPath, Node, Value};

/// A `Fn::` name CloudFormation does not define: the stack is rejected at validation.
pub const PC2030: RuleDoc = RuleDoc {
    id: "PC2030",
    severity: Error,
    summary: "unknown intrinsic function",
    help: "",
};
/// Wrong number or shape of arguments, as each function's reference page defines them.
pub const PC2031: RuleDoc = RuleDoc {
    id: "PC2031",
    severity: Error,
    summary: "intrinsic function with the wrong arguments",
    help: "",
};
/// Fn::Cidr takes 1 to 256 subnets of 0 to 128 bits that must fit in the block.
pub const PC2032: RuleDoc = RuleDoc {
    id: "PC2032",
    severity: Error,
    summary: "Fn::Cidr count or size out of range",
    help: "",
};
/// A function where CloudFormation does not allow it: condition functions outside
/// Conditions, Fn::If or Fn::GetAtt inside Conditions (evaluated before any resource).
pub const PC2033: RuleDoc = RuleDoc {
    id: "PC2033",
    severity: Error,
    summary: "intrinsic function not allowed here",
    help: "",
};
/// Fn::Select with a literal index past the end of a list whose length is known.
pub const PC2034: RuleDoc = RuleDoc {
    id: "PC2034",
    severity: Error,
    summary: "Fn::Select index out of range",
    help: "",
};

pub const RULES: &[RuleDoc] = &[PC2030, PC2031, PC2032, PC2033, PC2034];

/// The functions CloudFormation knows (Fn::Length, Fn::ToJsonString and Fn::ForEach with
/// the AWS::LanguageExtensions transform).
const KNOWN: &[&str] = &[
    "Ref",
    "Condition",
    "Fn::And",
    "Fn::Base64",
    "Fn::Cidr",
    "Fn::Equals",
    "Fn::FindInMap",
    "Fn::ForEach",
    "Fn::GetAZs",
    "Fn::GetAtt",
    "Fn::GetStackOutput",
    "Fn::If",
    "Fn::ImportValue",
    "Fn::Join",
    "Fn::Length",
    "Fn::Not",
    "Fn::Or",
    "Fn::Select",
    "Fn::Split",
    "Fn::Sub",
    "Fn::ToJsonString",
    "Fn::Transform",
];

/// A literal whole number, written as a number or a numeric string.
fn literal_int(node: &Node) -> Option<i64> {
    match &node.value {
        Value::Int(i) => Some(*i),
        Value::Str(s) => s.parse().ok(),
        _ => None,
    }
}

fn is_call(node: &Node) -> bool {
    matches!(&node.value, Value::Map(e) if e.len() == 1 && (e[0].0.name == "Ref" || e[0].0.name.starts_with("Fn::")))
}

/// A list argument: a literal sequence or a function that returns one.
fn is_list(node: &Node) -> bool {
    matches!(node.value, Value::Seq(_)) || is_call(node)
}

/// A string argument: a scalar or a function that returns one.
fn is_scalar(node: &Node) -> bool {
    matches!(
        node.value,
        Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_)
    ) || is_call(node)
}

impl Walker<'_, '_> {
    fn bad(&mut self, node: &Node, path: &KeyPath, message: String) {
        self.out.push(&PC2031, node.pos, path, message);
    }

    /// The argument list of `name`, when it is a sequence of a length in `range`.
    fn args<'n>(
        &mut self,
        name: &str,
        arg: &'n Node,
        path: &KeyPath,
        range: std::ops::RangeInclusive<usize>,
        shape: &str,
    ) -> Option<&'n [Node]> {
        match &arg.value {
            Value::Seq(items) if range.contains(&items.len()) => Some(items),
            _ => {
                self.bad(arg, path, format!("{name} takes {shape}"));
                None
            }
        }
    }

    fn visit_all(&mut self, items: &[Node], path: &KeyPath) {
        for (i, item) in items.iter().enumerate() {
            self.visit(item, &path.index(i));
        }
    }

    /// Checks one call of `name` with argument `arg`; `path` ends at the function's key.
    pub fn call(&mut self, name: &str, arg: &Node, path: &KeyPath) {
        if !KNOWN.contains(&name) {
            self.out.push(
                &PC2030,
                arg.pos,
                path,
                format!("{name} is not an intrinsic function"),
            );
            return;
        }
        // A macro's output stands where the Fn::Transform call is (AWS CloudFormation User
        // Guide, Fn::Transform): its shape is known only once the macro has run.
        if name != "Fn::Transform"
            && function_call(arg, self.scope).is_some_and(|(inner, _)| inner == "Fn::Transform")
        {
            self.visit(arg, path);
            return;
        }
        let conditional = matches!(name, "Fn::And" | "Fn::Or" | "Fn::Not" | "Fn::Equals");
        if conditional && self.scope != Scope::Conditions {
            let msg = format!("{name} is a condition function, allowed only in Conditions");
            self.out.push(&PC2033, arg.pos, path, msg);
        }
        if matches!(name, "Fn::If" | "Fn::GetAtt") && self.scope == Scope::Conditions {
            let msg = format!("{name} cannot be used in Conditions, which are evaluated before any resource exists");
            self.out.push(&PC2033, arg.pos, path, msg);
        }
        match name {
            "Ref" => match as_str(arg).filter(|t| !t.is_empty()) {
                Some(target) => self.record(RefKind::Ref, target, arg.pos, path),
                None => self.bad(
                    arg,
                    path,
                    "Ref takes a parameter or logical ID as a string".into(),
                ),
            },
            "Condition" => match as_str(arg) {
                Some(target) => self.record(RefKind::Condition, target, arg.pos, path),
                None => self.bad(arg, path, "Condition takes a condition name".into()),
            },
            "Fn::GetAtt" => self.get_att(arg, path),
            "Fn::Sub" => self.sub(arg, path),
            "Fn::Join" => {
                if let Some(a) = self.args(name, arg, path, 2..=2, "[delimiter, [values]]") {
                    if as_str(&a[0]).is_none() {
                        self.bad(
                            &a[0],
                            &path.index(0),
                            "the Fn::Join delimiter must be a literal string".into(),
                        );
                    }
                    if !is_list(&a[1]) {
                        self.bad(&a[1], &path.index(1), "Fn::Join joins a list".into());
                    }
                    self.visit(&a[1], &path.index(1));
                }
            }
            "Fn::Split" => {
                if let Some(a) = self.args(name, arg, path, 2..=2, "[delimiter, string]") {
                    if as_str(&a[0]).is_none() {
                        self.bad(
                            &a[0],
                            &path.index(0),
                            "the Fn::Split delimiter must be a literal string".into(),
                        );
                    }
                    if !is_scalar(&a[1]) {
                        self.bad(&a[1], &path.index(1), "Fn::Split splits a string".into());
                    }
                    self.visit(&a[1], &path.index(1));
                }
            }
            "Fn::Select" => self.select(arg, path),
            "Fn::Cidr" => self.cidr(arg, path),
            "Fn::GetAZs" => {
                if !is_scalar(arg) {
                    self.bad(
                        arg,
                        path,
                        "Fn::GetAZs takes a region name, \"\" or !Ref AWS::Region".into(),
                    );
                }
                self.visit(arg, path);
            }
            "Fn::If" => {
                if let Some(a) = self.args(
                    name,
                    arg,
                    path,
                    3..=3,
                    "[condition, value if true, value if false]",
                ) {
                    match as_str(&a[0]) {
                        Some(c) => self.record(RefKind::Condition, c, a[0].pos, &path.index(0)),
                        None => self.bad(
                            &a[0],
                            &path.index(0),
                            "Fn::If names its condition literally".into(),
                        ),
                    }
                    self.visit(&a[1], &path.index(1));
                    self.visit(&a[2], &path.index(2));
                }
            }
            "Fn::Equals" => {
                if let Some(a) = self.args(name, arg, path, 2..=2, "exactly two values to compare")
                {
                    self.visit_all(a, path);
                }
            }
            "Fn::And" | "Fn::Or" => {
                if let Some(a) = self.args(name, arg, path, 2..=10, "2 to 10 conditions") {
                    self.conditions(a, path);
                }
            }
            "Fn::Not" => {
                if let Some(a) =
                    self.args(name, arg, path, 1..=1, "a list of exactly one condition")
                {
                    self.conditions(a, path);
                }
            }
            "Fn::Base64" | "Fn::ImportValue" => {
                if !is_scalar(arg) {
                    self.bad(arg, path, format!("{name} takes one string"));
                }
                self.visit(arg, path);
            }
            "Fn::FindInMap" => self.find_in_map(arg, path),
            // Another stack's output, possibly in another region or account: a mapping
            // with StackName and OutputName, and optionally Region and RoleArn
            // (AWS CloudFormation User Guide, intrinsic function reference).
            "Fn::GetStackOutput" => {
                let keys: Option<Vec<&str>> = match &arg.value {
                    Value::Map(entries) => {
                        Some(entries.iter().map(|(k, _)| k.name.as_str()).collect())
                    }
                    _ => None,
                };
                let fits = keys.is_some_and(|keys| {
                    keys.contains(&"StackName")
                        && keys.contains(&"OutputName")
                        && keys.iter().all(|k| {
                            matches!(*k, "StackName" | "OutputName" | "Region" | "RoleArn")
                        })
                });
                if !fits {
                    self.bad(
                        arg,
                        path,
                        "Fn::GetStackOutput takes {StackName, OutputName} and optionally Region and RoleArn".into(),
                    );
                }
                self.visit(arg, path);
            }
            _ => self.visit(arg, path),
        }
    }

    /// Arguments of And/Or/Not: condition functions or `{Condition: name}`.
    fn conditions(&mut self, items: &[Node], path: &KeyPath) {
        for (i, item) in items.iter().enumerate() {
            let at = path.index(i);
            match function_call(item, Scope::Conditions) {
                Some(("Condition", arg)) => {
                    let key = at.key("Condition");
                    self.call("Condition", arg, &key);
                }
                Some((name, arg)) => self.call(name, arg, &at.key(name)),
                None => self.bad(
                    item,
                    &at,
                    "expected a condition function or {Condition: name}".into(),
                ),
            }
        }
    }

    fn get_att(&mut self, arg: &Node, path: &KeyPath) {
        let (resource, attribute) = match &arg.value {
            Value::Seq(items) if items.len() == 2 => (&items[0], Some(&items[1])),
            Value::Str(s) if s.contains('.') => {
                let (r, a) = s.split_once('.').unwrap_or_default();
                self.record(RefKind::GetAtt(Some(a.to_owned())), r, arg.pos, path);
                return;
            }
            _ => {
                self.bad(arg, path, "Fn::GetAtt takes [LogicalId, Attribute]".into());
                return;
            }
        };
        let Some(name) = as_str(resource) else {
            self.bad(
                resource,
                &path.index(0),
                "Fn::GetAtt names its resource literally".into(),
            );
            return;
        };
        let attr = attribute.and_then(as_str).map(str::to_owned);
        if let Some(a) = attribute.filter(|a| as_str(a).is_none()) {
            self.visit(a, &path.index(1));
        }
        self.record(RefKind::GetAtt(attr), name, resource.pos, path);
    }

    fn sub(&mut self, arg: &Node, path: &KeyPath) {
        let (text_node, vars) = match &arg.value {
            Value::Str(_) => (arg, None),
            Value::Seq(items) if items.len() == 2 && matches!(items[1].value, Value::Map(_)) => {
                (&items[0], Some(&items[1]))
            }
            _ => {
                self.bad(
                    arg,
                    path,
                    "Fn::Sub takes a string or [string, {variables}]".into(),
                );
                return;
            }
        };
        if let Some(vars) = vars {
            for (k, v) in entries(Some(vars)) {
                self.visit(v, &path.index(1).key(&k.name));
            }
        }
        let Some(text) = as_str(text_node) else {
            self.bad(
                text_node,
                path,
                "the Fn::Sub template must be a literal string".into(),
            );
            return;
        };
        let local = |name: &str| entries(vars).iter().any(|(k, _)| k.name == name);
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            rest = &rest[start + 2..];
            if rest.starts_with('!') {
                continue;
            }
            let Some(end) = rest.find('}') else {
                self.bad(
                    text_node,
                    path,
                    "Fn::Sub has a ${ without its closing }".into(),
                );
                return;
            };
            let name = rest[..end].trim();
            rest = &rest[end + 1..];
            if local(name) {
                continue;
            }
            match name.split_once('.') {
                Some((resource, attribute)) if !name.starts_with("AWS::") => self.record(
                    RefKind::SubGetAtt(attribute.to_owned()),
                    resource,
                    text_node.pos,
                    path,
                ),
                _ => self.record(RefKind::SubRef, name, text_node.pos, path),
            }
        }
    }

    fn select(&mut self, arg: &Node, path: &KeyPath) {
        let Some(a) = self.args("Fn::Select", arg, path, 2..=2, "[index, list]") else {
            return;
        };
        let index = literal_int(&a[0]);
        if index.is_none() && !is_call(&a[0]) {
            self.bad(
                &a[0],
                &path.index(0),
                "the Fn::Select index must be a whole number".into(),
            );
        }
        if !is_list(&a[1]) {
            self.bad(&a[1], &path.index(1), "Fn::Select picks from a list".into());
        }
        let length = match (&a[1].value, function_call(&a[1], self.scope)) {
            (Value::Seq(items), _) => Some(items.len() as i64),
            (
                _,
                Some((
                    "Fn::Cidr",
                    Node {
                        value: Value::Seq(c),
                        ..
                    },
                )),
            ) if c.len() == 3 => literal_int(&c[1]),
            _ => None,
        };
        if let Some(i) = index {
            if i < 0 || length.is_some_and(|n| i >= n) {
                let of = length.map_or(String::new(), |n| format!(" of a list of {n}"));
                self.out.push(
                    &PC2034,
                    a[0].pos,
                    &path.index(0),
                    format!("index {i} is out of range{of}"),
                );
            }
        }
        self.visit_all(a, path);
    }

    fn cidr(&mut self, arg: &Node, path: &KeyPath) {
        let Some(a) = self.args("Fn::Cidr", arg, path, 3..=3, "[ipBlock, count, cidrBits]") else {
            return;
        };
        let count = literal_int(&a[1]);
        let bits = literal_int(&a[2]);
        if count.is_some_and(|c| !(1..=256).contains(&c)) {
            self.out.push(
                &PC2032,
                a[1].pos,
                &path.index(1),
                "Fn::Cidr makes 1 to 256 CIDRs",
            );
        }
        if bits.is_some_and(|b| !(0..=128).contains(&b)) {
            self.out.push(
                &PC2032,
                a[2].pos,
                &path.index(2),
                "Fn::Cidr subnet bits are 0 to 128",
            );
        }
        let in_range = count.is_some_and(|c| (1..=256).contains(&c))
            && bits.is_some_and(|b| (0..=128).contains(&b));
        if let (true, Some(block), Some(count), Some(bits)) = (in_range, as_str(&a[0]), count, bits)
        {
            match block.parse::<ipnet::IpNet>() {
                Ok(net) => {
                    let host_bits = i64::from(net.max_prefix_len() - net.prefix_len());
                    let room = host_bits - bits;
                    if room < 0 || (room < 63 && count > (1i64 << room)) {
                        let msg =
                            format!("{block} does not hold {count} subnets of {bits} host bits");
                        self.out.push(&PC2032, a[0].pos, &path.index(0), msg);
                    }
                }
                Err(_) => self.bad(
                    &a[0],
                    &path.index(0),
                    format!("{block} is not a CIDR block"),
                ),
            }
        }
        self.visit_all(a, path);
    }

    fn find_in_map(&mut self, arg: &Node, path: &KeyPath) {
        let Some(a) = self.args(
            "Fn::FindInMap",
            arg,
            path,
            3..=4,
            "[MapName, TopLevelKey, SecondLevelKey]",
        ) else {
            return;
        };
        self.visit_all(a, path);
        let Some(map) = as_str(&a[0]) else {
            return;
        };
        self.record(RefKind::Mapping, map, a[0].pos, &path.index(0));
        let Some(mapping) = self.index.mappings.get(map).copied() else {
            return;
        };
        let Some(top) = as_str(&a[1]).or_else(|| literal_int(&a[1]).is_some().then_some("")) else {
            return;
        };
        if top.is_empty() || a.len() == 4 {
            return;
        }
        let Some(level) = mapping.get(top) else {
            self.out.push(
                &PC2007,
                a[1].pos,
                &path.index(1),
                format!("mapping {map} has no key {top}"),
            );
            return;
        };
        if let Some(second) = as_str(&a[2]) {
            if level.get(second).is_none() {
                let msg = format!("mapping {map}.{top} has no key {second}");
                self.out.push(&PC2007, a[2].pos, &path.index(2), msg);
            }
        }
    }
}
