//! Which resource types each supported region offers.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::Deserialize;

#[derive(Deserialize)]
struct TypesFile {
    source: String,
    types: BTreeSet<String>,
    unavailable: BTreeMap<String, BTreeSet<String>>,
}

fn data() -> &'static TypesFile {
    static DATA: OnceLock<TypesFile> = OnceLock::new();
    DATA.get_or_init(|| {
        serde_json::from_str(include_str!(
            "../../schemas/cloudformation/resource-types.json"
        ))
        .expect("schemas/cloudformation/resource-types.json is checked by the test suite")
    })
}

/// Where the data comes from, for reports.
pub fn source() -> &'static str {
    &data().source
}

/// Whether `kind` is a resource type of any supported region (custom resources and
/// third-party types aside).
pub fn is_known(kind: &str) -> bool {
    data().types.contains(kind)
}

/// Every known resource type, sorted: the candidates for "did you mean".
pub fn all() -> impl Iterator<Item = &'static str> {
    data().types.iter().map(String::as_str)
}

/// Whether `kind` can be created in `region`. Unknown types are not available anywhere.
pub fn available_in(kind: &str, region: &str) -> bool {
    is_known(kind)
        && !data()
            .unavailable
            .get(region)
            .is_some_and(|missing| missing.contains(kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_types_exist_in_every_supported_region() {
        for region in crate::regions::names() {
            for kind in [
                "AWS::EC2::VPC",
                "AWS::S3::Bucket",
                "AWS::RDS::DBInstance",
                "AWS::OpenSearchService::Domain",
            ] {
                assert!(available_in(kind, region), "{kind} in {region}");
            }
        }
    }

    #[test]
    fn unknown_types_are_available_nowhere() {
        assert!(!is_known("AWS::S3::Buckett"));
        assert!(!available_in("AWS::S3::Buckett", "us-east-1"));
        assert!(source().contains("cfn-lint"));
    }
}
