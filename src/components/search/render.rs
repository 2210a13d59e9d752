//! OpenSearch inside the VPC: encrypted at rest and in transit, HTTPS only, fine-grained
//! access control, zone awareness, and every log type in encrypted log groups.

use serde_json::{json, Value};

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

/// The fine-grained access control master user; its password is generated.
const MASTER_USER: &str = "platform_admin";

/// Domain names are 3 to 28 characters; the environment name is cut to fit.
pub fn domain_name(platform: &Platform) -> String {
    let stem: String = platform.name.chars().take(21).collect();
    format!("{}-search", stem.trim_end_matches('-'))
}

pub fn render(s: &mut StackBuilder, platform: &Platform, search: &Search) -> SearchExports {
    let domain = domain_name(platform);
    let zones = search.zones;
    s.add(
        "SearchMasterUserSecret",
        Resource::new(
            "AWS::SecretsManager::Secret",
            json!({
                "Description": format!("{} OpenSearch master user", platform.name),
                "KmsKeyId": r#ref(names::KEY_ARN),
                "GenerateSecretString": {
                    "SecretStringTemplate": json!({ "username": MASTER_USER }).to_string(),
                    "GenerateStringKey": "password",
                    "PasswordLength": 32,
                    "ExcludeCharacters": "\"'\\/@ "
                }
            }),
        )
        .keep(Policy::Retain),
    );
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
    let domain_arn = arn(&format!(
        "es:${{AWS::Region}}:${{AWS::AccountId}}:domain/{domain}/*"
    ));
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
                "AdvancedSecurityOptions": {
                    "Enabled": true,
                    "InternalUserDatabaseEnabled": true,
                    "MasterUserOptions": {
                        "MasterUserName": sub("{{resolve:secretsmanager:${SearchMasterUserSecret}:SecretString:username}}"),
                        "MasterUserPassword": sub("{{resolve:secretsmanager:${SearchMasterUserSecret}:SecretString:password}}")
                    }
                },
                "VPCOptions": { "SubnetIds": subnets, "SecurityGroupIds": [r#ref(names::SEARCH_SECURITY_GROUP_ID)] },
                "AccessPolicies": iam::document([Statement::allow("es:ESHttp*")
                    .aws(arn("iam::${AWS::AccountId}:root"))
                    .resource(domain_arn)]),
                "LogPublishingOptions": log_options,
                "SoftwareUpdateOptions": { "AutoSoftwareUpdateEnabled": true }
            }),
        )
        .keep_in_vpc(Policy::Retain, platform.teardown)
        .depends_on(&["SearchLogsResourcePolicy"]),
    );
    s.output(
        names::SEARCH_MASTER_USER_SECRET_ARN,
        r#ref("SearchMasterUserSecret"),
        "Secret holding the OpenSearch master user",
    );
    SearchExports {
        arn: s.export(names::search_domain_arn(), get_att("SearchDomain", "Arn")),
        endpoint: s.export(
            names::search_domain_endpoint(),
            get_att("SearchDomain", "DomainEndpoint"),
        ),
    }
}
