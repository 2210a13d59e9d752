//! S3: the data-lake buckets and the access-log bucket they log to.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::components::{Bucket, Storage};
use crate::render::iam::{self, Statement};
use crate::render::intrinsics::{get_att, r#ref, sub};
use crate::render::link::{BucketExports, Export};
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::{Policy, Resource};

const LOG_BUCKET: &str = "AccessLogBucket";

/// The logical ID of a data bucket.
pub fn bucket_id(bucket: &Bucket) -> String {
    format!("{}Bucket", bucket.id)
}

pub(crate) fn block_public_access() -> Value {
    json!({ "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true })
}

/// A lifecycle rule that expires noncurrent object versions after `days` and abandoned
/// multipart uploads after a week: versioning without it keeps every overwrite forever.
pub(crate) fn expire_noncurrent_versions(days: u32) -> Value {
    json!({
        "Id": "expire-noncurrent-versions",
        "Status": "Enabled",
        "NoncurrentVersionExpiration": { "NoncurrentDays": days },
        "AbortIncompleteMultipartUpload": { "DaysAfterInitiation": 7 }
    })
}

/// The properties every bucket that holds data gets, whichever section declares it:
/// SSE-KMS under the environment's key with an S3 Bucket Key (fewer KMS requests),
/// versioning, no public access, ACLs disabled, server access logs to `log_bucket` under
/// `log_prefix`, and `lifecycle_rules`. One definition, so the secure defaults cannot drift
/// apart between sections; callers add what is theirs (a name, notifications).
pub(crate) fn data_bucket_properties(
    log_bucket: &str,
    log_prefix: String,
    lifecycle_rules: Vec<Value>,
) -> Map<String, Value> {
    let properties = json!({
        "BucketEncryption": { "ServerSideEncryptionConfiguration": [{
            "ServerSideEncryptionByDefault": { "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": r#ref(names::KEY_ARN) },
            "BucketKeyEnabled": true
        }] },
        "VersioningConfiguration": { "Status": "Enabled" },
        "PublicAccessBlockConfiguration": block_public_access(),
        "OwnershipControls": { "Rules": [{ "ObjectOwnership": "BucketOwnerEnforced" }] },
        "LoggingConfiguration": { "DestinationBucketName": r#ref(log_bucket), "LogFilePrefix": log_prefix },
        "LifecycleConfiguration": { "Rules": lifecycle_rules }
    });
    match properties {
        Value::Object(map) => map,
        _ => unreachable!("a JSON object literal"),
    }
}

pub(crate) fn tls_only_policy(bucket_id: &str, mut extra: Vec<Value>) -> Value {
    let arn = get_att(bucket_id, "Arn");
    let objects = sub(format!("${{{bucket_id}.Arn}}/*"));
    let mut statements = vec![iam::deny_insecure_transport("s3:*", vec![arn, objects])];
    statements.append(&mut extra);
    json!({ "Bucket": r#ref(bucket_id), "PolicyDocument": iam::document(statements) })
}

/// What Network Load Balancer access logs need: the log delivery service writes under
/// `load-balancers/` and reads the bucket ACL, for this account's load balancers only
/// (Elastic Load Balancing User Guide, "Access logs for your Network Load Balancer").
fn load_balancer_log_delivery(bucket_id: &str) -> Vec<Value> {
    let source = json!({
        "StringEquals": { "aws:SourceAccount": r#ref("AWS::AccountId") },
        "ArnLike": { "aws:SourceArn": sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*") }
    });
    vec![
        Statement::allow("s3:PutObject")
            .sid("LoadBalancerLogDelivery")
            .service("delivery.logs.amazonaws.com")
            .resource(sub(format!("${{{bucket_id}.Arn}}/load-balancers/*")))
            .condition(source.clone())
            .into(),
        Statement::allow("s3:GetBucketAcl")
            .sid("LoadBalancerLogDeliveryAclCheck")
            .service("delivery.logs.amazonaws.com")
            .resource(get_att(bucket_id, "Arn"))
            .condition(source)
            .into(),
    ]
}

/// Adds the SSE-S3 bucket that receives S3 server access logs, as `id`, with its policy;
/// `load_balancer_logs` also lets Elastic Load Balancing deliver its access logs there.
/// The access-log bucket; with `load_balancer_logs`, open to load balancer log delivery
/// and exported by name for the load balancers' stack.
pub(crate) fn access_log_bucket(
    s: &mut StackBuilder,
    id: &str,
    retention_days: u32,
    load_balancer_logs: bool,
) -> Option<Export> {
    s.add(
        id,
        Resource::new(
            "AWS::S3::Bucket",
            json!({
                // S3 server access logs can only be delivered to SSE-S3 buckets (S3 User Guide,
                // "Enabling Amazon S3 server access logging").
                "BucketEncryption": { "ServerSideEncryptionConfiguration": [{ "ServerSideEncryptionByDefault": { "SSEAlgorithm": "AES256" } }] },
                "VersioningConfiguration": { "Status": "Enabled" },
                "PublicAccessBlockConfiguration": block_public_access(),
                "OwnershipControls": { "Rules": [{ "ObjectOwnership": "BucketOwnerEnforced" }] },
                "LifecycleConfiguration": { "Rules": [{
                    "Id": "expire-access-logs",
                    "Status": "Enabled",
                    "ExpirationInDays": retention_days,
                    "NoncurrentVersionExpiration": { "NoncurrentDays": 30 },
                    "AbortIncompleteMultipartUpload": { "DaysAfterInitiation": 7 }
                }] }
            }),
        )
        .keep(Policy::Retain)
        .skip_checkov(&[("CKV_AWS_18", "This is the access-log target bucket; logging it would log its own log deliveries")]),
    );
    let delivery: Value = Statement::allow("s3:PutObject")
        .sid("S3ServerAccessLogDelivery")
        .service("logging.s3.amazonaws.com")
        .resource(sub(format!("${{{id}.Arn}}/*")))
        .condition(json!({ "StringEquals": { "aws:SourceAccount": r#ref("AWS::AccountId") } }))
        .into();
    let mut statements = vec![delivery];
    let mut exported = None;
    if load_balancer_logs {
        statements.extend(load_balancer_log_delivery(id));
        exported = Some(s.export(names::access_log_bucket_name(), r#ref(id)));
    }
    s.add(
        format!("{id}Policy"),
        Resource::new("AWS::S3::BucketPolicy", tls_only_policy(id, statements)),
    );
    exported
}

/// Renders the buckets; returns each one's handles by bucket name, and the access-log
/// bucket's name when load balancers log to it.
pub fn render(
    s: &mut StackBuilder,
    storage: &Storage,
    load_balancer_logs: bool,
) -> (BTreeMap<String, BucketExports>, Option<Export>) {
    let mut buckets = BTreeMap::new();
    let access_log_bucket_name = access_log_bucket(
        s,
        LOG_BUCKET,
        storage.access_log_retention_days,
        load_balancer_logs,
    );

    for bucket in &storage.buckets {
        let id = bucket_id(bucket);
        let mut rules = vec![expire_noncurrent_versions(bucket.noncurrent_expiry_days)];
        if let Some(days) = bucket.glacier_after_days {
            rules.push(json!({
                "Id": "archive-to-glacier",
                "Status": "Enabled",
                "Transitions": [{ "StorageClass": "GLACIER", "TransitionInDays": days }]
            }));
        }
        s.add(
            &id,
            Resource::new(
                "AWS::S3::Bucket",
                Value::Object(data_bucket_properties(
                    LOG_BUCKET,
                    format!("{}/", bucket.name),
                    rules,
                )),
            )
            .keep(Policy::Retain),
        );
        s.add(
            format!("{id}Policy"),
            Resource::new("AWS::S3::BucketPolicy", tls_only_policy(&id, Vec::new())),
        );
        let exports = BucketExports {
            arn: s.export(
                names::bucket_arn(&bucket.id, &bucket.name),
                get_att(&id, "Arn"),
            ),
            name: s.export(names::bucket_name(&bucket.id, &bucket.name), r#ref(&id)),
        };
        buckets.insert(bucket.name.clone(), exports);
    }
    (buckets, access_log_bucket_name)
}
