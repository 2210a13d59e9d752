//! S3 buckets of the `storage` section, and the access log bucket.

use super::Component;

/// Needs no endpoint of its own: S3's gateway endpoint is the network's, in every
/// environment.
pub struct Buckets;

impl Component for Buckets {
    fn name(&self) -> &'static str {
        "storage"
    }

    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::S3::Bucket"]
    }
}
