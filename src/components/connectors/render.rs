//! The connectors stack: per S3 connector, the source bucket's ObjectCreated events go to
//! an encrypted SNS topic, on to a standard SQS queue (raw delivery, dead-letter queue),
//! which the platform's connector reads through a role it assumes.

use serde_json::{json, Map, Value};

use crate::components::buckets::render::{
    access_log_bucket, data_bucket_properties, expire_noncurrent_versions, tls_only_policy,
};
use crate::components::connectors::credential;
use crate::components::connectors::model::{queue_name, QUEUE_RETENTION_SECONDS};
use crate::components::{Connector, Platform, SourceBucket};
use crate::render::iam::{self, Statement};
use crate::render::intrinsics::{arn, get_att, r#ref, sub};
use crate::render::link::Upstream;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::{Policy, Resource};

/// Receives the server access logs of every source bucket the stack creates.
const LOG_BUCKET: &str = "ConnectorAccessLogBucket";

/// The event types the connector acts on: every way an object can be created.
const OBJECT_CREATED: &str = "s3:ObjectCreated:*";

/// The stack for every declared connector; one access-log bucket serves all created buckets.
pub fn render(s: &mut StackBuilder, platform: &Platform, up: &Upstream) {
    s.import(&up.security.key_arn);
    let creates_buckets = platform
        .connectors
        .iter()
        .any(|c| matches!(c.bucket, SourceBucket::New { .. }));
    if creates_buckets {
        access_log_bucket(s, LOG_BUCKET, 365, false);
    }
    for connector in &platform.connectors {
        render_connector(s, &platform.name, connector);
    }
}

/// The source bucket's name: known before the bucket exists, because the topic policy that
/// must precede the bucket's notification configuration names it.
fn bucket_name(c: &Connector) -> Value {
    match &c.bucket {
        SourceBucket::New { .. } => sub(c.bucket.name(ACCOUNT, REGION)),
        SourceBucket::Existing(name) => Value::String(name.clone()),
    }
}

/// The pseudo parameters a new bucket's name is spelled with in the template.
const ACCOUNT: &str = "${AWS::AccountId}";
const REGION: &str = "${AWS::Region}";

fn bucket_arn(c: &Connector, suffix: &str) -> Value {
    arn(&format!("s3:::{}{suffix}", c.bucket.name(ACCOUNT, REGION)))
}

fn render_connector(s: &mut StackBuilder, environment: &str, c: &Connector) {
    let queue_name = queue_name(environment, &c.name);
    let topic = format!("{}EventsTopic", c.id);
    let topic_policy = format!("{topic}Policy");
    let queue = format!("{}Queue", c.id);
    let dlq = format!("{}DeadLetterQueue", c.id);
    let role = format!("{}ConnectorRole", c.id);

    s.add(
        &topic,
        Resource::new(
            "AWS::SNS::Topic",
            json!({ "KmsMasterKeyId": r#ref(names::KEY_ARN) }),
        ),
    );
    // As the S3 connector operational guide has it: S3 may publish only for this bucket, in this account.
    let s3_publishes = Statement::allow("sns:Publish")
        .sid("SourceBucketPublishesObjectCreatedEvents")
        .service("s3.amazonaws.com")
        .resource(r#ref(&topic))
        .condition(json!({
            "StringEquals": { "aws:SourceAccount": r#ref("AWS::AccountId") },
            "ArnLike": { "aws:SourceArn": bucket_arn(c, "") }
        }));
    s.add(
        &topic_policy,
        Resource::new(
            "AWS::SNS::TopicPolicy",
            json!({
                "Topics": [r#ref(&topic)],
                "PolicyDocument": iam::document([
                    iam::deny_insecure_transport("sns:Publish", vec![r#ref(&topic)]),
                    s3_publishes.into(),
                ])
            }),
        ),
    );

    s.add(
        &dlq,
        Resource::new(
            "AWS::SQS::Queue",
            json!({ "QueueName": format!("{queue_name}-dlq"), "KmsMasterKeyId": r#ref(names::KEY_ARN), "MessageRetentionPeriod": QUEUE_RETENTION_SECONDS }),
        )
        .keep(Policy::Retain),
    );
    s.add(
        &queue,
        Resource::new(
            "AWS::SQS::Queue",
            json!({
                "QueueName": queue_name,
                "KmsMasterKeyId": r#ref(names::KEY_ARN),
                "KmsDataKeyReusePeriodSeconds": 300,
                "VisibilityTimeout": c.visibility_timeout_seconds,
                "MessageRetentionPeriod": QUEUE_RETENTION_SECONDS,
                // The connector long-polls.
                "ReceiveMessageWaitTimeSeconds": 20,
                "RedrivePolicy": { "deadLetterTargetArn": get_att(&dlq, "Arn"), "maxReceiveCount": c.max_receive_count }
            }),
        )
        .keep(Policy::Retain),
    );
    s.add(
        format!("{queue}Policy"),
        Resource::new(
            "AWS::SQS::QueuePolicy",
            json!({ "Queues": [r#ref(&queue)], "PolicyDocument": iam::document([
                iam::deny_insecure_transport("sqs:*", vec![get_att(&queue, "Arn")]),
                Statement::allow("sqs:SendMessage")
                    .sid("EventsTopicDelivers")
                    .service("sns.amazonaws.com")
                    .resource(get_att(&queue, "Arn"))
                    .condition(json!({ "ArnEquals": { "aws:SourceArn": r#ref(&topic) } }))
                    .into(),
            ]) }),
        ),
    );
    // Raw delivery: the queue receives the S3 event JSON itself, as the connector expects.
    s.add(
        format!("{}EventsToQueueSubscription", c.id),
        Resource::new(
            "AWS::SNS::Subscription",
            json!({
                "TopicArn": r#ref(&topic),
                "Protocol": "sqs",
                "Endpoint": get_att(&queue, "Arn"),
                "RawMessageDelivery": true
            }),
        ),
    );

    if let SourceBucket::New { .. } = c.bucket {
        render_source_bucket(s, c, &topic, &topic_policy);
    }
    credential::render(s, environment, c, &queue);

    s.add(
        &role,
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "Description": format!("Assumed by the data platform's connector to read S3 connector {}", c.name),
                "AssumeRolePolicyDocument": iam::document([Statement::allow("sts:AssumeRole")
                    .sid("PlatformConnectorRoleAssumes")
                    .aws(c.trusted_role_arn.as_str())]),
                "Policies": [iam::inline_policy("connector-reads-source", [vec![
                    iam::allow("ListSourceBucket", &["s3:ListBucket"], vec![bucket_arn(c, "")]),
                    iam::allow("ReadSourceObjects", &["s3:GetObject"], vec![bucket_arn(c, "/*")]),
                    iam::allow("ConsumeEventQueue", &["sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:DeleteMessage"], vec![get_att(&queue, "Arn")]),
                    // Queue messages, and the objects of a bucket this stack creates, are
                    // encrypted with the environment's key: receiving or reading them
                    // decrypts with it.
                    iam::allow("DecryptMessagesAndObjects", &["kms:Decrypt"], vec![r#ref(names::KEY_ARN)])
                ], credential::role_statements(environment, c)].concat())]
            }),
        ),
    );

    s.output(
        &names::connector_output(&c.id, "QueueUrl"),
        r#ref(&queue),
        &format!("SQS URL the connector {} monitors", c.name),
    );
    s.output(
        &names::connector_output(&c.id, "QueueArn"),
        get_att(&queue, "Arn"),
        &format!("ARN of the event queue of connector {}", c.name),
    );
    s.output(
        &names::connector_output(&c.id, "DeadLetterQueueArn"),
        get_att(&dlq, "Arn"),
        &format!("ARN of the dead-letter queue of connector {}", c.name),
    );
    s.output(
        &names::connector_output(&c.id, "TopicArn"),
        r#ref(&topic),
        &format!("ARN of the event topic of connector {}", c.name),
    );
    s.output(
        &names::connector_output(&c.id, "RoleArn"),
        get_att(&role, "Arn"),
        &format!("IAM role the connector {} assumes", c.name),
    );
    s.output(
        &names::connector_output(&c.id, "BucketName"),
        bucket_name(c),
        &format!("Source bucket of connector {}", c.name),
    );
    s.output(
        &names::connector_output(&c.id, "PathConfigurations"),
        Value::String(c.path_configuration_json()),
        &format!("Path Configurations JSON of connector {}", c.name),
    );
    if let SourceBucket::Existing(name) = &c.bucket {
        // CloudFormation cannot change a bucket it does not own: this is the configuration
        // to apply with `aws s3api put-bucket-notification-configuration`.
        s.output(
            &names::connector_output(&c.id, "NotificationConfiguration"),
            sub(json!({
                "TopicConfigurations": [{
                    "Id": format!("platformctl-{}", c.name),
                    "TopicArn": format!("${{{topic}}}"),
                    "Events": [OBJECT_CREATED]
                }]
            })
            .to_string()),
            &format!("Event notification configuration to put on existing bucket {name}"),
        );
    }
}

fn render_source_bucket(s: &mut StackBuilder, c: &Connector, topic: &str, topic_policy: &str) {
    let id = format!("{}SourceBucket", c.id);
    let mut properties = Map::new();
    properties.insert("BucketName".to_owned(), bucket_name(c));
    properties.extend(data_bucket_properties(
        LOG_BUCKET,
        format!("{}/", c.name),
        vec![expire_noncurrent_versions(90)],
    ));
    properties.insert(
        "NotificationConfiguration".to_owned(),
        json!({ "TopicConfigurations": [{ "Event": OBJECT_CREATED, "Topic": r#ref(topic) }] }),
    );
    s.add(
        &id,
        Resource::new("AWS::S3::Bucket", Value::Object(properties))
            .keep(Policy::Retain)
            // S3 checks that it may publish when the notification is set: without the topic
            // policy in place first, creation fails with "Unable to validate the following
            // destination configurations".
            .depends_on(&[topic_policy]),
    );
    s.add(
        format!("{id}Policy"),
        Resource::new("AWS::S3::BucketPolicy", tls_only_policy(&id, Vec::new())),
    );
}
