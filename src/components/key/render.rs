//! The security stack: the environment's KMS key, which every other stack encrypts with.

use serde_json::json;

use crate::components::Platform;
use crate::components::Stack;
use crate::render::iam::{self, Statement};
use crate::render::intrinsics::{arn, get_att, r#ref, sub};
use crate::render::link::SecurityExports;
use crate::render::names;
use crate::render::stack::{NestedStack, StackBuilder};
use crate::render::template::{Policy, Resource};

pub fn render(platform: &Platform) -> (NestedStack, SecurityExports) {
    let mut s = StackBuilder::new(Stack::Security.name(), Stack::Security.top_level(), platform, "encryption key");
    let mut statements = vec![
        Statement::allow("kms:*")
            .sid("AccountAdministersKeyThroughIam")
            .aws(arn("iam::${AWS::AccountId}:root"))
            .resource("*"),
        Statement::allow(&["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"][..])
            .sid("CloudWatchLogsEncryptsThisAccountsLogGroups")
            .service(sub("logs.${AWS::Region}.amazonaws.com"))
            .resource("*")
            .condition(json!({
                "ArnLike": { "kms:EncryptionContext:aws:logs:arn": arn("logs:${AWS::Region}:${AWS::AccountId}:*") }
            })),
        Statement::allow(&["kms:Decrypt", "kms:GenerateDataKey*"][..])
            .sid("EventSourcesWriteToEncryptedTopicsAndQueues")
            .service(&["s3.amazonaws.com", "sns.amazonaws.com"][..])
            .resource("*")
            .condition(json!({ "StringEquals": { "aws:SourceAccount": r#ref("AWS::AccountId") } })),
    ];
    statements.extend(crate::components::key_policy(platform));
    let policy = iam::document(statements);
    s.add(
        "PlatformKey",
        Resource::new(
            "AWS::KMS::Key",
            json!({
                "Description": format!("Encrypts the data of platform environment {}", platform.name),
                "EnableKeyRotation": true,
                "PendingWindowInDays": platform.encryption.deletion_window_days,
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
    let secrets = crate::components::secrets::render::render(&mut s, platform);
    let alarm_topic_arn = platform
        .monitoring
        .as_ref()
        .map(|m| crate::components::monitoring::render::topic(&mut s, m));
    (
        s.finish(),
        SecurityExports {
            key_arn,
            secrets,
            alarm_topic_arn,
        },
    )
}
