//! SNS topics and SQS queues.

pub mod model;
pub mod render;
pub mod spec;

use super::Platform;
use super::Spec;
use super::{Component, Render, Resolve, Section, Sections, Stack};
use crate::model::Target;

pub struct Messaging;

impl Component for Messaging {
    fn name(&self) -> &'static str {
        "messaging"
    }

    fn stack(&self) -> Stack {
        Stack::Messaging
    }

    fn declared(&self, p: &Platform) -> bool {
        !p.messaging.topics.is_empty() || !p.messaging.queues.is_empty()
    }

    fn endpoints(&self, spec: &Spec) -> &'static [&'static str] {
        let Some(m) = &spec.messaging else {
            return &[];
        };
        match (m.topics.is_empty(), m.queues.is_empty()) {
            (true, true) => &[],
            (false, true) => &["sns"],
            (true, false) => &["sqs"],
            (false, false) => &["sns", "sqs"],
        }
    }

    /// Each topic, to publish to, and each queue, to consume or send.
    fn targets(&self, spec: &Spec) -> Vec<Target> {
        let Some(m) = &spec.messaging else {
            return Vec::new();
        };
        let topics = m.topics.iter().map(|t| Target::Topic(t.name.clone()));
        let queues = m.queues.iter().map(|q| Target::Queue(q.name.clone()));
        topics.chain(queues).collect()
    }

    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::SQS::Queue"]
    }
}

impl Section for Messaging {
    type Spec = Option<spec::MessagingSpec>;
    type Model = model::Messaging;

    fn resolve(cx: &mut Resolve<'_, '_>, _: &Sections) -> Self::Model {
        let (topics, queues) = model::resolve(cx.spec, cx.problems);
        model::Messaging { topics, queues }
    }

    fn render(_: &Self::Model, cx: &mut Render<'_>) {
        cx.up.messaging = render::render(cx.s, cx.platform, cx.up);
    }
}
