//! The compute stack: an ECS cluster and, per service, a Fargate task definition, service,
//! log group and two least-privilege roles (execution: pull and log; task: the grants).

use serde_json::{json, Value};

use std::collections::BTreeMap;

use super::discovery;
use crate::components::access::{
    declare_inputs, grants, network_paths, role_tags, task_secrets,
};
use crate::components::{Platform, Service};
use crate::model::{Consumer, Target};
use crate::render::iam;
use crate::render::intrinsics::{arn, get_att, r#ref};
use crate::render::link::{Export, Upstream};
use crate::render::logs;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;

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
    let consumer = Consumer::Service(service.name.clone());
    let access = platform.access.grants(&consumer);
    declare_inputs(s, up, &access);
    let id = &service.id;
    let group = names::service_security_group(id);
    let log_group = format!("{id}LogGroup");
    let execution_role = names::service_execution_role(id);
    let task_role = names::service_task_role(id);
    s.add(
        &log_group,
        logs::log_group(
            format!("/platformctl/{}/services/{}", platform.name, service.name),
            logs::RETENTION_DAYS,
        ),
    );

    let mut pull = vec![iam::allow(
        "WriteLogs",
        &["logs:CreateLogStream", "logs:PutLogEvents"],
        vec![get_att(&log_group, "Arn")],
    )];
    if let Some(repository) = ecr_repository_arn(&service.image) {
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
    let (start_statements, secrets) = task_secrets(platform, up, &access);
    pull.extend(start_statements);
    s.add(
        &execution_role,
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "AssumeRolePolicyDocument": iam::service_trust("ecs-tasks.amazonaws.com"),
                "Policies": [iam::inline_policy("start-task", pull)]
            }),
        ),
    );
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
    s.add(&task_role, Resource::new("AWS::IAM::Role", task_role_props));

    environment.extend(
        service
            .environment
            .iter()
            .map(|(k, v)| json!({ "Name": k, "Value": v })),
    );
    environment.sort_by(|a, b| a["Name"].as_str().cmp(&b["Name"].as_str()));
    // A scratch volume for /tmp (the root file system is read-only), and each file system
    // the service may mount at /mnt/<name>: over TLS, authorized by the task role (Amazon
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
        "Name": service.name,
        "Image": service.image,
        "Essential": true,
        "ReadonlyRootFilesystem": true,
        "MountPoints": mount_points,
        "Environment": environment,
        "LogConfiguration": {
            "LogDriver": "awslogs",
            "Options": { "awslogs-group": r#ref(&log_group), "awslogs-region": r#ref("AWS::Region"), "awslogs-stream-prefix": service.name }
        }
    });
    if !secrets.is_empty() {
        container["Secrets"] = Value::Array(secrets);
    }
    // The service's own group, so the access graph can admit exactly it to its targets.
    // It admits nothing by itself: the workloads whose `access.services` names it, and the
    // load balancer in front of it, each add an ingress rule of their own.
    if let Some(port) = service.port {
        container["PortMappings"] = json!([{ "ContainerPort": port, "Protocol": "tcp" }]);
    }
    let ingress: Vec<Value> = Vec::new();
    let egress = network_paths(s, platform, up, &consumer, &group);
    s.add(
        &group,
        Resource::new(
            "AWS::EC2::SecurityGroup",
            json!({
                "GroupDescription": format!("{} service {}", platform.name, service.name),
                "VpcId": r#ref(names::VPC_ID),
                "SecurityGroupIngress": ingress,
                "SecurityGroupEgress": egress
            }),
        ),
    );
    s.add(
        format!("{id}TaskDefinition"),
        Resource::new(
            "AWS::ECS::TaskDefinition",
            json!({
                "Family": format!("{}-{}", platform.name, service.name),
                "RequiresCompatibilities": ["FARGATE"],
                "NetworkMode": "awsvpc",
                "Cpu": service.cpu.to_string(),
                "Memory": service.memory.to_string(),
                "ExecutionRoleArn": get_att(&execution_role, "Arn"),
                "TaskRoleArn": get_att(&task_role, "Arn"),
                "Volumes": volumes,
                "ContainerDefinitions": [container]
            }),
        ),
    );
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
