//! Short-form intrinsic tags (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) rewritten to the long
//! form (`{Ref: X}`, `{Fn::GetAtt: [A, B]}`), so every rule reads one shape whatever the
//! template author wrote. Positions are kept: the function's key sits where the tag was.

use crate::yaml::{Key, Node, Value};

/// What a tag becomes.
enum Tag {
    /// A short-form function: its long-form key. `Ref` and `Condition` keep their name,
    /// every other tag is a `Fn::` function (an unknown `!Foo` too, which the walk then
    /// reports as `Fn::Foo`).
    Function(String),
    /// A tag of the YAML core schema (`!!str`): not a function, the value is plain.
    Core,
    /// Any other tag (`!Rain::Embed`, a preprocessor's): kept on the node, so the walk can
    /// report it and no rule mistakes the value for a literal.
    Kept,
}

fn classify(tag: &str) -> Tag {
    if tag.starts_with('!') || tag.starts_with("tag:yaml.org,2002:") {
        return Tag::Core;
    }
    if !tag.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Tag::Kept;
    }
    Tag::Function(match tag {
        "Ref" | "Condition" => tag.to_owned(),
        _ => format!("Fn::{tag}"),
    })
}

/// Rewrites every short-form tag under `node` into its long form, in place.
pub fn normalize(node: &mut Node) {
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(normalize),
        Value::Map(entries) => entries.iter_mut().for_each(|(_, v)| normalize(v)),
        _ => {}
    }
    let Some(tag) = node.tag.take() else {
        return;
    };
    let key = match classify(&tag) {
        Tag::Function(key) => key,
        Tag::Core => return,
        Tag::Kept => {
            node.tag = Some(tag);
            return;
        }
    };
    let pos = node.pos;
    let mut argument = Node {
        value: std::mem::replace(&mut node.value, Value::Null),
        pos,
        tag: None,
    };
    if key == "Fn::GetAtt" {
        // `!GetAtt Resource.Attribute`: the first dot separates the resource from the
        // attribute, which may itself be dotted (`Endpoint.Address`).
        if let Value::Str(text) = &argument.value {
            if let Some((resource, attribute)) = text.split_once('.') {
                let part = |s: &str| Node {
                    value: Value::Str(s.to_owned()),
                    pos,
                    tag: None,
                };
                argument.value = Value::Seq(vec![part(resource), part(attribute)]);
            }
        }
    }
    node.value = Value::Map(vec![(Key { name: key, pos }, argument)]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::load;

    fn long(text: &str) -> serde_json::Value {
        let mut node = load(text).unwrap();
        normalize(&mut node);
        node.to_json()
    }

    #[test]
    fn short_and_long_get_att_are_the_same_tree() {
        assert_eq!(
            long("a: !GetAtt Db.Endpoint.Address\n"),
            long("a:\n  Fn::GetAtt: [Db, Endpoint.Address]\n")
        );
    }

    #[test]
    fn nested_short_forms_become_long_forms() {
        let json = long("a: !If [IsProd, !Ref A, !Sub '${B}']\nc: !Condition X\n");
        assert_eq!(
            json,
            serde_json::json!({
                "a": {"Fn::If": ["IsProd", {"Ref": "A"}, {"Fn::Sub": "${B}"}]},
                "c": {"Condition": "X"}
            })
        );
    }

    #[test]
    fn core_schema_tags_are_not_functions() {
        assert_eq!(long("a: !!str 3\n"), serde_json::json!({"a": "3"}));
    }

    #[test]
    fn other_tags_stay_on_their_node() {
        let mut node = load("a: !Rain::Embed handler.py\nb: !Foo x\n").unwrap();
        normalize(&mut node);
        let a = node.get("a").unwrap();
        assert_eq!(a.tag.as_deref(), Some("Rain::Embed"));
        assert_eq!(a.value, Value::Str("handler.py".into()));
        assert!(node.get("b").unwrap().get("Fn::Foo").is_some());
    }
}
