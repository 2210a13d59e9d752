//! SAM resources (`AWS::Serverless::*`) against the SAM specification's property shapes,
//! without expanding the transform: unknown properties, wrong types and values outside
//! SAM's enums are the errors `sam deploy` would give before CloudFormation sees a thing.
//! Properties SAM passes through to a CloudFormation type carry that type's shape.

use super::rules::{REQUIRED_PROPERTY, UNKNOWN_PROPERTY};
use super::{suggest, unknown_type, walk_properties};
use crate::lint::rule::Finding;
use crate::lint::template::{as_str, entries, Template};
use crate::yaml::{KeyPath, Node, Pos, Segment, Value};

pub fn check_resource(kind: &str, resource: &Node, path: &KeyPath, type_pos: Pos) -> Vec<Finding> {
    let Some(schema) = crate::cfn::store::sam(kind) else {
        let known = crate::cfn::store::sam_kinds();
        return vec![unknown_type(
            kind,
            "SAM resource type",
            known,
            type_pos,
            path,
        )];
    };
    let props_path = path.key("Properties");
    let mut findings = walk_properties(schema, resource, &props_path, type_pos);
    super::packaged_paths(kind, resource, &props_path, &mut findings);
    // A required property may be written in the template's Globals section instead, where
    // SAM allows that property there (AWS SAM Developer Guide, "Globals section of the
    // AWS SAM template"): its absence from the resource is not judged.
    let globals = schema.globals.as_deref().unwrap_or_default();
    let top = props_path.segments();
    findings.retain(|f| {
        let at = f.path.segments();
        let global = at.len() == top.len() + 1
            && at.starts_with(top)
            && matches!(at.last(), Some(Segment::Key(k)) if globals.contains(k));
        !(f.rule == REQUIRED_PROPERTY.id && global)
    });
    ignore_globals(kind, resource, path, globals, &mut findings);
    findings
}

/// `IgnoreGlobals` is `*` or names properties the Globals section sets for the type.
fn ignore_globals(
    kind: &str,
    resource: &Node,
    path: &KeyPath,
    globals: &[String],
    out: &mut Vec<Finding>,
) {
    let Some(node) = resource.get("IgnoreGlobals") else {
        return;
    };
    let names: Vec<&Node> = match &node.value {
        Value::Str(s) if s == "*" => return,
        Value::Seq(items) => items.iter().collect(),
        _ => vec![node],
    };
    for (i, name) in names.into_iter().enumerate() {
        let Some(text) = as_str(name) else {
            continue;
        };
        if globals.iter().any(|g| g == text) {
            continue;
        }
        let at = match &node.value {
            Value::Seq(_) => path.key("IgnoreGlobals").index(i),
            _ => path.key("IgnoreGlobals"),
        };
        out.push(Finding::new(
            &UNKNOWN_PROPERTY,
            unknown_global(text, kind, globals),
            name.pos,
            at,
        ));
    }
}

fn unknown_global(name: &str, kind: &str, globals: &[String]) -> String {
    let hint = suggest::closest(name, globals.iter().map(String::as_str))
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    format!("`{name}` is not a property the Globals section sets for {kind}{hint}")
}

/// The template's `Globals` section: each key names a SAM type that takes globals, and
/// each of its properties is one SAM lets Globals set for that type.
pub fn check_globals(template: &Template) -> Vec<Finding> {
    let mut out = Vec::new();
    let section = KeyPath::root().key("Globals");
    for (key, body) in entries(template.root.get("Globals")) {
        let kind = format!("AWS::Serverless::{}", key.name);
        let globals = crate::cfn::store::sam(&kind).and_then(|s| s.globals.as_deref());
        let Some(globals) = globals else {
            let known: Vec<&str> = crate::cfn::store::sam_kinds()
                .filter(|k| crate::cfn::store::sam(k).is_some_and(|s| s.globals.is_some()))
                .filter_map(|k| k.strip_prefix("AWS::Serverless::"))
                .collect();
            out.push(Finding::new(
                &UNKNOWN_PROPERTY,
                format!(
                    "`{}` takes no globals; Globals has sections for {}",
                    key.name,
                    known.join(", ")
                ),
                key.pos,
                section.key(&key.name),
            ));
            continue;
        };
        for (name, _) in entries(Some(body)) {
            if !globals.contains(&name.name) {
                out.push(Finding::new(
                    &UNKNOWN_PROPERTY,
                    unknown_global(&name.name, &kind, globals),
                    name.pos,
                    section.key(&key.name).key(&name.name),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testkit::rule_ids;

    fn sam(resources: &str) -> String {
        format!("Transform: AWS::Serverless-2016-10-31\nResources:\n{resources}")
    }

    #[test]
    fn sam_properties_are_checked_against_the_sam_specification() {
        let t = sam("  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n      MemorySize: 1024\n      Timeout: 30\n");
        assert_eq!(rule_ids(&t), Vec::<&str>::new());
        // A pass-through property takes the CloudFormation type's shape.
        let t = sam("  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/\n      MemorySize: lots\n      Polices: []\n");
        assert_eq!(rule_ids(&t), ["PC3002", "PC3003"]);
    }

    #[test]
    fn a_misspelt_sam_type_is_unknown_with_a_suggestion() {
        let t = sam("  Api:\n    Type: AWS::Serverless::HtpApi\n");
        let found = crate::lint::testkit::findings(&t);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("`AWS::Serverless::HttpApi`"));
    }

    #[test]
    fn a_required_property_is_excused_only_where_globals_may_set_it() {
        // WebSocketApi's RouteSelectionExpression may come from Globals; an Api's
        // StageName and an Application's Location may not.
        let t = sam("  Ws:\n    Type: AWS::Serverless::WebSocketApi\n    Properties:\n      Routes: {}\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      Name: orders\n  App:\n    Type: AWS::Serverless::Application\n    Properties:\n      TimeoutInMinutes: 10\n");
        let found = crate::lint::testkit::findings(&t);
        let paths: Vec<String> = found.iter().map(|f| f.path.to_string()).collect();
        assert_eq!(
            paths,
            [
                "Resources.Api.Properties.StageName",
                "Resources.App.Properties.Location"
            ]
        );
    }

    #[test]
    fn globals_and_ignore_globals_name_properties_globals_can_set() {
        let t = "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Timeout: 30\n    Handler: app.handler\n  Functions:\n    Timeout: 3\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    IgnoreGlobals: [Timeot]\n    Properties:\n      CodeUri: src/\n      Runtime: python3.12\n";
        let found = crate::lint::testkit::findings(t);
        let seen: Vec<(String, bool)> = found
            .iter()
            .map(|f| {
                (
                    f.path.to_string(),
                    f.message.contains("did you mean `Timeout`"),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("Resources.Fn.IgnoreGlobals[0]".to_owned(), true),
                ("Globals.Functions".to_owned(), false),
            ]
        );
    }
}
