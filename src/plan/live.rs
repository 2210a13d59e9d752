//! A live change set's changes, mapped into the same plan entries an offline diff gives.

use crate::aws::cloudformation::RemoteChange;
use crate::components;
use crate::render::{self, TemplateSet, TopLevel};

use super::diff::{Action, Change, Policies};

/// The plan entry for each change CloudFormation reported for the top-level stacks; stacks
/// are named as in synth output (the foundation's `NetworkStack` is stack `network`).
pub fn changes(set: &TemplateSet, remote: &[(TopLevel, Vec<RemoteChange>)]) -> Vec<Change> {
    let mut out: Vec<Change> = remote
        .iter()
        .flat_map(|(top, changes)| changes.iter().map(|r| change(set, *top, r)))
        .collect();
    out.sort_by(|a, b| (&a.stack, &a.logical_id).cmp(&(&b.stack, &b.logical_id)));
    out
}

fn stack_name(set: &TemplateSet, top: TopLevel, path: &[String]) -> String {
    match path.first() {
        None => top.name().to_owned(),
        Some(id) => set
            .stacks
            .iter()
            .find(|s| &render::parent_stack_id(s.name) == id)
            .map_or_else(|| path.join("/"), |s| s.name.to_owned()),
    }
}

fn change(set: &TemplateSet, top: TopLevel, r: &RemoteChange) -> Change {
    let stack = stack_name(set, top, &r.path);
    let (action, replacement) = match (r.action.as_str(), r.replacement.as_deref()) {
        ("Add", _) => (Action::Add, None),
        ("Remove", _) => (Action::Remove, None),
        (_, Some("True")) => (Action::Replace, Some("always")),
        (_, Some("Conditional")) => (Action::Replace, Some("conditional")),
        _ => (Action::Modify, None),
    };
    let stateful = components::holds_data(&r.resource_type);
    // The new templates say what happens to a replaced resource; a removed one is gone
    // from them, so its policies are the deployed template's, not known here.
    let template = set
        .stacks
        .iter()
        .find(|s| s.name == stack)
        .map(|s| &s.template);
    let policies = (stateful && action == Action::Replace)
        .then(|| template.and_then(|t| t.resources.get(&r.logical_id)))
        .flatten()
        .map(|resource| {
            let name =
                |p: Option<render::Policy>| format!("{:?}", p.unwrap_or(render::Policy::Delete));
            Policies {
                deletion: name(resource.deletion_policy),
                update_replace: name(resource.update_replace_policy),
            }
        });
    // The change set lists the properties that change; a replaced resource whose name
    // property is set in the new template and not among them keeps its custom name.
    let keeps_name = (action == Action::Replace)
        .then(|| template.and_then(|t| t.resources.get(&r.logical_id)))
        .flatten()
        .and_then(|resource| {
            let schema = crate::cfn::store::get(&r.resource_type)?;
            schema
                .name_properties(&r.resource_type)
                .find(|p| {
                    resource.properties.contains_key(*p) && !r.properties.iter().any(|c| c == p)
                })
                .map(str::to_owned)
        });
    Change {
        stack,
        logical_id: r.logical_id.clone(),
        kind: r.resource_type.clone(),
        action,
        stateful,
        properties: r.properties.clone(),
        replacement,
        policies,
        keeps_name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remote(
        path: &[&str],
        id: &str,
        kind: &str,
        action: &str,
        replacement: Option<&str>,
    ) -> RemoteChange {
        RemoteChange {
            path: path.iter().map(|s| (*s).to_owned()).collect(),
            logical_id: id.to_owned(),
            resource_type: kind.to_owned(),
            action: action.to_owned(),
            replacement: replacement.map(str::to_owned),
            properties: vec!["DBName".into()],
        }
    }

    #[test]
    fn nested_changes_land_in_their_stack_with_replacements_and_policies() {
        let platform = crate::components::testkit::example("tdp.yaml");
        let set = crate::components::render(&platform, render::TemplateFormat::Json);
        let changes = changes(
            &set,
            &[
                (
                    TopLevel::Foundation,
                    vec![remote(
                        &["DataStack"],
                        "Database",
                        "AWS::RDS::DBInstance",
                        "Modify",
                        Some("True"),
                    )],
                ),
                (
                    TopLevel::Application,
                    vec![
                        remote(
                            &["MessagingStack"],
                            "JobsQueue",
                            "AWS::SQS::Queue",
                            "Add",
                            None,
                        ),
                        remote(
                            &[],
                            "ComputeStack",
                            "AWS::CloudFormation::Stack",
                            "Remove",
                            None,
                        ),
                    ],
                ),
            ],
        );
        // Sorted by stack: the application's own change first.
        assert_eq!(
            (changes[0].stack.as_str(), changes[0].action),
            ("application", Action::Remove)
        );
        assert_eq!(changes[1].stack, "data");
        assert_eq!(changes[1].action, Action::Replace);
        assert_eq!(
            changes[1].policies.as_ref().unwrap().update_replace,
            "Snapshot"
        );
        assert_eq!(
            (changes[2].stack.as_str(), changes[2].action),
            ("messaging", Action::Add)
        );
    }
}
