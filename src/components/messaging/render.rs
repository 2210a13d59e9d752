//! The messaging stack: SNS topics and SQS queues, each queue with a dead-letter queue,
//! all encrypted with the environment's key and reachable only over TLS.

use serde_json::{json, Value};

use crate::components::{Platform, Queue, Topic};
use crate::render::iam::{self, Statement};
use crate::render::intrinsics::{get_att, r#ref};
use crate::render::link::{MessagingExports, QueueExports, Upstream};
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::{Policy, Resource};

/// Dead-letter queues keep messages for the SQS maximum, 14 days.
const DLQ_RETENTION_SECONDS: u32 = 1_209_600;

/// A dead-letter queue under the environment's key, kept when its stack goes: the one
/// shape every queue's and every function's DLQ takes.
pub(crate) fn dead_letter_queue() -> Resource {
    Resource::new(
        "AWS::SQS::Queue",
        json!({ "KmsMasterKeyId": r#ref(names::KEY_ARN), "MessageRetentionPeriod": DLQ_RETENTION_SECONDS }),
    )
    .keep(Policy::Retain)
}

pub fn queue_id(queue: &Queue) -> String {
    format!("{}Queue", queue.id)
}

pub fn topic_id(topic: &Topic) -> String {
    format!("{}Topic", topic.id)
}

pub fn render(s: &mut StackBuilder, platform: &Platform, up: &Upstream) -> MessagingExports {
    let mut exports = MessagingExports::default();
    s.import(&up.security.key_arn);
    for queue in &platform.messaging.queues {
        let handles = render_queue(s, platform, queue);
        exports.queues.insert(queue.name.clone(), handles);
    }
    for topic in &platform.messaging.topics {
        let id = topic_id(topic);
        s.add(
            &id,
            Resource::new(
                "AWS::SNS::Topic",
                json!({ "KmsMasterKeyId": r#ref(names::KEY_ARN) }),
            ),
        );
        s.add(
            format!("{id}Policy"),
            Resource::new(
                "AWS::SNS::TopicPolicy",
                json!({
                    "Topics": [r#ref(&id)],
                    "PolicyDocument": iam::document([iam::deny_insecure_transport("sns:Publish", vec![r#ref(&id)])])
                }),
            ),
        );
        for queue_name in &topic.subscribers {
            let Some(queue) = platform
                .messaging
                .queues
                .iter()
                .find(|q| &q.name == queue_name)
            else {
                continue;
            };
            s.add(
                format!("{}To{}Subscription", topic.id, queue.id),
                Resource::new(
                    "AWS::SNS::Subscription",
                    json!({
                        "TopicArn": r#ref(&id),
                        "Protocol": "sqs",
                        "Endpoint": get_att(&queue_id(queue), "Arn"),
                        "RawMessageDelivery": true
                    }),
                ),
            );
        }
        let arn = s.export(names::topic_arn(&topic.id, &topic.name), r#ref(&id));
        exports.topics.insert(topic.name.clone(), arn);
    }
    exports
}

fn render_queue(s: &mut StackBuilder, platform: &Platform, queue: &Queue) -> QueueExports {
    let id = queue_id(queue);
    let dlq = format!("{}DeadLetterQueue", queue.id);
    s.add(&dlq, dead_letter_queue());
    s.add(
        &id,
        Resource::new(
            "AWS::SQS::Queue",
            json!({
                "KmsMasterKeyId": r#ref(names::KEY_ARN),
                "KmsDataKeyReusePeriodSeconds": 300,
                "VisibilityTimeout": queue.visibility_timeout_seconds,
                "MessageRetentionPeriod": queue.retention_seconds,
                "ReceiveMessageWaitTimeSeconds": 20,
                "RedrivePolicy": { "deadLetterTargetArn": get_att(&dlq, "Arn"), "maxReceiveCount": queue.max_receive_count }
            }),
        )
        .keep(Policy::Retain),
    );
    let mut statements = vec![iam::deny_insecure_transport(
        "sqs:*",
        vec![get_att(&id, "Arn")],
    )];
    let publishers: Vec<Value> = platform
        .messaging
        .topics
        .iter()
        .filter(|t| t.subscribers.contains(&queue.name))
        .map(|t| r#ref(&topic_id(t)))
        .collect();
    if !publishers.is_empty() {
        statements.push(
            Statement::allow("sqs:SendMessage")
                .sid("SubscribedTopicsDeliver")
                .service("sns.amazonaws.com")
                .resource(get_att(&id, "Arn"))
                .condition(json!({ "ArnEquals": { "aws:SourceArn": publishers } }))
                .into(),
        );
    }
    s.add(
        format!("{id}Policy"),
        Resource::new(
            "AWS::SQS::QueuePolicy",
            json!({ "Queues": [r#ref(&id)], "PolicyDocument": iam::document(statements) }),
        ),
    );
    s.output(
        &names::dead_letter_queue_arn(&queue.id),
        get_att(&dlq, "Arn"),
        &format!("ARN of the dead-letter queue of {}", queue.name),
    );
    QueueExports {
        arn: s.export(
            names::queue_arn(&queue.id, &queue.name),
            get_att(&id, "Arn"),
        ),
        url: s.export(names::queue_url(&queue.id, &queue.name), r#ref(&id)),
    }
}
