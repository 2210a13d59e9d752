//! The cross-account role the vendor's scheduler assumes: launch, scale and observe the
//! workers, pass exactly the workers' own roles to ECS and Lambda, and never the data.

use serde_json::{json, Value};

use super::ids::{
    CLUSTER, DATA_BUCKET, FUNCTION_ROLE, LOG_GROUP, TASK_EXECUTION_ROLE, TASK_ROLE, VENDOR_ROLE,
    WORKERS_TAG,
};
use crate::components::{Platform, Workers};
use crate::render::iam::{self, Statement};
use crate::render::intrinsics::{arn, get_att, r#ref, sub};
use crate::render::run_tasks;
use crate::render::stack::StackBuilder;
use crate::render::tags::tag;
use crate::render::template::Resource;

/// The vendor's task definition families and functions start with `<env>-worker-`.
fn prefix(platform: &Platform) -> String {
    format!("{}-worker-", platform.name)
}

/// Running the workers' ECS tasks. Actions and the resources and condition keys each takes
/// follow the Service Authorization Reference ("Actions, resources, and condition keys for
/// Amazon Elastic Container Service"): registering and deregistering a task definition take
/// no resource, so they are granted on `*` and held to this region; running and starting
/// take the task definition and `ecs:cluster`; stopping and describing take the task.
fn ecs_statements(platform: &Platform) -> Vec<Value> {
    let task_definitions = run_tasks::task_definitions(&format!("{}*", prefix(platform)));
    vec![
        Statement::allow(&["ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition"][..])
            .sid("ManageWorkerTaskDefinitions")
            .resource("*")
            .condition(json!({ "StringEquals": { "aws:RequestedRegion": r#ref("AWS::Region") } }))
            .into(),
        run_tasks::run(
            "RunWorkerTasksOnTheWorkerCluster",
            &["ecs:RunTask", "ecs:StartTask"],
            task_definitions,
            CLUSTER,
        ),
        run_tasks::manage("ManageTasksOnTheWorkerCluster", CLUSTER),
        Statement::allow(&["ecs:ListTasks", "ecs:DescribeContainerInstances"][..])
            .sid("ObserveTheWorkerInstances")
            .resource(run_tasks::in_cluster(CLUSTER, "container-instance"))
            .condition(run_tasks::on_cluster(CLUSTER))
            .into(),
        Statement::allow(&["ecs:DescribeClusters", "ecs:ListContainerInstances"][..])
            .sid("DescribeTheWorkerCluster")
            .resource(get_att(CLUSTER, "Arn"))
            .into(),
        run_tasks::pass_roles(
            "PassOnlyTheWorkerTaskRoles",
            vec![get_att(TASK_ROLE, "Arn"), get_att(TASK_EXECUTION_ROLE, "Arn")],
        ),
    ]
}

/// Creating the worker functions inside the VPC. Lambda checks that the caller may
/// describe the subnets, security groups and VPC it names (Lambda Developer Guide, "Giving
/// Lambda functions access to resources in an Amazon VPC"); those calls take no resource.
fn lambda_statements(platform: &Platform) -> Vec<Value> {
    let functions = arn(&format!(
        "lambda:${{AWS::Region}}:${{AWS::AccountId}}:function:{}*",
        prefix(platform)
    ));
    vec![
        Statement::allow(&["lambda:CreateFunction", "lambda:DeleteFunction", "lambda:GetFunction", "lambda:GetFunctionConfiguration", "lambda:InvokeFunction", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:PutFunctionConcurrency", "lambda:TagResource"][..])
            .sid("ManageWorkerFunctions")
            .resource(vec![functions])
            .into(),
        Statement::allow("iam:PassRole")
            .sid("PassOnlyTheWorkerFunctionRole")
            .resource(get_att(FUNCTION_ROLE, "Arn"))
            .condition(json!({ "StringEquals": { "iam:PassedToService": "lambda.amazonaws.com" } }))
            .into(),
    ]
}

pub(super) fn render(s: &mut StackBuilder, platform: &Platform, w: &Workers) {
    let env = &platform.name;
    let tagged = json!({ "StringEquals": { format!("aws:ResourceTag/{WORKERS_TAG}"): env } });
    let mut statements = ecs_statements(platform);
    statements.extend(lambda_statements(platform));
    statements.extend([
        Statement::allow(&["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"][..])
            .sid("ScaleTheWorkerGroup")
            .resource(arn("autoscaling:${AWS::Region}:${AWS::AccountId}:autoScalingGroup:*:autoScalingGroupName/*"))
            .condition(tagged)
            .into(),
        // Describe and List calls and CloudWatch metric reads have no resource-level
        // permissions (Service Authorization Reference): they can only be granted on "*".
        Statement::allow(&["autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeScalingActivities", "ec2:DescribeInstances", "ec2:DescribeInstanceStatus", "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs", "ecs:DescribeTaskDefinition", "cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:ListMetrics", "cloudwatch:DescribeAlarms"][..])
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
    ]);
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

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::components::{self, testkit};
    use crate::render::TemplateFormat;

    fn workers_stack() -> crate::render::template::Template {
        let platform = testkit::example("self-hosted-workers.yaml");
        let set = components::render(&platform, TemplateFormat::Json);
        set.stacks
            .into_iter()
            .find(|s| s.name == "workers")
            .unwrap()
            .template
    }

    fn vendor_statements(t: &crate::render::template::Template) -> Vec<Value> {
        t.resources["WorkerVendorRole"].properties["Policies"][0]["PolicyDocument"]["Statement"]
            .as_array()
            .unwrap()
            .clone()
    }

    fn actions(s: &Value) -> Vec<String> {
        match &s["Action"] {
            Value::String(a) => vec![a.clone()],
            Value::Array(a) => a.iter().filter_map(|a| a.as_str().map(str::to_owned)).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn the_vendor_passes_exactly_the_worker_roles_each_to_its_own_service() {
        let t = workers_stack();
        let mut passed: Vec<(Value, Value)> = Vec::new();
        for s in vendor_statements(&t) {
            let iam: Vec<_> = actions(&s)
                .into_iter()
                .filter(|a| a.starts_with("iam:") || a == "*")
                .collect();
            if iam.is_empty() {
                continue;
            }
            assert_eq!(iam, ["iam:PassRole"], "{s}");
            assert_eq!(s["Effect"], "Allow");
            let service = s["Condition"]["StringEquals"]["iam:PassedToService"].clone();
            let resources = match &s["Resource"] {
                Value::Array(r) => r.clone(),
                other => vec![other.clone()],
            };
            for r in resources {
                passed.push((r, service.clone()));
            }
        }
        let role = |id: &str| json!({ "Fn::GetAtt": [id, "Arn"] });
        passed.sort_by_key(|p| p.0.to_string());
        assert_eq!(
            passed,
            vec![
                (role("WorkerFunctionRole"), json!("lambda.amazonaws.com")),
                (role("WorkerTaskExecutionRole"), json!("ecs-tasks.amazonaws.com")),
                (role("WorkerTaskRole"), json!("ecs-tasks.amazonaws.com")),
            ]
        );
    }

    #[test]
    fn the_vendor_runs_tasks_only_on_the_worker_cluster() {
        let t = workers_stack();
        let statements = vendor_statements(&t);
        for s in &statements {
            let acts = actions(s);
            if acts.iter().any(|a| a == "ecs:RunTask" || a == "ecs:StopTask") {
                assert_eq!(
                    s["Condition"]["ArnEquals"]["ecs:cluster"],
                    json!({ "Fn::GetAtt": ["WorkerCluster", "Arn"] }),
                    "{s}"
                );
                assert_ne!(s["Resource"], "*", "{s}");
            }
        }
        let registers = statements
            .iter()
            .find(|s| actions(s).contains(&"ecs:RegisterTaskDefinition".to_owned()))
            .expect("the vendor registers task definitions");
        assert_eq!(registers["Resource"], "*");
    }

    #[test]
    fn worker_functions_manage_interfaces_only_in_this_vpc() {
        let t = workers_stack();
        let statements = t.resources["WorkerFunctionRole"].properties["Policies"][0]
            ["PolicyDocument"]["Statement"]
            .as_array()
            .unwrap()
            .clone();
        let manage = statements
            .iter()
            .find(|s| actions(s).contains(&"ec2:CreateNetworkInterface".to_owned()))
            .expect("VPC networking rights");
        let vpc = manage["Condition"]["ArnEquals"]["ec2:Vpc"].to_string();
        assert!(vpc.contains("vpc/${VpcId}"), "{vpc}");
        assert!(t.parameters.contains_key("VpcId"));
        for id in ["WorkerTaskRole", "WorkerTaskExecutionRole"] {
            let trust = t.resources[id].properties["AssumeRolePolicyDocument"].to_string();
            assert!(trust.contains("ecs-tasks.amazonaws.com"), "{id}: {trust}");
        }
        for output in ["WorkerTaskRoleArn", "WorkerTaskExecutionRoleArn"] {
            assert!(t.outputs.contains_key(output), "{output}");
        }
    }
}
