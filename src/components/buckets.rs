//! S3 buckets of the `storage` section, and the access log bucket.

use super::{Component, Stack};
use crate::model::{Platform, Target};
use crate::spec::Spec;

/// Needs no endpoint of its own: S3's gateway endpoint is the network's, in every
/// environment.
pub struct Buckets;

impl Component for Buckets {
    fn name(&self) -> &'static str {
        "storage"
    }

    fn stack(&self) -> Stack {
        Stack::Data
    }

    fn declared(&self, p: &Platform) -> bool {
        p.storage.is_some()
    }

    /// Each bucket, to read and write.
    fn targets(&self, spec: &Spec) -> Vec<Target> {
        spec.storage
            .iter()
            .flat_map(|s| &s.buckets)
            .map(|b| Target::Bucket(b.name.clone()))
            .collect()
    }

    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::S3::Bucket"]
    }
}
