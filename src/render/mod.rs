//! Render: the model as a set of CloudFormation templates (one parent, nested stacks), built
//! as typed values and serialized with serde_json, never by text templating.

mod access;
mod cache;
mod compute;
mod connectors;
mod database;
mod dns;
mod file_systems;
mod firewall;
mod iam;
pub mod intrinsics;
mod kubernetes;
mod lambda;
pub mod link;
mod load_balancers;
mod logs;
mod messaging;
pub mod names;
mod network;
mod parent;
mod search;
mod secrets;
mod security;
pub mod stack;
mod storage;
mod tags;
pub mod template;
mod workers;

pub use parent::stack_id as parent_stack_id;
pub use stack::NestedStack;
pub use template::{Output, Parameter, Policy, Resource, Template};

use crate::components::{self, Stack};
use crate::model::Platform;

/// The file format of written templates; the parent points at children of the same format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateFormat {
    Json,
    Yaml,
}

impl TemplateFormat {
    pub fn extension(self) -> &'static str {
        match self {
            TemplateFormat::Json => "json",
            TemplateFormat::Yaml => "yaml",
        }
    }

    /// The file a stack's template is written to: `network.template.json`.
    pub fn file_name(self, stem: &str) -> String {
        format!("{stem}.template.{}", self.extension())
    }
}

/// The parent template's file stem.
pub const PARENT: &str = "parent";

/// Everything `synth` writes: the parent and its nested stacks in deployment order.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateSet {
    pub parent: Template,
    pub stacks: Vec<NestedStack>,
}

/// Renders `platform`; the parent's `TemplateURL`s name files of `format`. Stacks render
/// in deployment order, each taking the handles of the stacks before it ([`link::Upstream`]);
/// a stack is rendered when the component registry says a declared component lives in it.
pub fn render(platform: &Platform, format: TemplateFormat) -> TemplateSet {
    let (security, security_exports) = security::render(platform);
    let (network, network_exports) = network::render(platform, &security_exports);
    let mut stacks = vec![security, network];
    let mut up = link::Upstream {
        security: security_exports,
        network: network_exports,
        data: link::DataExports::default(),
        messaging: link::MessagingExports::default(),
        compute: link::ComputeExports::default(),
    };
    if components::renders(platform, Stack::Data) {
        let (stack, exports) = data(platform, &up);
        stacks.push(stack);
        up.data = exports;
    }
    if components::renders(platform, Stack::Messaging) {
        let (stack, exports) = messaging::render(platform, &up);
        stacks.push(stack);
        up.messaging = exports;
    }
    if components::renders(platform, Stack::Compute) {
        let (stack, exports) = compute::render(platform, &up);
        stacks.push(stack);
        up.compute = exports;
    }
    if components::renders(platform, Stack::Connectors) {
        stacks.push(connectors::render(platform, &up));
    }
    if let Some(w) = &platform.workers {
        stacks.push(workers::render(platform, w, &up));
    }
    if let Some(k) = &platform.kubernetes {
        stacks.push(kubernetes::render(platform, k, &up));
    }
    if let Some(dns) = &platform.dns {
        stacks.push(dns::render(platform, dns, &up));
    }
    let parent = parent::render(platform, &stacks, format);
    TemplateSet { parent, stacks }
}

/// The data stack: buckets, database, search, file systems and cache, whichever are
/// declared. It takes the private subnets when a declared store takes addresses in them
/// (has rows in the demand model).
fn data(platform: &Platform, up: &link::Upstream) -> (NestedStack, link::DataExports) {
    let in_subnets = components::declared_in(platform, Stack::Data).any(|c| !c.demand().is_empty());
    let mut s = stack::StackBuilder::new(Stack::Data.name(), platform, "data stores");
    let mut exports = link::DataExports::default();
    s.import(&up.security.key_arn);
    if in_subnets {
        s.import(&up.network.private_subnet_ids);
    }
    if let Some(storage) = &platform.storage {
        let load_balancer_logs = !platform.load_balancers.is_empty();
        (exports.buckets, exports.access_log_bucket_name) =
            storage::render(&mut s, storage, load_balancer_logs);
    }
    if let (Some(db), Some(group)) = (&platform.database, &up.network.database_security_group_id) {
        s.import(group);
        exports.database = Some(database::render(&mut s, platform, db));
    }
    if let (Some(search), Some(group)) = (&platform.search, &up.network.search_security_group_id) {
        s.import(group);
        exports.search = Some(search::render(&mut s, platform, search));
    }
    file_systems::render(&mut s, platform, up);
    if let Some(cache) = &platform.cache {
        cache::render(&mut s, platform, cache, up);
    }
    (s.finish(), exports)
}

#[cfg(test)]
mod registry_tests;
