//! One Fargate task as the compute stack renders it, whoever starts it: its log group, an
//! execution role (pull the image, write logs, read its secrets at start), a task role (its
//! `access:` grants), a security group (egress to what it may reach) and a task definition
//! (awsvpc, read-only root file system). Services run it as an ECS service; pipelines are
//! run on demand by the orchestrator.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::discovery;
use crate::components::access::{
    declare_inputs, grants, network_paths, role_tags, task_secrets,
};
use crate::components::Platform;
use crate::model::{Consumer, Grants};
use crate::render::iam;
use crate::render::intrinsics::{arn, get_att, r#ref};
use crate::render::link::Upstream;
use crate::render::logs;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;

/// What differs between the tasks the compute stack renders.
pub(crate) struct Task<'a> {
    /// The workload in the access graph whose grants the task role carries.
    pub consumer: Consumer,
    /// Its container's name.
    pub name: &'a str,
    pub image: &'a str,
    pub cpu: u32,
    pub memory: u32,
    pub port: Option<u16>,
    pub environment: &'a BTreeMap<String, String>,
    /// The CloudWatch Logs group name.
    pub log_path: String,
    /// The task definition family.
    pub family: String,
    /// The security group's description.
    pub group_description: String,
    /// Logical IDs.
    pub ids: TaskIds,
}

/// The logical IDs of a task's resources.
pub(crate) struct TaskIds {
    pub log_group: String,
    pub execution_role: String,
    pub task_role: String,
    pub group: String,
    pub task_definition: String,
}

/// The ECR repository ARN of an image hosted in ECR, so pull rights can name it.
fn ecr_repository_arn(image: &str) -> Option<Value> {
    let (registry, rest) = image.split_once('/')?;
    let mut parts = registry.split('.');
    let account = parts.next()?;
    let (dkr, ecr, region) = (parts.next()?, parts.next()?, parts.next()?);
    if dkr != "dkr"
        || ecr != "ecr"
        || account.len() != 12
        || !account.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let repository = rest.split(['@', ':']).next()?;
    Some(arn(&format!(
        "ecr:{region}:{account}:repository/{repository}"
    )))
}

/// Renders `task` and returns its grants (what the caller may still need to order after).
pub(crate) fn render(
    s: &mut StackBuilder,
    platform: &Platform,
    up: &Upstream,
    task: &Task<'_>,
) -> Grants {
    let access = platform.access.grants(&task.consumer);
    declare_inputs(s, up, &access);
    let ids = &task.ids;
    s.add(
        &ids.log_group,
        logs::log_group(task.log_path.clone(), logs::RETENTION_DAYS),
    );
    let (start_statements, secrets) = task_secrets(platform, up, &access);
    execution_role(s, task, start_statements);
    let (statements, mut environment) = grants(up, &access);
    environment.extend(discovery::addresses(platform, &access));
    let mut task_role_props =
        json!({ "AssumeRolePolicyDocument": iam::service_trust("ecs-tasks.amazonaws.com") });
    if !statements.is_empty() {
        task_role_props["Policies"] = json!([iam::inline_policy("platform-access", statements)]);
    }
    let tags = role_tags(platform, &access);
    if !tags.is_empty() {
        task_role_props["Tags"] = json!(tags);
    }
    s.add(&ids.task_role, Resource::new("AWS::IAM::Role", task_role_props));

    environment.extend(
        task.environment
            .iter()
            .map(|(k, v)| json!({ "Name": k, "Value": v })),
    );
    environment.sort_by(|a, b| a["Name"].as_str().cmp(&b["Name"].as_str()));
    // A scratch volume for /tmp (the root file system is read-only), and each file system
    // the task may mount at /mnt/<name>: over TLS, authorized by the task role (Amazon
    // ECS Developer Guide, "Amazon EFS volumes").
    let mut volumes = vec![json!({ "Name": "tmp" })];
    let mut mount_points =
        vec![json!({ "SourceVolume": "tmp", "ContainerPath": "/tmp", "ReadOnly": false })];
    for name in &access.file_systems {
        if let Some(fs) = up.data.file_systems.get(name) {
            let volume = format!("fs-{name}");
            volumes.push(json!({
                "Name": volume,
                "EFSVolumeConfiguration": {
                    "FilesystemId": r#ref(fs.id.name()),
                    "TransitEncryption": "ENABLED",
                    "AuthorizationConfig": { "IAM": "ENABLED" }
                }
            }));
            mount_points.push(json!({ "SourceVolume": volume, "ContainerPath": format!("/mnt/{name}"), "ReadOnly": false }));
        }
    }
    let mut container = json!({
        "Name": task.name,
        "Image": task.image,
        "Essential": true,
        "ReadonlyRootFilesystem": true,
        "MountPoints": mount_points,
        "Environment": environment,
        "LogConfiguration": {
            "LogDriver": "awslogs",
            "Options": { "awslogs-group": r#ref(&ids.log_group), "awslogs-region": r#ref("AWS::Region"), "awslogs-stream-prefix": task.name }
        }
    });
    if !secrets.is_empty() {
        container["Secrets"] = Value::Array(secrets);
    }
    // The task's own group, so the access graph can admit exactly it to its targets.
    // It admits nothing by itself: the workloads whose `access.services` names it, and the
    // load balancer in front of it, each add an ingress rule of their own.
    if let Some(port) = task.port {
        container["PortMappings"] = json!([{ "ContainerPort": port, "Protocol": "tcp" }]);
    }
    let ingress: Vec<Value> = Vec::new();
    let egress = network_paths(s, platform, up, &task.consumer, &ids.group);
    s.add(
        &ids.group,
        Resource::new(
            "AWS::EC2::SecurityGroup",
            json!({
                "GroupDescription": task.group_description,
                "VpcId": r#ref(names::VPC_ID),
                "SecurityGroupIngress": ingress,
                "SecurityGroupEgress": egress
            }),
        ),
    );
    s.add(
        &ids.task_definition,
        Resource::new(
            "AWS::ECS::TaskDefinition",
            json!({
                "Family": task.family,
                "RequiresCompatibilities": ["FARGATE"],
                "NetworkMode": "awsvpc",
                "Cpu": task.cpu.to_string(),
                "Memory": task.memory.to_string(),
                "ExecutionRoleArn": get_att(&ids.execution_role, "Arn"),
                "TaskRoleArn": get_att(&ids.task_role, "Arn"),
                "Volumes": volumes,
                "ContainerDefinitions": [container]
            }),
        ),
    );
    access
}

/// What ECS does to start the task: write its logs, pull its image from ECR, and read the
/// secrets it starts with (`start`).
fn execution_role(s: &mut StackBuilder, task: &Task<'_>, start: Vec<Value>) {
    let mut pull = vec![iam::allow(
        "WriteLogs",
        &["logs:CreateLogStream", "logs:PutLogEvents"],
        vec![get_att(&task.ids.log_group, "Arn")],
    )];
    if let Some(repository) = ecr_repository_arn(task.image) {
        // GetAuthorizationToken has no resource-level permissions (ECR User Guide).
        pull.push(iam::allow(
            "EcrLogin",
            &["ecr:GetAuthorizationToken"],
            vec![json!("*")],
        ));
        pull.push(iam::allow(
            "PullImage",
            &[
                "ecr:BatchCheckLayerAvailability",
                "ecr:GetDownloadUrlForLayer",
                "ecr:BatchGetImage",
            ],
            vec![repository],
        ));
    }
    pull.extend(start);
    s.add(
        &task.ids.execution_role,
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "AssumeRolePolicyDocument": iam::service_trust("ecs-tasks.amazonaws.com"),
                "Policies": [iam::inline_policy("start-task", pull)]
            }),
        ),
    );
}
