//! The component registry: one folder per part of a platform (network, key, buckets,
//! database, ...), each owning everything about it, and [`registry!`], the one list every
//! stage iterates instead of naming components one by one.
//!
//! A component's folder holds its spec section (`spec.rs`), its resolved model
//! (`model.rs`), its resources (`render.rs`) and, in `mod.rs`, its [`Component`] and
//! [`Section`] impls: the stack it lives in, whether a platform declares it, the addresses
//! it takes in the subnets (`check-network`), the VPC endpoints it needs, the targets it
//! offers to `access:` blocks and which of its resource types hold data. The registration
//! line at the bottom of this file makes it a key of [`Spec`], a field of [`Platform`],
//! resolved and rendered in registry order. The stages' shared machinery (the YAML loader,
//! `Problems`, the stack builder, links, IAM and security-group builders) lives in
//! `spec`, `model` and `render`, which know no component.

#[macro_use]
mod registry;

pub mod access;
pub mod demand;
mod platform;
mod stacks;

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{AccessGraph, Consumer, Environment, Grants, Offered, Problems, Sizing, Target};
use crate::render::iam::Statement;
use crate::render::link::Upstream;
use crate::render::stack::StackBuilder;
use crate::render::TopLevel;
use crate::spec::{EnvironmentSize, NetworkSpec};

pub use demand::{Count, DemandRow, Pool};

// The sections' model and spec types by name, for the stages that read them.
pub use apis::model::Api;
pub use apis::spec::ApiSpec;
pub use buckets::model::{Bucket, Storage};
pub use buckets::spec::{BucketSpec, StorageSpec};
pub use cache::model::Cache;
pub use cache::spec::CacheSpec;
pub use connectors::model::{Connector, PathConfig, SourceBucket};
pub use connectors::spec::*;
pub use database::model::{Database, DEFAULT_POSTGRES_VERSION};
pub use database::spec::DatabaseSpec;
pub use dns::model::{Dns, DnsRecord};
pub use dns::spec::*;
pub use file_systems::model::FileSystem;
pub use file_systems::spec::*;
pub use functions::model::Function;
pub use functions::spec::*;
pub use key::spec::EncryptionSpec;
pub use kubernetes::model::{Kubernetes, NodeType};
pub use kubernetes::spec::*;
pub use kubernetes::workloads::Workload;
pub use load_balancers::model::{Listener, LoadBalancer};
pub use load_balancers::spec::*;
pub use messaging::model::{Messaging, Queue, Topic};
pub use messaging::spec::{MessagingSpec, QueueSpec, TopicSpec};
pub use pipelines::model::{PipelineTask, Pipelines};
pub use pipelines::spec::*;
pub use platform::{build, check_release_outputs, load};
pub use search::model::Search;
pub use search::spec::SearchSpec;
pub use secrets::model::Secret;
pub use secrets::spec::*;
pub use services::model::Service;
pub use services::spec::ServiceSpec;
pub use spark::model::Spark;
pub use spark::spec::SparkSpec;
pub use stacks::render;
pub use workers::model::Workers;
pub use workers::spec::*;

/// One part of a platform, as the stages after the model see it. Every method has a
/// default of "nothing", so a component states only what it has.
pub trait Component: Sync {
    /// The name the component goes by in the spec and in this registry.
    fn name(&self) -> &'static str;

    /// The nested stack its resources live in.
    fn stack(&self) -> Stack;

    /// Whether `platform` declares it; a stack is rendered when a component in it is.
    fn declared(&self, platform: &Platform) -> bool;

    /// Its rows of the address demand model, in report order.
    fn demand(&self) -> &'static [DemandRow] {
        &[]
    }

    /// The VPC endpoints its resources call when the workload subnets have no internet
    /// egress; empty when `spec` does not declare it.
    fn endpoints(&self, spec: &Spec) -> &'static [&'static str] {
        let _ = spec;
        &[]
    }

    /// Why its resources need a VPC, when `spec` declares it and they do: a spec
    /// without `network` is refused at this component's key with this reason.
    fn needs_vpc(&self, spec: &Spec) -> Option<&'static str> {
        let _ = spec;
        None
    }

    /// The targets it offers to `access:` blocks (a bucket, a queue, the database), in
    /// spec order; empty when `spec` does not declare it.
    fn targets(&self, spec: &Spec) -> Vec<Target> {
        let _ = spec;
        Vec::new()
    }

    /// The resource types it renders that hold data a replacement or removal would lose.
    fn data_types(&self) -> &'static [&'static str] {
        &[]
    }

    /// Statements the environment key's policy needs for AWS services that use the key
    /// on its behalf (a service principal is admitted only by the key policy, never by
    /// IAM: AWS KMS Developer Guide, "Key policies in AWS KMS"); empty when `platform` does
    /// not declare it.
    fn key_policy(&self, platform: &Platform) -> Vec<Statement> {
        let _ = platform;
        Vec::new()
    }
}

/// A component with a key of its own in the spec: its section's shape, its resolved
/// model, and its resources. The network is the one component without: it is the
/// platform's core ([`Environment`]).
pub trait Section: Component {
    /// The section's value in the spec; a missing key is its `Default` (none, or empty).
    type Spec: std::fmt::Debug
        + Clone
        + Default
        + Serialize
        + for<'de> Deserialize<'de>
        + JsonSchema;
    /// The resolved section on the [`Platform`].
    type Model: std::fmt::Debug + Clone + Default;

    /// Resolves the section from `cx.spec`, reporting every problem with its key path.
    /// `done` holds the sections registered before this one, already resolved.
    fn resolve(cx: &mut Resolve<'_, '_>, done: &Sections) -> Self::Model;

    /// Adds its resources to its stack, importing what it needs from `cx.up` and
    /// exporting there what later stacks take. Called only when the platform declares it.
    fn render(model: &Self::Model, cx: &mut Render<'_>) {
        let _ = (model, cx);
    }

    /// The workloads it declares and what their `access:` blocks grant them.
    fn consumers(model: &Self::Model) -> Vec<(Consumer, &Grants)> {
        let _ = model;
        Vec::new()
    }
}

/// What a section's resolution reads: the whole spec, the sizing of its environment
/// size, the network's zone count, the targets the registry offers to `access:` blocks, and where problems go.
pub struct Resolve<'a, 'p> {
    pub spec: &'a Spec,
    pub size: EnvironmentSize,
    pub sizing: &'a Sizing,
    /// The AZs of the workload subnets, when the network resolved: what multi-AZ
    /// sections spread across.
    pub zones: Option<usize>,
    pub offered: &'a Offered,
    pub problems: &'a mut Problems<'p>,
}

/// Where a section renders: its platform, its stack's builder, and the handles the
/// stacks before it exported (and this stack's, for the stacks after it).
pub struct Render<'a> {
    pub platform: &'a Platform,
    pub s: &'a mut StackBuilder,
    pub up: &'a mut Upstream,
}

/// The nested stacks, in deployment order: a stack may import what any stack before it
/// exports (`render::link`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stack {
    /// The environment's key and the secrets it encrypts.
    Security,
    /// The VPC, subnets, endpoints and security groups.
    Network,
    /// Buckets, database, search, file systems and cache.
    Data,
    /// The organizations, one nested stack per non-empty shard (`organizations-<n>`,
    /// see `organizations/shard.rs`), not one stack.
    Organizations,
    Messaging,
    /// Services, Lambda functions and the load balancers in front of services.
    Compute,
    Connectors,
    Workers,
    Kubernetes,
    Dns,
}

impl Stack {
    /// Every stack, in deployment order.
    pub const ALL: [Stack; 10] = [
        Stack::Security,
        Stack::Network,
        Stack::Data,
        Stack::Organizations,
        Stack::Messaging,
        Stack::Compute,
        Stack::Connectors,
        Stack::Workers,
        Stack::Kubernetes,
        Stack::Dns,
    ];

    /// What the stack holds, in its template's description.
    pub fn description(self) -> &'static str {
        match self {
            Stack::Security => "encryption key",
            Stack::Network => "network",
            Stack::Data => "data stores",
            Stack::Organizations => "organizations",
            Stack::Messaging => "messaging",
            Stack::Compute => "container services",
            Stack::Connectors => "S3 connectors",
            Stack::Workers => "self-hosted workers",
            Stack::Kubernetes => "Kubernetes cluster",
            Stack::Dns => "DNS zone",
        }
    }

    /// The top-level stack that holds it: what lives as long as the environment (key,
    /// network, data stores, organizations) is the foundation; everything a platform
    /// release upgrades is the application.
    pub fn top_level(self) -> TopLevel {
        match self {
            Stack::Security | Stack::Network | Stack::Data | Stack::Organizations => {
                TopLevel::Foundation
            }
            Stack::Messaging
            | Stack::Compute
            | Stack::Connectors
            | Stack::Workers
            | Stack::Kubernetes
            | Stack::Dns => TopLevel::Application,
        }
    }

    /// The stack's name: its file stem and its logical ID stem in the parent.
    pub fn name(self) -> &'static str {
        match self {
            Stack::Security => "security",
            Stack::Network => "network",
            Stack::Data => "data",
            Stack::Organizations => "organizations",
            Stack::Messaging => "messaging",
            Stack::Compute => "compute",
            Stack::Connectors => "connectors",
            Stack::Workers => "workers",
            Stack::Kubernetes => "kubernetes",
            Stack::Dns => "dns",
        }
    }
}

/// The endpoints `spec`'s components need, sorted, each once.
pub fn endpoints(spec: &Spec) -> Vec<&'static str> {
    let needed: BTreeSet<&'static str> = REGISTRY
        .iter()
        .flat_map(|c| c.endpoints(spec).iter().copied())
        .collect();
    needed.into_iter().collect()
}

/// Types that hold data which no component renders, met in templates written elsewhere
/// (the linter reads any template, `plan` any deployed stack).
const OTHER_DATA_TYPES: &[&str] = &[
    "AWS::DynamoDB::Table",
    "AWS::EC2::Volume",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::Elasticsearch::Domain",
    "AWS::RDS::DBCluster",
];

/// Whether resources of `kind` hold data: `plan` flags their replacement loudly, the
/// linter asks for a deletion policy.
pub fn holds_data(kind: &str) -> bool {
    OTHER_DATA_TYPES.contains(&kind) || REGISTRY.iter().any(|c| c.data_types().contains(&kind))
}

/// The components `platform` declares in `stack`, in registry order.
pub fn declared_in(
    platform: &Platform,
    stack: Stack,
) -> impl Iterator<Item = &'static dyn Component> + '_ {
    REGISTRY
        .iter()
        .copied()
        .filter(move |c| c.stack() == stack && c.declared(platform))
}

/// The key-policy statements of every component `platform` declares, in registry order.
pub fn key_policy(platform: &Platform) -> Vec<Statement> {
    REGISTRY
        .iter()
        .filter(|c| c.declared(platform))
        .flat_map(|c| c.key_policy(platform))
        .collect()
}

/// Whether `platform` declares anything that lives in `stack`.
pub fn renders(platform: &Platform, stack: Stack) -> bool {
    declared_in(platform, stack).next().is_some()
}

/// Every demand row of every component, in report order.
pub fn demand_rows() -> impl Iterator<Item = &'static DemandRow> {
    REGISTRY.iter().flat_map(|c| c.demand().iter())
}

// The registry: one line per component, in the order reports list demand rows and
// sections resolve in (see `registry.rs`). Adding a component is its folder and a line here.
registry! {
    /// Long-running containers on ECS Fargate, in the private subnets.
    services: services::Services,
    core network::Network,
    /// PostgreSQL on RDS, in the private subnets, credentials in Secrets Manager.
    database: database::Database,
    /// An OpenSearch domain inside the VPC.
    search: search::Search,
    /// Network Load Balancers in front of services.
    load_balancers: load_balancers::LoadBalancers,
    /// REST APIs in API Gateway in front of load balancers, through a VPC link.
    apis: apis::Apis,
    /// Lambda functions in the private subnets.
    functions: functions::Functions,
    /// EMR Serverless applications for Spark jobs, in the private subnets.
    spark: spark::SparkApplications,
    /// The data pipeline's parsers and converters: Fargate tasks an orchestrator runs.
    pipelines: pipelines::Pipelines,
    /// An EKS cluster with a managed node group.
    kubernetes: kubernetes::Kubernetes,
    /// EFS file systems, backed up by AWS Backup.
    file_systems: file_systems::FileSystems,
    /// MemoryDB for Redis OSS.
    cache: cache::Cache,
    /// Workers a vendor's scheduler launches and scales in this account.
    workers: workers::Workers,
    /// The environment's KMS key. Always created; these keys tune it.
    encryption: key::Key,
    /// S3 buckets of the data lake.
    storage: buckets::Buckets,
    /// The platform's organizations (tenants): per organization a KMS key, a Glue
    /// database, an Athena workgroup and a managed policy, sharded over nested stacks.
    organizations: organizations::Organizations,
    /// SNS topics and SQS queues.
    messaging: messaging::Messaging,
    /// Secrets Manager secrets with generated values, granted through `access.secrets`.
    secrets: secrets::Secrets,
    /// S3 connectors: a source bucket's new objects, queued for a data platform to upload.
    connectors: connectors::Connectors,
    /// A Route 53 hosted zone.
    dns: dns::Dns,
    /// A CloudTrail trail of every API call, with CloudWatch alarms on what an operator must see.
    audit: audit::Audit,
    /// CloudWatch alarms on every component that can fail quietly, to a topic people
    /// subscribe to, and one dashboard of them.
    monitoring: monitoring::Monitoring,
    /// A Cognito user pool for the web applications' sign-in, with optional SAML single
    /// sign-on.
    user_pool: user_pool::UserPool,
    /// DynamoDB tables, granted through `access.read_tables` and `write_tables`.
    tables: tables::Tables,
    /// Kinesis data streams, optionally delivered by Firehose into a data-lake bucket;
    /// granted through `access.read_streams` and `write_streams`.
    streams: streams::Streams,
    /// An SES domain identity for notification mail, granted through `access.send_email`.
    email: email::Email,
    /// CloudFront distributions in front of the Data Apps: a load balancer or a
    /// static-assets bucket as origin.
    data_apps: data_apps::DataApps,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let names: BTreeSet<&str> = REGISTRY.iter().map(|c| c.name()).collect();
        assert_eq!(names.len(), REGISTRY.len());
    }

    #[test]
    fn every_demand_row_names_its_aws_source() {
        for row in demand_rows() {
            assert!(
                row.why.contains("Guide"),
                "{} gives no AWS document",
                row.name
            );
        }
    }

    #[test]
    fn data_types_are_known_to_the_provider_schemas() {
        for kind in REGISTRY.iter().flat_map(|c| c.data_types()) {
            assert!(crate::cfn::store::get(kind).is_some(), "{kind}");
        }
    }
}

#[cfg(test)]
mod registry_tests;
#[cfg(test)]
pub(crate) mod testkit;
