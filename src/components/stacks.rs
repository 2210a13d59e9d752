//! Renders a platform: the security and network stacks first (every other stack links to
//! them), then each later stack in deployment order from the sections that live in it,
//! then the parent that wires them together.

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
        let mut s = StackBuilder::new(stack.name(), platform, stack.description());
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
    let mut parent = parent::render(platform, &stacks, format);
    // The organizations' shards hold no alarm; leaving them out of the dashboard's
    // dependencies keeps a new shard from modifying it.
    let stack_ids: Vec<String> = stacks
        .iter()
        .filter(|s| !super::organizations::shard::NAMES.contains(&s.name))
        .map(|s| parent::stack_id(s.name))
        .collect();
    super::monitoring::render::dashboard(platform, &mut parent, &stack_ids);
    TemplateSet { parent, stacks }
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
