//! The compute stack: an ECS cluster and, per service, a Fargate task definition, service,
//! log group and two least-privilege roles (execution: pull and log; task: the grants).

use serde_json::{json, Value};

use super::fun::{arn, get_att, r#ref, sub};
use super::iam;
use super::stack::{NestedStack, StackBuilder};
use super::template::{Policy, Resource};
use crate::model::{Access, Platform, Service};

/// `raw-data` → `RAW_DATA`: environment variable names for component names.
pub(super) fn env_name(prefix: &str, name: &str) -> String {
    format!("{prefix}_{}", name.to_uppercase().replace('-', "_"))
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

pub fn render(platform: &Platform) -> NestedStack {
    let mut s = StackBuilder::new("compute", platform, "container services");
    s.param("KeyArn", "String", "ARN of the environment's KMS key");
    s.param(
        "PrivateSubnetIds",
        "List<AWS::EC2::Subnet::Id>",
        "Workload subnets",
    );
    s.param(
        "WorkloadSecurityGroupId",
        "AWS::EC2::SecurityGroup::Id",
        "Security group of the platform's tasks",
    );
    s.add(
        "Cluster",
        Resource::new(
            "AWS::ECS::Cluster",
            json!({ "ClusterSettings": [{ "Name": "containerInsights", "Value": "enabled" }] }),
        ),
    );
    s.output(
        "ClusterArn",
        get_att("Cluster", "Arn"),
        "ARN of the ECS cluster",
    );
    for service in &platform.services {
        render_service(&mut s, platform, service);
    }
    super::load_balancers::render(&mut s, platform);
    super::functions::render(&mut s, platform);
    s.finish()
}

/// Inputs a service's grants need, declared once each: (parameter, type, description).
pub(super) fn declare_inputs(s: &mut StackBuilder, platform: &Platform, a: &Access) {
    for name in a.read_buckets.iter().chain(&a.write_buckets) {
        if let Some(b) = platform
            .storage
            .iter()
            .flat_map(|st| &st.buckets)
            .find(|b| &b.name == name)
        {
            s.param(
                &format!("{}BucketArn", b.id),
                "String",
                &format!("ARN of bucket {name}"),
            );
            s.param(
                &format!("{}BucketName", b.id),
                "String",
                &format!("Name of bucket {name}"),
            );
        }
    }
    for name in a.consume_queues.iter().chain(&a.send_queues) {
        if let Some(q) = platform.queues.iter().find(|q| &q.name == name) {
            s.param(
                &format!("{}QueueArn", q.id),
                "String",
                &format!("ARN of queue {name}"),
            );
            s.param(
                &format!("{}QueueUrl", q.id),
                "String",
                &format!("URL of queue {name}"),
            );
        }
    }
    for name in &a.publish_topics {
        if let Some(t) = platform.topics.iter().find(|t| &t.name == name) {
            s.param(
                &format!("{}TopicArn", t.id),
                "String",
                &format!("ARN of topic {name}"),
            );
        }
    }
    if a.database {
        s.param(
            "DatabaseSecretArn",
            "String",
            "Secret holding the database credentials",
        );
        s.param(
            "DatabaseEndpoint",
            "String",
            "Host name of the PostgreSQL instance",
        );
    }
    for name in &a.secrets {
        if let Some(secret) = platform.secrets.iter().find(|x| &x.name == name) {
            s.param(
                &super::secrets::arn_output(secret),
                "String",
                &format!("ARN of secret {name}"),
            );
        }
    }
    if a.search {
        s.param("SearchDomainArn", "String", "ARN of the OpenSearch domain");
        s.param(
            "SearchDomainEndpoint",
            "String",
            "HTTPS endpoint of the OpenSearch domain",
        );
    }
}

/// The task role's statements and the environment variables that tell the code where
/// its resources are.
pub(super) fn grants(platform: &Platform, a: &Access) -> (Vec<Value>, Vec<Value>) {
    let mut statements = Vec::new();
    let mut env = Vec::new();
    let bucket = |name: &String| {
        platform
            .storage
            .iter()
            .flat_map(|st| &st.buckets)
            .find(|b| &b.name == name)
    };
    for (names, actions, sid) in [
        (&a.read_buckets, &["s3:GetObject"][..], "ReadBuckets"),
        (
            &a.write_buckets,
            &["s3:PutObject", "s3:AbortMultipartUpload"][..],
            "WriteBuckets",
        ),
    ] {
        let found: Vec<_> = names.iter().filter_map(bucket).collect();
        if found.is_empty() {
            continue;
        }
        statements.push(iam::allow(
            sid,
            actions,
            found
                .iter()
                .map(|b| sub(format!("${{{}BucketArn}}/*", b.id)))
                .collect(),
        ));
    }
    let listed: Vec<_> = a
        .read_buckets
        .iter()
        .chain(&a.write_buckets)
        .filter_map(bucket)
        .collect();
    if !listed.is_empty() {
        let mut arns: Vec<Value> = listed
            .iter()
            .map(|b| r#ref(&format!("{}BucketArn", b.id)))
            .collect();
        arns.dedup();
        statements.push(iam::allow("ListBuckets", &["s3:ListBucket"], arns));
        for b in &listed {
            let var = json!({ "Name": env_name("BUCKET", &b.name), "Value": r#ref(&format!("{}BucketName", b.id)) });
            if !env.contains(&var) {
                env.push(var);
            }
        }
    }
    let queue = |name: &String| platform.queues.iter().find(|q| &q.name == name);
    for (names, actions, sid) in [
        (
            &a.consume_queues,
            &[
                "sqs:ReceiveMessage",
                "sqs:DeleteMessage",
                "sqs:ChangeMessageVisibility",
                "sqs:GetQueueAttributes",
                "sqs:GetQueueUrl",
            ][..],
            "ConsumeQueues",
        ),
        (
            &a.send_queues,
            &[
                "sqs:SendMessage",
                "sqs:GetQueueAttributes",
                "sqs:GetQueueUrl",
            ][..],
            "SendToQueues",
        ),
    ] {
        let found: Vec<_> = names.iter().filter_map(queue).collect();
        if found.is_empty() {
            continue;
        }
        statements.push(iam::allow(
            sid,
            actions,
            found
                .iter()
                .map(|q| r#ref(&format!("{}QueueArn", q.id)))
                .collect(),
        ));
        for q in found {
            let var = json!({ "Name": env_name("QUEUE_URL", &q.name), "Value": r#ref(&format!("{}QueueUrl", q.id)) });
            if !env.contains(&var) {
                env.push(var);
            }
        }
    }
    let topics: Vec<_> = a
        .publish_topics
        .iter()
        .filter_map(|n| platform.topics.iter().find(|t| &t.name == n))
        .collect();
    if !topics.is_empty() {
        statements.push(iam::allow(
            "PublishToTopics",
            &["sns:Publish"],
            topics
                .iter()
                .map(|t| r#ref(&format!("{}TopicArn", t.id)))
                .collect(),
        ));
        for t in topics {
            env.push(json!({ "Name": env_name("TOPIC_ARN", &t.name), "Value": r#ref(&format!("{}TopicArn", t.id)) }));
        }
    }
    if !statements.is_empty() {
        statements.push(iam::allow(
            "UseEnvironmentKey",
            &["kms:Decrypt", "kms:GenerateDataKey"],
            vec![r#ref("KeyArn")],
        ));
    }
    if a.search {
        statements.push(iam::allow(
            "SearchHttp",
            &[
                "es:ESHttpGet",
                "es:ESHttpHead",
                "es:ESHttpPost",
                "es:ESHttpPut",
                "es:ESHttpDelete",
            ],
            vec![sub("${SearchDomainArn}/*")],
        ));
        env.push(json!({ "Name": "SEARCH_ENDPOINT", "Value": r#ref("SearchDomainEndpoint") }));
    }
    if a.database {
        env.push(json!({ "Name": "DATABASE_HOST", "Value": r#ref("DatabaseEndpoint") }));
    }
    (statements, env)
}

fn render_service(s: &mut StackBuilder, platform: &Platform, service: &Service) {
    declare_inputs(s, platform, &service.access);
    let id = &service.id;
    let log_group = format!("{id}LogGroup");
    let execution_role = format!("{id}ExecutionRole");
    let task_role = format!("{id}TaskRole");
    s.add(
        &log_group,
        Resource::new(
            "AWS::Logs::LogGroup",
            json!({
                "LogGroupName": format!("/platformctl/{}/services/{}", platform.name, service.name),
                "RetentionInDays": 365,
                "KmsKeyId": r#ref("KeyArn")
            }),
        )
        .keep(Policy::Retain),
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
    let mut secrets = Vec::new();
    if service.access.database {
        pull.push(iam::allow(
            "ReadDatabaseSecret",
            &["secretsmanager:GetSecretValue"],
            vec![r#ref("DatabaseSecretArn")],
        ));
        pull.push(iam::allow(
            "DecryptDatabaseSecret",
            &["kms:Decrypt"],
            vec![r#ref("KeyArn")],
        ));
        for key in ["username", "password"] {
            secrets.push(json!({ "Name": format!("DATABASE_{}", key.to_uppercase()), "ValueFrom": sub(format!("${{DatabaseSecretArn}}:{key}::")) }));
        }
    }
    for name in &service.access.secrets {
        if let Some(secret) = platform.secrets.iter().find(|x| &x.name == name) {
            let param = super::secrets::arn_output(secret);
            pull.push(iam::allow(
                &format!("Read{}Secret", secret.id),
                &["secretsmanager:GetSecretValue"],
                vec![r#ref(&param)],
            ));
            secrets.push(
                json!({ "Name": env_name("SECRET", &secret.name), "ValueFrom": r#ref(&param) }),
            );
        }
    }
    if !service.access.secrets.is_empty() && !service.access.database {
        pull.push(iam::allow(
            "DecryptSecrets",
            &["kms:Decrypt"],
            vec![r#ref("KeyArn")],
        ));
    }
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
    let (statements, mut environment) = grants(platform, &service.access);
    let mut task_role_props =
        json!({ "AssumeRolePolicyDocument": iam::service_trust("ecs-tasks.amazonaws.com") });
    if !statements.is_empty() {
        task_role_props["Policies"] = json!([iam::inline_policy("platform-access", statements)]);
    }
    s.add(&task_role, Resource::new("AWS::IAM::Role", task_role_props));

    environment.extend(
        service
            .environment
            .iter()
            .map(|(k, v)| json!({ "Name": k, "Value": v })),
    );
    environment.sort_by(|a, b| a["Name"].as_str().cmp(&b["Name"].as_str()));
    let mut container = json!({
        "Name": service.name,
        "Image": service.image,
        "Essential": true,
        "ReadonlyRootFilesystem": true,
        "MountPoints": [{ "SourceVolume": "tmp", "ContainerPath": "/tmp", "ReadOnly": false }],
        "Environment": environment,
        "LogConfiguration": {
            "LogDriver": "awslogs",
            "Options": { "awslogs-group": r#ref(&log_group), "awslogs-region": r#ref("AWS::Region"), "awslogs-stream-prefix": service.name }
        }
    });
    if !secrets.is_empty() {
        container["Secrets"] = Value::Array(secrets);
    }
    if let Some(port) = service.port {
        container["PortMappings"] = json!([{ "ContainerPort": port, "Protocol": "tcp" }]);
        for block in platform.network.vpc.cidrs() {
            s.add(
                format!("{id}Ingress{}", block.to_string().replace(['.', '/'], "x")),
                Resource::new(
                    "AWS::EC2::SecurityGroupIngress",
                    json!({
                        "GroupId": r#ref("WorkloadSecurityGroupId"),
                        "IpProtocol": "tcp", "FromPort": port, "ToPort": port, "CidrIp": block.to_string(),
                        "Description": format!("{} from {block}", service.name)
                    }),
                ),
            );
        }
    }
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
                "Volumes": [{ "Name": "tmp" }],
                "ContainerDefinitions": [container]
            }),
        ),
    );
    s.add(
        format!("{id}Service"),
        super::load_balancers::attach(
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
                        "Subnets": r#ref("PrivateSubnetIds"),
                        "SecurityGroups": [r#ref("WorkloadSecurityGroupId")]
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
        ),
    );
}
