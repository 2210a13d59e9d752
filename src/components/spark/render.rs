//! EMR Serverless Spark applications in the workload subnets (compute stack): per
//! application a security group, a KMS-encrypted log group, the application with auto
//! start, auto stop and a maximum capacity, and the job runtime role its jobs run as.

use serde_json::json;

use super::model::Spark;
use crate::components::access::{
    declare_inputs, grants, outbound_only_group, role_tags, runtime_secrets,
};
use crate::components::Platform;
use crate::model::Consumer;
use crate::render::iam::{self, Statement};
use crate::render::intrinsics::{arn, get_att, r#ref};
use crate::render::link::Upstream;
use crate::render::logs;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;

/// The application's name in AWS, which also names its log group.
pub fn application_name(platform: &Platform, spark: &Spark) -> String {
    format!("{}-{}", platform.name, spark.name)
}

pub fn render(s: &mut StackBuilder, platform: &Platform, up: &Upstream) {
    for spark in &platform.spark {
        render_application(s, platform, up, spark);
    }
}

fn render_application(s: &mut StackBuilder, platform: &Platform, up: &Upstream, a: &Spark) {
    let consumer = Consumer::Spark(a.name.clone());
    let access = platform.access.grants(&consumer);
    declare_inputs(s, up, &access);
    let id = &a.id;
    let name = application_name(platform, a);
    let group = names::spark_security_group(id);
    let log_group = format!("{id}SparkLogGroup");
    let application = names::spark_application(id);
    let role = names::spark_role(id);

    // Workers reach the VPC outbound only; EMR Serverless admits nothing inbound to them
    // (Amazon EMR Serverless User Guide, "Configuring VPC access").
    outbound_only_group(
        s,
        platform,
        up,
        &consumer,
        &group,
        format!("{} Spark application {} (outbound only)", platform.name, a.name),
    );
    s.add(
        &log_group,
        logs::log_group(format!("/aws/emr-serverless/{name}"), logs::RETENTION_DAYS),
    );
    s.add(
        &application,
        Resource::new(
            "AWS::EMRServerless::Application",
            json!({
                "Name": name,
                "Type": "Spark",
                "ReleaseLabel": a.release_label,
                "AutoStartConfiguration": { "Enabled": true },
                "AutoStopConfiguration": { "Enabled": true, "IdleTimeoutMinutes": a.idle_stop_minutes },
                "MaximumCapacity": {
                    "Cpu": format!("{} vCPU", a.max_vcpu),
                    "Memory": format!("{} GB", a.max_memory_gb)
                },
                "NetworkConfiguration": {
                    "SubnetIds": r#ref(names::PRIVATE_SUBNET_IDS),
                    "SecurityGroupIds": [r#ref(&group)]
                },
                // The drivers' and executors' logs go to the group above, encrypted with
                // the environment's key (Amazon EMR Serverless User Guide, "Logging and
                // monitoring", CloudWatch Logs).
                "MonitoringConfiguration": {
                    "CloudWatchLoggingConfiguration": {
                        "Enabled": true,
                        "LogGroupName": r#ref(&log_group),
                        "EncryptionKeyArn": r#ref(names::KEY_ARN)
                    }
                }
            }),
        ),
    );

    let (mut statements, _) = grants(up, &access);
    let (secret_statements, _) = runtime_secrets(platform, up, &access);
    statements.extend(secret_statements);
    // The job runtime role writes the jobs' logs, and encrypts them with the key the
    // application names (Amazon EMR Serverless User Guide, "Logging and monitoring").
    statements.push(iam::allow(
        "WriteLogs",
        &[
            "logs:CreateLogStream",
            "logs:DescribeLogStreams",
            "logs:PutLogEvents",
        ],
        vec![get_att(&log_group, "Arn")],
    ));
    statements.push(iam::allow(
        "FindLogGroup",
        &["logs:DescribeLogGroups"],
        vec![arn("logs:${AWS::Region}:${AWS::AccountId}:log-group:*")],
    ));
    if !statements.iter().any(|s| s["Sid"] == "UseEnvironmentKey") {
        statements.push(iam::allow(
            "UseEnvironmentKey",
            &["kms:Decrypt", "kms:GenerateDataKey"],
            vec![r#ref(names::KEY_ARN)],
        ));
    }
    statements.push(iam::allow(
        "EncryptLogs",
        &["kms:Encrypt"],
        vec![r#ref(names::KEY_ARN)],
    ));
    // EMR Serverless assumes the role for this application's jobs only: the conditions
    // name the account and the application (Amazon EMR Serverless User Guide, "Job
    // runtime roles", confused deputy prevention).
    let trust = iam::document([Statement::allow("sts:AssumeRole")
        .service("emr-serverless.amazonaws.com")
        .condition(json!({
            "StringEquals": { "aws:SourceAccount": r#ref("AWS::AccountId") },
            "ArnEquals": { "aws:SourceArn": get_att(&application, "Arn") }
        }))]);
    s.add(
        &role,
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "AssumeRolePolicyDocument": trust,
                "Description": format!("Jobs of Spark application {}", a.name),
                "Policies": [iam::inline_policy("spark-jobs", statements)],
                "Tags": role_tags(platform, &access)
            }),
        ),
    );
    s.output(
        &names::spark_application_id(id),
        get_att(&application, "ApplicationId"),
        &format!("ID of Spark application {} (start-job-run --application-id)", a.name),
    );
    s.output(
        &names::spark_role_arn(id),
        get_att(&role, "Arn"),
        &format!("Job runtime role of Spark application {} (start-job-run --execution-role-arn)", a.name),
    );
}
