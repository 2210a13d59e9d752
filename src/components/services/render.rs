//! The compute stack: an ECS cluster and, per service, a Fargate task definition, service,
//! log group and two least-privilege roles (execution: pull and log; task: the grants).

use serde_json::json;

use std::collections::BTreeMap;

use super::discovery;
use super::task::{Task, TaskIds};
use crate::components::{Platform, Service};
use crate::model::{Consumer, Target};
use crate::render::intrinsics::r#ref;
use crate::render::link::{Export, Upstream};
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;

/// Every service: its task definition, service, log group, roles and security group, and
/// the namespace the services with a port register in.
pub fn render(s: &mut StackBuilder, platform: &Platform, up: &Upstream) {
    discovery::namespace(s, platform);
    for service in &platform.services {
        render_service(s, platform, up, service);
    }
}

/// Exports the group of each service a Kubernetes workload connects to, which the
/// kubernetes stack adds its ingress rule to.
pub fn export_groups(s: &mut StackBuilder, platform: &Platform) -> BTreeMap<String, Export> {
    let mut out = BTreeMap::new();
    for edge in platform.access.edges() {
        let (Consumer::Workload(_), Target::Service(name)) = (&edge.consumer, &edge.target) else {
            continue;
        };
        let Some(service) = platform.services.iter().find(|x| &x.name == name) else {
            continue;
        };
        if !out.contains_key(name) {
            let export = s.export(
                names::service_security_group_id(&service.id, name),
                r#ref(&names::service_security_group(&service.id)),
            );
            out.insert(name.clone(), export);
        }
    }
    out
}

fn render_service(s: &mut StackBuilder, platform: &Platform, up: &Upstream, service: &Service) {
    let id = &service.id;
    let group = names::service_security_group(id);
    let task = Task {
        consumer: Consumer::Service(service.name.clone()),
        name: &service.name,
        image: &service.image,
        cpu: service.cpu,
        memory: service.memory,
        port: service.port,
        environment: &service.environment,
        log_path: format!("/platformctl/{}/services/{}", platform.name, service.name),
        family: format!("{}-{}", platform.name, service.name),
        group_description: format!("{} service {}", platform.name, service.name),
        ids: TaskIds {
            log_group: format!("{id}LogGroup"),
            execution_role: names::service_execution_role(id),
            task_role: names::service_task_role(id),
            group: group.clone(),
            task_definition: format!("{id}TaskDefinition"),
        },
    };
    let access = super::task::render(s, platform, up, &task);
    // A task that queries the search domain starts once its role is mapped there: before,
    // OpenSearch answers it 403.
    let after: &[&str] = if access.search && crate::components::search::mapping::renders(up) {
        &[names::SEARCH_ROLE_MAPPING]
    } else {
        &[]
    };
    let registries = discovery::register(s, platform, service);
    let mut ecs_service = crate::components::load_balancers::render::attach(
        platform,
        service,
        Resource::new(
            "AWS::ECS::Service",
            json!({
                    "Cluster": r#ref("Cluster"),
                    "LaunchType": "FARGATE",
                    "PlatformVersion": "LATEST",
                    "DesiredCount": service.desired_count,
                    "TaskDefinition": r#ref(&format!("{id}TaskDefinition")),
                    "NetworkConfiguration": { "AwsvpcConfiguration": {
                        "AssignPublicIp": "DISABLED",
                        "Subnets": r#ref(names::PRIVATE_SUBNET_IDS),
                        "SecurityGroups": [r#ref(&group)]
                    } },
                    "DeploymentConfiguration": {
                        "MaximumPercent": 200,
                        "MinimumHealthyPercent": 100,
                        "DeploymentCircuitBreaker": { "Enable": true, "Rollback": true }
                    },
                    "PropagateTags": "SERVICE",
                    "EnableECSManagedTags": true
                }),
        ),
    )
    .depends_on(after);
    if let Some(registries) = registries {
        ecs_service
            .properties
            .insert("ServiceRegistries".into(), registries);
    }
    s.add(format!("{id}Service"), ecs_service);
    super::scaling::render(s, id, &service.name, &service.scaling);
}
