//! The embedded provider schemas of every resource type: one raw deflate stream per type
//! (`schemas/cloudformation/resources.deflate`) and an index of where each one lies
//! (`resources.index`), both written by `scripts/refresh-schemas`. Compressed, the
//! schemas of all types cost about a megabyte of binary; a command inflates and parses
//! only the types it asks for, each once, so a one-resource lint reads one schema.
//! The SAM resource types (`AWS::Serverless::*`) are kept the same way in `schemas/sam/`,
//! apart, since they are a transform's input and not types CloudFormation provisions.

use std::sync::OnceLock;

use super::schema::ResourceSchema;

/// One embedded set of schemas: its index text and its concatenated streams.
struct Store {
    index: &'static str,
    streams: &'static [u8],
    entries: OnceLock<Vec<Entry>>,
}

static CLOUDFORMATION: Store = Store {
    index: include_str!("../../schemas/cloudformation/resources.index"),
    streams: include_bytes!("../../schemas/cloudformation/resources.deflate"),
    entries: OnceLock::new(),
};

static SAM: Store = Store {
    index: include_str!("../../schemas/sam/resources.index"),
    streams: include_bytes!("../../schemas/sam/resources.deflate"),
    entries: OnceLock::new(),
};

/// Why an embedded schema cannot be read: a defect of the data the build embedded, which
/// the test suite reads in full.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("resources.index line {line}: expected `Type<TAB>offset<TAB>length` within resources.deflate")]
    Index { line: usize },
    #[error("{kind}: corrupt deflate stream ({status})")]
    Inflate { kind: String, status: String },
    #[error("{kind}: {source}")]
    Json {
        kind: String,
        source: serde_json::Error,
    },
}

/// One type: where its stream lies, and its schema once asked for.
struct Entry {
    kind: &'static str,
    start: usize,
    len: usize,
    parsed: OnceLock<ResourceSchema>,
}

impl Store {
    /// The index, sorted by type name. Reading it costs microseconds: no schema is touched.
    fn entries(&self) -> &[Entry] {
        self.entries.get_or_init(|| {
            self.read_index()
                .expect("the embedded resources.index files are checked by the test suite")
        })
    }

    fn read_index(&self) -> Result<Vec<Entry>, StoreError> {
        let mut found = Vec::new();
        for (i, line) in self.index.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let bad = || StoreError::Index { line: i + 1 };
            let mut fields = line.split('\t');
            let (Some(kind), Some(start), Some(len), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(bad());
            };
            let start: usize = start.parse().map_err(|_| bad())?;
            let len: usize = len.parse().map_err(|_| bad())?;
            if start
                .checked_add(len)
                .is_none_or(|end| end > self.streams.len())
            {
                return Err(bad());
            }
            found.push(Entry {
                kind,
                start,
                len,
                parsed: OnceLock::new(),
            });
        }
        found.sort_by(|a, b| a.kind.cmp(b.kind));
        Ok(found)
    }

    fn decode(&self, entry: &Entry) -> Result<ResourceSchema, StoreError> {
        let stream = &self.streams[entry.start..entry.start + entry.len];
        let text =
            miniz_oxide::inflate::decompress_to_vec(stream).map_err(|e| StoreError::Inflate {
                kind: entry.kind.to_owned(),
                status: format!("{:?}", e.status),
            })?;
        serde_json::from_slice(&text).map_err(|source| StoreError::Json {
            kind: entry.kind.to_owned(),
            source,
        })
    }

    fn get(&self, kind: &str) -> Option<&ResourceSchema> {
        let all = self.entries();
        let entry = &all[all.binary_search_by(|e| e.kind.cmp(kind)).ok()?];
        Some(entry.parsed.get_or_init(|| {
            self.decode(entry)
                .expect("the embedded resources.deflate files are checked by the test suite")
        }))
    }

    fn source(&self) -> &'static str {
        self.index
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# "))
            .unwrap_or_default()
    }
}

/// The schema of `kind`, decoded on first use; `None` for a type AWS does not publish.
pub fn get(kind: &str) -> Option<&'static ResourceSchema> {
    CLOUDFORMATION.get(kind)
}

/// Every type with a schema, sorted.
pub fn kinds() -> impl Iterator<Item = &'static str> {
    CLOUDFORMATION.entries().iter().map(|e| e.kind)
}

/// Where the schemas come from (the package and its schema date), for reports.
pub fn source() -> &'static str {
    CLOUDFORMATION.source()
}

/// The property shapes of SAM resource type `kind` (`AWS::Serverless::Function`), decoded
/// on first use; `None` for a type the SAM specification does not define.
pub fn sam(kind: &str) -> Option<&'static ResourceSchema> {
    SAM.get(kind)
}

/// Every SAM resource type, sorted.
pub fn sam_kinds() -> impl Iterator<Item = &'static str> {
    SAM.entries().iter().map(|e| e.kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::schema::Replacement;

    /// Schemas are decoded on first use, so this is where a corrupt one is caught.
    #[test]
    fn every_embedded_schema_decodes() {
        for (store, at_least) in [(&CLOUDFORMATION, 1500), (&SAM, 10)] {
            let all = store.read_index().unwrap();
            assert!(all.len() > at_least, "{} schemas", all.len());
            for entry in &all {
                if let Err(e) = store.decode(entry) {
                    panic!("{e}");
                }
            }
        }
        assert!(source().contains("cfn-lint"), "{}", source());
        assert!(
            SAM.source().contains("aws-sam-translator"),
            "{}",
            SAM.source()
        );
        assert!(sam("AWS::Serverless::Function").is_some());
        assert!(sam_kinds().all(|k| k.starts_with("AWS::Serverless::")));
    }

    #[test]
    fn every_published_type_has_a_schema() {
        let missing: Vec<&str> = crate::cfn::types::all()
            .filter(|kind| get(kind).is_none())
            .collect();
        assert!(missing.is_empty(), "{missing:?}");
        assert!(get("AWS::S3::Buckett").is_none());
    }

    fn path(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn create_only_properties_replace_and_others_do_not() {
        let vpc = get("AWS::EC2::VPC").unwrap();
        assert_eq!(vpc.replacement(&path(&["CidrBlock"])), Replacement::Always);
        assert_eq!(vpc.replacement(&path(&["Tags"])), Replacement::Never);
        let db = get("AWS::RDS::DBInstance").unwrap();
        assert_eq!(
            db.replacement(&path(&["StorageEncrypted"])),
            Replacement::Always
        );
        assert_eq!(
            db.replacement(&path(&["MultiAZ"])),
            Replacement::Conditional
        );
        assert_eq!(
            db.replacement(&path(&["DBInstanceClass"])),
            Replacement::Never
        );
    }

    #[test]
    fn every_type_the_renderer_emits_has_a_schema() {
        for kind in [
            "AWS::CloudFormation::Stack",
            "AWS::EC2::VPC",
            "AWS::EC2::Subnet",
            "AWS::KMS::Key",
            "AWS::S3::Bucket",
            "AWS::RDS::DBInstance",
            "AWS::OpenSearchService::Domain",
            "AWS::SQS::Queue",
            "AWS::SNS::Topic",
            "AWS::ECS::Service",
            "AWS::IAM::Role",
            "AWS::Logs::LogGroup",
            "AWS::SecretsManager::Secret",
            "AWS::Backup::BackupVault",
            "AWS::EFS::FileSystem",
            "AWS::EKS::Cluster",
            "AWS::EKS::Nodegroup",
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            "AWS::Lambda::Function",
            "AWS::MemoryDB::ACL",
            "AWS::MemoryDB::Cluster",
            "AWS::MemoryDB::User",
            "AWS::Route53::HostedZone",
        ] {
            assert!(get(kind).is_some(), "{kind}");
        }
    }

    #[test]
    fn attributes_come_from_read_only_properties() {
        let db = get("AWS::RDS::DBInstance").unwrap();
        let attributes: Vec<String> = db.attributes().collect();
        assert!(attributes.contains(&"Endpoint.Address".to_owned()));
        assert!(attributes.contains(&"MasterUserSecret.SecretArn".to_owned()));
    }
}
