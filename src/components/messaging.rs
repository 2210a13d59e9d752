//! SNS topics and SQS queues.

use super::{Component, Stack};
use crate::model::{Platform, Target};
use crate::spec::Spec;

pub struct Messaging;

impl Component for Messaging {
    fn name(&self) -> &'static str {
        "messaging"
    }

    fn stack(&self) -> Stack {
        Stack::Messaging
    }

    fn declared(&self, p: &Platform) -> bool {
        !p.topics.is_empty() || !p.queues.is_empty()
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
