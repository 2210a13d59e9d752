//! The IAM statements of a principal that runs ECS tasks for others (a vendor's scheduler,
//! the pipeline's orchestrator). Actions and the resources and condition keys each takes
//! follow the Service Authorization Reference ("Actions, resources, and condition keys for
//! Amazon Elastic Container Service"): running and starting take the task definition and
//! `ecs:cluster`; stopping and describing take the task.

use serde_json::{json, Value};

use super::iam::Statement;
use super::intrinsics::{arn, get_att};

/// The condition that holds a call to the cluster of logical ID `cluster`.
pub fn on_cluster(cluster: &str) -> Value {
    json!({ "ArnEquals": { "ecs:cluster": get_att(cluster, "Arn") } })
}

/// Every resource of `kind` (`task`, `container-instance`) in the cluster of logical ID
/// `cluster`, whose `Ref` is its name.
pub fn in_cluster(cluster: &str, kind: &str) -> Value {
    arn(&format!(
        "ecs:${{AWS::Region}}:${{AWS::AccountId}}:{kind}/${{{cluster}}}/*"
    ))
}

/// Any revision of the task definitions of `family` (a family or a prefix ending in `*`).
pub fn task_definitions(family: &str) -> Value {
    arn(&format!(
        "ecs:${{AWS::Region}}:${{AWS::AccountId}}:task-definition/{family}:*"
    ))
}

/// `actions` (`ecs:RunTask`, `ecs:StartTask`) on `definitions`, only on the cluster.
pub fn run(sid: &str, actions: &[&str], definitions: Value, cluster: &str) -> Value {
    Statement::allow(actions)
        .sid(sid)
        .resource(definitions)
        .condition(on_cluster(cluster))
        .into()
}

/// `ecs:StopTask` and `ecs:DescribeTasks` on the cluster's tasks.
pub fn manage(sid: &str, cluster: &str) -> Value {
    Statement::allow(&["ecs:StopTask", "ecs:DescribeTasks"][..])
        .sid(sid)
        .resource(in_cluster(cluster, "task"))
        .condition(on_cluster(cluster))
        .into()
}

/// `iam:PassRole` on exactly `roles`, and only to ECS tasks: a task with roles starts
/// only if its caller may pass both to ECS (Amazon ECS Developer Guide, "Amazon ECS task
/// IAM role").
pub fn pass_roles(sid: &str, roles: Vec<Value>) -> Value {
    Statement::allow("iam:PassRole")
        .sid(sid)
        .resource(roles)
        .condition(json!({ "StringEquals": { "iam:PassedToService": "ecs-tasks.amazonaws.com" } }))
        .into()
}
