//! S3 buckets of the `storage` section, and the access log bucket.

pub mod model;
pub mod render;
pub mod spec;

use super::Platform;
use super::Spec;
use super::{Component, Render, Resolve, Section, Sections, Stack};
use crate::model::Target;

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

impl Section for Buckets {
    type Spec = Option<spec::StorageSpec>;
    type Model = Option<model::Storage>;

    fn resolve(cx: &mut Resolve<'_, '_>, _: &Sections) -> Self::Model {
        model::resolve(cx.spec, cx.problems)
    }

    /// The access log bucket also takes the load balancers' logs when there are any.
    fn render(model: &Self::Model, cx: &mut Render<'_>) {
        if let Some(storage) = model {
            let load_balancer_logs = !cx.platform.load_balancers.is_empty();
            (cx.up.data.buckets, cx.up.data.access_log_bucket_name) =
                render::render(cx.s, storage, load_balancer_logs);
        }
    }
}
