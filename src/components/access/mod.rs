//! The identity layer of the access graph: what a workload's edges grant it (a service's
//! task and execution roles, a function's role), the stack inputs its targets need, and the
//! environment variables that tell the code where its targets are. Services, Lambda
//! functions and Kubernetes workloads render their access through here, from
//! [`crate::model::AccessGraph`]; `network` renders the security-group paths.

use serde_json::{json, Value};

use crate::components::search::render::CONSUMER_TAG;
use crate::components::Platform;
use crate::model::Grants;
use crate::render::iam;
use crate::render::intrinsics::{r#ref, sub};
use crate::render::link::Upstream;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::tags::tag;

mod email;
mod network;

pub(crate) use network::{network_paths, outbound_only_group, pod_paths};

/// `raw-data` → `RAW_DATA`: environment variable names for component names.
pub(crate) fn env_name(prefix: &str, name: &str) -> String {
    format!("{prefix}_{}", name.to_uppercase().replace('-', "_"))
}

/// Imports what a workload's grants name, each once: the handles come from the stacks
/// that export the targets, so a target no earlier stack exports cannot be named.
pub(crate) fn declare_inputs(s: &mut StackBuilder, up: &Upstream, a: &Grants) {
    for name in a.read_buckets.iter().chain(&a.write_buckets) {
        if let Some(b) = up.data.buckets.get(name) {
            s.import(&b.arn);
            s.import(&b.name);
        }
    }
    for name in a.consume_queues.iter().chain(&a.send_queues) {
        if let Some(q) = up.messaging.queues.get(name) {
            s.import(&q.arn);
            s.import(&q.url);
        }
    }
    for name in &a.publish_topics {
        if let Some(t) = up.messaging.topics.get(name) {
            s.import(t);
        }
    }
    if let (true, Some(db)) = (a.database, &up.data.database) {
        s.import(&db.secret_arn);
        s.import(&db.endpoint);
    }
    for name in &a.secrets {
        if let Some(secret) = up.security.secrets.get(name) {
            s.import(secret);
        }
    }
    if let (true, Some(search)) = (a.search, &up.data.search) {
        s.import(&search.arn);
        s.import(&search.endpoint);
    }
    if let (true, Some(cache)) = (a.cache, &up.data.cache) {
        s.import(&cache.arn);
        s.import(&cache.user_arn);
        s.import(&cache.user_name);
        s.import(&cache.endpoint);
    }
    for name in &a.file_systems {
        if let Some(fs) = up.data.file_systems.get(name) {
            s.import(&fs.id);
            s.import(&fs.arn);
        }
    }
    for name in a.read_tables.iter().chain(&a.write_tables) {
        if let Some(t) = up.data.tables.get(name) {
            s.import(&t.arn);
            s.import(&t.name);
        }
    }
    for name in a.read_streams.iter().chain(&a.write_streams) {
        if let Some(x) = up.data.streams.get(name) {
            s.import(&x.arn);
            s.import(&x.name);
        }
    }
    if let (true, Some(email)) = (a.send_email, &up.messaging.email) {
        s.import(&email.identity_arn);
        s.import(&email.configuration_set_arn);
        s.import(&email.configuration_set_name);
    }
}

/// The tags a workload's role carries beyond the environment's: the mark the search
/// domain's access policy admits, on the roles of workloads that query it.
pub(crate) fn role_tags(platform: &Platform, a: &Grants) -> Vec<Value> {
    if a.search {
        vec![tag(CONSUMER_TAG, &platform.name)]
    } else {
        Vec::new()
    }
}

/// The task role's statements and the environment variables that tell the code where
/// its resources are.
pub(crate) fn grants(up: &Upstream, a: &Grants) -> (Vec<Value>, Vec<Value>) {
    let mut statements = Vec::new();
    let mut env = Vec::new();
    let bucket = |name: &String| up.data.buckets.get_key_value(name);
    for (wanted, actions, sid) in [
        (&a.read_buckets, &["s3:GetObject"][..], "ReadBuckets"),
        (
            &a.write_buckets,
            &["s3:PutObject", "s3:AbortMultipartUpload"][..],
            "WriteBuckets",
        ),
    ] {
        let found: Vec<_> = wanted.iter().filter_map(bucket).collect();
        if found.is_empty() {
            continue;
        }
        statements.push(iam::allow(
            sid,
            actions,
            found
                .iter()
                .map(|(_, b)| sub(format!("${{{}}}/*", b.arn.name())))
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
        let mut arns: Vec<Value> = listed.iter().map(|(_, b)| r#ref(b.arn.name())).collect();
        arns.dedup();
        statements.push(iam::allow("ListBuckets", &["s3:ListBucket"], arns));
        for (name, b) in &listed {
            let var = json!({ "Name": env_name("BUCKET", name), "Value": r#ref(b.name.name()) });
            if !env.contains(&var) {
                env.push(var);
            }
        }
    }
    let queue = |name: &String| up.messaging.queues.get_key_value(name);
    for (wanted, actions, sid) in [
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
        let found: Vec<_> = wanted.iter().filter_map(queue).collect();
        if found.is_empty() {
            continue;
        }
        statements.push(iam::allow(
            sid,
            actions,
            found.iter().map(|(_, q)| r#ref(q.arn.name())).collect(),
        ));
        for (name, q) in found {
            let var = json!({ "Name": env_name("QUEUE_URL", name), "Value": r#ref(q.url.name()) });
            if !env.contains(&var) {
                env.push(var);
            }
        }
    }
    let topics: Vec<_> = a
        .publish_topics
        .iter()
        .filter_map(|n| up.messaging.topics.get_key_value(n))
        .collect();
    if !topics.is_empty() {
        statements.push(iam::allow(
            "PublishToTopics",
            &["sns:Publish"],
            topics.iter().map(|(_, t)| r#ref(t.name())).collect(),
        ));
        for (name, t) in topics {
            env.push(json!({ "Name": env_name("TOPIC_ARN", name), "Value": r#ref(t.name()) }));
        }
    }
    streams(up, a, &mut statements, &mut env);
    if !statements.is_empty() {
        statements.push(iam::allow(
            "UseEnvironmentKey",
            &["kms:Decrypt", "kms:GenerateDataKey"],
            vec![r#ref(names::KEY_ARN)],
        ));
    }
    tables(up, a, &mut statements, &mut env);
    email::send_email(up, a, &mut statements, &mut env);
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
            vec![sub(format!("${{{}}}/*", names::SEARCH_DOMAIN_ARN))],
        ));
        env.push(
            json!({ "Name": "SEARCH_ENDPOINT", "Value": r#ref(names::SEARCH_DOMAIN_ENDPOINT) }),
        );
    }
    if a.cache {
        // IAM authentication: the role may connect as the cluster's user, naming both the
        // cluster and the user (MemoryDB Developer Guide, "Authenticating with IAM").
        statements.push(iam::allow(
            "ConnectToCache",
            &["memorydb:Connect"],
            vec![r#ref(names::CACHE_ARN), r#ref(names::CACHE_USER_ARN)],
        ));
        env.push(json!({ "Name": "CACHE_ENDPOINT", "Value": r#ref(names::CACHE_ENDPOINT) }));
        env.push(json!({ "Name": "CACHE_USER_NAME", "Value": r#ref(names::CACHE_USER_NAME) }));
    }
    let mounted: Vec<_> = a
        .file_systems
        .iter()
        .filter_map(|n| up.data.file_systems.get(n))
        .collect();
    if !mounted.is_empty() {
        // Mounting with IAM authorization: EFS asks the file system policy, which leaves
        // the decision to the account's IAM policies (Amazon EFS User Guide, "Using IAM to
        // control file system data access").
        statements.push(iam::allow(
            "MountFileSystems",
            &[
                "elasticfilesystem:ClientMount",
                "elasticfilesystem:ClientWrite",
            ],
            mounted.iter().map(|fs| r#ref(fs.arn.name())).collect(),
        ));
    }
    if a.database {
        // The credentials are read when the code connects, never handed over once at
        // start: RDS rotates the managed master secret, and a task holding the old
        // password could not open a new connection after rotation (Amazon RDS User Guide,
        // "Password management with Amazon RDS and AWS Secrets Manager").
        statements.push(iam::allow(
            "ReadDatabaseSecret",
            &["secretsmanager:GetSecretValue"],
            vec![r#ref(names::DATABASE_SECRET_ARN)],
        ));
        if !statements.iter().any(|s| s["Sid"] == "UseEnvironmentKey") {
            statements.push(iam::allow(
                "UseEnvironmentKey",
                &["kms:Decrypt", "kms:GenerateDataKey"],
                vec![r#ref(names::KEY_ARN)],
            ));
        }
        env.push(json!({ "Name": "DATABASE_HOST", "Value": r#ref(names::DATABASE_ENDPOINT) }));
        env.push(
            json!({ "Name": "DATABASE_SECRET_ARN", "Value": r#ref(names::DATABASE_SECRET_ARN) }),
        );
    }
    (statements, env)
}

/// Item reads and writes on the tables `a` names, their indexes included (Service
/// Authorization Reference, Amazon DynamoDB: item actions take the table's or an index's
/// ARN), and `TABLE_<NAME>` with each table's name.
fn tables(up: &Upstream, a: &Grants, statements: &mut Vec<Value>, env: &mut Vec<Value>) {
    let table = |name: &String| up.data.tables.get_key_value(name);
    for (wanted, actions, sid) in [
        (
            &a.read_tables,
            &[
                "dynamodb:GetItem",
                "dynamodb:BatchGetItem",
                "dynamodb:Query",
                "dynamodb:Scan",
                "dynamodb:ConditionCheckItem",
                "dynamodb:DescribeTable",
            ][..],
            "ReadTables",
        ),
        (
            &a.write_tables,
            &[
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:DeleteItem",
                "dynamodb:BatchWriteItem",
                "dynamodb:DescribeTable",
            ][..],
            "WriteTables",
        ),
    ] {
        let found: Vec<_> = wanted.iter().filter_map(table).collect();
        if found.is_empty() {
            continue;
        }
        let resources = found
            .iter()
            .flat_map(|(_, t)| {
                [
                    r#ref(t.arn.name()),
                    sub(format!("${{{}}}/index/*", t.arn.name())),
                ]
            })
            .collect();
        statements.push(iam::allow(sid, actions, resources));
        for (name, t) in found {
            let var = json!({ "Name": env_name("TABLE", name), "Value": r#ref(t.name.name()) });
            if !env.contains(&var) {
                env.push(var);
            }
        }
    }
}

/// Record reads and writes on the streams `a` names, and `STREAM_<NAME>` with each
/// stream's name. The streams are encrypted with the environment's key, so producers need
/// `kms:GenerateDataKey` and consumers `kms:Decrypt` on it (Amazon Kinesis Data Streams
/// Developer Guide, "Permissions to use user-generated KMS keys"): the `UseEnvironmentKey`
/// statement [`grants`] adds after these.
fn streams(up: &Upstream, a: &Grants, statements: &mut Vec<Value>, env: &mut Vec<Value>) {
    let stream = |name: &String| up.data.streams.get_key_value(name);
    for (wanted, actions, sid) in [
        (
            &a.read_streams,
            &[
                "kinesis:GetRecords",
                "kinesis:GetShardIterator",
                "kinesis:DescribeStream",
                "kinesis:DescribeStreamSummary",
                "kinesis:ListShards",
            ][..],
            "ReadStreams",
        ),
        (
            &a.write_streams,
            &[
                "kinesis:PutRecord",
                "kinesis:PutRecords",
                "kinesis:DescribeStreamSummary",
                "kinesis:ListShards",
            ][..],
            "WriteStreams",
        ),
    ] {
        let found: Vec<_> = wanted.iter().filter_map(stream).collect();
        if found.is_empty() {
            continue;
        }
        let resources = found.iter().map(|(_, x)| r#ref(x.arn.name())).collect();
        statements.push(iam::allow(sid, actions, resources));
        for (name, x) in found {
            let var = json!({ "Name": env_name("STREAM", name), "Value": r#ref(x.name.name()) });
            if !env.contains(&var) {
                env.push(var);
            }
        }
    }
}

/// What a service's execution role needs to hand the task its `secrets` at start (ECS
/// injects them as environment values): the statements, and the container's `Secrets`.
/// The database's credentials are not among them: they rotate, so the code reads them
/// at run time ([`grants`]).
pub(crate) fn task_secrets(
    platform: &Platform,
    up: &Upstream,
    access: &Grants,
) -> (Vec<Value>, Vec<Value>) {
    let mut pull = Vec::new();
    let mut secrets = Vec::new();
    for name in &access.secrets {
        let secret = platform.secrets.iter().find(|x| &x.name == name);
        if let (Some(secret), Some(arn)) = (secret, up.security.secrets.get(name)) {
            let param = arn.name();
            pull.push(iam::allow(
                &format!("Read{}Secret", secret.id),
                &["secretsmanager:GetSecretValue"],
                vec![r#ref(param)],
            ));
            secrets.push(
                json!({ "Name": env_name("SECRET", &secret.name), "ValueFrom": r#ref(param) }),
            );
        }
    }
    if !access.secrets.is_empty() {
        pull.push(iam::allow(
            "DecryptSecrets",
            &["kms:Decrypt"],
            vec![r#ref(names::KEY_ARN)],
        ));
    }
    (pull, secrets)
}

/// What a Lambda function's role needs to read its secrets at run time: the statements, and
/// the environment variables holding the secrets' ARNs.
pub(crate) fn runtime_secrets(
    platform: &Platform,
    up: &Upstream,
    access: &Grants,
) -> (Vec<Value>, Vec<Value>) {
    let mut statements = Vec::new();
    let mut environment = Vec::new();
    for name in &access.secrets {
        let secret = platform.secrets.iter().find(|x| &x.name == name);
        if let (Some(secret), Some(arn)) = (secret, up.security.secrets.get(name)) {
            let param = arn.name();
            statements.push(iam::allow(
                &format!("Read{}Secret", secret.id),
                &["secretsmanager:GetSecretValue"],
                vec![r#ref(param)],
            ));
            environment.push(
                json!({ "Name": env_name("SECRET_ARN", &secret.name), "Value": r#ref(param) }),
            );
        }
    }
    (statements, environment)
}
