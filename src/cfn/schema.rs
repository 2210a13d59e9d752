//! Trimmed resource provider schemas: properties and the replacement rules `plan` reads.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::Value;

use super::shape::Shape;

/// One resource type's schema, as trimmed by `scripts/refresh-schemas`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceSchema {
    pub properties: BTreeMap<String, Shape>,
    pub definitions: BTreeMap<String, Shape>,
    pub required: Vec<String>,
    pub additional_properties: Value,
    /// JSON pointers (`/properties/CidrBlock`) whose change always replaces the resource.
    pub create_only_properties: Vec<String>,
    /// Pointers whose change replaces the resource in some cases only.
    pub conditional_create_only_properties: Vec<String>,
    /// Pointers CloudFormation computes: the attributes `Fn::GetAtt` can read.
    pub read_only_properties: Vec<String>,
}

/// How a change to a property path affects the resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Replacement {
    Never,
    Conditional,
    Always,
}

impl ResourceSchema {
    /// Whether changing the property at `path` (`["ClusterConfig", "InstanceType"]`)
    /// replaces the resource: it is, or lies under, a create-only property.
    pub fn replacement(&self, path: &[String]) -> Replacement {
        let covers = |pointers: &[String]| {
            pointers.iter().any(|pointer| {
                let parts: Vec<&str> = pointer
                    .trim_start_matches("/properties/")
                    .split('/')
                    .collect();
                parts.len() <= path.len()
                    && parts
                        .iter()
                        .zip(path)
                        .all(|(want, got)| *want == "*" || want == got)
            })
        };
        if covers(&self.create_only_properties) {
            Replacement::Always
        } else if covers(&self.conditional_create_only_properties) {
            Replacement::Conditional
        } else {
            Replacement::Never
        }
    }

    /// Whether the type takes the environment's tags: its `Tags` property is a list of
    /// `{Key, Value}` and an item needs nothing more (an Auto Scaling group's items also
    /// need `PropagateAtLaunch`; types whose `Tags` is a map take no list at all).
    pub fn takes_tag_list(&self) -> bool {
        let Some(item) = self
            .properties
            .get("Tags")
            .and_then(|tags| self.resolve(tags))
            .and_then(|tags| tags.items.as_deref())
            .and_then(|item| self.resolve(item))
        else {
            return false;
        };
        item.properties.contains_key("Key")
            && item.properties.contains_key("Value")
            && item.required.iter().all(|r| r == "Key" || r == "Value")
    }

    /// `shape`, or the definition its `$ref` points at.
    fn resolve<'s>(&'s self, shape: &'s Shape) -> Option<&'s Shape> {
        match shape.reference_name() {
            Some(name) => self.definitions.get(name),
            None => Some(shape),
        }
    }

    /// `Fn::GetAtt` attribute names: read-only properties, nested ones dotted.
    pub fn attributes(&self) -> impl Iterator<Item = String> + '_ {
        self.read_only_properties
            .iter()
            .filter(|p| !p.contains('*'))
            .map(|p| p.trim_start_matches("/properties/").replace('/', "."))
    }
}

/// The schema of `kind`, for every type AWS publishes in a supported region (decoded
/// on first use, see [`store`](super::store)).
pub fn get(kind: &str) -> Option<&'static ResourceSchema> {
    super::store::get(kind)
}

/// The types whose `Tags` take the environment's tag list
/// ([`ResourceSchema::takes_tag_list`]), one a line. Generated from the schemas and held
/// to them by the test `the_tag_list_file_matches_the_schemas`; synth asks this of every
/// resource it renders, and reading the schemas for it cost more than the rest of a synth.
const TAG_LISTS: &str = include_str!("../../schemas/cloudformation/tag-lists.txt");

/// Whether `kind` takes the environment's tags.
pub fn takes_tag_list(kind: &str) -> bool {
    static SORTED: OnceLock<Vec<&'static str>> = OnceLock::new();
    let sorted = SORTED.get_or_init(|| {
        let mut lines: Vec<&str> = TAG_LISTS.lines().collect();
        lines.sort_unstable();
        lines
    });
    sorted.binary_search(&kind).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// Guards the generated list synth tags by: it must say what the schemas say.
    /// `PLATFORMCTL_WRITE_TAG_LISTS=1 cargo test --lib tag_list_file` rewrites it (after
    /// `scripts/refresh-schemas`).
    #[test]
    fn the_tag_list_file_matches_the_schemas() {
        let derived: String = super::super::store::kinds()
            .filter(|kind| get(kind).is_some_and(ResourceSchema::takes_tag_list))
            .map(|kind| format!("{kind}\n"))
            .collect();
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/schemas/cloudformation/tag-lists.txt"
        );
        if std::env::var_os("PLATFORMCTL_WRITE_TAG_LISTS").is_some() {
            std::fs::write(path, &derived).expect("write the tag list file");
            return;
        }
        assert_eq!(
            TAG_LISTS, derived,
            "schemas/cloudformation/tag-lists.txt is stale; rewrite it with \
             PLATFORMCTL_WRITE_TAG_LISTS=1 cargo test --lib tag_list_file"
        );
    }

    #[test]
    fn tag_lists_are_read_from_the_schemas() {
        let taggable = |kind: &str| {
            let typed = get(kind).is_some_and(ResourceSchema::takes_tag_list);
            assert_eq!(typed, takes_tag_list(kind), "{kind}");
            typed
        };

        for kind in [
            "AWS::EC2::VPCEndpoint",
            "AWS::ElasticLoadBalancingV2::Listener",
            "AWS::KMS::Key",
            "AWS::MemoryDB::ACL",
            "AWS::CloudFormation::Stack",
        ] {
            assert!(taggable(kind), "{kind}");
        }
        // A map of tags, items that need more than Key and Value, or no Tags at all.
        for kind in [
            "AWS::EKS::Nodegroup",
            "AWS::AutoScaling::AutoScalingGroup",
            "AWS::Backup::BackupVault",
            "AWS::EC2::Route",
        ] {
            assert!(!taggable(kind), "{kind}");
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
