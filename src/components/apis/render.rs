//! APIs in the compute stack, beside the load balancers they front: per load balancer a
//! VPC link; per API a regional REST API whose root and `{proxy+}` resource forward every
//! method to the listener, a deployment named after what it deploys, a stage with access
//! logs, tracing, metrics and throttling, and optionally a custom domain and a web ACL.
//! Once per stack, the account's CloudWatch role, without which no stage may log.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::model::{Api, Authorization};
use crate::components::Platform;
use crate::render::iam::{self, Statement};
use crate::render::intrinsics::{arn, get_att, r#ref, sub};
use crate::render::link::{LoadBalancerExports, Upstream};
use crate::render::logs;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::{Policy, Resource};

/// Every API's one stage: the invoke URL reads `/live/...` (a custom domain maps its root
/// to it, so callers of the domain never see it).
pub const STAGE: &str = "live";

const ACCOUNT: &str = "ApiGatewayAccount";
const ACCOUNT_ROLE: &str = "ApiGatewayCloudWatchRole";

/// The access log line: one JSON object per request, with who called and how the
/// backend answered.
const ACCESS_LOG_FORMAT: &str = r#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","caller":"$context.identity.caller","user":"$context.identity.user","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength","integrationStatus":"$context.integration.status","integrationLatency":"$context.integration.latency","error":"$context.error.message"}"#;

/// The longest an integration may take by default (API Gateway Developer Guide, "Amazon
/// API Gateway quotas"), in milliseconds.
const TIMEOUT_MS: u32 = 29_000;

/// Renders every API; returns the alias targets of their custom domains by logical-ID stem.
pub fn render(
    s: &mut StackBuilder,
    platform: &Platform,
    up: &Upstream,
) -> BTreeMap<String, LoadBalancerExports> {
    let mut domains = BTreeMap::new();
    if platform.apis.is_empty() {
        return domains;
    }
    s.import(&up.security.key_arn);
    account(s);
    // One VPC link per load balancer: a load balancer serves one endpoint service, which
    // the VPC link creates (AWS PrivateLink Guide, "Create a service powered by AWS
    // PrivateLink"), so APIs in front of the same one share it.
    let load_balancers: BTreeSet<(&str, &str)> = platform
        .apis
        .iter()
        .map(|a| (a.load_balancer_id.as_str(), a.load_balancer.as_str()))
        .collect();
    for (id, name) in load_balancers {
        // A REST API's VPC link targets a Network Load Balancer (API Gateway Developer
        // Guide, "Set up a Network Load Balancer for API Gateway private integrations").
        s.add(
            names::vpc_link(id),
            Resource::new(
                "AWS::ApiGateway::VpcLink",
                json!({
                    "Name": format!("{}-{name}", platform.name),
                    "Description": format!("API Gateway to load balancer {name}"),
                    "TargetArns": [r#ref(&names::load_balancer(id))]
                }),
            ),
        );
    }
    for api in &platform.apis {
        if let Some(target) = render_api(s, platform, api, up) {
            domains.insert(api.id.clone(), target);
        }
    }
    domains
}

/// The account-wide role API Gateway writes logs with. `AWS::ApiGateway::Account` is one
/// setting per account and region (API Gateway Developer Guide, "Set up CloudWatch
/// logging for REST APIs in API Gateway"): every environment sets it to its own role and
/// keeps role and setting on delete, so deleting one environment never leaves another's
/// stages pointing at a deleted role.
fn account(s: &mut StackBuilder) {
    s.add(
        ACCOUNT_ROLE,
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "AssumeRolePolicyDocument": iam::document([Statement::allow("sts:AssumeRole").service("apigateway.amazonaws.com")]),
                "ManagedPolicyArns": [arn("iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs")]
            }),
        )
        .keep(Policy::Retain),
    );
    s.add(
        ACCOUNT,
        Resource::new(
            "AWS::ApiGateway::Account",
            json!({ "CloudWatchRoleArn": get_att(ACCOUNT_ROLE, "Arn") }),
        )
        .keep(Policy::Retain),
    );
}

fn render_api(
    s: &mut StackBuilder,
    platform: &Platform,
    api: &Api,
    up: &Upstream,
) -> Option<LoadBalancerExports> {
    let id = &api.id;
    let rest = format!("{id}Api");
    s.add(
        &rest,
        Resource::new(
            "AWS::ApiGateway::RestApi",
            json!({
                "Name": format!("{}-{}", platform.name, api.name),
                "Description": format!("{} in front of load balancer {}", api.name, api.load_balancer),
                "EndpointConfiguration": { "Types": ["REGIONAL"] },
                // With a custom domain, callers use it (and its TLS policy) only.
                "DisableExecuteApiEndpoint": api.domain.is_some()
            }),
        ),
    );
    // The resources that make up what a deployment deploys, hashed below.
    let mut deployed: Vec<(String, Resource)> = Vec::new();
    let authorizer = format!("{rest}Authorizer");
    if let Authorization::Cognito { user_pool_arn } = &api.authorization {
        let user_pool_arn = match (user_pool_arn, &up.data.user_pool_arn) {
            (Some(arn), _) => serde_json::Value::from(arn.clone()),
            (None, Some(own)) => s.import(own),
            // The model accepts no pool only when the spec declares one.
            (None, None) => serde_json::Value::Null,
        };
        deployed.push((
            authorizer.clone(),
            Resource::new(
                "AWS::ApiGateway::Authorizer",
                json!({
                    "RestApiId": r#ref(&rest),
                    "Name": format!("{}-cognito", api.name),
                    "Type": "COGNITO_USER_POOLS",
                    "ProviderARNs": [user_pool_arn],
                    "IdentitySource": "method.request.header.Authorization"
                }),
            ),
        ));
    }
    let proxy = format!("{rest}ProxyResource");
    deployed.push((
        proxy.clone(),
        Resource::new(
            "AWS::ApiGateway::Resource",
            json!({
                "RestApiId": r#ref(&rest),
                "ParentId": get_att(&rest, "RootResourceId"),
                "PathPart": "{proxy+}"
            }),
        ),
    ));
    let root_method = format!("{rest}RootMethod");
    let proxy_method = format!("{rest}ProxyMethod");
    deployed.push((root_method.clone(), method(api, &rest, get_att(&rest, "RootResourceId"), false)));
    deployed.push((proxy_method.clone(), method(api, &rest, r#ref(&proxy), true)));
    // A deployment is a snapshot taken once, when the resource is created: its logical ID
    // carries a digest of what it deploys, so a changed method is a new deployment the
    // stage moves to, and CloudFormation deletes the old one afterwards.
    let digest = {
        let mut h = Sha256::new();
        for (logical_id, resource) in &deployed {
            h.update(logical_id.as_bytes());
            h.update(serde_json::to_string(resource).unwrap_or_default().as_bytes());
        }
        h.finalize().iter().take(4).map(|b| format!("{b:02x}")).collect::<String>()
    };
    for (logical_id, resource) in deployed {
        s.add(logical_id, resource);
    }
    // A deployment of an API without methods fails: it waits for them (API Gateway
    // Developer Guide, "Deploy REST APIs in API Gateway").
    let deployment = format!("{rest}Deployment{}", digest.to_ascii_uppercase());
    s.add(
        &deployment,
        Resource::new(
            "AWS::ApiGateway::Deployment",
            json!({ "RestApiId": r#ref(&rest), "Description": format!("{} methods {digest}", api.name) }),
        )
        .depends_on(&[&root_method, &proxy_method]),
    );
    let log_group = format!("{rest}AccessLogGroup");
    s.add(
        &log_group,
        logs::log_group(format!("/aws/apigateway/{}-{}", platform.name, api.name), logs::RETENTION_DAYS),
    );
    let stage = format!("{rest}Stage");
    s.add(
        &stage,
        Resource::new(
            "AWS::ApiGateway::Stage",
            json!({
                "RestApiId": r#ref(&rest),
                "StageName": STAGE,
                "DeploymentId": r#ref(&deployment),
                "TracingEnabled": true,
                "AccessLogSetting": { "DestinationArn": get_att(&log_group, "Arn"), "Format": ACCESS_LOG_FORMAT },
                "MethodSettings": [{
                    "ResourcePath": "/*",
                    "HttpMethod": "*",
                    "MetricsEnabled": true,
                    "ThrottlingRateLimit": api.rate_limit,
                    "ThrottlingBurstLimit": api.burst_limit
                }]
            }),
        )
        // Logging needs the account's CloudWatch role first.
        .depends_on(&[ACCOUNT])
        .skip_checkov(&[(
            "CKV_AWS_120",
            "A proxy in front of a live service: a response cache would serve stale data, and its cluster is billed by the hour",
        )]),
    );
    // With a custom domain the execute-api endpoint is off: the domain is the only URL.
    let url = match &api.domain {
        Some(domain) => Value::from(format!("https://{}/", domain.name)),
        None => sub(format!("https://${{{rest}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{STAGE}")),
    };
    s.output(&format!("{rest}Url"), url, &format!("Invoke URL of API {}", api.name));
    let mut target = None;
    if let Some(domain) = &api.domain {
        let domain_id = format!("{rest}DomainName");
        s.add(
            &domain_id,
            Resource::new(
                "AWS::ApiGateway::DomainName",
                json!({
                    "DomainName": domain.name,
                    "RegionalCertificateArn": domain.certificate_arn,
                    "EndpointConfiguration": { "Types": ["REGIONAL"] },
                    "SecurityPolicy": "TLS_1_2"
                }),
            ),
        );
        s.add(
            format!("{rest}BasePathMapping"),
            Resource::new(
                "AWS::ApiGateway::BasePathMapping",
                json!({ "DomainName": r#ref(&domain_id), "RestApiId": r#ref(&rest), "Stage": r#ref(&stage) }),
            ),
        );
        target = Some(LoadBalancerExports {
            dns_name: s.export(
                names::api_domain_target(id, &api.name),
                get_att(&domain_id, "RegionalDomainName"),
            ),
            zone_id: s.export(
                names::api_domain_zone_id(id, &api.name),
                get_att(&domain_id, "RegionalHostedZoneId"),
            ),
            arn: None,
        });
    }
    if let Some(acl) = &api.waf_web_acl_arn {
        s.add(
            format!("{rest}WebAclAssociation"),
            Resource::new(
                "AWS::WAFv2::WebACLAssociation",
                json!({
                    "ResourceArn": sub(format!("arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}::/restapis/${{{rest}}}/stages/${{{stage}}}")),
                    "WebACLArn": acl
                }),
            ),
        );
    }
    target
}

/// `ANY` on the root or on `{proxy+}`, forwarded to the listener through the VPC link.
fn method(api: &Api, rest: &str, resource: Value, proxy: bool) -> Resource {
    let path = if proxy { "/{proxy}" } else { "/" };
    let uri = match &api.backend_host {
        Some(host) => Value::from(format!(
            "{}://{host}:{}{path}",
            if api.tls { "https" } else { "http" },
            api.listener_port
        )),
        None => sub(format!(
            "http://${{{}.DNSName}}:{}{path}",
            names::load_balancer(&api.load_balancer_id),
            api.listener_port
        )),
    };
    let mut integration = json!({
        "Type": "HTTP_PROXY",
        "IntegrationHttpMethod": "ANY",
        "Uri": uri,
        "ConnectionType": "VPC_LINK",
        "ConnectionId": r#ref(&names::vpc_link(&api.load_balancer_id)),
        "PassthroughBehavior": "WHEN_NO_MATCH",
        "TimeoutInMillis": TIMEOUT_MS
    });
    let mut props = json!({
        "RestApiId": r#ref(rest),
        "ResourceId": resource,
        "HttpMethod": "ANY"
    });
    match &api.authorization {
        Authorization::Iam => props["AuthorizationType"] = json!("AWS_IAM"),
        Authorization::Cognito { .. } => {
            props["AuthorizationType"] = json!("COGNITO_USER_POOLS");
            props["AuthorizerId"] = r#ref(&format!("{rest}Authorizer"));
        }
    }
    if proxy {
        props["RequestParameters"] = json!({ "method.request.path.proxy": true });
        integration["RequestParameters"] =
            json!({ "integration.request.path.proxy": "method.request.path.proxy" });
    }
    props["Integration"] = integration;
    Resource::new("AWS::ApiGateway::Method", props)
}
