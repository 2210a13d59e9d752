//! Renders a platform: the security and network stacks first (every other stack links to
//! them), then each later stack in deployment order from the sections that live in it,
//! then the two top-level parents (foundation, application) that wire them together.

use super::{key, network, Platform, Stack};
use crate::render::intrinsics::get_att;
use crate::render::link::{ComputeExports, DataExports, MessagingExports, Upstream};
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;
use crate::render::{parent, TemplateFormat, TemplateSet};

/// Renders `platform`; the parent's `TemplateURL`s name files of `format`. A stack is
/// rendered when the registry says a declared component lives in it; each takes the
/// handles of the stacks before it ([`Upstream`]) and adds its own for those after.
pub fn render(platform: &Platform, format: TemplateFormat) -> TemplateSet {
    let (security, security_exports) = key::render::render(platform);
    let (network, network_exports) = network::render::render(platform, &security_exports);
    let mut stacks = vec![security];
    if platform.network.declared {
        stacks.push(network);
    }
    let mut up = Upstream {
        security: security_exports,
        network: network_exports,
        data: DataExports::default(),
        messaging: MessagingExports::default(),
        compute: ComputeExports::default(),
    };
    for stack in Stack::ALL {
        if matches!(stack, Stack::Organizations) {
            // Several stacks, one per non-empty shard; they import from the data stack only.
            stacks.extend(super::organizations::render::render(platform, &up));
            continue;
        }
        let mapping = matches!(stack, Stack::Compute) && super::search::mapping::needed(platform);
        if matches!(stack, Stack::Security | Stack::Network)
            || !(super::renders(platform, stack) || mapping)
        {
            continue;
        }
        let mut s = StackBuilder::new(
            stack.name(),
            stack.top_level(),
            platform,
            stack.description(),
        );
        prelude(stack, platform, &mut s, &up);
        platform.render_sections(stack, &mut s, &mut up);
        super::monitoring::render::render(
            stack,
            platform,
            &mut s,
            up.security.alarm_topic_arn.as_ref(),
        );
        if matches!(stack, Stack::Compute) {
            // The one stack that holds the workloads' roles and comes after the domain.
            super::search::mapping::render(&mut s, platform, &up);
        }
        stacks.push(s.finish());
    }
    let mut parents = parent::render(platform, &stacks, format);
    // The dashboard goes last: into the application when there is one, after its stacks.
    // The organizations' shards hold no alarm; leaving them out of the dashboard's
    // dependencies keeps a new shard from modifying it.
    if let Some(last) = parents.last_mut() {
        let stack_ids: Vec<String> = stacks
            .iter()
            .filter(|s| s.top == last.top)
            .filter(|s| !super::organizations::shard::NAMES.contains(&s.name))
            .map(|s| parent::stack_id(s.name))
            .collect();
        super::monitoring::render::dashboard(platform, &mut last.template, &stack_ids);
    }
    TemplateSet { parents, stacks }
}

/// What a stack holds whichever of its sections are declared: the data stack takes the
/// key, and the private subnets when a declared store takes addresses in them (has rows in
/// the demand model); the compute stack holds the ECS cluster its services and the
/// vendor's scheduler address.
fn prelude(stack: Stack, platform: &Platform, s: &mut StackBuilder, up: &Upstream) {
    match stack {
        Stack::Data => {
            s.import(&up.security.key_arn);
            if super::declared_in(platform, Stack::Data).any(|c| !c.demand().is_empty()) {
                s.import(&up.network.private_subnet_ids);
            }
        }
        Stack::Compute => {
            s.import(&up.security.key_arn);
            s.import(&up.network.private_subnet_ids);
            s.import(&up.network.vpc_id);
            s.add(
                "Cluster",
                Resource::new(
                    "AWS::ECS::Cluster",
                    serde_json::json!({ "ClusterSettings": [{ "Name": "containerInsights", "Value": "enabled" }] }),
                ),
            );
            s.output(
                names::CLUSTER_ARN,
                get_att("Cluster", "Arn"),
                "ARN of the ECS cluster",
            );
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::components::testkit;
    use crate::render::{parent, TemplateFormat, TopLevel};

    const EXAMPLES: [&str; 7] = [
        "tdp.yaml",
        "tdp-organizations.yaml",
        "depot.yaml",
        "usage-engine.yaml",
        "s3-connector.yaml",
        "self-hosted-workers.yaml",
        "customer-hosted.yaml",
    ];

    /// Guards the one-way link: a foundation stack that imported from the application
    /// would need the application deployed first, and the foundation's parent has no
    /// parameter to carry the value.
    #[test]
    fn the_foundation_never_reads_the_application() {
        for file in EXAMPLES {
            let set = super::render(&testkit::example(file), TemplateFormat::Json);
            let top_of = |name: &str| set.stacks.iter().find(|s| s.name == name).unwrap().top;
            for stack in set.stacks.iter().filter(|s| s.top == TopLevel::Foundation) {
                for (name, producer) in &stack.imports {
                    assert_eq!(top_of(producer), TopLevel::Foundation, "{file}: {name}");
                }
            }
        }
    }

    /// Every value the application reads from the foundation has its SSM parameter in the
    /// foundation's parent, under the name the application's parameter defaults to.
    #[test]
    fn every_crossing_value_is_published_where_the_application_reads_it() {
        for file in EXAMPLES {
            let platform = testkit::example(file);
            let set = super::render(&platform, TemplateFormat::Json);
            let foundation = set.parent(TopLevel::Foundation).unwrap();
            let Some(application) = set.parent(TopLevel::Application) else {
                continue;
            };
            let ssm: Vec<_> = application
                .parameters
                .iter()
                .filter(|(_, p)| p.kind == "AWS::SSM::Parameter::Value<String>")
                .collect();
            for (name, p) in &ssm {
                let published = &foundation.resources[&parent::published_id(name)];
                assert_eq!(published.kind, "AWS::SSM::Parameter", "{file}: {name}");
                assert_eq!(
                    published.properties["Name"],
                    p.default.clone().unwrap(),
                    "{file}: {name}"
                );
            }
            let published = foundation
                .resources
                .values()
                .filter(|r| r.kind == "AWS::SSM::Parameter")
                .count();
            assert_eq!(published, ssm.len(), "{file}: nothing published unread");
        }
    }
}
