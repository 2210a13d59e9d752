//! S3 connectors: a source bucket's new objects, queued for a data platform to upload.

pub mod credential;
pub mod model;
pub mod render;
pub mod spec;

use super::Platform;
use super::{Component, Render, Resolve, Section, Sections, Stack};

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

impl Section for Connectors {
    type Spec = Vec<spec::ConnectorSpec>;
    type Model = Vec<model::Connector>;

    fn resolve(cx: &mut Resolve<'_, '_>, _: &Sections) -> Self::Model {
        model::resolve(cx.spec, cx.problems)
    }

    fn render(_: &Self::Model, cx: &mut Render<'_>) {
        render::render(cx.s, cx.platform, cx.up);
    }
}
