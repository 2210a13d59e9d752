//! Facts about CloudFormation resource types, from the provider schemas AWS publishes
//! (trimmed into `schemas/cloudformation/` by `scripts/refresh-schemas`, embedded at build
//! time): which types exist in which region, their properties, and which property changes
//! replace a resource.

pub mod schema;
pub mod shape;
pub mod types;

/// Types whose resources hold data that a replacement or removal would lose. `plan` flags
/// them loudly; the renderer gives each a Retain or Snapshot policy.
pub const STATEFUL_TYPES: &[&str] = &[
    "AWS::Backup::BackupVault",
    "AWS::DynamoDB::Table",
    "AWS::EC2::Volume",
    "AWS::EFS::FileSystem",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::Elasticsearch::Domain",
    "AWS::KMS::Key",
    "AWS::Kinesis::Stream",
    "AWS::Logs::LogGroup",
    "AWS::MemoryDB::Cluster",
    "AWS::OpenSearchService::Domain",
    "AWS::RDS::DBCluster",
    "AWS::RDS::DBInstance",
    "AWS::S3::Bucket",
    "AWS::SQS::Queue",
    "AWS::SecretsManager::Secret",
];

/// Whether resources of `kind` hold data.
pub fn is_stateful(kind: &str) -> bool {
    STATEFUL_TYPES.contains(&kind)
}
