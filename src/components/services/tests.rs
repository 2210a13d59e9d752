//! Services that find each other: the namespace, registration, and `access.services`.

use serde_json::json;

use crate::components::{self, testkit};
use crate::components::testkit::problems;
use crate::render::TemplateFormat;

const HEAD: &str = "name: svc-test\nregion: us-east-1\nenvironment_size: Small\nnetwork:\n  vpc_cidr: 10.0.0.0/16\nstorage:\n  buckets:\n    - name: logs\n";

fn service(name: &str, extra: &str) -> String {
    format!("  - name: {name}\n    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/{name}:1.0.0\n{extra}")
}

#[test]
fn a_service_with_a_port_registers_and_admits_only_its_declared_consumers() {
    let yaml = format!(
        "{HEAD}services:\n{}{}",
        service("api", "    port: 8080\n"),
        service("worker", "    access: { services: [api] }\n")
    );
    let set = components::render(&testkit::platform(&yaml), TemplateFormat::Json);
    let compute = &set.stacks.iter().find(|s| s.name == "compute").unwrap().template;
    let namespace = &compute.resources["DiscoveryNamespace"];
    assert_eq!(namespace.kind, "AWS::ServiceDiscovery::PrivateDnsNamespace");
    assert_eq!(namespace.properties["Name"], "svc-test.internal");
    let registry = &compute.resources["ApiDiscoveryService"].properties;
    assert_eq!(registry["DnsConfig"]["RoutingPolicy"], "MULTIVALUE");
    assert_eq!(registry["DnsConfig"]["DnsRecords"][0]["Type"], "A");
    assert_eq!(
        compute.resources["ApiService"].properties["ServiceRegistries"],
        json!([{ "RegistryArn": { "Fn::GetAtt": ["ApiDiscoveryService", "Arn"] } }])
    );
    assert!(!compute.resources.contains_key("WorkerDiscoveryService"));
    assert_eq!(
        compute.resources["ApiSecurityGroup"].properties["SecurityGroupIngress"],
        json!([])
    );
    let rule = &compute.resources["WorkerSecurityGroupToApiService"].properties;
    assert_eq!(rule["GroupId"], json!({ "Ref": "ApiSecurityGroup" }));
    assert_eq!(rule["SourceSecurityGroupId"], json!({ "Ref": "WorkerSecurityGroup" }));
    assert_eq!(rule["FromPort"], 8080);
    let env = compute.resources["WorkerTaskDefinition"].properties["ContainerDefinitions"][0]
        ["Environment"]
        .to_string();
    assert!(env.contains("api.svc-test.internal:8080"), "{env}");
}

#[test]
fn without_a_service_to_register_there_is_no_namespace() {
    let yaml = format!("{HEAD}services:\n{}", service("worker", ""));
    let set = components::render(&testkit::platform(&yaml), TemplateFormat::Json);
    let compute = &set.stacks.iter().find(|s| s.name == "compute").unwrap().template;
    assert!(!compute.resources.contains_key("DiscoveryNamespace"));
}

#[test]
fn a_service_nobody_can_connect_to_is_an_error_at_the_entry() {
    let yaml = format!(
        "{HEAD}services:\n{}{}{}load_balancers:\n  - name: edge\n    service: front\n    listeners: [{{ port: 443, protocol: TCP }}]\n",
        service("api", "    port: 8080\n    access: { services: [api] }\n"),
        service("worker", "    access: { services: [batch, nope, front] }\n"),
        service("batch", "")
    )
    .replace(
        &service("batch", ""),
        &format!("{}{}", service("batch", ""), service("front", "    port: 8443\n")),
    );
    let found = problems(&yaml);
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "services[0].access.services[0]",
            "services[1].access.services[0]",
            "services[1].access.services[1]",
            "services[1].access.services[2]"
        ],
        "{found:?}"
    );
    assert!(found[0].1.contains("lists itself"));
    assert!(found[1].1.contains("declares no `port`"));
    assert!(found[2].1.contains("no service named `nope`"));
    assert!(found[3].1.contains("load balancer `edge`"));
}

#[test]
fn connecting_to_a_cache_nobody_declared_is_an_error_at_the_entry() {
    let yaml = format!(
        "{HEAD}services:\n{}",
        service("api", "    access: { cache: true }\n")
    );
    let found = problems(&yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "services[0].access.cache");
}

#[test]
fn a_private_zone_named_like_the_namespace_is_an_error() {
    let yaml = format!(
        "{HEAD}services:\n{}dns:\n  zone_name: svc-test.internal\n",
        service("api", "    port: 8080\n")
    );
    let found = problems(&yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "dns.zone_name");
}

fn sized(size: &str, services: &str) -> String {
    format!("{HEAD}services:\n{services}").replace("environment_size: Small", &format!("environment_size: {size}"))
}

#[test]
fn scaling_defaults_by_size_start_at_the_desired_count() {
    for (size, min, max) in [("Small", 1, 2), ("Medium", 2, 6), ("Large", 3, 12), ("X-Large", 4, 16)] {
        let platform = testkit::platform(&sized(size, &service("api", "")));
        let api = &platform.services[0];
        assert_eq!(
            (api.desired_count, api.scaling.min, api.scaling.max, api.scaling.cpu_target),
            (min, min, max, 60),
            "{size}"
        );
    }
    let platform = testkit::platform(&sized("Medium", &service("api", "    desired_count: 5\n")));
    let scaling = platform.services[0].scaling;
    assert_eq!((scaling.min, scaling.max), (5, 15));
}

#[test]
fn a_scaling_service_gets_a_target_tracking_policy_and_a_fixed_one_none() {
    let yaml = sized(
        "Small",
        &format!(
            "{}{}",
            service("api", "    scaling: { min: 2, max: 5, cpu_target: 70 }\n"),
            service("worker", "    scaling: { max: 1 }\n")
        ),
    );
    let set = components::render(&testkit::platform(&yaml), TemplateFormat::Json);
    let compute = &set.stacks.iter().find(|s| s.name == "compute").unwrap().template;
    assert_eq!(compute.resources["ApiService"].properties["DesiredCount"], 2);
    let target = &compute.resources["ApiScalableTarget"];
    assert_eq!(target.kind, "AWS::ApplicationAutoScaling::ScalableTarget");
    assert_eq!(target.properties["ScalableDimension"], "ecs:service:DesiredCount");
    assert_eq!(
        target.properties["ResourceId"],
        json!({ "Fn::Join": ["/", ["service", { "Ref": "Cluster" }, { "Fn::GetAtt": ["ApiService", "Name"] }]] })
    );
    assert_eq!((target.properties["MinCapacity"].clone(), target.properties["MaxCapacity"].clone()), (json!(2), json!(5)));
    assert!(target.properties.get("RoleARN").is_none());
    let policy = &compute.resources["ApiCpuScaling"].properties;
    assert_eq!(policy["PolicyType"], "TargetTrackingScaling");
    let tracking = &policy["TargetTrackingScalingPolicyConfiguration"];
    assert_eq!(tracking["TargetValue"], 70.0);
    assert_eq!(
        tracking["PredefinedMetricSpecification"]["PredefinedMetricType"],
        "ECSServiceAverageCPUUtilization"
    );
    assert!(!compute.resources.contains_key("WorkerScalableTarget"));
    assert!(!compute.resources.contains_key("WorkerCpuScaling"));
}

#[test]
fn scaling_bounds_that_contradict_each_other_are_errors_at_their_keys() {
    let yaml = sized(
        "Small",
        &format!(
            "{}{}{}",
            service("a", "    scaling: { min: 0 }\n"),
            service("b", "    scaling: { min: 4, max: 2, cpu_target: 95 }\n"),
            service("c", "    desired_count: 6\n    scaling: { min: 1, max: 5 }\n")
        ),
    );
    let found = problems(&yaml);
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "services[0].scaling.min",
            "services[1].scaling.max",
            "services[1].scaling.cpu_target",
            "services[2].desired_count"
        ],
        "{found:?}"
    );
    assert!(found[1].1.contains("below `min` 4"), "{found:?}");
    assert!(found[3].1.contains("outside the scaling bounds 1 to 5"), "{found:?}");
}
