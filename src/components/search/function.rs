//! The function that maps the workloads' roles in the search domain, in the compute stack
//! beside the custom resource that calls it: it runs as the domain's admin role (from the
//! data stack), inside the VPC behind a group of its own that the domain's admits on 443,
//! with one reserved execution and a dead-letter queue.

use serde_json::json;

use crate::components::Platform;
use crate::render::firewall::{https_out, Peer, Rule};
use crate::render::iam;
use crate::render::intrinsics::{get_att, r#ref};
use crate::render::link::{SearchExports, Upstream};
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;

/// The function's code: signs the security plugin's REST calls as the master user and
/// answers CloudFormation whatever happens, so a failure never leaves a stack waiting.
const CODE: &str = include_str!("role_mapping.py");

/// Seconds the function may run: its two calls and its answer each give up after 20.
const TIMEOUT_SECONDS: u32 = 90;

pub(super) const FUNCTION: &str = "SearchRoleMappingFunction";
const LOG_GROUP: &str = "SearchRoleMappingLogGroup";
const DEAD_LETTERS: &str = "SearchRoleMappingDeadLetterQueue";
const ROLE_POLICY: &str = "SearchAdminRunsRoleMapping";

/// Renders the function and what it needs; the compute stack already takes the key, the
/// VPC and its subnets.
pub(super) fn render(s: &mut StackBuilder, platform: &Platform, search: &SearchExports, up: &Upstream) {
    let Some(domain_group) = &up.network.search_security_group_id else {
        return;
    };
    s.import(domain_group);
    s.import(&search.admin_role_arn);
    s.import(&search.admin_role_name);
    let group = names::SEARCH_ADMIN_SECURITY_GROUP;
    let function_name = format!("{}-role-mapping", super::render::domain_name(platform));
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
    let mut statements = vec![
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
    ];
    // A function in the VPC: Lambda manages its interfaces with this role.
    statements.extend(iam::lambda_vpc_networking());
    s.add(
        ROLE_POLICY,
        Resource::new(
            "AWS::IAM::RolePolicy",
            json!({
                "RoleName": r#ref(names::SEARCH_ADMIN_ROLE_NAME),
                "PolicyName": "run-role-mapping",
                "PolicyDocument": iam::document(statements)
            }),
        ),
    );
    s.add(
        group,
        Resource::new(
            "AWS::EC2::SecurityGroup",
            json!({
                "GroupDescription": format!("{} search role mapping (outbound only)", platform.name),
                "VpcId": r#ref(names::VPC_ID),
                "SecurityGroupEgress": [https_out()]
            }),
        ),
    );
    s.add(
        format!("{group}ToSearch"),
        Rule::tcp(443, Peer::Group(r#ref(group)), "HTTPS from the search role mapping")
            .ingress_on(r#ref(names::SEARCH_SECURITY_GROUP_ID)),
    );
    s.add(
        FUNCTION,
        Resource::new(
            "AWS::Lambda::Function",
            json!({
                "FunctionName": function_name,
                "Description": "Maps the workloads' roles in the search domain",
                "Runtime": "python3.13",
                "Handler": "index.handler",
                "Code": { "ZipFile": CODE },
                "MemorySize": 128,
                "Timeout": TIMEOUT_SECONDS,
                "Role": r#ref(names::SEARCH_ADMIN_ROLE_ARN),
                // One mapping at a time: CloudFormation sends one request per change.
                "ReservedConcurrentExecutions": 1,
                "VpcConfig": { "SubnetIds": r#ref(names::PRIVATE_SUBNET_IDS), "SecurityGroupIds": [r#ref(group)] },
                "DeadLetterConfig": { "TargetArn": get_att(DEAD_LETTERS, "Arn") },
                "LoggingConfig": { "LogGroup": r#ref(LOG_GROUP), "LogFormat": "JSON" }
            }),
        )
        // Lambda checks at creation that the role may manage the VPC interfaces.
        .depends_on(&[ROLE_POLICY]),
    );
}
