//! Kinesis data streams, each optionally delivered into a data-lake bucket by Amazon Data
//! Firehose.

mod firehose;
pub mod model;
pub mod render;
pub mod spec;

use super::demand::DemandRow;
use super::{Component, Platform, Render, Resolve, Section, Sections, Spec, Stack};
use crate::model::Target;

/// In the data stack: a stream holds records for its retention, and its delivery writes
/// into a bucket of the same stack.
pub struct Streams;

impl Component for Streams {
    fn name(&self) -> &'static str {
        "streams"
    }

    fn stack(&self) -> Stack {
        Stack::Data
    }

    fn declared(&self, p: &Platform) -> bool {
        !p.streams.is_empty()
    }

    /// None: a stream is an AWS API, and Firehose reads it from outside the VPC, taking
    /// subnet addresses only for delivery into a VPC (Amazon Data Firehose Developer
    /// Guide, "Access to Amazon OpenSearch Service in a VPC"), which it does not do here.
    /// The `kinesis-streams` endpoint's addresses are the endpoints rows'.
    fn demand(&self) -> &'static [DemandRow] {
        &[]
    }

    /// Producers and consumers call the Kinesis API: its interface endpoint without
    /// internet egress (Amazon Kinesis Data Streams Developer Guide, "Using Kinesis Data
    /// Streams with interface VPC endpoints"). Firehose reads the stream from outside the
    /// VPC and takes no address.
    fn endpoints(&self, spec: &Spec) -> &'static [&'static str] {
        if spec.streams.is_empty() {
            &[]
        } else {
            &["kinesis-streams"]
        }
    }

    /// To put records and to read them.
    fn targets(&self, spec: &Spec) -> Vec<Target> {
        spec.streams.iter().map(|x| Target::Stream(x.name.clone())).collect()
    }

    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::Kinesis::Stream", "AWS::Logs::LogGroup"]
    }
}

impl Section for Streams {
    type Spec = Vec<spec::StreamSpec>;
    type Model = Vec<model::Stream>;

    fn resolve(cx: &mut Resolve<'_, '_>, done: &Sections) -> Self::Model {
        model::resolve(cx.spec, done.storage.as_ref(), cx.problems)
    }

    fn render(model: &Self::Model, cx: &mut Render<'_>) {
        cx.up.data.streams = render::render(cx.s, cx.platform, model);
    }
}

#[cfg(test)]
mod tests;
