//! The pipeline: located problems, the orchestrator's exact rights, the capacity
//! strategy, and the demand model's count.

use serde_json::json;

use crate::components::{self, testkit};
use crate::components::testkit::problems;
use crate::render::TemplateFormat;

const HEAD: &str = "name: pl-test\nregion: us-east-1\nenvironment_size: Large\nnetwork:\n  vpc_cidr: 10.0.0.0/16\nstorage:\n  buckets:\n    - name: lake\n";

fn task(name: &str, extra: &str) -> String {
    format!("    - name: {name}\n      image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/{name}:1.0.0\n{extra}")
}

fn yaml(section: &str) -> String {
    format!("{HEAD}pipelines:\n{section}")
}

fn two_tasks() -> String {
    yaml(&format!(
        "  max_concurrent_tasks: 500\n  capacity: {{ fargate_weight: 1, fargate_spot_weight: 3, fargate_base: 10 }}\n  tasks:\n{}{}",
        task("parser", "      access: { read_buckets: [lake] }\n"),
        task("converter", "      cpu: 2048\n      memory: 4096\n      access: { write_buckets: [lake] }\n"),
    ))
}

fn compute(yaml: &str) -> crate::render::template::Template {
    let set = components::render(&testkit::platform(yaml), TemplateFormat::Json);
    set.stacks.into_iter().find(|s| s.name == "compute").unwrap().template
}

#[test]
fn bad_sizes_weights_and_names_are_located() {
    let bad = yaml(&format!(
        "  max_concurrent_tasks: 0\n  capacity: {{ fargate_weight: 0, fargate_spot_weight: 1001, fargate_base: 100001 }}\n  tasks:\n{}{}",
        task("parser", "      cpu: 1024\n      memory: 512\n"),
        task("parser", ""),
    ));
    let found = problems(&bad);
    let at = |path: &str| found.iter().any(|(p, _)| p == path);
    for path in [
        "pipelines.max_concurrent_tasks",
        "pipelines.capacity.fargate_spot_weight",
        "pipelines.capacity.fargate_base",
        "pipelines.tasks[0].memory",
        "pipelines.tasks[1].name",
    ] {
        assert!(at(path), "{path}: {found:?}");
    }
    let zero = yaml(&format!(
        "  capacity: {{ fargate_weight: 0, fargate_spot_weight: 0 }}\n  tasks:\n{}",
        task("parser", "")
    ));
    assert!(problems(&zero).iter().any(|(p, m)| p == "pipelines.capacity" && m.contains("both weights")));
    assert!(problems(&yaml("  tasks: []\n")).iter().any(|(p, _)| p == "pipelines.tasks"));
}

#[test]
fn the_orchestrator_runs_exactly_the_pipeline_tasks_and_passes_exactly_their_roles() {
    let t = compute(&two_tasks());
    let role = &t.resources["PipelineOrchestratorRole"].properties;
    let trust = &role["AssumeRolePolicyDocument"]["Statement"][0];
    assert_eq!(trust["Principal"]["Service"], "states.amazonaws.com");
    assert_eq!(trust["Condition"]["StringEquals"]["aws:SourceAccount"], json!({ "Ref": "AWS::AccountId" }));
    let statements = role["Policies"][0]["PolicyDocument"]["Statement"].as_array().unwrap();
    let by_sid = |sid: &str| statements.iter().find(|s| s["Sid"] == sid).unwrap().clone();
    let run = by_sid("RunOnlyThePipelineTasks");
    assert_eq!(run["Action"], json!(["ecs:RunTask"]));
    let resources = run["Resource"].to_string();
    assert!(resources.contains("task-definition/pl-test-pipeline-parser:*"), "{resources}");
    assert!(resources.contains("task-definition/pl-test-pipeline-converter:*"), "{resources}");
    assert_eq!(run["Condition"]["ArnEquals"]["ecs:cluster"], json!({ "Fn::GetAtt": ["Cluster", "Arn"] }));
    let pass = by_sid("PassOnlyThePipelineTaskRoles");
    assert_eq!(pass["Condition"]["StringEquals"]["iam:PassedToService"], "ecs-tasks.amazonaws.com");
    let mut passed: Vec<String> = pass["Resource"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["Fn::GetAtt"][0].as_str().unwrap().to_owned())
        .collect();
    passed.sort();
    assert_eq!(
        passed,
        [
            "PipelineConverterExecutionRole",
            "PipelineConverterTaskRole",
            "PipelineParserExecutionRole",
            "PipelineParserTaskRole"
        ]
    );
    for s in statements {
        assert!(!s["Action"].to_string().contains('*'), "{s}");
    }
}

#[test]
fn tasks_render_read_only_on_fargate_with_the_cluster_strategy() {
    let t = compute(&two_tasks());
    let def = &t.resources["PipelineParserTaskDefinition"].properties;
    assert_eq!(def["RequiresCompatibilities"], json!(["FARGATE"]));
    assert_eq!(def["NetworkMode"], "awsvpc");
    assert_eq!(def["ContainerDefinitions"][0]["ReadonlyRootFilesystem"], true);
    assert_eq!(def["Family"], "pl-test-pipeline-parser");
    let grants = t.resources["PipelineParserTaskRole"].properties["Policies"].to_string();
    assert!(grants.contains("s3:GetObject") && !grants.contains("s3:PutObject"), "{grants}");
    let assoc = &t.resources["ClusterCapacityProviders"].properties;
    assert_eq!(assoc["CapacityProviders"], json!(["FARGATE", "FARGATE_SPOT"]));
    assert_eq!(
        assoc["DefaultCapacityProviderStrategy"],
        json!([
            { "CapacityProvider": "FARGATE", "Weight": 1, "Base": 10 },
            { "CapacityProvider": "FARGATE_SPOT", "Weight": 3 }
        ])
    );
    for output in ["PipelineParserTaskDefinitionArn", "PipelineParserSecurityGroupId", "PipelineSubnetIds", "PipelineOrchestratorRoleArn"] {
        assert!(t.outputs.contains_key(output), "{output}");
    }
}

fn fargate(p: &components::Platform) -> components::demand::Count {
    let row = components::demand_rows().find(|r| r.name == "fargate-tasks").unwrap();
    (row.ips)(p).unwrap()
}

#[test]
fn the_demand_model_counts_the_declared_concurrency_and_says_so() {
    let p = testkit::platform(&two_tasks());
    let row = fargate(&p);
    assert_eq!(row.ips, 500);
    assert!(row.basis.contains("pipelines.max_concurrent_tasks"), "{}", row.basis);
    let default = testkit::platform(&yaml(&format!("  tasks:\n{}", task("parser", ""))));
    let row = fargate(&default);
    assert_eq!(row.ips, 1200);
    assert!(row.basis.contains("default"), "{}", row.basis);
}

/// The cluster's default strategy applies only to calls naming neither a launch type nor a
/// strategy (Amazon ECS API Reference, `CreateService`): the services keep theirs.
#[test]
fn services_keep_their_launch_type_beside_the_default_strategy() {
    let set = components::render(&testkit::example("tdp.yaml"), TemplateFormat::Json);
    let t = &set.stacks.iter().find(|s| s.name == "compute").unwrap().template;
    assert!(t.resources.contains_key("ClusterCapacityProviders"));
    let services: Vec<_> = t.resources.values().filter(|r| r.kind == "AWS::ECS::Service").collect();
    assert!(!services.is_empty());
    for s in services {
        assert_eq!(s.properties["LaunchType"], "FARGATE");
        assert!(!s.properties.contains_key("CapacityProviderStrategy"));
    }
}
