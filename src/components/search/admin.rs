//! The search domain's administrator: one IAM role that is the domain's master user, and
//! the function that runs as it to map the workloads' roles to an OpenSearch role. With
//! fine-grained access control an IAM identity the security plugin does not map gets 403
//! whatever its IAM rights (OpenSearch Service Developer Guide, "Fine-grained access
//! control in Amazon OpenSearch Service", "Mapping roles to users"); the mapping itself is
//! a custom resource in the stack that holds the workloads' roles ([`super::mapping`]).

use serde_json::{json, Value};

use crate::components::Platform;
use crate::render::firewall::{https_out, Peer, Rule};
use crate::render::iam::{self, Statement};
use crate::render::intrinsics::{arn, get_att, r#ref};
use crate::render::link::Export;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;

/// The function's code: signs the security plugin's REST calls as the master user and
/// answers CloudFormation whatever happens, so a failure never leaves a stack waiting.
const CODE: &str = include_str!("role_mapping.py");

/// Seconds the function may run: its two calls and its answer each give up after 20.
const TIMEOUT_SECONDS: u32 = 90;

const FUNCTION: &str = "SearchRoleMappingFunction";
const LOG_GROUP: &str = "SearchRoleMappingLogGroup";
const DEAD_LETTERS: &str = "SearchRoleMappingDeadLetterQueue";

/// The ARN of `path` in the domain, built from its name: the role cannot name the domain's
/// attribute, since the domain names the role as its master user.
pub(super) fn domain_arn(domain: &str, path: &str) -> Value {
    arn(&format!(
        "es:${{AWS::Region}}:${{AWS::AccountId}}:domain/{domain}/{path}"
    ))
}

fn vpc_arn() -> Value {
    arn(&format!(
        "ec2:${{AWS::Region}}:${{AWS::AccountId}}:vpc/${{{}}}",
        names::VPC_ID
    ))
}

/// Renders the role, the function and their network path; returns the function's ARN,
/// which the custom resource calls.
pub(super) fn render(s: &mut StackBuilder, platform: &Platform, domain: &str) -> Export {
    let role = names::SEARCH_ADMIN_ROLE;
    let group = names::SEARCH_ADMIN_SECURITY_GROUP;
    let function_name = format!("{domain}-role-mapping");
    s.add(
        LOG_GROUP,
        crate::render::logs::log_group(
            format!("/aws/lambda/{function_name}"),
            crate::render::logs::RETENTION_DAYS,
        ),
    );
    s.add(
        DEAD_LETTERS,
        crate::components::messaging::render::dead_letter_queue(),
    );
    s.add(
        format!("{DEAD_LETTERS}Policy"),
        Resource::new(
            "AWS::SQS::QueuePolicy",
            json!({
                "Queues": [r#ref(DEAD_LETTERS)],
                "PolicyDocument": iam::document([iam::deny_insecure_transport("sqs:*", vec![get_att(DEAD_LETTERS, "Arn")])])
            }),
        ),
    );
    let statements: Vec<Value> = vec![
        // Only the security plugin's API, which is what a master user is for.
        iam::allow(
            "ManageSecurityPlugin",
            &["es:ESHttpGet", "es:ESHttpPut"],
            vec![domain_arn(domain, "_plugins/_security/*")],
        ),
        iam::allow(
            "WriteLogs",
            &["logs:CreateLogStream", "logs:PutLogEvents"],
            vec![get_att(LOG_GROUP, "Arn")],
        ),
        iam::allow(
            "SendToDeadLetterQueue",
            &["sqs:SendMessage"],
            vec![get_att(DEAD_LETTERS, "Arn")],
        ),
        iam::allow(
            "UseEnvironmentKeyForDeadLetters",
            &["kms:Decrypt", "kms:GenerateDataKey"],
            vec![r#ref(names::KEY_ARN)],
        ),
        // A function in the VPC: Lambda manages its interfaces with this role (Lambda
        // Developer Guide, "Giving Lambda functions access to resources in an Amazon VPC"),
        // held to this VPC; the Describe calls take no resource.
        Statement::allow(
            &[
                "ec2:CreateNetworkInterface",
                "ec2:DeleteNetworkInterface",
                "ec2:AssignPrivateIpAddresses",
                "ec2:UnassignPrivateIpAddresses",
            ][..],
        )
        .sid("ManageInterfacesInThisVpc")
        .resource(arn("ec2:${AWS::Region}:${AWS::AccountId}:*"))
        .condition(json!({ "ArnEquals": { "ec2:Vpc": vpc_arn() } }))
        .into(),
        iam::allow(
            "DescribeInterfaces",
            &["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"],
            vec![json!("*")],
        ),
    ];
    s.add(
        role,
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "Description": format!("{} search administrator: the OpenSearch master user, and the role that maps workload roles", platform.name),
                "AssumeRolePolicyDocument": iam::service_trust("lambda.amazonaws.com"),
                "Policies": [iam::inline_policy("search-admin", statements)]
            }),
        ),
    );
    s.add(
        group,
        Resource::new(
            "AWS::EC2::SecurityGroup",
            json!({
                "GroupDescription": format!("{} search role mapping function (outbound only)", platform.name),
                "VpcId": r#ref(names::VPC_ID),
                "SecurityGroupEgress": [https_out()]
            }),
        ),
    );
    s.add(
        format!("{group}ToSearch"),
        Rule::tcp(
            443,
            Peer::Group(r#ref(group)),
            "HTTPS from the search role mapping function",
        )
        .ingress_on(r#ref(names::SEARCH_SECURITY_GROUP_ID)),
    );
    s.add(
        FUNCTION,
        Resource::new(
            "AWS::Lambda::Function",
            json!({
                "FunctionName": function_name,
                "Description": "Maps the workloads' IAM roles to the search domain's platform_workloads role",
                "Runtime": "python3.13",
                "Handler": "index.handler",
                "Code": { "ZipFile": CODE },
                "MemorySize": 128,
                "Timeout": TIMEOUT_SECONDS,
                "Role": get_att(role, "Arn"),
                // One mapping at a time: CloudFormation sends one request per change.
                "ReservedConcurrentExecutions": 1,
                "VpcConfig": { "SubnetIds": r#ref(names::PRIVATE_SUBNET_IDS), "SecurityGroupIds": [r#ref(group)] },
                "DeadLetterConfig": { "TargetArn": get_att(DEAD_LETTERS, "Arn") },
                "LoggingConfig": { "LogGroup": r#ref(LOG_GROUP), "LogFormat": "JSON" }
            }),
        ),
    );
    s.export(
        names::search_role_mapping_function_arn(),
        get_att(FUNCTION, "Arn"),
    )
}
