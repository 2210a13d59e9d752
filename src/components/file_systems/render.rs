//! EFS file systems (data stack): encrypted with the environment's key, TLS-only, a mount
//! target in every workload subnet, and a daily AWS Backup plan into a KMS-encrypted vault.

use serde_json::json;

use crate::render::names::zone_letter;
use crate::components::{FileSystem, Platform};
use crate::render::firewall::no_egress;
use crate::render::iam::{self, Statement};
use crate::render::intrinsics::{arn, get_att, r#ref};
use crate::render::link::{FileSystemExports, Upstream};
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::tags::{tag, Tags};
use crate::render::template::{Policy, Resource};

/// Daily at 05:00 UTC, when the platform's batch load is lowest.
const BACKUP_SCHEDULE: &str = "cron(0 5 ? * * *)";

/// Declares what file systems need and renders them; nothing without file systems. The
/// mount targets' group admits no one itself: each workload whose `access:` block names a
/// file system gets its own ingress rule (`components::access::network_paths`).
pub fn render(s: &mut StackBuilder, platform: &Platform, up: &mut Upstream) {
    if platform.file_systems.is_empty() {
        return;
    }
    s.import(&up.network.vpc_id);
    s.add(
        "FileSystemSecurityGroup",
        Resource::new(
            "AWS::EC2::SecurityGroup",
            json!({
                "GroupDescription": format!("{} EFS mount targets", platform.name),
                "VpcId": r#ref(names::VPC_ID),
                "SecurityGroupEgress": no_egress()
            }),
        ),
    );
    s.add(
        "BackupVault",
        Resource::new(
            "AWS::Backup::BackupVault",
            json!({
                "BackupVaultName": format!("{}-platform", platform.name),
                "EncryptionKeyArn": r#ref(names::KEY_ARN),
                "BackupVaultTags": Tags::of(platform).map()
            }),
        )
        .keep(Policy::Retain),
    );
    s.add(
        "BackupRole",
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "AssumeRolePolicyDocument": iam::service_trust("backup.amazonaws.com"),
                "ManagedPolicyArns": [
                    arn("iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"),
                    arn("iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores")
                ]
            }),
        ),
    );
    up.data.file_system_security_group_id = Some(s.export(
        names::file_system_security_group_id(),
        r#ref("FileSystemSecurityGroup"),
    ));
    for fs in &platform.file_systems {
        let exports = render_one(s, platform, fs);
        up.data.file_systems.insert(fs.name.clone(), exports);
    }
}

fn render_one(s: &mut StackBuilder, platform: &Platform, fs: &FileSystem) -> FileSystemExports {
    let id = format!("{}FileSystem", fs.id);
    // The console shows a file system by its Name tag; it leads the list.
    let mut tags = vec![tag("Name", &format!("{}-{}", platform.name, fs.name))];
    tags.extend(Tags::of(platform).entries());
    s.add(
        &id,
        Resource::new(
            "AWS::EFS::FileSystem",
            json!({
                "Encrypted": true,
                "KmsKeyId": r#ref(names::KEY_ARN),
                "PerformanceMode": "generalPurpose",
                "ThroughputMode": if fs.elastic_throughput { "elastic" } else { "bursting" },
                "LifecyclePolicies": [
                    { "TransitionToIA": fs.transition_to_ia() },
                    { "TransitionToPrimaryStorageClass": "AFTER_1_ACCESS" }
                ],
                // Backups come from the AWS Backup plan below, with its own retention.
                "BackupPolicy": { "Status": "DISABLED" },
                // A policy that only denies would replace EFS's default allow and lock
                // every client out; the Allow leaves mounting to the account's IAM
                // policies, through a mount target (Amazon EFS User Guide, "Creating file
                // system policies").
                "FileSystemPolicy": iam::document([
                    Statement::deny("*")
                        .sid("DenyInsecureTransport")
                        .aws("*")
                        .condition(json!({ "Bool": { "aws:SecureTransport": "false" } })),
                    Statement::allow(&["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"][..])
                        .sid("AccountMountsThroughIam")
                        .aws(arn("iam::${AWS::AccountId}:root"))
                        .condition(json!({ "Bool": { "elasticfilesystem:AccessedViaMountTarget": "true" } })),
                ]),
                "FileSystemTags": tags
            }),
        )
        .keep(Policy::Retain),
    );
    for zone in 0..platform.network.zone_count {
        s.add(
            format!("{id}MountTarget{}", zone_letter(zone)),
            Resource::new(
                "AWS::EFS::MountTarget",
                json!({
                    "FileSystemId": r#ref(&id),
                    "SubnetId": { "Fn::Select": [zone, r#ref(names::PRIVATE_SUBNET_IDS)] },
                    "SecurityGroups": [r#ref("FileSystemSecurityGroup")]
                }),
            ),
        );
    }
    let plan = format!("{}BackupPlan", fs.id);
    s.add(
        &plan,
        Resource::new(
            "AWS::Backup::BackupPlan",
            json!({
                "BackupPlan": {
                    "BackupPlanName": format!("{}-{}", platform.name, fs.name),
                    "BackupPlanRule": [{
                        "RuleName": "daily",
                        "TargetBackupVault": r#ref("BackupVault"),
                        "ScheduleExpression": BACKUP_SCHEDULE,
                        "StartWindowMinutes": 60,
                        "CompletionWindowMinutes": 720,
                        "Lifecycle": { "DeleteAfterDays": fs.backup_retention_days }
                    }]
                },
                "BackupPlanTags": Tags::of(platform).map()
            }),
        ),
    );
    s.add(
        format!("{}BackupSelection", fs.id),
        Resource::new(
            "AWS::Backup::BackupSelection",
            json!({
                "BackupPlanId": r#ref(&plan),
                "BackupSelection": {
                    "SelectionName": fs.name,
                    "IamRoleArn": get_att("BackupRole", "Arn"),
                    "Resources": [get_att(&id, "Arn")]
                }
            }),
        ),
    );
    FileSystemExports {
        id: s.export(names::file_system_id(&fs.id, &fs.name), r#ref(&id)),
        arn: s.export(names::file_system_arn(&fs.id, &fs.name), get_att(&id, "Arn")),
    }
}
