//! Which resource types take the environment's tag list: a generated list, since synth
//! asks it of every resource it renders and the schemas cost more to read than a synth.

use std::sync::OnceLock;

/// The types whose `Tags` take the environment's tag list
/// ([`ResourceSchema::takes_tag_list`](super::schema::ResourceSchema::takes_tag_list)), one a line. Generated from the schemas and held
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
    use crate::cfn::schema::ResourceSchema;
    use crate::cfn::store::{get, kinds};

    /// Guards the generated list synth tags by: it must say what the schemas say.
    /// `PLATFORMCTL_WRITE_TAG_LISTS=1 cargo test --lib tag_list_file` rewrites it (after
    /// `scripts/refresh-schemas`).
    #[test]
    fn the_tag_list_file_matches_the_schemas() {
        let derived: String = kinds()
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
}
