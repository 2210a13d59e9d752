//! The trail, its bucket and log group, and the alarms on what it records.
//!
//! CloudTrail delivers log files to a bucket only its own policy opens to it, encrypted
//! with the environment's key, with digest files to validate them; a copy goes to
//! CloudWatch Logs, where metric filters count the events an operator must see and alarms
//! publish to a topic the operator subscribes to.

use serde_json::{json, Value};

use super::model::Audit;
use crate::components::buckets::render::{access_log_bucket, data_bucket_properties, tls_only_policy};
use crate::components::Platform;
use crate::render::iam::{self, Statement};
use crate::render::link::Export;
use crate::render::intrinsics::{arn, get_att, r#ref, sub};
use crate::render::logs;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::{Policy, Resource};

const BUCKET: &str = "AuditTrailBucket";
const LOG_BUCKET: &str = "AuditAccessLogBucket";
const LOG_GROUP: &str = "AuditTrailLogGroup";
const ROLE: &str = "AuditTrailLogsRole";
const TOPIC: &str = "AuditAlarmTopic";
const TRAIL: &str = "AuditTrail";

/// The name of the topic's output: operators subscribe to it.
pub const ALARM_TOPIC_ARN: &str = "AuditAlarmTopicArn";

/// The events that raise an alarm: the logical-ID stem, the metric, the CloudWatch Logs
/// filter pattern over CloudTrail's JSON records, and what it means.
const ALARMS: &[(&str, &str, &str, &str)] = &[
    (
        "UnauthorizedCalls",
        "UnauthorizedApiCalls",
        r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }"#,
        "API calls refused for lack of permission",
    ),
    (
        "RootUse",
        "RootAccountUsage",
        r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#,
        "the account's root user acted",
    ),
    (
        "SignInWithoutMfa",
        "ConsoleSignInWithoutMfa",
        r#"{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.responseElements.ConsoleLogin = "Success") }"#,
        "a console sign-in without multi-factor authentication",
    ),
    (
        "KeyDisabled",
        "KmsKeyDisabledOrScheduledForDeletion",
        r#"{ ($.eventSource = "kms.amazonaws.com") && (($.eventName = "DisableKey") || ($.eventName = "ScheduleKeyDeletion")) }"#,
        "a KMS key disabled or scheduled for deletion",
    ),
    (
        "TrailChanged",
        "CloudTrailConfigurationChanges",
        r#"{ ($.eventName = "StopLogging") || ($.eventName = "DeleteTrail") || ($.eventName = "UpdateTrail") }"#,
        "a trail stopped, deleted or changed",
    ),
];

/// The trail's ARN, known before it exists, for the policies that must name it.
fn trail_arn(audit: &Audit) -> Value {
    arn(&format!(
        "cloudtrail:${{AWS::Region}}:${{AWS::AccountId}}:trail/{}",
        audit.trail_name
    ))
}

/// `alarm_topic` is the environment's alarm topic when `monitoring` is declared: the
/// audit alarms then publish there too, so operators subscribe once.
pub fn render(s: &mut StackBuilder, platform: &Platform, audit: &Audit, alarm_topic: Option<&Export>) {
    access_log_bucket(s, LOG_BUCKET, audit.retention_days, false);
    bucket(s, audit);
    s.add(
        LOG_GROUP,
        logs::log_group(
            format!("/platformctl/{}/audit/cloudtrail", platform.name),
            audit.retention_days,
        ),
    );
    s.add(
        ROLE,
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "AssumeRolePolicyDocument": iam::service_trust("cloudtrail.amazonaws.com"),
                "Policies": [iam::inline_policy("deliver-to-logs", vec![iam::allow(
                    "WriteTrailLogs",
                    &["logs:CreateLogStream", "logs:PutLogEvents"],
                    vec![get_att(LOG_GROUP, "Arn")],
                )])]
            }),
        ),
    );
    s.add(
        TRAIL,
        Resource::new(
            "AWS::CloudTrail::Trail",
            json!({
                "TrailName": audit.trail_name,
                "S3BucketName": r#ref(BUCKET),
                "IsLogging": true,
                "IsMultiRegionTrail": audit.multi_region,
                "IncludeGlobalServiceEvents": true,
                "EnableLogFileValidation": true,
                "KMSKeyId": r#ref(names::KEY_ARN),
                "CloudWatchLogsLogGroupArn": get_att(LOG_GROUP, "Arn"),
                "CloudWatchLogsRoleArn": get_att(ROLE, "Arn")
            }),
        )
        // CloudTrail checks the bucket policy when the trail is created.
        .depends_on(&[&format!("{BUCKET}Policy")])
        .skip_checkov(&[(
            "CKV_AWS_252",
            "Log file delivery notifications are not used: the alarms come from the CloudWatch Logs copy",
        )]),
    );
    let topic = match alarm_topic {
        Some(topic) => s.import(topic),
        None => own_topic(s),
    };
    alarms(s, platform, &topic);
}

/// The trail's bucket: the environment's data-bucket defaults, log files expired after
/// the retention period, and a policy that lets only this trail write (AWS CloudTrail User
/// Guide, "Amazon S3 bucket policy for CloudTrail").
fn bucket(s: &mut StackBuilder, audit: &Audit) {
    let expire = json!({
        "Id": "expire-trail-logs",
        "Status": "Enabled",
        "ExpirationInDays": audit.retention_days,
        "NoncurrentVersionExpiration": { "NoncurrentDays": 30 },
        "AbortIncompleteMultipartUpload": { "DaysAfterInitiation": 7 }
    });
    s.add(
        BUCKET,
        Resource::new(
            "AWS::S3::Bucket",
            Value::Object(data_bucket_properties(
                LOG_BUCKET,
                "cloudtrail/".to_owned(),
                vec![expire],
            )),
        )
        .keep(Policy::Retain),
    );
    let from_trail = json!({ "StringEquals": { "aws:SourceArn": trail_arn(audit) } });
    let statements = vec![
        Statement::allow("s3:GetBucketAcl")
            .sid("CloudTrailAclCheck")
            .service("cloudtrail.amazonaws.com")
            .resource(get_att(BUCKET, "Arn"))
            .condition(from_trail.clone())
            .into(),
        Statement::allow("s3:PutObject")
            .sid("CloudTrailWrite")
            .service("cloudtrail.amazonaws.com")
            .resource(sub(format!("${{{BUCKET}.Arn}}/AWSLogs/${{AWS::AccountId}}/*")))
            .condition(from_trail)
            .into(),
    ];
    s.add(
        format!("{BUCKET}Policy"),
        Resource::new("AWS::S3::BucketPolicy", tls_only_policy(BUCKET, statements)),
    );
}

/// The audit's own alarm topic, for an environment without `monitoring`.
fn own_topic(s: &mut StackBuilder) -> Value {
    crate::components::monitoring::render::alarm_topic(s, TOPIC, r#ref(names::KEY_ARN));
    s.output(
        ALARM_TOPIC_ARN,
        r#ref(TOPIC),
        "Topic the audit alarms publish to: subscribe the operators to it",
    );
    r#ref(TOPIC)
}

/// Per event, a metric filter on the trail's log group and an alarm to `topic`.
fn alarms(s: &mut StackBuilder, platform: &Platform, topic: &Value) {
    let namespace = format!("platformctl/{}/audit", platform.name);
    for (stem, metric, pattern, what) in ALARMS {
        s.add(
            format!("Audit{stem}Filter"),
            Resource::new(
                "AWS::Logs::MetricFilter",
                json!({
                    "LogGroupName": r#ref(LOG_GROUP),
                    "FilterPattern": pattern,
                    "MetricTransformations": [{ "MetricNamespace": namespace, "MetricName": metric, "MetricValue": "1", "DefaultValue": 0 }]
                }),
            ),
        );
        s.add(
            format!("Audit{stem}Alarm"),
            Resource::new(
                "AWS::CloudWatch::Alarm",
                json!({
                    "AlarmDescription": format!("{}: {what}", platform.name),
                    "Namespace": namespace,
                    "MetricName": metric,
                    "Statistic": "Sum",
                    "Period": 300,
                    "EvaluationPeriods": 1,
                    "Threshold": 1,
                    "ComparisonOperator": "GreaterThanOrEqualToThreshold",
                    "TreatMissingData": "notBreaching",
                    "AlarmActions": [topic]
                }),
            )
            .depends_on(&[&format!("Audit{stem}Filter")]),
        );
    }
}

/// The key-policy statements CloudTrail and CloudWatch alarms need: CloudTrail encrypts
/// this trail's log files (AWS CloudTrail User Guide, "Configure AWS KMS key policies for
/// CloudTrail"), and CloudWatch publishes alarms to the encrypted topic (Amazon SNS
/// Developer Guide, "Configuring AWS KMS permissions" for CloudWatch as an event source).
pub fn key_policy(audit: &Audit) -> Vec<Statement> {
    vec![
        Statement::allow("kms:GenerateDataKey*")
            .sid("CloudTrailEncryptsThisTrail")
            .service("cloudtrail.amazonaws.com")
            .resource("*")
            .condition(json!({
                "StringEquals": { "aws:SourceArn": trail_arn(audit) },
                "StringLike": { "kms:EncryptionContext:aws:cloudtrail:arn": arn("cloudtrail:*:${AWS::AccountId}:trail/*") }
            })),
        Statement::allow("kms:DescribeKey")
            .sid("CloudTrailDescribesTheKey")
            .service("cloudtrail.amazonaws.com")
            .resource("*")
            .condition(json!({ "StringEquals": { "aws:SourceArn": trail_arn(audit) } })),
        Statement::allow(&["kms:Decrypt", "kms:GenerateDataKey*"][..])
            .sid("CloudWatchAlarmsPublishToEncryptedTopics")
            .service("cloudwatch.amazonaws.com")
            .resource("*")
            .condition(json!({ "StringEquals": { "aws:SourceAccount": r#ref("AWS::AccountId") } })),
    ]
}
