//! What starts the pipeline: an EventBridge pipe from the source queue to the state
//! machine, one execution per message, as a role that may take exactly that queue's
//! messages and start exactly that state machine.

use serde_json::json;

use super::workflow;
use crate::components::Platform;
use crate::render::iam::{self, Statement};
use crate::render::intrinsics::{r#ref, sub};
use crate::render::link::Upstream;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;

const PIPE: &str = "PipelineSource";

pub(super) fn render(s: &mut StackBuilder, platform: &Platform, queue: &str, up: &Upstream) {
    let Some(q) = up.messaging.queues.get(queue) else {
        return;
    };
    let queue_arn = s.import(&q.arn);
    let name = workflow::name(platform);
    // Pipes assumes the role for this pipe only (Amazon EventBridge User Guide, "Amazon
    // EventBridge Pipes permissions": the execution role's trust, with `aws:SourceArn` and
    // `aws:SourceAccount` against the confused deputy).
    let trust = iam::document([Statement::allow("sts:AssumeRole")
        .sid("ThisPipeOfThisAccount")
        .service("pipes.amazonaws.com")
        .condition(json!({
            "StringEquals": {
                "aws:SourceAccount": r#ref("AWS::AccountId"),
                "aws:SourceArn": sub(format!("arn:${{AWS::Partition}}:pipes:${{AWS::Region}}:${{AWS::AccountId}}:pipe/{name}"))
            }
        }))]);
    // The same page's source and target permissions: an SQS source takes ReceiveMessage,
    // DeleteMessage and GetQueueAttributes, and kms:Decrypt when the queue is encrypted
    // with a customer managed key; a Step Functions target with FIRE_AND_FORGET takes
    // StartExecution.
    let statements = vec![
        iam::allow(
            "TakeTheSourceQueuesMessages",
            &["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
            vec![queue_arn.clone()],
        ),
        Statement::allow("kms:Decrypt")
            .sid("DecryptThroughSqs")
            .resource(r#ref(names::KEY_ARN))
            .condition(json!({ "StringEquals": { "kms:ViaService": sub("sqs.${AWS::Region}.amazonaws.com") } }))
            .into(),
        iam::allow(
            "StartTheStateMachine",
            &["states:StartExecution"],
            vec![r#ref(names::PIPELINE_STATE_MACHINE)],
        ),
    ];
    s.add(
        names::PIPELINE_SOURCE_ROLE,
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "Description": format!("Starts the pipeline of {} for each message of queue {queue}", platform.name),
                "AssumeRolePolicyDocument": trust,
                "Policies": [iam::inline_policy("start-pipeline", statements)]
            }),
        ),
    );
    s.add(
        PIPE,
        Resource::new(
            "AWS::Pipes::Pipe",
            json!({
                "Name": name,
                "Description": format!("One execution of {name} per message of queue {queue}"),
                "DesiredState": "RUNNING",
                "RoleArn": crate::render::intrinsics::get_att(names::PIPELINE_SOURCE_ROLE, "Arn"),
                "Source": queue_arn,
                "SourceParameters": { "SqsQueueParameters": { "BatchSize": 1 } },
                "Target": r#ref(names::PIPELINE_STATE_MACHINE),
                "TargetParameters": { "StepFunctionStateMachineParameters": { "InvocationType": "FIRE_AND_FORGET" } }
            }),
        ),
    );
}
