//! The pipeline's state machine: a standard Step Functions workflow that runs the steps'
//! task definitions one after the other on the compute cluster (`ecs:runTask.sync`: each
//! step waits for its task to stop), as the orchestrator role, logging every event to a
//! log group under the environment's key and traced by X-Ray.

use serde_json::{json, Map, Value};

use super::model::{Pipelines, Workflow};
use super::render::ids;
use crate::components::Platform;
use crate::render::intrinsics::{get_att, r#ref};
use crate::render::logs::{self, RETENTION_DAYS};
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;

const LOG_GROUP: &str = "PipelineStateMachineLogGroup";

/// The variable every step's container gets the execution's input in.
pub const INPUT_VARIABLE: &str = "PIPELINE_INPUT";

/// The state machine's name, which the pipe's role and the operator see.
pub(super) fn name(platform: &Platform) -> String {
    format!("{}-pipeline", platform.name)
}

pub(super) fn render(s: &mut StackBuilder, platform: &Platform, p: &Pipelines, w: &Workflow) {
    // Vended logs go to groups under `/aws/vendedlogs/`, which keeps CloudWatch Logs'
    // resource policy small (AWS Step Functions Developer Guide, "Using CloudWatch Logs to
    // log execution history in Step Functions").
    s.add(
        LOG_GROUP,
        logs::log_group(format!("/aws/vendedlogs/states/{}", name(platform)), RETENTION_DAYS),
    );
    let (definition, substitutions) = definition(platform, p, w);
    s.add(
        names::PIPELINE_STATE_MACHINE,
        Resource::new(
            "AWS::StepFunctions::StateMachine",
            json!({
                "StateMachineName": name(platform),
                "StateMachineType": "STANDARD",
                "RoleArn": get_att(names::PIPELINE_ORCHESTRATOR_ROLE, "Arn"),
                "Definition": definition,
                "DefinitionSubstitutions": substitutions,
                "LoggingConfiguration": {
                    "Level": "ALL",
                    "IncludeExecutionData": true,
                    "Destinations": [{ "CloudWatchLogsLogGroup": { "LogGroupArn": get_att(LOG_GROUP, "Arn") } }]
                },
                "TracingConfiguration": { "Enabled": true }
            }),
        ),
    );
    s.output(
        "PipelineStateMachineArn",
        r#ref(names::PIPELINE_STATE_MACHINE),
        "The pipeline's state machine: StartExecution runs its steps in order",
    );
}

/// The Amazon States Language definition and its substitutions: each step a Task state on
/// the cluster with the section's capacity-provider strategy, in the private subnets behind
/// the task's own group (what the task definitions expect: `awsvpc`, no public address),
/// its result discarded so that every step sees the execution's input.
fn definition(platform: &Platform, p: &Pipelines, w: &Workflow) -> (Value, Map<String, Value>) {
    let mut subs = Map::new();
    subs.insert("Cluster".into(), get_att("Cluster", "Arn"));
    let subnets: Vec<Value> = (0..platform.network.private_subnets.len())
        .map(|i| {
            let key = format!("Subnet{i}");
            subs.insert(key.clone(), json!({ "Fn::Select": [i, r#ref(names::PRIVATE_SUBNET_IDS)] }));
            json!(format!("${{{key}}}"))
        })
        .collect();
    let c = p.capacity;
    let mut strategy = vec![json!({ "CapacityProvider": "FARGATE", "Weight": c.fargate_weight, "Base": c.fargate_base })];
    if c.fargate_spot_weight > 0 {
        strategy.push(json!({ "CapacityProvider": "FARGATE_SPOT", "Weight": c.fargate_spot_weight }));
    }
    let mut states = Map::new();
    for (i, step) in w.steps.iter().enumerate() {
        let Some(t) = p.tasks.iter().find(|t| &t.name == step) else {
            continue;
        };
        let ids = ids(t);
        subs.insert(ids.task_definition.clone(), r#ref(&ids.task_definition));
        subs.insert(ids.group.clone(), r#ref(&ids.group));
        let mut state = json!({
            "Type": "Task",
            // The optimized ECS integration, waiting for the task to stop (AWS Step
            // Functions Developer Guide, "Run Amazon ECS or Fargate tasks with Step
            // Functions"); Amazon States Language names integrations in this form.
            "Resource": "arn:aws:states:::ecs:runTask.sync",
            "Parameters": {
                "Cluster": "${Cluster}",
                "TaskDefinition": format!("${{{}}}", ids.task_definition),
                "CapacityProviderStrategy": strategy,
                "NetworkConfiguration": { "AwsvpcConfiguration": {
                    "Subnets": subnets,
                    "SecurityGroups": [format!("${{{}}}", ids.group)],
                    "AssignPublicIp": "DISABLED"
                } },
                "Overrides": { "ContainerOverrides": [{
                    "Name": t.name,
                    "Environment": [{ "Name": INPUT_VARIABLE, "Value.$": "States.JsonToString($$.Execution.Input)" }]
                }] }
            },
            "ResultPath": null,
            // RunTask is throttled per account and region, and Step Functions reports
            // ECS's errors as `ECS.<exception>` (Amazon ECS API Reference, "Request
            // throttling for the Amazon ECS API"; AWS Step Functions Developer Guide,
            // "Handling errors in Step Functions workflows"): back off and try again.
            "Retry": [{
                "ErrorEquals": ["ECS.AmazonECSException", "ECS.ThrottlingException"],
                "IntervalSeconds": 5,
                "MaxAttempts": 6,
                "BackoffRate": 2,
                "JitterStrategy": "FULL"
            }]
        });
        match w.steps.get(i + 1) {
            Some(next) => state["Next"] = json!(next),
            None => state["End"] = json!(true),
        }
        states.insert(step.clone(), state);
    }
    let definition = json!({
        "Comment": format!("Runs the pipeline tasks of {} in order: {}", platform.name, w.steps.join(", ")),
        "StartAt": w.steps.first(),
        "States": states
    });
    (definition, subs)
}
