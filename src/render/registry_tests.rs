//! The registry and the renderers must agree: what a component says about the stack it
//! lives in and the types that hold data is what the templates show.

use std::collections::BTreeSet;

use super::{render, TemplateFormat};
use crate::components::{self, Stack, REGISTRY};
use crate::network::testkit;

const EXAMPLES: &[&str] = &[
    "customer-hosted.yaml",
    "depot.yaml",
    "s3-connector.yaml",
    "self-hosted-workers.yaml",
    "tdp.yaml",
    "usage-engine.yaml",
];

#[test]
fn every_resource_that_holds_data_has_a_deletion_policy() {
    for example in EXAMPLES {
        let set = render(&testkit::example(example), TemplateFormat::Json);
        for stack in &set.stacks {
            for (id, r) in &stack.template.resources {
                if components::holds_data(&r.kind) {
                    assert!(
                        r.deletion_policy.is_some(),
                        "{example}: {}/{id}",
                        stack.name
                    );
                }
            }
        }
    }
}

#[test]
fn stacks_are_the_declared_ones_in_order_and_every_data_type_is_rendered() {
    let mut rendered = BTreeSet::new();
    for example in EXAMPLES {
        let platform = testkit::example(example);
        let set = render(&platform, TemplateFormat::Json);
        let names: BTreeSet<&str> = set.stacks.iter().map(|s| s.name).collect();
        for stack in Stack::ALL {
            let expected = components::renders(&platform, stack);
            assert_eq!(
                names.contains(stack.name()),
                expected,
                "{example}: {stack:?}"
            );
        }
        let in_order: Vec<&str> = Stack::ALL
            .iter()
            .map(|s| s.name())
            .filter(|n| names.contains(n))
            .collect();
        let stacks: Vec<&str> = set.stacks.iter().map(|s| s.name).collect();
        assert_eq!(stacks, in_order, "{example}: deployment order");
        for stack in &set.stacks {
            rendered.extend(stack.template.resources.values().map(|r| r.kind.clone()));
        }
    }
    for c in REGISTRY {
        for kind in c.data_types() {
            assert!(
                rendered.contains(*kind),
                "{} says it renders {kind}",
                c.name()
            );
        }
    }
}
