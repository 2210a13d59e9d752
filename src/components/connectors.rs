//! S3 connectors: a source bucket's new objects, queued for a data platform to upload.

use super::{Component, Stack};
use crate::model::Platform;

pub struct Connectors;

impl Component for Connectors {
    fn name(&self) -> &'static str {
        "connectors"
    }

    fn stack(&self) -> Stack {
        Stack::Connectors
    }

    fn declared(&self, p: &Platform) -> bool {
        !p.connectors.is_empty()
    }

    /// The connector's bucket and its queues.
    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::S3::Bucket", "AWS::SQS::Queue"]
    }
}
