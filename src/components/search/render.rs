//! OpenSearch inside the VPC: encrypted at rest and in transit, HTTPS only, fine-grained
//! access control, zone awareness, and every log type in encrypted log groups.

use serde_json::{json, Value};

use super::admin;
use crate::components::{Platform, Search};
use crate::render::iam::{self, Statement};
use crate::render::intrinsics::{arn, get_att, r#ref, sub};
use crate::render::link::SearchExports;
use crate::render::logs;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::{Policy, Resource};

/// Log types OpenSearch publishes, with the logical-ID stem of their log group.
const LOG_TYPES: &[(&str, &str)] = &[
    ("AUDIT_LOGS", "Audit"),
    ("ES_APPLICATION_LOGS", "Application"),
    ("INDEX_SLOW_LOGS", "IndexSlow"),
    ("SEARCH_SLOW_LOGS", "SearchSlow"),
];

/// The tag that marks the roles of the workloads that may query the domain; the domain's
/// access policy admits the account's principals that carry it. Their exact ARNs cannot
/// appear there: the roles live in a stack deployed after the domain's.
pub const CONSUMER_TAG: &str = "platformctl:search-consumer";

/// Domain names are 3 to 28 characters; the environment name is cut to fit.
pub fn domain_name(platform: &Platform) -> String {
    let stem: String = platform.name.chars().take(21).collect();
    format!("{}-search", stem.trim_end_matches('-'))
}

/// Who may send HTTP requests to the domain: its administrator, by ARN, and the roles of the
/// workloads that declare `search: true`, by the tag only their roles carry. Never `*`.
fn access_policy(environment: &str, everything: Value) -> Value {
    iam::document([
        Statement::allow("es:ESHttp*")
            .sid("Administrator")
            .aws(get_att(names::SEARCH_ADMIN_ROLE, "Arn"))
            .resource(everything.clone()),
        Statement::allow("es:ESHttp*")
            .sid("SearchConsumers")
            .aws(arn("iam::${AWS::AccountId}:root"))
            .resource(everything)
            .condition(json!({ "StringEquals": { format!("aws:PrincipalTag/{CONSUMER_TAG}"): environment } })),
    ])
}

pub fn render(s: &mut StackBuilder, platform: &Platform, search: &Search) -> SearchExports {
    let domain = domain_name(platform);
    let zones = search.zones;
    let mut log_options = serde_json::Map::new();
    let mut log_group_arns = Vec::new();
    for (log_type, stem) in LOG_TYPES {
        let id = format!("Search{stem}LogGroup");
        s.add(
            &id,
            logs::log_group(
                format!(
                    "/aws/opensearch/{domain}/{}",
                    log_type.to_lowercase().replace('_', "-")
                ),
                logs::RETENTION_DAYS,
            ),
        );
        log_options.insert(
            (*log_type).to_owned(),
            json!({ "Enabled": true, "CloudWatchLogsLogGroupArn": get_att(&id, "Arn") }),
        );
        log_group_arns.push(Value::String(format!("${{{id}.Arn}}")));
    }
    // The resource policy must be a JSON string; Sub fills in the log group ARNs (which
    // already end in `:*`, covering the streams).
    let policy = iam::document([Statement::allow(&["logs:PutLogEvents", "logs:CreateLogStream"][..])
        .service("es.amazonaws.com")
        .resource(log_group_arns)
        .condition(json!({
            "StringEquals": { "aws:SourceAccount": "${AWS::AccountId}" },
            "ArnLike": { "aws:SourceArn": format!("arn:${{AWS::Partition}}:es:${{AWS::Region}}:${{AWS::AccountId}}:domain/{domain}") }
        }))]);
    let policy_text = policy.to_string();
    s.add(
        "SearchLogsResourcePolicy",
        Resource::new(
            "AWS::Logs::ResourcePolicy",
            json!({ "PolicyName": format!("{domain}-logs"), "PolicyDocument": sub(policy_text) }),
        ),
    );
    let subnets: Vec<Value> = (0..zones)
        .map(|i| json!({ "Fn::Select": [i, r#ref(names::PRIVATE_SUBNET_IDS)] }))
        .collect();
    let (admin_role_arn, admin_role_name) = admin::render(s, platform, &domain);
    let everything = admin::domain_arn(&domain, "*");
    s.add(
        "SearchDomain",
        Resource::new(
            "AWS::OpenSearchService::Domain",
            json!({
                "DomainName": domain,
                "EngineVersion": search.engine_version,
                "ClusterConfig": {
                    "InstanceType": search.instance_type,
                    "InstanceCount": search.data_nodes,
                    "DedicatedMasterEnabled": true,
                    "DedicatedMasterType": search.master_instance_type,
                    "DedicatedMasterCount": 3,
                    "ZoneAwarenessEnabled": true,
                    "ZoneAwarenessConfig": { "AvailabilityZoneCount": zones }
                },
                "EBSOptions": { "EBSEnabled": true, "VolumeType": "gp3", "VolumeSize": search.volume_gb },
                "EncryptionAtRestOptions": { "Enabled": true, "KmsKeyId": r#ref(names::KEY_ARN) },
                "NodeToNodeEncryptionOptions": { "Enabled": true },
                "DomainEndpointOptions": { "EnforceHTTPS": true, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-PFS-2023-10" },
                // IAM is the only authority: no internal users, and the master user is the
                // search admin role, which maps the workloads' roles (OpenSearch Service
                // Developer Guide, "Fine-grained access control", "Mapping roles to users").
                "AdvancedSecurityOptions": {
                    "Enabled": true,
                    "InternalUserDatabaseEnabled": false,
                    "MasterUserOptions": { "MasterUserARN": get_att(names::SEARCH_ADMIN_ROLE, "Arn") }
                },
                "VPCOptions": { "SubnetIds": subnets, "SecurityGroupIds": [r#ref(names::SEARCH_SECURITY_GROUP_ID)] },
                "AccessPolicies": access_policy(&platform.name, everything),
                "LogPublishingOptions": log_options,
                "SoftwareUpdateOptions": { "AutoSoftwareUpdateEnabled": true }
            }),
        )
        .keep_in_vpc(Policy::Retain, platform.teardown)
        .depends_on(&["SearchLogsResourcePolicy"]),
    );
    SearchExports {
        arn: s.export(names::search_domain_arn(), get_att("SearchDomain", "Arn")),
        endpoint: s.export(
            names::search_domain_endpoint(),
            get_att("SearchDomain", "DomainEndpoint"),
        ),
        admin_role_arn,
        admin_role_name,
    }
}
