//! The role that runs the pipeline: a Step Functions state machine assumes it to run
//! exactly the pipeline's task definitions on the compute cluster, wait for them, stop
//! them, and pass exactly their roles to ECS.

use serde_json::{json, Value};

use super::model::Pipelines;
use super::render::{family, ids};
use crate::components::Platform;
use crate::render::iam::{self, Statement};
use crate::render::intrinsics::{arn, get_att, r#ref};
use crate::render::names;
use crate::render::run_tasks;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;

/// The compute stack's ECS cluster.
const CLUSTER: &str = "Cluster";

/// The managed rule through which Step Functions learns that a task it started with
/// `.sync` has stopped (AWS Step Functions Developer Guide, "Run Amazon ECS or Fargate
/// tasks with Step Functions": IAM policies).
const SYNC_RULE: &str = "StepFunctionsGetEventsForECSTaskRule";

pub(super) fn render(s: &mut StackBuilder, platform: &Platform, p: &Pipelines) {
    // In name order, so that reordering `tasks` changes no policy.
    let mut tasks: Vec<_> = p.tasks.iter().collect();
    tasks.sort_by(|a, b| a.name.cmp(&b.name));
    let definitions: Vec<Value> = tasks
        .iter()
        .map(|t| run_tasks::task_definitions(&family(platform, t)))
        .collect();
    let roles: Vec<Value> = tasks
        .iter()
        .flat_map(|t| {
            let ids = ids(t);
            [get_att(&ids.task_role, "Arn"), get_att(&ids.execution_role, "Arn")]
        })
        .collect();
    let mut statements = vec![
        run_tasks::run(
            "RunOnlyThePipelineTasks",
            &["ecs:RunTask"],
            Value::Array(definitions),
            CLUSTER,
        ),
        run_tasks::manage("StopAndDescribePipelineTasks", CLUSTER),
        run_tasks::pass_roles("PassOnlyThePipelineTaskRoles", roles),
        iam::allow(
            "LearnWhenTasksStop",
            &["events:PutTargets", "events:PutRule", "events:DescribeRule"],
            vec![arn(&format!(
                "events:${{AWS::Region}}:${{AWS::AccountId}}:rule/{SYNC_RULE}"
            ))],
        ),
    ];
    if p.workflow.is_some() {
        statements.extend(observability());
    }
    // Only Step Functions in this account may assume it: `aws:SourceAccount` guards
    // against the confused deputy (IAM User Guide, "The confused deputy problem").
    let trust = iam::document([Statement::allow("sts:AssumeRole")
        .sid("StepFunctionsOfThisAccount")
        .service("states.amazonaws.com")
        .condition(json!({ "StringEquals": { "aws:SourceAccount": r#ref("AWS::AccountId") } }))]);
    s.add(
        names::PIPELINE_ORCHESTRATOR_ROLE,
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "Description": format!("Runs the pipeline tasks of {} on its cluster", platform.name),
                "AssumeRolePolicyDocument": trust,
                "Policies": [iam::inline_policy("run-pipeline", statements)]
            }),
        ),
    );
}

/// What the state machine's logging and tracing take of its role. Log delivery is set up
/// through CloudWatch Logs' vended-log actions, which take no resource (AWS Step Functions
/// Developer Guide, "IAM policies for logging to CloudWatch Logs"); tracing sends segments
/// and reads sampling rules, which X-Ray does not scope to a resource either (the same
/// guide, "AWS X-Ray and Step Functions": IAM permissions).
fn observability() -> Vec<Value> {
    vec![
        iam::allow(
            "DeliverExecutionLogs",
            &[
                "logs:CreateLogDelivery",
                "logs:GetLogDelivery",
                "logs:UpdateLogDelivery",
                "logs:DeleteLogDelivery",
                "logs:ListLogDeliveries",
                "logs:PutResourcePolicy",
                "logs:DescribeResourcePolicies",
                "logs:DescribeLogGroups",
            ],
            vec![json!("*")],
        ),
        iam::allow(
            "SendTraces",
            &[
                "xray:PutTraceSegments",
                "xray:PutTelemetryRecords",
                "xray:GetSamplingRules",
                "xray:GetSamplingTargets",
            ],
            vec![json!("*")],
        ),
    ]
}
