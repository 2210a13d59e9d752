//! The security stack: the environment's KMS key, which every other stack encrypts with.

use serde_json::json;

use super::intrinsics::{arn, get_att, r#ref, sub};
use super::link::SecurityExports;
use super::names;
use super::stack::{NestedStack, StackBuilder};
use super::template::{Policy, Resource};
use crate::model::Platform;

pub fn render(platform: &Platform) -> (NestedStack, SecurityExports) {
    let mut s = StackBuilder::new("security", platform, "encryption key");
    let policy = json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AccountAdministersKeyThroughIam",
                "Effect": "Allow",
                "Principal": { "AWS": arn("iam::${AWS::AccountId}:root") },
                "Action": "kms:*",
                "Resource": "*"
            },
            {
                "Sid": "CloudWatchLogsEncryptsThisAccountsLogGroups",
                "Effect": "Allow",
                "Principal": { "Service": sub("logs.${AWS::Region}.amazonaws.com") },
                "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                "Resource": "*",
                "Condition": {
                    "ArnLike": { "kms:EncryptionContext:aws:logs:arn": arn("logs:${AWS::Region}:${AWS::AccountId}:*") }
                }
            },
            {
                "Sid": "EventSourcesWriteToEncryptedTopicsAndQueues",
                "Effect": "Allow",
                "Principal": { "Service": ["s3.amazonaws.com", "sns.amazonaws.com"] },
                "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                "Resource": "*",
                "Condition": { "StringEquals": { "aws:SourceAccount": r#ref("AWS::AccountId") } }
            }
        ]
    });
    s.add(
        "PlatformKey",
        Resource::new(
            "AWS::KMS::Key",
            json!({
                "Description": format!("Encrypts the data of platform environment {}", platform.name),
                "EnableKeyRotation": true,
                "PendingWindowInDays": platform.key_deletion_window_days,
                "KeyPolicy": policy
            }),
        )
        .keep(Policy::Retain),
    );
    s.add(
        "PlatformKeyAlias",
        Resource::new(
            "AWS::KMS::Alias",
            json!({ "AliasName": format!("alias/{}/platform", platform.name), "TargetKeyId": r#ref("PlatformKey") }),
        ),
    );
    let key_arn = s.export(names::key_arn(), get_att("PlatformKey", "Arn"));
    let secrets = super::secrets::render(&mut s, platform);
    (s.finish(), SecurityExports { key_arn, secrets })
}
