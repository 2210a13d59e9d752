//! A stream's delivery into the data lake: an Amazon Data Firehose delivery stream that
//! reads the Kinesis stream and writes GZIP objects under the environment's key below the
//! delivery's prefix, logging its failures to a log group of its own, as a role allowed
//! exactly that stream, that prefix and the key.

use serde_json::{json, Value};

use super::model::{Delivery, Stream};
use crate::components::Platform;
use crate::render::iam::{self, Statement};
use crate::render::intrinsics::{arn, get_att, r#ref, sub};
use crate::render::logs::{self, RETENTION_DAYS};
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::{Policy, Resource};

/// The log stream Firehose writes S3 delivery errors to.
const LOG_STREAM: &str = "S3Delivery";

/// Hive-style daily partitions: Firehose evaluates `!{timestamp:...}` at delivery, and a
/// prefix with expressions needs an error prefix naming `!{firehose:error-output-type}`
/// (Amazon Data Firehose Developer Guide, "Understand custom prefixes for Amazon S3
/// objects").
const PARTITIONS: &str = "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/";

/// `stream` is the stream's logical ID.
pub(super) fn render(s: &mut StackBuilder, platform: &Platform, x: &Stream, stream: &str, d: &Delivery) {
    // The bucket is in this stack, rendered before the streams (registry order).
    let bucket = format!("{}Bucket", d.bucket_id);
    let role = format!("{}DeliveryRole", x.id);
    let group = format!("{}DeliveryLogGroup", x.id);
    let group_name = format!("/platformctl/{}/firehose/{}", platform.name, x.name);
    s.add(&group, logs::log_group(&group_name, RETENTION_DAYS));
    s.add(
        format!("{}DeliveryLogStream", x.id),
        Resource::new(
            "AWS::Logs::LogStream",
            json!({ "LogGroupName": r#ref(&group), "LogStreamName": LOG_STREAM }),
        )
        .keep(Policy::Retain),
    );
    s.add(
        &role,
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "Description": format!("Delivers stream {} of {} into bucket {}", x.name, platform.name, d.bucket),
                "AssumeRolePolicyDocument": iam::service_trust("firehose.amazonaws.com"),
                "Policies": [iam::inline_policy("deliver", statements(stream, &bucket, &group_name, d))]
            }),
        ),
    );
    s.add(
        format!("{}Delivery", x.id),
        // No `DeliveryStreamEncryptionConfigurationInput`: Firehose's own server-side
        // encryption is for Direct PUT sources; with a Kinesis source the records rest
        // encrypted in the stream (Amazon Data Firehose Developer Guide, "Data protection
        // in Amazon Data Firehose"), and the objects under the environment's key.
        Resource::new(
            "AWS::KinesisFirehose::DeliveryStream",
            json!({
                "DeliveryStreamName": format!("{}-{}", platform.name, x.name),
                "DeliveryStreamType": "KinesisStreamAsSource",
                "KinesisStreamSourceConfiguration": {
                    "KinesisStreamARN": get_att(stream, "Arn"),
                    "RoleARN": get_att(&role, "Arn")
                },
                "ExtendedS3DestinationConfiguration": {
                    "BucketARN": get_att(&bucket, "Arn"),
                    "RoleARN": get_att(&role, "Arn"),
                    "Prefix": format!("{}data/{PARTITIONS}", d.prefix),
                    "ErrorOutputPrefix": format!("{}errors/!{{firehose:error-output-type}}/{PARTITIONS}", d.prefix),
                    "BufferingHints": { "IntervalInSeconds": d.buffer_seconds, "SizeInMBs": d.buffer_mib },
                    "CompressionFormat": "GZIP",
                    "EncryptionConfiguration": { "KMSEncryptionConfig": { "AWSKMSKeyARN": r#ref(names::KEY_ARN) } },
                    "CloudWatchLoggingOptions": { "Enabled": true, "LogGroupName": r#ref(&group), "LogStreamName": LOG_STREAM }
                }
            }),
        )
    );
}

/// What the delivery role needs (Amazon Data Firehose Developer Guide, "Grant Firehose
/// access to an Amazon S3 destination" and "Controlling access with Amazon Data Firehose":
/// Kinesis Data Streams as the source): read the one stream, write and read back objects
/// under the one prefix, list the bucket only there, use the key only through Kinesis and
/// S3, and write its error log stream.
fn statements(stream: &str, bucket: &str, group_name: &str, d: &Delivery) -> Vec<Value> {
    let region_service = |service: &str| sub(format!("{service}.${{AWS::Region}}.amazonaws.com"));
    vec![
        iam::allow(
            "ReadTheStream",
            &[
                "kinesis:DescribeStream",
                "kinesis:DescribeStreamSummary",
                "kinesis:GetShardIterator",
                "kinesis:GetRecords",
                "kinesis:ListShards",
            ],
            vec![get_att(stream, "Arn")],
        ),
        iam::allow(
            "WriteThePrefix",
            &["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
            vec![sub(format!("${{{bucket}.Arn}}/{}*", d.prefix))],
        ),
        iam::allow(
            "LocateTheBucket",
            &["s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
            vec![get_att(bucket, "Arn")],
        ),
        Statement::allow("s3:ListBucket")
            .sid("ListThePrefix")
            .resource(get_att(bucket, "Arn"))
            .condition(json!({ "StringLike": { "s3:prefix": format!("{}*", d.prefix) } }))
            .into(),
        Statement::allow(&["kms:Decrypt", "kms:GenerateDataKey"][..])
            .sid("UseTheKeyThroughKinesisAndS3")
            .resource(r#ref(names::KEY_ARN))
            .condition(json!({ "StringEquals": { "kms:ViaService": [region_service("kinesis"), region_service("s3")] } }))
            .into(),
        iam::allow(
            "WriteErrorLog",
            &["logs:PutLogEvents"],
            vec![arn(&format!(
                "logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{group_name}:log-stream:{LOG_STREAM}"
            ))],
        ),
    ]
}
