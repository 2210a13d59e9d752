//! The `messaging` section: SQS queues and SNS topics subscribed to them.

use crate::components::Spec;
use crate::model::access::refs;
use crate::model::names::named;
use crate::model::Problems;
use crate::yaml::KeyPath;

/// How long a received message stays hidden from other consumers, unless the spec says.
pub const DEFAULT_VISIBILITY_TIMEOUT_SECONDS: u32 = 300;

/// The section's topics and queues.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Messaging {
    pub topics: Vec<Topic>,
    pub queues: Vec<Queue>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub name: String,
    pub id: String,
    /// Queue names, sorted, so that reordering never changes the output.
    pub subscribers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queue {
    pub name: String,
    pub id: String,
    pub visibility_timeout_seconds: u32,
    pub retention_seconds: u32,
    pub max_receive_count: u16,
}

/// Resolves `messaging`: queues (each with a dead-letter queue) and the topics that fan
/// out to them.
pub(crate) fn resolve(spec: &Spec, p: &mut Problems) -> (Vec<Topic>, Vec<Queue>) {
    let Some(m) = &spec.messaging else {
        return (Vec::new(), Vec::new());
    };
    let at = KeyPath::root().key("messaging");
    let queues: Vec<Queue> = named(&m.queues, |q| &q.name, &at.key("queues"), p)
        .into_iter()
        .map(|(q, id, here)| {
            let visibility_timeout_seconds = q
                .visibility_timeout_seconds
                .unwrap_or(DEFAULT_VISIBILITY_TIMEOUT_SECONDS);
            if visibility_timeout_seconds > 43_200 {
                p.error(
                    "spec/queue",
                    &here.key("visibility_timeout_seconds"),
                    "SQS allows at most 43,200 seconds (12 hours)",
                );
            }
            let retention_days = q.retention_days.unwrap_or(4);
            if !(1..=14).contains(&retention_days) {
                p.error(
                    "spec/queue",
                    &here.key("retention_days"),
                    "SQS keeps messages 1 to 14 days",
                );
            }
            let max_receive_count = q.max_receive_count.unwrap_or(5);
            if !(1..=1000).contains(&max_receive_count) {
                p.error(
                    "spec/queue",
                    &here.key("max_receive_count"),
                    "SQS allows 1 to 1,000 receives before dead-lettering",
                );
            }
            Queue {
                name: q.name.clone(),
                id,
                visibility_timeout_seconds,
                retention_seconds: u32::from(retention_days) * 86_400,
                max_receive_count,
            }
        })
        .collect();
    let topics = named(&m.topics, |t| &t.name, &at.key("topics"), p)
        .into_iter()
        .map(|(t, id, here)| {
            let here = here.key("subscribers");
            let subscribers = refs(
                &t.subscribers,
                queues.iter().map(|q| &q.name),
                "queue",
                &here,
                p,
            );
            Topic {
                name: t.name.clone(),
                id,
                subscribers,
            }
        })
        .collect();
    (topics, queues)
}
