use crate::components::{self, testkit};
use crate::render::TemplateFormat;

const CERT: &str = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789";

/// A platform with an internet-facing load balancer `web` in front of service `api`.
fn spec(apps: &str) -> String {
    format!(
        "name: t1\nregion: eu-west-1\nenvironment_size: Small\nnetwork:\n  vpc_cidr: 10.0.0.0/16\n\
services:\n  - name: api\n    image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1\n    port: 8080\n\
load_balancers:\n  - name: web\n    service: api\n    scheme: internet-facing\n    allowed_cidrs: [0.0.0.0/0]\n    listeners:\n      - {{ port: 443, certificate_arn: \"arn:aws:acm:eu-west-1:123456789012:certificate/1b2c3d4e-5f60-789a-bcde-f0123456789a\" }}\n\
storage:\n  buckets:\n    - name: raw\n\
dns:\n  zone_name: example.com\n  private: false\n\
data_apps:\n{apps}"
    )
}

fn paths(apps: &str) -> Vec<String> {
    testkit::problems(&spec(apps)).into_iter().map(|(p, _)| p).collect()
}

#[test]
fn a_certificate_outside_us_east_1_is_located() {
    let apps = "  - name: portal\n    load_balancer: web\n    aliases: [apps.example.com]\n    certificate_arn: arn:aws:acm:eu-west-1:123456789012:certificate/x\n";
    let problems = testkit::problems(&spec(apps));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, "data_apps[0].certificate_arn");
    assert!(problems[0].1.contains("us-east-1"));
}

#[test]
fn an_unknown_load_balancer_is_located() {
    let apps = format!("  - name: portal\n    load_balancer: nope\n    aliases: [apps.example.com]\n    certificate_arn: {CERT}\n");
    assert_eq!(paths(&apps), ["data_apps[0].load_balancer"]);
}

/// An internal load balancer is reached through a VPC origin that names it by ARN.
#[test]
fn an_internal_load_balancer_is_a_vpc_origin() {
    let internal = spec(&format!("  - name: portal\n    load_balancer: web\n    aliases: [apps.example.com]\n    certificate_arn: {CERT}\n"))
        .replace("    scheme: internet-facing\n    allowed_cidrs: [0.0.0.0/0]\n", "");
    let platform = testkit::platform(&internal);
    let set = components::render(&platform, TemplateFormat::Json);
    let dns = set.stacks.iter().find(|s| s.name == "dns").unwrap();
    let origin = &dns.template.resources["PortalVpcOrigin"].properties["VpcOriginEndpointConfig"];
    assert_eq!(origin["Arn"]["Ref"], "WebLoadBalancerArn");
    assert_eq!(origin["OriginProtocolPolicy"], "https-only");
    let config = &dns.template.resources["PortalDistribution"].properties["DistributionConfig"];
    assert_eq!(config["Origins"][0]["VpcOriginConfig"]["VpcOriginId"]["Fn::GetAtt"][0], "PortalVpcOrigin");
}

#[test]
fn one_origin_valid_aliases_and_a_global_web_acl() {
    let both = format!("  - name: portal\n    load_balancer: web\n    static_assets: true\n    aliases: [apps.example.com]\n    certificate_arn: {CERT}\n");
    assert_eq!(paths(&both), ["data_apps[0]"]);
    let bad = format!("  - name: portal\n    static_assets: true\n    aliases: [localhost]\n    certificate_arn: {CERT}\n    web_acl_arn: arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/a/b\n");
    assert_eq!(paths(&bad), ["data_apps[0].aliases[0]", "data_apps[0].web_acl_arn"]);
}

#[test]
fn a_distribution_is_https_only_logged_and_aliased() {
    let apps = format!(
        "  - name: portal\n    load_balancer: web\n    aliases: [apps.example.com]\n    certificate_arn: {CERT}\n  - name: docs\n    static_assets: true\n    aliases: [docs.example.com]\n    certificate_arn: {CERT}\n"
    );
    let platform = testkit::platform(&spec(&apps));
    let set = components::render(&platform, TemplateFormat::Json);
    let dns = set.stacks.iter().find(|s| s.name == "dns").unwrap();
    let r = &dns.template.resources;
    let config = &r["PortalDistribution"].properties["DistributionConfig"];
    assert_eq!(config["DefaultCacheBehavior"]["ViewerProtocolPolicy"], "redirect-to-https");
    assert_eq!(config["ViewerCertificate"]["MinimumProtocolVersion"], "TLSv1.2_2021");
    assert_eq!(config["Origins"][0]["CustomOriginConfig"]["OriginProtocolPolicy"], "https-only");
    assert_eq!(config["Logging"]["Bucket"]["Fn::GetAtt"][0], "DataAppsLogBucket");
    assert!(r.contains_key("PortalAlias1ARecord"));
    let policy = serde_json::to_string(&r["DocsAssetsBucketPolicy"].properties).unwrap();
    assert!(policy.contains("cloudfront.amazonaws.com") && policy.contains("DocsDistribution"));
    let security = set.stacks.iter().find(|s| s.name == "security").unwrap();
    let key = serde_json::to_string(&security.template.resources["PlatformKey"].properties).unwrap();
    assert!(key.contains("CloudFrontReadsDataAppAssets"));
}
