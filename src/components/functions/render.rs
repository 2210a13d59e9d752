//! Lambda functions in the workload subnets (compute stack): per function a security
//! group, a role with the VPC-access and logging permissions spelled out, a KMS-encrypted
//! log group, a dead-letter queue, reserved concurrency and active X-Ray tracing.

use serde_json::{json, Map, Value};

use crate::components::access::{
    declare_inputs, grants, outbound_only_group, role_tags, runtime_secrets,
};
use crate::components::{Function, Platform};
use crate::model::Consumer;
use crate::render::iam;
use crate::render::intrinsics::{arn, get_att, r#ref};
use crate::render::link::Upstream;
use crate::render::logs;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;

/// The function's name in AWS, which also fixes its log group's name.
pub fn function_name(platform: &Platform, function: &Function) -> String {
    format!("{}-{}", platform.name, function.name)
}

pub fn render(s: &mut StackBuilder, platform: &Platform, up: &Upstream) {
    if platform.functions.is_empty() {
        return;
    }
    s.import(&up.network.vpc_id);
    for function in &platform.functions {
        render_function(s, platform, up, function);
    }
}

fn render_function(s: &mut StackBuilder, platform: &Platform, up: &Upstream, f: &Function) {
    let consumer = Consumer::Function(f.name.clone());
    let access = platform.access.grants(&consumer);
    declare_inputs(s, up, &access);
    let id = &f.id;
    let name = function_name(platform, f);
    let group = names::function_security_group(id);
    let log_group = format!("{id}FunctionLogGroup");
    let dlq = format!("{id}FunctionDeadLetterQueue");
    let role = names::function_role(id);

    outbound_only_group(
        s,
        platform,
        up,
        &consumer,
        &group,
        format!("{} function {} (outbound only)", platform.name, f.name),
    );
    s.add(
        &log_group,
        logs::log_group(format!("/aws/lambda/{name}"), logs::RETENTION_DAYS),
    );
    s.add(
        &dlq,
        crate::components::messaging::render::dead_letter_queue(),
    );

    s.add(
        format!("{dlq}Policy"),
        Resource::new(
            "AWS::SQS::QueuePolicy",
            json!({
                "Queues": [r#ref(&dlq)],
                "PolicyDocument": iam::document([iam::deny_insecure_transport("sqs:*", vec![get_att(&dlq, "Arn")])])
            }),
        ),
    );

    let (mut statements, mut environment) = grants(up, &access);
    environment.extend(crate::components::services::discovery::addresses(
        platform, &access,
    ));
    statements.push(iam::allow(
        "WriteLogs",
        &["logs:CreateLogStream", "logs:PutLogEvents"],
        vec![get_att(&log_group, "Arn")],
    ));
    // The permissions of the AWSLambdaVPCAccessExecutionRole managed policy, scoped to
    // this account and region where EC2 allows it (EC2 API reference: the Describe calls
    // take no resource).
    statements.push(iam::allow(
        "ManageVpcInterfaces",
        &[
            "ec2:CreateNetworkInterface",
            "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses",
        ],
        vec![arn("ec2:${AWS::Region}:${AWS::AccountId}:*")],
    ));
    statements.push(iam::allow(
        "DescribeVpcInterfaces",
        &["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"],
        vec![json!("*")],
    ));
    statements.push(iam::allow(
        "SendToDeadLetterQueue",
        &["sqs:SendMessage"],
        vec![get_att(&dlq, "Arn")],
    ));
    statements.push(iam::allow(
        "UseEnvironmentKeyForDeadLetters",
        &["kms:Decrypt", "kms:GenerateDataKey"],
        vec![r#ref(names::KEY_ARN)],
    ));
    let (secret_statements, secret_environment) = runtime_secrets(platform, up, &access);
    statements.extend(secret_statements);
    environment.extend(secret_environment);
    s.add(
        &role,
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "AssumeRolePolicyDocument": iam::service_trust("lambda.amazonaws.com"),
                // X-Ray's write calls take no resource, so the AWS managed policy for them
                // is as narrow as a written one.
                "ManagedPolicyArns": [arn("iam::aws:policy/AWSXRayDaemonWriteAccess")],
                "Policies": [iam::inline_policy("function", statements)],
                "Tags": role_tags(platform, &access)
            }),
        ),
    );

    let mut variables = Map::new();
    for var in environment {
        if let (Some(k), Some(v)) = (var["Name"].as_str(), var.get("Value")) {
            variables.insert(k.to_owned(), v.clone());
        }
    }
    for (k, v) in &f.environment {
        variables.insert(k.clone(), Value::String(v.clone()));
    }
    let mut code = json!({ "S3Bucket": f.s3_bucket, "S3Key": f.s3_key });
    if let Some(version) = &f.s3_object_version {
        code["S3ObjectVersion"] = json!(version);
    }
    let mut properties = json!({
        "FunctionName": name,
        "Runtime": f.runtime,
        "Handler": f.handler,
        "Code": code,
        "MemorySize": f.memory_mb,
        "Timeout": f.timeout_seconds,
        "Role": get_att(&role, "Arn"),
        "ReservedConcurrentExecutions": f.reserved_concurrency,
        "VpcConfig": { "SubnetIds": r#ref(names::PRIVATE_SUBNET_IDS), "SecurityGroupIds": [r#ref(&group)] },
        "DeadLetterConfig": { "TargetArn": get_att(&dlq, "Arn") },
        "TracingConfig": { "Mode": "Active" },
        "KmsKeyArn": r#ref(names::KEY_ARN),
        "LoggingConfig": { "LogGroup": r#ref(&log_group), "LogFormat": "JSON" }
    });
    if !variables.is_empty() {
        properties["Environment"] = json!({ "Variables": Value::Object(variables) });
    }
    s.add(
        format!("{id}Function"),
        Resource::new("AWS::Lambda::Function", properties).skip_checkov(&[(
            "CKV_AWS_272",
            "The package comes from the S3 object the spec names; signing needs an AWS Signer profile owned outside this environment",
        )]),
    );
    // Consuming a queue means Lambda polls it: the grants alone deliver no message.
    // Failed items are reported one by one, so a batch is not retried whole (Lambda
    // Developer Guide, "Using Lambda with Amazon SQS", "Handling errors").
    for name in &access.consume_queues {
        let queue = platform.messaging.queues.iter().find(|q| &q.name == name);
        let (Some(queue), Some(handles)) = (queue, up.messaging.queues.get(name)) else {
            continue;
        };
        s.add(
            format!("{id}Consumes{}Queue", queue.id),
            Resource::new(
                "AWS::Lambda::EventSourceMapping",
                json!({
                    "EventSourceArn": r#ref(handles.arn.name()),
                    "FunctionName": r#ref(&format!("{id}Function")),
                    "BatchSize": 10,
                    "FunctionResponseTypes": ["ReportBatchItemFailures"],
                    "Enabled": true
                }),
            ),
        );
    }
    // Subscribing takes two resources: the subscription, and the function's resource
    // policy that lets SNS invoke it for that topic alone (Lambda Developer Guide, "Invoking
    // Lambda functions with Amazon SNS notifications").
    for name in &access.subscribe_topics {
        let topic = platform.messaging.topics.iter().find(|t| &t.name == name);
        let (Some(topic), Some(arn)) = (topic, up.messaging.topics.get(name)) else {
            continue;
        };
        let (subscription, permission) = names::topic_delivery(id, &topic.id);
        s.add(
            subscription,
            Resource::new(
                "AWS::SNS::Subscription",
                json!({
                    "TopicArn": r#ref(arn.name()),
                    "Protocol": "lambda",
                    "Endpoint": get_att(&format!("{id}Function"), "Arn")
                }),
            ),
        );
        s.add(
            permission,
            Resource::new(
                "AWS::Lambda::Permission",
                json!({
                    "Action": "lambda:InvokeFunction",
                    "FunctionName": r#ref(&format!("{id}Function")),
                    "Principal": "sns.amazonaws.com",
                    "SourceArn": r#ref(arn.name())
                }),
            ),
        );
    }
    s.output(
        &names::function_arn(id),
        get_att(&format!("{id}Function"), "Arn"),
        &format!("ARN of function {}", f.name),
    );
}
