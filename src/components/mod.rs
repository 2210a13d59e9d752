//! The component registry: one [`Component`] per part of a platform (network, key,
//! buckets, database, ...), and [`REGISTRY`], the list every stage iterates instead of
//! naming components one by one.
//!
//! A component owns, in its own file here, what the stages ask of it that is not its
//! spec shape, model or resources: the stack it lives in and whether a platform declares
//! it (which stacks the renderer builds), the addresses it takes in the subnets
//! (`check-network`), the VPC endpoints it needs, the targets it offers to `access:`
//! blocks, and which of its resource types hold data (`plan`, the linter's retention
//! rule). Its spec section, resolved model and renderer still live in `spec`, `model` and
//! `render`; `ARCHITECTURE.md` says what a new component touches.

pub mod demand;

mod buckets;
mod cache;
mod connectors;
mod database;
mod dns;
mod file_systems;
mod functions;
mod key;
mod kubernetes;
mod load_balancers;
mod messaging;
mod network;
mod search;
mod secrets;
mod services;
mod workers;

use std::collections::BTreeSet;

use crate::model::{self, FromRegistry, Offered, Platform, Target};
use crate::spec::{Source, Spec, SpecError};

pub use demand::{Count, DemandRow, Pool};

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
    pub const ALL: [Stack; 9] = [
        Stack::Security,
        Stack::Network,
        Stack::Data,
        Stack::Messaging,
        Stack::Compute,
        Stack::Connectors,
        Stack::Workers,
        Stack::Kubernetes,
        Stack::Dns,
    ];

    /// The stack's name: its file stem and its logical ID stem in the parent.
    pub fn name(self) -> &'static str {
        match self {
            Stack::Security => "security",
            Stack::Network => "network",
            Stack::Data => "data",
            Stack::Messaging => "messaging",
            Stack::Compute => "compute",
            Stack::Connectors => "connectors",
            Stack::Workers => "workers",
            Stack::Kubernetes => "kubernetes",
            Stack::Dns => "dns",
        }
    }
}

/// Every component. The order is the order reports list demand rows in.
pub static REGISTRY: &[&dyn Component] = &[
    &services::Services,
    &network::Network,
    &database::Database,
    &search::Search,
    &load_balancers::LoadBalancers,
    &functions::Functions,
    &kubernetes::Kubernetes,
    &file_systems::FileSystems,
    &cache::Cache,
    &workers::Workers,
    &key::Key,
    &buckets::Buckets,
    &messaging::Messaging,
    &secrets::Secrets,
    &connectors::Connectors,
    &dns::Dns,
];

/// Resolves `spec` into a [`Platform`], sizing its network for the endpoints the declared
/// components need and checking `access:` blocks against the targets they offer, or
/// returns every problem found.
pub fn build(spec: &Spec, source: &Source) -> Result<Platform, SpecError> {
    let from_registry = FromRegistry {
        endpoints: endpoints(spec),
        offered: Offered::new(REGISTRY.iter().flat_map(|c| c.targets(spec))),
    };
    model::build(spec, source, &from_registry)
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
    "AWS::Kinesis::Stream",
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

/// Whether `platform` declares anything that lives in `stack`.
pub fn renders(platform: &Platform, stack: Stack) -> bool {
    declared_in(platform, stack).next().is_some()
}

/// Every demand row of every component, in report order.
pub fn demand_rows() -> impl Iterator<Item = &'static DemandRow> {
    REGISTRY.iter().flat_map(|c| c.demand().iter())
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
            assert!(crate::cfn::schema::get(kind).is_some(), "{kind}");
        }
    }
}
