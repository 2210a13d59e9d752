//! The roles the workers run as: the functions' execution role, the container instances'
//! role, and the task and task execution roles of the ECS tasks the vendor runs. The vendor
//! may pass exactly these to their services ([`super::vendor`]).

use serde_json::{json, Value};

use super::ids::{
    DATA_BUCKET, FUNCTION_ROLE, INSTANCE_ROLE, LOG_GROUP, TASK_EXECUTION_ROLE, TASK_ROLE,
};
use crate::render::iam;
use crate::render::intrinsics::{arn, get_att, r#ref, sub};
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;

/// Data-bucket and log rights shared by every worker, whatever runs it.
fn worker_grants() -> Vec<Value> {
    vec![
        iam::allow(
            "ListDataBucket",
            &["s3:ListBucket"],
            vec![get_att(DATA_BUCKET, "Arn")],
        ),
        iam::allow(
            "ReadWriteData",
            &["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            vec![sub(format!("${{{DATA_BUCKET}.Arn}}/*"))],
        ),
        iam::allow(
            "UseEnvironmentKey",
            &["kms:Decrypt", "kms:GenerateDataKey"],
            vec![r#ref(names::KEY_ARN)],
        ),
        iam::allow(
            "WriteWorkerLogs",
            &["logs:CreateLogStream", "logs:PutLogEvents"],
            vec![sub(format!("${{{LOG_GROUP}.Arn}}"))],
        ),
    ]
}

pub(super) fn render(s: &mut StackBuilder) {
    let mut function_grants = worker_grants();
    function_grants.extend(iam::lambda_vpc_networking());
    s.add(
        FUNCTION_ROLE,
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "Description": "Execution role of the worker functions the vendor creates",
                "AssumeRolePolicyDocument": iam::service_trust("lambda.amazonaws.com"),
                "Policies": [iam::inline_policy("worker-data", function_grants)]
            }),
        ),
    );
    s.add(
        INSTANCE_ROLE,
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "Description": "Role of the worker container instances",
                "AssumeRolePolicyDocument": iam::service_trust("ec2.amazonaws.com"),
                // The ECS agent's own rights (register the instance, pull images, ship logs).
                "ManagedPolicyArns": [arn("iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role")],
                "Policies": [iam::inline_policy("worker-data", worker_grants())]
            }),
        ),
    );
    s.add(
        "WorkerInstanceProfile",
        Resource::new(
            "AWS::IAM::InstanceProfile",
            json!({ "Roles": [r#ref(INSTANCE_ROLE)] }),
        ),
    );
    // The code in a worker task calls AWS as the task role; the ECS agent pulls the image
    // and ships the logs as the execution role (Amazon ECS Developer Guide, "Amazon ECS
    // task IAM role" and "Amazon ECS task execution IAM role"). The tasks take no secrets
    // at start, so the execution role needs nothing beyond the managed policy.
    s.add(
        TASK_ROLE,
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "Description": "Role of the worker tasks the vendor runs",
                "AssumeRolePolicyDocument": iam::service_trust("ecs-tasks.amazonaws.com"),
                "Policies": [iam::inline_policy("worker-data", worker_grants())]
            }),
        ),
    );
    s.add(
        TASK_EXECUTION_ROLE,
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "Description": "Role ECS pulls worker images and ships their logs with",
                "AssumeRolePolicyDocument": iam::service_trust("ecs-tasks.amazonaws.com"),
                "ManagedPolicyArns": [arn("iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")]
            }),
        ),
    );
}
