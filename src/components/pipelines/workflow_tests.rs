//! The pipeline's state machine and the pipe that starts it: located problems, the steps
//! in order on the cluster, logging and tracing, and each role's exact rights.

use serde_json::{json, Value};

use crate::components::testkit::{self, problems};
use crate::components::{self};
use crate::render::TemplateFormat;

const HEAD: &str = "name: wf-test\nregion: us-east-1\nenvironment_size: Small\nnetwork:\n  vpc_cidr: 10.0.0.0/16\n  availability_zones: 2\nmessaging:\n  queues:\n    - name: files\n";

fn yaml(workflow: &str) -> String {
    let task = |name: &str| format!("    - name: {name}\n      image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/{name}:1.0.0\n");
    format!(
        "{HEAD}pipelines:\n  capacity: {{ fargate_weight: 1, fargate_spot_weight: 2 }}\n  tasks:\n{}{}  workflow:\n{workflow}",
        task("parser"),
        task("converter")
    )
}

fn compute(yaml: &str) -> crate::render::template::Template {
    let set = components::render(&testkit::platform(yaml), TemplateFormat::Json);
    set.stacks.into_iter().find(|s| s.name == "compute").unwrap().template
}

fn statements(t: &crate::render::template::Template, role: &str) -> Vec<Value> {
    t.resources[role].properties["Policies"][0]["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn unknown_and_repeated_steps_and_an_unknown_queue_are_located() {
    let found = problems(&yaml("    steps: [parser, loader, parser]\n    source_queue: uploads\n"));
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "pipelines.workflow.steps[1]",
            "pipelines.workflow.steps[2]",
            "pipelines.workflow.source_queue"
        ],
        "{found:?}"
    );
    assert!(found[0].1.contains("parser, converter"), "{found:?}");
    assert!(problems(&yaml("    steps: []\n")).iter().any(|(p, _)| p == "pipelines.workflow.steps"));
    assert!(problems(&yaml("    steps: [converter, parser]\n    source_queue: files\n")).is_empty());
}

#[test]
fn the_state_machine_runs_the_steps_in_order_on_the_cluster_logged_and_traced() {
    let t = compute(&yaml("    steps: [parser, converter]\n"));
    let sm = &t.resources["PipelineStateMachine"].properties;
    assert_eq!(sm["StateMachineType"], "STANDARD");
    assert_eq!(sm["RoleArn"], json!({ "Fn::GetAtt": ["PipelineOrchestratorRole", "Arn"] }));
    assert_eq!(sm["TracingConfiguration"]["Enabled"], true);
    assert_eq!(sm["LoggingConfiguration"]["Level"], "ALL");
    let group = &t.resources["PipelineStateMachineLogGroup"].properties;
    assert_eq!(group["KmsKeyId"], json!({ "Ref": "KeyArn" }));
    let d = &sm["Definition"];
    assert_eq!(d["StartAt"], "parser");
    assert_eq!(d["States"]["parser"]["Next"], "converter");
    assert_eq!(d["States"]["converter"]["End"], true);
    let parser = &d["States"]["parser"];
    assert_eq!(parser["Resource"], "arn:aws:states:::ecs:runTask.sync");
    assert!(parser["Retry"][0]["ErrorEquals"].to_string().contains("ECS.AmazonECSException"));
    let p = &parser["Parameters"];
    assert_eq!(p["CapacityProviderStrategy"][1], json!({ "CapacityProvider": "FARGATE_SPOT", "Weight": 2 }));
    let net = &p["NetworkConfiguration"]["AwsvpcConfiguration"];
    assert_eq!(net["Subnets"], json!(["${Subnet0}", "${Subnet1}"]));
    assert_eq!(net["SecurityGroups"], json!(["${PipelineParserSecurityGroup}"]));
    assert_eq!(net["AssignPublicIp"], "DISABLED");
    let subs = &sm["DefinitionSubstitutions"];
    assert_eq!(subs["PipelineParserTaskDefinition"], json!({ "Ref": "PipelineParserTaskDefinition" }));
    assert_eq!(subs["Subnet1"], json!({ "Fn::Select": [1, { "Ref": "PrivateSubnetIds" }] }));
    let sids: Vec<Value> = statements(&t, "PipelineOrchestratorRole").iter().map(|s| s["Sid"].clone()).collect();
    assert!(sids.contains(&json!("DeliverExecutionLogs")) && sids.contains(&json!("SendTraces")), "{sids:?}");
    assert!(!t.resources.contains_key("PipelineSource"));
}

#[test]
fn the_pipe_takes_one_message_at_a_time_as_a_role_held_to_its_queue_and_state_machine() {
    let t = compute(&yaml("    steps: [parser]\n    source_queue: files\n"));
    let pipe = &t.resources["PipelineSource"].properties;
    assert_eq!(pipe["Source"], json!({ "Ref": "FilesQueueArn" }));
    assert_eq!(pipe["Target"], json!({ "Ref": "PipelineStateMachine" }));
    assert_eq!(pipe["SourceParameters"]["SqsQueueParameters"]["BatchSize"], 1);
    assert_eq!(pipe["TargetParameters"]["StepFunctionStateMachineParameters"]["InvocationType"], "FIRE_AND_FORGET");
    let trust = &t.resources["PipelineSourceRole"].properties["AssumeRolePolicyDocument"]["Statement"][0];
    assert_eq!(trust["Principal"]["Service"], "pipes.amazonaws.com");
    let by_sid = |sid: &str| {
        statements(&t, "PipelineSourceRole").into_iter().find(|s| s["Sid"] == sid).unwrap()
    };
    assert_eq!(by_sid("TakeTheSourceQueuesMessages")["Resource"], json!([{ "Ref": "FilesQueueArn" }]));
    assert_eq!(by_sid("StartTheStateMachine")["Action"], json!(["states:StartExecution"]));
    assert_eq!(by_sid("StartTheStateMachine")["Resource"], json!([{ "Ref": "PipelineStateMachine" }]));
    assert_eq!(by_sid("DecryptThroughSqs")["Action"], "kms:Decrypt");
}
