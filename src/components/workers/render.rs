//! The workers stack: compute a vendor's scheduler scales in this account, a data bucket
//! the workers use and the vendor cannot read, and the cross-account role that carries
//! exactly the vendor's rights (so that deleting the stack revokes them).

use serde_json::{json, Value};

use crate::components::buckets::render::{
    access_log_bucket, data_bucket_properties, expire_noncurrent_versions, tls_only_policy,
};
use super::ids::{
    CLUSTER, DATA_BUCKET, FUNCTION_ROLE, LOG_BUCKET, LOG_GROUP, TASK_EXECUTION_ROLE, TASK_ROLE,
    VENDOR_ROLE, WORKERS_TAG,
};
use super::{roles, vendor};
use crate::components::{Platform, Workers};
use crate::render::iam::Statement;
use crate::render::intrinsics::{arn, get_att, r#ref, sub};
use crate::render::link::Upstream;
use crate::render::logs;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::tags::Tags;
use crate::render::template::{Policy, Resource};


/// The current ECS-optimized Amazon Linux 2023 AMI, resolved by CloudFormation from the
/// public SSM parameter AWS maintains (Amazon ECS Developer Guide, "Retrieving Amazon
/// ECS-optimized Linux AMI metadata").
const ECS_AMI: &str =
    "{{resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id}}";


/// The stack of the workers: it takes the key, the workload subnets and their security group.
pub fn render(s: &mut StackBuilder, platform: &Platform, w: &Workers, up: &Upstream) {
    s.import(&up.security.key_arn);
    s.import(&up.network.private_subnet_ids);
    s.import(&up.network.vpc_id);
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
    roles::render(s);
    instances(s, platform, w);
    vendor::render(s, platform, w);
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
    s.output(
        names::WORKER_TASK_ROLE_ARN,
        get_att(TASK_ROLE, "Arn"),
        "Task role for worker task definitions",
    );
    s.output(
        names::WORKER_TASK_EXECUTION_ROLE_ARN,
        get_att(TASK_EXECUTION_ROLE, "Arn"),
        "Task execution role for worker task definitions",
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
