//! The pipeline in the compute stack: per task a Fargate task definition with its roles,
//! log group and security group (the builder services use), the cluster's capacity
//! providers, and what a RunTask call needs as outputs (the orchestrator role is
//! `orchestrator`'s).

use serde_json::json;

use super::model::{Pipelines, PipelineTask};
use crate::components::services::task::{self, Task, TaskIds};
use crate::components::Platform;
use crate::model::Consumer;
use crate::render::intrinsics::{get_att, r#ref};
use crate::render::link::Upstream;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;

/// A task's family: `<env>-pipeline-<name>`, apart from the services' `<env>-<name>`.
pub fn family(platform: &Platform, t: &PipelineTask) -> String {
    format!("{}-pipeline-{}", platform.name, t.name)
}

/// The logical IDs of a task's resources.
pub(super) fn ids(t: &PipelineTask) -> TaskIds {
    TaskIds {
        log_group: format!("Pipeline{}LogGroup", t.id),
        execution_role: names::pipeline_execution_role(&t.id),
        task_role: names::pipeline_task_role(&t.id),
        group: names::pipeline_security_group(&t.id),
        task_definition: names::pipeline_task_definition(&t.id),
    }
}

pub fn render(s: &mut StackBuilder, platform: &Platform, p: &Pipelines, up: &Upstream) {
    for t in &p.tasks {
        let spec = Task {
            consumer: Consumer::Pipeline(t.name.clone()),
            name: &t.name,
            image: &t.image,
            cpu: t.cpu,
            memory: t.memory,
            port: None,
            environment: &t.environment,
            log_path: format!("/platformctl/{}/pipelines/{}", platform.name, t.name),
            family: family(platform, t),
            group_description: format!("{} pipeline task {} (outbound only)", platform.name, t.name),
            ids: ids(t),
        };
        task::render(s, platform, up, &spec);
        outputs(s, platform, t);
    }
    capacity_providers(s, p);
    s.output(
        names::PIPELINE_SUBNET_IDS,
        json!({ "Fn::Join": [",", r#ref(names::PRIVATE_SUBNET_IDS)] }),
        "Subnets a RunTask call for a pipeline task names (awsvpcConfiguration.subnets)",
    );
    s.output(
        names::PIPELINE_ORCHESTRATOR_ROLE_ARN,
        get_att(names::PIPELINE_ORCHESTRATOR_ROLE, "Arn"),
        "Role a Step Functions state machine assumes to run the pipeline tasks",
    );
}

fn outputs(s: &mut StackBuilder, platform: &Platform, t: &PipelineTask) {
    let id = &t.id;
    s.output(
        &format!("Pipeline{id}TaskDefinitionArn"),
        r#ref(&names::pipeline_task_definition(id)),
        &format!("Task definition of pipeline task {} (this revision)", t.name),
    );
    s.output(
        &format!("Pipeline{id}TaskDefinitionFamily"),
        json!(family(platform, t)),
        &format!("Family of pipeline task {}: RunTask takes it for the latest revision", t.name),
    );
    s.output(
        &format!("Pipeline{id}SecurityGroupId"),
        r#ref(&names::pipeline_security_group(id)),
        &format!("Security group a RunTask call for pipeline task {} names", t.name),
    );
}

/// FARGATE and FARGATE_SPOT on the cluster, with the spec's strategy as its default: a
/// RunTask call without a launch type or strategy uses it. The services name
/// `LaunchType: FARGATE`, and a launch type and a capacity-provider strategy exclude each
/// other, so the default strategy never applies to them (Amazon ECS API Reference,
/// `CreateService`: launchType and capacityProviderStrategy).
fn capacity_providers(s: &mut StackBuilder, p: &Pipelines) {
    let c = p.capacity;
    let mut strategy = vec![json!({
        "CapacityProvider": "FARGATE",
        "Weight": c.fargate_weight,
        "Base": c.fargate_base
    })];
    // A provider of weight 0 is left out: it would only ever take the base, which FARGATE holds.
    if c.fargate_spot_weight > 0 {
        strategy.push(json!({ "CapacityProvider": "FARGATE_SPOT", "Weight": c.fargate_spot_weight }));
    }
    s.add(
        names::CLUSTER_CAPACITY_PROVIDERS,
        Resource::new(
            "AWS::ECS::ClusterCapacityProviderAssociations",
            json!({
                "Cluster": r#ref("Cluster"),
                "CapacityProviders": ["FARGATE", "FARGATE_SPOT"],
                "DefaultCapacityProviderStrategy": strategy
            }),
        ),
    );
}
