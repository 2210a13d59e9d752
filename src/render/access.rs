//! What an `access:` block grants a workload (a service's task role or a function's role):
//! the stack inputs its targets need, the identity-policy statements, and the environment
//! variables that tell the code where its targets are. Services and Lambda functions both
//! render their access through here.

use serde_json::{json, Value};

use super::iam;
use super::intrinsics::{r#ref, sub};
use super::stack::StackBuilder;
use crate::model::{Access, Platform};

/// `raw-data` → `RAW_DATA`: environment variable names for component names.
pub(super) fn env_name(prefix: &str, name: &str) -> String {
    format!("{prefix}_{}", name.to_uppercase().replace('-', "_"))
}

/// Inputs a service's grants need, declared once each: (parameter, type, description).
pub(super) fn declare_inputs(s: &mut StackBuilder, platform: &Platform, a: &Access) {
    for name in a.read_buckets.iter().chain(&a.write_buckets) {
        if let Some(b) = platform
            .storage
            .iter()
            .flat_map(|st| &st.buckets)
            .find(|b| &b.name == name)
        {
            s.param(
                &format!("{}BucketArn", b.id),
                "String",
                &format!("ARN of bucket {name}"),
            );
            s.param(
                &format!("{}BucketName", b.id),
                "String",
                &format!("Name of bucket {name}"),
            );
        }
    }
    for name in a.consume_queues.iter().chain(&a.send_queues) {
        if let Some(q) = platform.queues.iter().find(|q| &q.name == name) {
            s.param(
                &format!("{}QueueArn", q.id),
                "String",
                &format!("ARN of queue {name}"),
            );
            s.param(
                &format!("{}QueueUrl", q.id),
                "String",
                &format!("URL of queue {name}"),
            );
        }
    }
    for name in &a.publish_topics {
        if let Some(t) = platform.topics.iter().find(|t| &t.name == name) {
            s.param(
                &format!("{}TopicArn", t.id),
                "String",
                &format!("ARN of topic {name}"),
            );
        }
    }
    if a.database {
        s.param(
            "DatabaseSecretArn",
            "String",
            "Secret holding the database credentials",
        );
        s.param(
            "DatabaseEndpoint",
            "String",
            "Host name of the PostgreSQL instance",
        );
    }
    for name in &a.secrets {
        if let Some(secret) = platform.secrets.iter().find(|x| &x.name == name) {
            s.param(
                &super::secrets::arn_output(secret),
                "String",
                &format!("ARN of secret {name}"),
            );
        }
    }
    if a.search {
        s.param("SearchDomainArn", "String", "ARN of the OpenSearch domain");
        s.param(
            "SearchDomainEndpoint",
            "String",
            "HTTPS endpoint of the OpenSearch domain",
        );
    }
}

/// The task role's statements and the environment variables that tell the code where
/// its resources are.
pub(super) fn grants(platform: &Platform, a: &Access) -> (Vec<Value>, Vec<Value>) {
    let mut statements = Vec::new();
    let mut env = Vec::new();
    let bucket = |name: &String| {
        platform
            .storage
            .iter()
            .flat_map(|st| &st.buckets)
            .find(|b| &b.name == name)
    };
    for (names, actions, sid) in [
        (&a.read_buckets, &["s3:GetObject"][..], "ReadBuckets"),
        (
            &a.write_buckets,
            &["s3:PutObject", "s3:AbortMultipartUpload"][..],
            "WriteBuckets",
        ),
    ] {
        let found: Vec<_> = names.iter().filter_map(bucket).collect();
        if found.is_empty() {
            continue;
        }
        statements.push(iam::allow(
            sid,
            actions,
            found
                .iter()
                .map(|b| sub(format!("${{{}BucketArn}}/*", b.id)))
                .collect(),
        ));
    }
    let listed: Vec<_> = a
        .read_buckets
        .iter()
        .chain(&a.write_buckets)
        .filter_map(bucket)
        .collect();
    if !listed.is_empty() {
        let mut arns: Vec<Value> = listed
            .iter()
            .map(|b| r#ref(&format!("{}BucketArn", b.id)))
            .collect();
        arns.dedup();
        statements.push(iam::allow("ListBuckets", &["s3:ListBucket"], arns));
        for b in &listed {
            let var = json!({ "Name": env_name("BUCKET", &b.name), "Value": r#ref(&format!("{}BucketName", b.id)) });
            if !env.contains(&var) {
                env.push(var);
            }
        }
    }
    let queue = |name: &String| platform.queues.iter().find(|q| &q.name == name);
    for (names, actions, sid) in [
        (
            &a.consume_queues,
            &[
                "sqs:ReceiveMessage",
                "sqs:DeleteMessage",
                "sqs:ChangeMessageVisibility",
                "sqs:GetQueueAttributes",
                "sqs:GetQueueUrl",
            ][..],
            "ConsumeQueues",
        ),
        (
            &a.send_queues,
            &[
                "sqs:SendMessage",
                "sqs:GetQueueAttributes",
                "sqs:GetQueueUrl",
            ][..],
            "SendToQueues",
        ),
    ] {
        let found: Vec<_> = names.iter().filter_map(queue).collect();
        if found.is_empty() {
            continue;
        }
        statements.push(iam::allow(
            sid,
            actions,
            found
                .iter()
                .map(|q| r#ref(&format!("{}QueueArn", q.id)))
                .collect(),
        ));
        for q in found {
            let var = json!({ "Name": env_name("QUEUE_URL", &q.name), "Value": r#ref(&format!("{}QueueUrl", q.id)) });
            if !env.contains(&var) {
                env.push(var);
            }
        }
    }
    let topics: Vec<_> = a
        .publish_topics
        .iter()
        .filter_map(|n| platform.topics.iter().find(|t| &t.name == n))
        .collect();
    if !topics.is_empty() {
        statements.push(iam::allow(
            "PublishToTopics",
            &["sns:Publish"],
            topics
                .iter()
                .map(|t| r#ref(&format!("{}TopicArn", t.id)))
                .collect(),
        ));
        for t in topics {
            env.push(json!({ "Name": env_name("TOPIC_ARN", &t.name), "Value": r#ref(&format!("{}TopicArn", t.id)) }));
        }
    }
    if !statements.is_empty() {
        statements.push(iam::allow(
            "UseEnvironmentKey",
            &["kms:Decrypt", "kms:GenerateDataKey"],
            vec![r#ref("KeyArn")],
        ));
    }
    if a.search {
        statements.push(iam::allow(
            "SearchHttp",
            &[
                "es:ESHttpGet",
                "es:ESHttpHead",
                "es:ESHttpPost",
                "es:ESHttpPut",
                "es:ESHttpDelete",
            ],
            vec![sub("${SearchDomainArn}/*")],
        ));
        env.push(json!({ "Name": "SEARCH_ENDPOINT", "Value": r#ref("SearchDomainEndpoint") }));
    }
    if a.database {
        env.push(json!({ "Name": "DATABASE_HOST", "Value": r#ref("DatabaseEndpoint") }));
    }
    (statements, env)
}
