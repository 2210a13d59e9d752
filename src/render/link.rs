//! Typed links between nested stacks.
//!
//! A producer exports a value once with [`StackBuilder::export`](super::stack::StackBuilder::export),
//! which hands back an [`Export`]: the only way to name that value in another stack. A
//! consumer passes the handle to [`import`](super::stack::StackBuilder::import), which
//! declares the child's parameter (name, type and description from the handle) and records
//! the producing stack. The parent wires each parameter to its producer's output from that
//! record alone: nothing is matched by name, and a stack cannot import what no earlier stack
//! exported, because it cannot hold the handle.
//!
//! Each producing stage returns its handles in one of the structs below; [`Upstream`]
//! carries them to the stacks rendered after it.

use std::collections::BTreeMap;

use crate::model::Target;

/// What a link carries, declared once in [`super::names`]: the output's (and parameter's)
/// name, the parameter type consumers declare, and the two descriptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub name: String,
    /// `String`, `AWS::EC2::VPC::Id`, `List<AWS::EC2::Subnet::Id>`...: what CloudFormation
    /// checks the wired value against in the consumer.
    pub kind: &'static str,
    /// The producer's output description.
    pub output: String,
    /// The consumer's parameter description.
    pub parameter: String,
}

impl Link {
    /// A link described alike on both sides.
    pub fn new(
        name: impl Into<String>,
        kind: &'static str,
        description: impl Into<String>,
    ) -> Self {
        let description = description.into();
        Link {
            name: name.into(),
            kind,
            output: description.clone(),
            parameter: description,
        }
    }

    /// The same link with the consumer's parameter described in other words.
    pub fn parameter(mut self, description: impl Into<String>) -> Self {
        self.parameter = description.into();
        self
    }
}

/// A value an earlier stack exports. Only [`StackBuilder::export`](super::stack::StackBuilder::export)
/// makes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    pub(super) link: Link,
    /// The producing stack's name.
    pub(super) stack: &'static str,
}

impl Export {
    /// The output's name, which is also the consumer's parameter name.
    pub fn name(&self) -> &str {
        &self.link.name
    }
}

/// The security stack's exports: the environment's key and each secret's ARN by name.
#[derive(Debug, Clone)]
pub struct SecurityExports {
    pub key_arn: Export,
    /// The alarm topic, when the spec declares `monitoring`.
    pub alarm_topic_arn: Option<Export>,
    pub secrets: BTreeMap<String, Export>,
}

/// The network stack's exports; the security groups of stores that are not declared, and
/// the public subnets when no internet-facing load balancer needs them, are absent.
#[derive(Debug, Clone)]
pub struct NetworkExports {
    pub vpc_id: Export,
    pub private_subnet_ids: Export,
    pub public_subnet_ids: Option<Export>,
    /// The group of the vendor's worker tasks, when workers are declared.
    pub workload_security_group_id: Option<Export>,
    pub database_security_group_id: Option<Export>,
    pub search_security_group_id: Option<Export>,
}

impl Upstream {
    /// The security group in front of `target`, for targets reached on a port in the VPC.
    pub fn group_of(&self, target: &Target) -> Option<&Export> {
        match target {
            Target::Database => self.network.database_security_group_id.as_ref(),
            Target::Search => self.network.search_security_group_id.as_ref(),
            Target::FileSystem(_) => self.data.file_system_security_group_id.as_ref(),
            Target::Cache => self.data.cache.as_ref().map(|c| &c.group),
            Target::Service(name) => self.compute.service_security_groups.get(name),
            _ => None,
        }
    }
}

/// A bucket's ARN and name.
#[derive(Debug, Clone)]
pub struct BucketExports {
    pub arn: Export,
    pub name: Export,
}

/// The database's endpoint and the secret holding its credentials.
#[derive(Debug, Clone)]
pub struct DatabaseExports {
    pub endpoint: Export,
    pub secret_arn: Export,
}

/// The search domain's ARN and endpoint.
#[derive(Debug, Clone)]
pub struct SearchExports {
    pub arn: Export,
    pub endpoint: Export,
    /// The domain's master user, which the role mapping function runs as.
    pub admin_role_arn: Export,
    /// The same role's name, to add the function's own rights where the function lives.
    pub admin_role_name: Export,
}

/// The MemoryDB cluster's ARN, its user's ARN and name (what `memorydb:Connect` names and
/// clients sign in as), its endpoint and its security group.
#[derive(Debug, Clone)]
pub struct CacheExports {
    pub arn: Export,
    pub user_arn: Export,
    pub user_name: Export,
    pub endpoint: Export,
    pub group: Export,
}

/// The data stack's exports (empty when there is no data stack).
#[derive(Debug, Clone, Default)]
pub struct DataExports {
    /// By bucket name.
    pub buckets: BTreeMap<String, BucketExports>,
    pub access_log_bucket_name: Option<Export>,
    pub database: Option<DatabaseExports>,
    pub search: Option<SearchExports>,
    pub cache: Option<CacheExports>,
    /// By file system name.
    pub file_systems: BTreeMap<String, FileSystemExports>,
    /// The group of the file systems' mount targets.
    pub file_system_security_group_id: Option<Export>,
    /// The Cognito user pool, when the spec declares one.
    pub user_pool_arn: Option<Export>,
    /// By table name.
    pub tables: BTreeMap<String, TableExports>,
    /// By stream name.
    pub streams: BTreeMap<String, StreamExports>,
}

/// A Kinesis data stream's ARN (what roles are granted) and name (what the code calls).
#[derive(Debug, Clone)]
pub struct StreamExports {
    pub arn: Export,
    pub name: Export,
}

/// A DynamoDB table's ARN (what roles are granted) and name (what the code calls).
#[derive(Debug, Clone)]
pub struct TableExports {
    pub arn: Export,
    pub name: Export,
}

/// A file system's ID (what a task's volume names) and ARN (what its role is granted).
#[derive(Debug, Clone)]
pub struct FileSystemExports {
    pub id: Export,
    pub arn: Export,
}

/// A queue's ARN and URL.
#[derive(Debug, Clone)]
pub struct QueueExports {
    pub arn: Export,
    pub url: Export,
}

/// The messaging stack's exports, by queue and topic name.
#[derive(Debug, Clone, Default)]
pub struct MessagingExports {
    pub queues: BTreeMap<String, QueueExports>,
    pub topics: BTreeMap<String, Export>,
    /// The SES identity, when the spec declares `email`.
    pub email: Option<EmailExports>,
}

/// The SES identity and configuration set workloads send through, and the Easy DKIM
/// records (name, value) the domain's zone needs.
#[derive(Debug, Clone)]
pub struct EmailExports {
    pub identity_arn: Export,
    pub configuration_set_arn: Export,
    pub configuration_set_name: Export,
    pub dkim: Vec<(Export, Export)>,
}

/// A load balancer's DNS name and hosted zone, for alias records.
#[derive(Debug, Clone)]
pub struct LoadBalancerExports {
    pub dns_name: Export,
    pub zone_id: Export,
    /// The load balancer's ARN, exported only for an internal one a data app reaches
    /// through a CloudFront VPC origin.
    pub arn: Option<Export>,
}

/// The compute stack's exports: load balancers by logical-ID stem, and the security
/// groups of the services a later stack's workload connects to, by service name.
#[derive(Debug, Clone, Default)]
pub struct ComputeExports {
    pub load_balancers: BTreeMap<String, LoadBalancerExports>,
    /// The regional target of each API's custom domain, by the API's logical-ID stem: the
    /// same two values an alias record takes.
    pub api_domains: BTreeMap<String, LoadBalancerExports>,
    pub service_security_groups: BTreeMap<String, Export>,
}

/// Everything exported by the stacks rendered so far, in deployment order: the security
/// and network stacks always come first; later stages start empty and fill in as their
/// stacks render, so a consumer can only take what an earlier stack gave.
#[derive(Debug, Clone)]
pub struct Upstream {
    pub security: SecurityExports,
    pub network: NetworkExports,
    pub data: DataExports,
    pub messaging: MessagingExports,
    pub compute: ComputeExports,
}
