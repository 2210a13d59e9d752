//! The workers stack: compute a vendor's scheduler scales in this account, a data bucket
//! the workers use and the vendor cannot read, and the cross-account role that carries
//! exactly the vendor's rights (so that deleting the stack revokes them).

use serde_json::{json, Value};

use crate::components::buckets::render::{
    access_log_bucket, data_bucket_properties, expire_noncurrent_versions, tls_only_policy,
};
use crate::components::{Platform, Workers};
use crate::render::iam::{self, Statement};
use crate::render::intrinsics::{arn, get_att, r#ref, sub};
use crate::render::link::Upstream;
use crate::render::logs;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::tags::{tag, Tags};
use crate::render::template::{Policy, Resource};

const LOG_BUCKET: &str = "WorkerAccessLogBucket";
const DATA_BUCKET: &str = "WorkerDataBucket";
const CLUSTER: &str = "WorkerCluster";
const VENDOR_ROLE: &str = "WorkerVendorRole";
const FUNCTION_ROLE: &str = "WorkerFunctionRole";
const INSTANCE_ROLE: &str = "WorkerInstanceRole";
const LOG_GROUP: &str = "WorkerLogGroup";

/// The current ECS-optimized Amazon Linux 2023 AMI, resolved by CloudFormation from the
/// public SSM parameter AWS maintains (Amazon ECS Developer Guide, "Retrieving Amazon
/// ECS-optimized Linux AMI metadata").
const ECS_AMI: &str =
    "{{resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id}}";

/// Tag that marks the resources the vendor may act on; IAM conditions test it.
const WORKERS_TAG: &str = "platformctl:workers";

/// The stack of the workers: it takes the key, the workload subnets and their security group.
pub fn render(s: &mut StackBuilder, platform: &Platform, w: &Workers, up: &Upstream) {
    s.import(&up.security.key_arn);
    s.import(&up.network.private_subnet_ids);
    if let Some(group) = &up.network.workload_security_group_id {
        s.import_as(group, "Security group of the vendor's worker tasks");
    }
    access_log_bucket(s, LOG_BUCKET, 365, false);
    data_bucket(s, w);
    s.add(
        CLUSTER,
        Resource::new(
            "AWS::ECS::Cluster",
            json!({ "ClusterSettings": [{ "Name": "containerInsights", "Value": "enabled" }] }),
        ),
    );
    s.add(
        LOG_GROUP,
        logs::log_group(
            format!("/platformctl/{}/workers", platform.name),
            logs::RETENTION_DAYS,
        ),
    );
    worker_roles(s);
    instances(s, platform, w);
    vendor_role(s, platform, w);
    s.output(
        names::WORKER_VENDOR_ROLE_ARN,
        get_att(VENDOR_ROLE, "Arn"),
        "Role the vendor assumes (with the external ID) to run workers",
    );
    s.output(
        names::WORKER_DATA_BUCKET_NAME,
        r#ref(DATA_BUCKET),
        "Bucket the workers read and write; closed to the vendor",
    );
    s.output(
        names::WORKER_CLUSTER_ARN,
        get_att(CLUSTER, "Arn"),
        "ECS cluster of the workers",
    );
    s.output(
        names::WORKER_AUTO_SCALING_GROUP_NAME,
        r#ref("WorkerAutoScalingGroup"),
        "Auto Scaling group of the container instances",
    );
    s.output(
        names::WORKER_FUNCTION_ROLE_ARN,
        get_att(FUNCTION_ROLE, "Arn"),
        "Execution role for worker Lambda functions",
    );
}

fn data_bucket(s: &mut StackBuilder, w: &Workers) {
    s.add(
        DATA_BUCKET,
        Resource::new(
            "AWS::S3::Bucket",
            Value::Object(data_bucket_properties(
                LOG_BUCKET,
                "worker-data/".to_owned(),
                vec![expire_noncurrent_versions(90)],
            )),
        )
        .keep(Policy::Retain),
    );
    let objects = sub(format!("${{{DATA_BUCKET}.Arn}}/*"));
    // The data never leaves the account: an explicit Deny wins over any Allow, so neither
    // the vendor's own principals nor the role it assumes here can touch the bucket.
    let deny_vendor: Value = Statement::deny("s3:*")
        .sid("VendorNeverReadsTheData")
        .aws(vec![
            arn(&format!("iam::{}:root", w.vendor_account_id)),
            get_att(VENDOR_ROLE, "Arn"),
        ])
        .resource(vec![get_att(DATA_BUCKET, "Arn"), objects])
        .into();
    s.add(
        format!("{DATA_BUCKET}Policy"),
        Resource::new(
            "AWS::S3::BucketPolicy",
            tls_only_policy(DATA_BUCKET, vec![deny_vendor]),
        ),
    );
}

/// Data-bucket and log rights shared by worker instances and worker functions.
fn worker_grants() -> Vec<Value> {
    vec![
        iam::allow(
            "ListDataBucket",
            &["s3:ListBucket"],
            vec![get_att(DATA_BUCKET, "Arn")],
        ),
        iam::allow(
            "ReadWriteData",
            &["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            vec![sub(format!("${{{DATA_BUCKET}.Arn}}/*"))],
        ),
        iam::allow(
            "UseEnvironmentKey",
            &["kms:Decrypt", "kms:GenerateDataKey"],
            vec![r#ref(names::KEY_ARN)],
        ),
        iam::allow(
            "WriteWorkerLogs",
            &["logs:CreateLogStream", "logs:PutLogEvents"],
            vec![sub(format!("${{{LOG_GROUP}.Arn}}"))],
        ),
    ]
}

fn worker_roles(s: &mut StackBuilder) {
    s.add(
        FUNCTION_ROLE,
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "Description": "Execution role of the worker functions the vendor creates",
                "AssumeRolePolicyDocument": iam::service_trust("lambda.amazonaws.com"),
                "Policies": [iam::inline_policy("worker-data", worker_grants())]
            }),
        ),
    );
    s.add(
        INSTANCE_ROLE,
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "Description": "Role of the worker container instances",
                "AssumeRolePolicyDocument": iam::service_trust("ec2.amazonaws.com"),
                // The ECS agent's own rights (register the instance, pull images, ship logs).
                "ManagedPolicyArns": [arn("iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role")],
                "Policies": [iam::inline_policy("worker-data", worker_grants())]
            }),
        ),
    );
    s.add(
        "WorkerInstanceProfile",
        Resource::new(
            "AWS::IAM::InstanceProfile",
            json!({ "Roles": [r#ref(INSTANCE_ROLE)] }),
        ),
    );
}

fn instances(s: &mut StackBuilder, platform: &Platform, w: &Workers) {
    s.add(
        "WorkerLaunchTemplate",
        Resource::new(
            "AWS::EC2::LaunchTemplate",
            json!({
                "LaunchTemplateData": {
                    "ImageId": ECS_AMI,
                    "InstanceType": w.instance_type,
                    "IamInstanceProfile": { "Arn": get_att("WorkerInstanceProfile", "Arn") },
                    "SecurityGroupIds": [r#ref(names::WORKLOAD_SECURITY_GROUP_ID)],
                    "MetadataOptions": { "HttpTokens": "required", "HttpPutResponseHopLimit": 2, "HttpEndpoint": "enabled" },
                    "Monitoring": { "Enabled": true },
                    "EbsOptimized": true,
                    "BlockDeviceMappings": [{
                        "DeviceName": "/dev/xvda",
                        "Ebs": { "VolumeSize": 50, "VolumeType": "gp3", "Encrypted": true, "KmsKeyId": r#ref(names::KEY_ARN), "DeleteOnTermination": true }
                    }],
                    "UserData": { "Fn::Base64": sub(format!("#!/bin/bash\necho ECS_CLUSTER=${{{CLUSTER}}} >> /etc/ecs/ecs.config\n")) }
                }
            }),
        ),
    );
    let tags = Tags::of(platform)
        .with(WORKERS_TAG, &platform.name)
        .propagated_at_launch();
    s.add(
        "WorkerAutoScalingGroup",
        Resource::new(
            "AWS::AutoScaling::AutoScalingGroup",
            json!({
                // Nothing runs until the vendor's scheduler scales it up.
                "MinSize": "0",
                "MaxSize": w.max_instances.to_string(),
                "DesiredCapacity": "0",
                "VPCZoneIdentifier": r#ref(names::PRIVATE_SUBNET_IDS),
                "LaunchTemplate": { "LaunchTemplateId": r#ref("WorkerLaunchTemplate"), "Version": get_att("WorkerLaunchTemplate", "LatestVersionNumber") },
                "Tags": tags
            }),
        ),
    );
}

fn vendor_role(s: &mut StackBuilder, platform: &Platform, w: &Workers) {
    let env = &platform.name;
    let functions = arn(&format!(
        "lambda:${{AWS::Region}}:${{AWS::AccountId}}:function:{env}-worker-*"
    ));
    let tagged = json!({ "StringEquals": { format!("aws:ResourceTag/{WORKERS_TAG}"): env } });
    let statements = vec![
        Statement::allow(&["lambda:CreateFunction", "lambda:DeleteFunction", "lambda:GetFunction", "lambda:GetFunctionConfiguration", "lambda:InvokeFunction", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:PutFunctionConcurrency", "lambda:TagResource"][..])
            .sid("ManageWorkerFunctions")
            .resource(vec![functions])
            .into(),
        Statement::allow("iam:PassRole")
            .sid("PassOnlyTheWorkerFunctionRole")
            .resource(get_att(FUNCTION_ROLE, "Arn"))
            .condition(json!({ "StringEquals": { "iam:PassedToService": "lambda.amazonaws.com" } }))
            .into(),
        Statement::allow(&["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"][..])
            .sid("ScaleTheWorkerGroup")
            .resource(arn("autoscaling:${AWS::Region}:${AWS::AccountId}:autoScalingGroup:*:autoScalingGroupName/*"))
            .condition(tagged)
            .into(),
        Statement::allow(&["ecs:RunTask", "ecs:StartTask", "ecs:StopTask", "ecs:DescribeTasks", "ecs:ListTasks", "ecs:ListContainerInstances", "ecs:DescribeContainerInstances"][..])
            .sid("RunTasksOnTheWorkerCluster")
            .resource("*")
            .condition(json!({ "ArnEquals": { "ecs:cluster": get_att(CLUSTER, "Arn") } }))
            .into(),
        Statement::allow(&["ecs:DescribeClusters"][..])
            .sid("DescribeTheWorkerCluster")
            .resource(get_att(CLUSTER, "Arn"))
            .into(),
        // Describe and List calls and CloudWatch metric reads have no resource-level
        // permissions (Service Authorization Reference): they can only be granted on "*".
        Statement::allow(&["autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeScalingActivities", "ec2:DescribeInstances", "ec2:DescribeInstanceStatus", "ecs:DescribeTaskDefinition", "cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:ListMetrics", "cloudwatch:DescribeAlarms"][..])
            .sid("ObserveWorkers")
            .resource("*")
            .into(),
        iam::allow(
            "ReadWorkerLogs",
            &[
                "logs:GetLogEvents",
                "logs:FilterLogEvents",
                "logs:DescribeLogStreams",
            ],
            vec![sub(format!("${{{LOG_GROUP}.Arn}}"))],
        ),
        Statement::deny("s3:*")
            .sid("NeverTheData")
            .resource(vec![get_att(DATA_BUCKET, "Arn"), sub(format!("${{{DATA_BUCKET}.Arn}}/*"))])
            .into(),
    ];
    s.add(
        VENDOR_ROLE,
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "Description": format!("Lets vendor account {} launch, scale and observe the workers of {env}; never its data", w.vendor_account_id),
                "MaxSessionDuration": 3600,
                "AssumeRolePolicyDocument": iam::document([Statement::allow("sts:AssumeRole")
                    .sid("VendorAssumesWithExternalId")
                    .aws(arn(&format!("iam::{}:root", w.vendor_account_id)))
                    .condition(json!({ "StringEquals": { "sts:ExternalId": w.external_id } }))]),
                "Policies": [iam::inline_policy("run-workers", statements)],
                "Tags": [tag(WORKERS_TAG, env)]
            }),
        ),
    );
}
