//! S3 buckets of the `storage` section, and the access log bucket.

use super::{Component, Stack};
use crate::model::Platform;

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

    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::S3::Bucket"]
    }
}
