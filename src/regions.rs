//! The regions the platform supports and what each one offers, from `schemas/regions.json`.
//!
//! The data is embedded at build time so the binary needs no files beside it; the JSON
//! names its sources.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// Facts about one supported region.
#[derive(Debug, Clone, Deserialize)]
pub struct Region {
    #[serde(skip)]
    pub name: String,
    pub location: String,
    /// Zone names open to new accounts, in the order `Fn::GetAZs` lists them.
    pub availability_zones: Vec<String>,
}

#[derive(Deserialize)]
struct RegionFile {
    regions: BTreeMap<String, Region>,
}

fn table() -> &'static BTreeMap<String, Region> {
    static TABLE: OnceLock<BTreeMap<String, Region>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let file: RegionFile = serde_json::from_str(include_str!("../schemas/regions.json"))
            .expect("schemas/regions.json is checked by the test suite");
        file.regions
            .into_iter()
            .map(|(name, mut region)| {
                region.name.clone_from(&name);
                (name, region)
            })
            .collect()
    })
}

/// The supported region called `name`, if it is one.
pub fn get(name: &str) -> Option<&'static Region> {
    table().get(name)
}

/// Names of all supported regions, sorted.
pub fn names() -> Vec<&'static str> {
    table().keys().map(String::as_str).collect()
}

/// An error message for an unsupported region that lists the supported ones.
pub fn unsupported_message(name: &str) -> String {
    format!(
        "region `{name}` is not supported; supported regions: {}",
        names().join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_six_supported_regions_load_with_their_zones() {
        assert_eq!(
            names(),
            [
                "ap-northeast-1",
                "eu-central-1",
                "eu-west-1",
                "us-east-1",
                "us-east-2",
                "us-west-2"
            ]
        );
        for name in names() {
            let region = get(name).unwrap();
            assert!(region.availability_zones.len() >= 3, "{name}");
            assert!(region
                .availability_zones
                .iter()
                .all(|z| z.starts_with(name)));
        }
    }
}
