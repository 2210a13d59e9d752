//! The registry and the renderers must agree: what a component says about the stack it
//! lives in and the types that hold data is what the templates show.

use std::collections::BTreeSet;

use super::render;
use crate::components::testkit;
use crate::components::{self, Stack, REGISTRY};
use crate::render::TemplateFormat;

const EXAMPLES: &[&str] = &[
    "customer-hosted.yaml",
    "depot.yaml",
    "s3-connector.yaml",
    "self-hosted-workers.yaml",
    "tdp-organizations.yaml",
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
        // The organizations' shards (`organizations-<n>`) stand for their one variant.
        let stem = |name: &'static str| {
            if name.starts_with("organizations-") {
                Stack::Organizations.name()
            } else {
                name
            }
        };
        let names: BTreeSet<&str> = set.stacks.iter().map(|s| stem(s.name)).collect();
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
        let mut stacks: Vec<&str> = set.stacks.iter().map(|s| stem(s.name)).collect();
        stacks.dedup();
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

/// The access graph as the model resolves it from the examples.
mod access_graph {
    use crate::components::testkit;
    use crate::model::*;

    /// Every `access:` entry of the example becomes one edge, and a workload's grants read
    /// back from the graph are what its block said.
    #[test]
    fn the_graph_holds_every_declared_access() {
        let platform = testkit::example("tdp.yaml");
        let edges = platform.access.edges();
        assert!(!edges.is_empty());
        let mut sorted = edges.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(edges, sorted.as_slice(), "sorted, each once");
        for service in &platform.services {
            let consumer = Consumer::Service(service.name.clone());
            let g = platform.access.grants(&consumer);
            let count = g.read_buckets.len()
                + g.write_buckets.len()
                + g.consume_queues.len()
                + g.send_queues.len()
                + g.publish_topics.len()
                + g.secrets.len()
                + g.file_systems.len()
                + g.services.len()
                + g.read_tables.len()
                + g.write_tables.len()
                + g.read_streams.len()
                + g.write_streams.len()
                + usize::from(g.database)
                + usize::from(g.search)
                + usize::from(g.cache)
                + usize::from(g.send_email);
            let edges_of = edges.iter().filter(|e| e.consumer == consumer).count();
            assert_eq!(count, edges_of, "{}", service.name);
        }
    }

    #[test]
    fn grants_and_edges_round_trip() {
        let grants = Grants {
            read_buckets: vec!["a".into(), "b".into()],
            write_buckets: vec!["b".into()],
            consume_queues: vec!["q".into()],
            send_queues: vec![],
            publish_topics: vec!["t".into()],
            database: true,
            search: false,
            cache: true,
            secrets: vec!["s".into()],
            file_systems: vec!["f".into()],
            services: vec!["api".into()],
            read_tables: vec!["state".into()],
            write_tables: vec!["state".into()],
            read_streams: vec!["telemetry".into()],
            write_streams: vec!["telemetry".into()],
            send_email: true,
        };
        let consumer = Consumer::Workload("f".into());
        let graph = AccessGraph::new([(consumer.clone(), &grants)]);
        assert_eq!(graph.grants(&consumer), grants);
        assert!(graph.edges().contains(&Access {
            consumer,
            target: Target::Database,
            verb: Verb::Connect,
        }));
        assert!(graph
            .edges()
            .iter()
            .any(|e| e.target == Target::Service("api".into()) && e.verb == Verb::Call));
    }
}

/// Tags as every renderer writes them.
mod tags {
    use serde_json::json;

    use crate::components::testkit;
    use crate::render::tags::*;

    #[test]
    fn every_shape_is_sorted_and_names_the_environment() {
        let platform = testkit::example("tdp.yaml");
        let tags = Tags::of(&platform).with("a-first", "1");
        let list = tags.list();
        let keys: Vec<&str> = list
            .as_array()
            .map(|l| l.iter().filter_map(|t| t["Key"].as_str()).collect())
            .unwrap_or_default();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(keys, sorted);
        assert_eq!(keys.first(), Some(&"a-first"));
        assert_eq!(tags.map()[ENVIRONMENT_TAG], json!(platform.name));
        assert_eq!(
            tags.propagated_at_launch()[0]["PropagateAtLaunch"],
            json!(true)
        );
    }
}

/// The parent's wiring of nested stacks.
mod parent {
    use std::collections::BTreeSet;

    use crate::components::{render, testkit};
    use crate::render::TemplateFormat;

    /// Every parameter of every child is wired, from a stack deployed before it that
    /// outputs the same value; the wiring comes from the import handles alone.
    #[test]
    fn every_import_comes_from_an_earlier_stack_that_exports_it() {
        for file in [
            "customer-hosted.yaml",
            "depot.yaml",
            "s3-connector.yaml",
            "self-hosted-workers.yaml",
            "tdp.yaml",
            "usage-engine.yaml",
        ] {
            let set = render(&testkit::example(file), TemplateFormat::Json);
            let mut earlier: Vec<&str> = Vec::new();
            for stack in &set.stacks {
                let declared: BTreeSet<&String> = stack.template.parameters.keys().collect();
                let imported: BTreeSet<&String> = stack.imports.keys().collect();
                assert_eq!(declared, imported, "{file}: {}", stack.name);
                for (name, producer) in &stack.imports {
                    assert!(
                        earlier.contains(producer),
                        "{file}: {name} of {}",
                        stack.name
                    );
                    let source = set.stacks.iter().find(|s| s.name == *producer);
                    assert!(
                        source.is_some_and(|s| s.template.outputs.contains_key(name)),
                        "{file}: {producer} does not output {name}"
                    );
                }
                earlier.push(stack.name);
            }
        }
    }
}

/// Guards the connector-only environment: a component that takes addresses in the
/// subnets (rows in the demand model) must say it needs a VPC whenever an example declares
/// it, or a spec without `network` would render it into a VPC that does not exist.
#[test]
fn whatever_takes_subnet_addresses_needs_a_vpc() {
    for example in EXAMPLES {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(example);
        let (spec, _) = crate::spec::load(&path).unwrap();
        let platform = testkit::example(example);
        for c in REGISTRY {
            if c.name() != "network" && c.declared(&platform) && !c.demand().is_empty() {
                assert!(c.needs_vpc(&spec).is_some(), "{example}: {}", c.name());
            }
        }
    }
}

/// Regression: `named` leaves out a refused duplicate, and a later entry's errors once
/// pointed at the index it had among the kept ones (`services[1]`) instead of its own.
#[test]
fn errors_after_a_refused_duplicate_point_at_their_own_entry() {
    let text = "name: dup\nregion: us-east-1\nenvironment_size: Small\nnetwork:\n  vpc_cidr: 10.0.0.0/16\nservices:\n  - { name: api, image: example/api:1 }\n  - { name: api, image: example/api:1 }\n  - { name: worker, image: example/worker:1, cpu: 3 }\n";
    let (spec, source) =
        crate::spec::load_str::<components::Spec>(std::path::Path::new("s.yaml"), text).unwrap();
    let err = components::build(&spec, &source).unwrap_err();
    let paths: Vec<String> = err
        .problems()
        .iter()
        .filter_map(|p| p.path.clone())
        .collect();
    assert!(paths.iter().any(|p| p == "services[1].name"), "{paths:?}");
    assert!(
        paths.iter().any(|p| p.starts_with("services[2].")),
        "{paths:?}"
    );
    assert!(
        !paths.iter().any(|p| p.starts_with("services[1].cpu")),
        "{paths:?}"
    );
}
