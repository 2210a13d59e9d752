//! REST APIs in API Gateway in front of services behind Network Load Balancers: the
//! external path into private services, through a VPC link to the load balancer.

pub mod model;
pub mod render;
pub mod spec;

use super::Platform;
use super::{Component, Render, Resolve, Section, Sections, Spec, Stack};

/// Lives in the compute stack, beside the load balancers its VPC links target. It takes
/// no addresses in the subnets: a REST API's VPC link reaches the load balancer through
/// AWS PrivateLink and uses the load balancer's own nodes (API Gateway Developer Guide,
/// "Set up private integrations for REST APIs"), so it adds no demand rows.
pub struct Apis;

impl Component for Apis {
    fn name(&self) -> &'static str {
        "apis"
    }

    fn stack(&self) -> Stack {
        Stack::Compute
    }

    fn declared(&self, p: &Platform) -> bool {
        !p.apis.is_empty()
    }

    fn needs_vpc(&self, spec: &Spec) -> Option<&'static str> {
        (!spec.apis.is_empty()).then_some("its VPC link reaches a load balancer in the subnets")
    }

    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::Logs::LogGroup"]
    }
}

impl Section for Apis {
    type Spec = Vec<spec::ApiSpec>;
    type Model = Vec<model::Api>;

    /// Reads the load balancers resolved before it: each API forwards to one's listener.
    fn resolve(cx: &mut Resolve<'_, '_>, done: &Sections) -> Self::Model {
        model::resolve(
            &cx.spec.apis,
            &cx.spec.region,
            &done.load_balancers,
            cx.sizing,
            cx.spec.user_pool.is_some(),
            cx.problems,
        )
    }

    fn render(_: &Self::Model, cx: &mut Render<'_>) {
        cx.up.compute.api_domains = render::render(cx.s, cx.platform, cx.up);
    }
}

/// The `apis` section: resolution errors located at their keys, and what it renders.
#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::Value;

    use crate::components::{self, testkit};
    use crate::render::TemplateFormat;
    use crate::spec;

    const CERT: &str = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789";

    fn yaml(apis: &str) -> String {
        format!(
            "name: api-test\nregion: eu-west-1\nenvironment_size: Small\nnetwork:\n  vpc_cidr: 10.0.0.0/16\nstorage:\n  buckets: [{{ name: data }}]\nservices:\n  - name: app\n    image: example/app:1\n    cpu: 256\n    memory: 512\n    port: 8443\nload_balancers:\n  - name: front\n    service: app\n    listeners:\n      - {{ port: 443, protocol: TLS, certificate_arn: {CERT} }}\n      - {{ port: 80, protocol: TCP }}\napis:\n{apis}"
        )
    }

    /// The problems of `apis`, as (path, message).
    fn errors(apis: &str) -> Vec<(String, String)> {
        let text = yaml(apis);
        let (spec, source) = spec::load_str::<components::Spec>(Path::new("s.yaml"), &text).unwrap();
        match components::build(&spec, &source) {
            Ok(_) => Vec::new(),
            Err(e) => e
                .problems()
                .iter()
                .map(|p| (p.path.clone().unwrap_or_default(), p.message.clone()))
                .collect(),
        }
    }

    fn compute(apis: &str) -> Value {
        let platform = testkit::platform(&yaml(apis));
        let set = components::render(&platform, TemplateFormat::Json);
        let stack = set.stacks.iter().find(|s| s.name == "compute").unwrap();
        serde_json::to_value(&stack.template).unwrap()
    }

    #[test]
    fn an_unknown_load_balancer_is_located() {
        let e = errors("  - { name: edge, load_balancer: back, listener_port: 443, backend_host: a.example.com }\n");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].0, "apis[0].load_balancer");
        assert!(e[0].1.contains("declared: front"), "{}", e[0].1);
    }

    #[test]
    fn a_port_the_load_balancer_does_not_listen_on_is_located() {
        let e = errors("  - { name: edge, load_balancer: front, listener_port: 8443 }\n");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].0, "apis[0].listener_port");
        assert!(e[0].1.contains("80, 443"), "{}", e[0].1);
    }

    /// Guards the link to the `user_pool` section: a Cognito API without a pool ARN
    /// authorizes with the environment's own pool, imported from the data stack.
    #[test]
    fn a_cognito_api_without_a_pool_uses_the_environments_own() {
        let api = "  - { name: edge, load_balancer: front, listener_port: 80, authorization: cognito }\n";
        let with_pool = format!(
            "{}\nuser_pool:\n  domain_prefix: api-test-login\n  callback_urls: [https://app.example.com/cb]\n",
            yaml(api)
        );
        let platform = testkit::platform(&with_pool);
        let set = components::render(&platform, TemplateFormat::Json);
        let compute = set.stacks.iter().find(|s| s.name == "compute").unwrap();
        let authorizer = &compute.template.resources["EdgeApiAuthorizer"];
        assert_eq!(
            authorizer.properties["ProviderARNs"][0]["Ref"],
            "UserPoolArn"
        );
        assert!(compute.template.parameters.contains_key("UserPoolArn"));
    }

    #[test]
    fn two_listeners_need_a_port() {
        let e = errors("  - { name: edge, load_balancer: front }\n");
        assert_eq!(e[0].0, "apis[0].listener_port", "{e:?}");
    }

    #[test]
    fn a_tls_listener_needs_the_host_on_its_certificate() {
        let e = errors("  - { name: edge, load_balancer: front, listener_port: 443 }\n");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].0, "apis[0].backend_host");
    }

    #[test]
    fn cognito_needs_a_pool_and_iam_takes_none() {
        let e = errors("  - { name: edge, load_balancer: front, listener_port: 80, authorization: cognito }\n  - { name: other, load_balancer: front, listener_port: 80, cognito_user_pool_arn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc' }\n");
        let paths: Vec<&str> = e.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["apis[0].authorization", "apis[1].cognito_user_pool_arn"], "{e:?}");
    }

    #[test]
    fn bad_arns_and_certificates_of_other_regions_are_located() {
        let e = errors("  - name: edge\n    load_balancer: front\n    listener_port: 80\n    domain: { name: api.example.com, certificate_arn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' }\n    waf_web_acl_arn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/x/1'\n");
        let paths: Vec<&str> = e.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["apis[0].domain.certificate_arn", "apis[0].waf_web_acl_arn"], "{e:?}");
        assert!(e[0].1.contains("eu-west-1"), "{}", e[0].1);
    }

    #[test]
    fn duplicate_names_and_domains_are_located() {
        let two = format!("  - {{ name: edge, load_balancer: front, listener_port: 80, domain: {{ name: api.example.com, certificate_arn: '{CERT}' }} }}\n  - {{ name: edge, load_balancer: front, listener_port: 80 }}\n  - {{ name: other, load_balancer: front, listener_port: 80, domain: {{ name: API.example.com, certificate_arn: '{CERT}' }} }}\n");
        let e = errors(&two);
        let paths: Vec<&str> = e.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["apis[1].name", "apis[2].domain.name"], "{e:?}");
    }

    #[test]
    fn a_zero_rate_is_refused() {
        let e = errors("  - { name: edge, load_balancer: front, listener_port: 80, throttling: { rate_limit: 0 } }\n");
        assert_eq!(e[0].0, "apis[0].throttling.rate_limit", "{e:?}");
    }

    #[test]
    fn the_proxy_forwards_through_one_vpc_link_to_the_named_host_over_https() {
        let t = compute("  - { name: edge, load_balancer: front, listener_port: 443, backend_host: app.example.com }\n  - { name: admin, load_balancer: front, listener_port: 80 }\n");
        let r = &t["Resources"];
        let links: Vec<&String> = r.as_object().unwrap().iter().filter(|(_, v)| v["Type"] == "AWS::ApiGateway::VpcLink").map(|(k, _)| k).collect();
        assert_eq!(links, ["FrontVpcLink"]);
        let integration = &r["EdgeApiProxyMethod"]["Properties"]["Integration"];
        assert_eq!(integration["Uri"], "https://app.example.com:443/{proxy}");
        assert_eq!(integration["ConnectionType"], "VPC_LINK");
        assert_eq!(r["EdgeApiProxyMethod"]["Properties"]["AuthorizationType"], "AWS_IAM");
        assert_eq!(r["FrontLoadBalancer"]["Properties"]["EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic"], "off");
        let stage = &r["EdgeApiStage"];
        assert_eq!(stage["DependsOn"][0], "ApiGatewayAccount");
        assert_eq!(stage["Properties"]["MethodSettings"][0]["ThrottlingRateLimit"], 50);
    }

    #[test]
    fn a_changed_method_is_a_new_deployment() {
        let deployment = |auth: &str| {
            let t = compute(&format!("  - {{ name: edge, load_balancer: front, listener_port: 80{auth} }}\n"));
            let ids: Vec<String> = t["Resources"].as_object().unwrap().keys().filter(|k| k.starts_with("EdgeApiDeployment")).cloned().collect();
            assert_eq!(ids.len(), 1);
            assert_eq!(t["Resources"]["EdgeApiStage"]["Properties"]["DeploymentId"]["Ref"], ids[0].as_str());
            ids[0].clone()
        };
        let iam = deployment("");
        assert_eq!(iam, deployment(""));
        assert_ne!(iam, deployment(", authorization: cognito, cognito_user_pool_arn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc'"));
    }

    #[test]
    fn no_api_leaves_the_load_balancer_judging_private_link_traffic() {
        let platform = testkit::platform(&yaml("  []\n").replace("apis:\n  []\n", ""));
        let set = components::render(&platform, TemplateFormat::Json);
        let stack = set.stacks.iter().find(|s| s.name == "compute").unwrap();
        let lb = &stack.template.resources["FrontLoadBalancer"].properties;
        assert!(!lb.contains_key("EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic"));
    }

    /// The PrivateLink path an API opens is declared reach; the same templates judged
    /// against a platform without the API show both ends of it.
    #[test]
    fn verify_reports_a_private_link_path_no_api_declares() {
        let mut platform = testkit::platform(&yaml("  - { name: edge, load_balancer: front, listener_port: 80 }\n"));
        let set = components::render(&platform, TemplateFormat::Json);
        let templates = crate::verify::Templates::from_set(&set);
        let report = crate::verify::verify(&platform, &templates);
        assert!(report.undeclared.is_empty(), "{:?}", report.undeclared);
        platform.apis.clear();
        let report = crate::verify::verify(&platform, &templates);
        let ids: Vec<&str> = report.undeclared.iter().map(|r| r.logical_id.as_str()).collect();
        assert_eq!(ids, ["FrontLoadBalancer", "FrontVpcLink"], "{:?}", report.undeclared);
    }

    /// A custom domain inside the spec's zone gets an alias record there; one outside
    /// does not.
    #[test]
    fn a_domain_in_the_zone_gets_an_alias_record() {
        let domain = |name: &str| {
            format!("  - {{ name: edge, load_balancer: front, listener_port: 80, domain: {{ name: {name}, certificate_arn: '{CERT}' }} }}\ndns:\n  zone_name: example.com\n")
        };
        let records = |name: &str| {
            let platform = testkit::platform(&yaml(&domain(name)));
            let set = components::render(&platform, TemplateFormat::Json);
            let dns = set.stacks.iter().find(|s| s.name == "dns").unwrap();
            dns.template
                .resources
                .iter()
                .filter(|(_, r)| r.kind == "AWS::Route53::RecordSet")
                .map(|(id, r)| (id.clone(), r.properties["Name"].clone()))
                .collect::<Vec<_>>()
        };
        let inside = records("api.example.com");
        assert_eq!(inside.len(), 1, "{inside:?}");
        assert_eq!(inside[0].0, "EdgeApiDomainRecord");
        assert_eq!(inside[0].1, "api.example.com.");
        assert!(records("api.example.org").is_empty());
    }
}
