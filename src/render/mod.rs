//! Render: the model as a set of CloudFormation templates (one parent, nested stacks), built
//! as typed values and serialized with serde_json, never by text templating.

mod access;
mod cache;
mod compute;
mod connectors;
mod database;
mod dns;
mod file_systems;
mod iam;
pub mod intrinsics;
mod kubernetes;
mod lambda;
mod load_balancers;
mod messaging;
mod network;
mod parent;
mod search;
mod secrets;
mod security;
pub mod stack;
mod storage;
pub mod template;
mod workers;

pub use parent::stack_id as parent_stack_id;
pub use stack::NestedStack;
pub use template::{Output, Parameter, Policy, Resource, Template};

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

/// Renders `platform`; the parent's `TemplateURL`s name files of `format`.
pub fn render(platform: &Platform, format: TemplateFormat) -> TemplateSet {
    let mut stacks = vec![security::render(platform), network::render(platform)];
    let stateful_sections = !platform.file_systems.is_empty() || platform.cache.is_some();
    if platform.storage.is_some()
        || platform.database.is_some()
        || platform.search.is_some()
        || stateful_sections
    {
        stacks.push(data(platform));
    }
    if !platform.topics.is_empty() || !platform.queues.is_empty() {
        stacks.push(messaging::render(platform));
    }
    if !platform.services.is_empty() || !platform.functions.is_empty() {
        stacks.push(compute::render(platform));
    }
    if !platform.connectors.is_empty() {
        stacks.push(connectors::render(platform));
    }
    if let Some(w) = &platform.workers {
        stacks.push(workers::render(platform, w));
    }
    if let Some(k) = &platform.kubernetes {
        stacks.push(kubernetes::render(platform, k));
    }
    if let Some(dns) = &platform.dns {
        stacks.push(dns::render(platform, dns));
    }
    let parent = parent::render(platform, &stacks, format);
    TemplateSet { parent, stacks }
}

/// The data stack: buckets, database and search, whichever are declared.
fn data(platform: &Platform) -> NestedStack {
    let mut s = stack::StackBuilder::new("data", platform, "data stores");
    s.param("KeyArn", "String", "ARN of the environment's KMS key");
    let in_subnets = platform.database.is_some()
        || platform.search.is_some()
        || !platform.file_systems.is_empty()
        || platform.cache.is_some();
    if in_subnets {
        s.param(
            "PrivateSubnetIds",
            "List<AWS::EC2::Subnet::Id>",
            "Workload subnets",
        );
    }
    if let Some(storage) = &platform.storage {
        storage::render(&mut s, storage, !platform.load_balancers.is_empty());
    }
    if let Some(db) = &platform.database {
        s.param(
            "DatabaseSecurityGroupId",
            "AWS::EC2::SecurityGroup::Id",
            "Security group of the database",
        );
        database::render(&mut s, platform, db);
    }
    if let Some(search) = &platform.search {
        s.param(
            "SearchSecurityGroupId",
            "AWS::EC2::SecurityGroup::Id",
            "Security group of the search domain",
        );
        search::render(&mut s, platform, search);
    }
    file_systems::render(&mut s, platform);
    if let Some(cache) = &platform.cache {
        cache::render(&mut s, platform, cache);
    }
    s.finish()
}
