//! Network Load Balancers in front of services (compute stack): a security group, the
//! load balancer with access logs and deletion protection, an `ip` target group the
//! service registers its tasks in, and one TCP or TLS listener per port.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::components::{LoadBalancer, Platform, Service};
use crate::render::firewall::{Peer, Rule};
use crate::render::intrinsics::{get_att, r#ref};
use crate::render::link::{LoadBalancerExports, Upstream};
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;

/// The TLS policy of TLS listeners: TLS 1.3 and 1.2 only, forward secrecy (Elastic Load
/// Balancing User Guide, "Security policies for your Network Load Balancer").
const TLS_POLICY: &str = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/// Seconds a deregistered task keeps draining before it is stopped.
const DEREGISTRATION_DELAY_SECONDS: &str = "30";

fn target_group(lb: &LoadBalancer) -> String {
    format!("{}TargetGroup", lb.id)
}

fn listener(lb: &LoadBalancer, port: u16) -> String {
    format!("{}Listener{port}", lb.id)
}

/// Renders every load balancer; returns each one's alias-target handles by logical-ID stem.
pub fn render(
    s: &mut StackBuilder,
    platform: &Platform,
    up: &Upstream,
) -> BTreeMap<String, LoadBalancerExports> {
    let mut exports = BTreeMap::new();
    if platform.load_balancers.is_empty() {
        return exports;
    }
    s.import(&up.network.vpc_id);
    if let Some(bucket) = &up.data.access_log_bucket_name {
        s.import(bucket);
    }
    if platform.load_balancers.iter().any(|lb| lb.internet_facing) {
        if let Some(public) = &up.network.public_subnet_ids {
            s.import(public);
        }
    }
    for lb in &platform.load_balancers {
        exports.insert(lb.id.clone(), render_one(s, platform, lb));
    }
    exports
}

fn render_one(s: &mut StackBuilder, platform: &Platform, lb: &LoadBalancer) -> LoadBalancerExports {
    let id = &lb.id;
    let group = names::load_balancer_security_group(id);
    let sources: Vec<String> = if lb.allowed_cidrs.is_empty() {
        platform
            .network
            .vpc
            .cidrs()
            .iter()
            .map(|c| c.to_string())
            .collect()
    } else {
        lb.allowed_cidrs.iter().map(|c| c.to_string()).collect()
    };
    let mut ingress = Vec::new();
    for l in &lb.listeners {
        for cidr in &sources {
            ingress.push(Value::from(Rule::tcp(
                l.port,
                Peer::Cidr(cidr.clone()),
                format!("Listener {} from {cidr}", l.port),
            )));
        }
    }
    let egress: Vec<_> = platform
        .network
        .vpc
        .cidrs()
        .iter()
        .map(|block| {
            Value::from(Rule::tcp(
                lb.target_port,
                Peer::Cidr(block.to_string()),
                format!("Tasks of {} in {block}", lb.service),
            ))
        })
        .collect();
    s.add(
        &group,
        Resource::new(
            "AWS::EC2::SecurityGroup",
            json!({
                "GroupDescription": format!("{} load balancer {}", platform.name, lb.name),
                "VpcId": r#ref(names::VPC_ID),
                "SecurityGroupIngress": ingress,
                "SecurityGroupEgress": egress
            }),
        ),
    );
    let load_balancer = names::load_balancer(id);
    let attributes = [
        ("access_logs.s3.enabled", "true".to_owned()),
        (
            "access_logs.s3.prefix",
            format!("load-balancers/{}", lb.name),
        ),
        (
            "deletion_protection.enabled",
            // `teardown` overrides the spec: a protected load balancer cannot be deleted.
            (lb.deletion_protection && !platform.teardown).to_string(),
        ),
        ("load_balancing.cross_zone.enabled", "true".to_owned()),
    ];
    let mut attributes: Vec<_> = attributes
        .iter()
        .map(|(k, v)| json!({ "Key": k, "Value": v }))
        .collect();
    attributes.push(
        json!({ "Key": "access_logs.s3.bucket", "Value": r#ref(names::ACCESS_LOG_BUCKET_NAME) }),
    );
    attributes.sort_by(|a, b| a["Key"].as_str().cmp(&b["Key"].as_str()));
    let mut props = json!({
        "Type": "network",
        "Scheme": if lb.internet_facing { "internet-facing" } else { "internal" },
        "IpAddressType": "ipv4",
        "Subnets": r#ref(if lb.internet_facing { names::PUBLIC_SUBNET_IDS } else { names::PRIVATE_SUBNET_IDS }),
        "SecurityGroups": [r#ref(&group)],
        "LoadBalancerAttributes": attributes
    });
    if platform.apis.iter().any(|api| api.load_balancer == lb.name) {
        // An API's VPC link reaches the listeners through AWS PrivateLink from addresses
        // in API Gateway's own VPC, which no rule of this group can name: the group's
        // inbound rules are not applied to PrivateLink traffic, and only the VPC link
        // (the one endpoint of the load balancer's endpoint service) sends it (Elastic
        // Load Balancing User Guide, "Update the security groups for your Network Load
        // Balancer"). `verify` reports this path for a load balancer no API names.
        props["EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic"] = json!("off");
    }
    s.add(
        &load_balancer,
        Resource::new("AWS::ElasticLoadBalancingV2::LoadBalancer", props),
    );
    let mut health = json!({
        "HealthCheckEnabled": true,
        "HealthCheckIntervalSeconds": lb.health_check_interval_seconds,
        "HealthyThresholdCount": 3,
        "UnhealthyThresholdCount": 3
    });
    match &lb.health_check_path {
        Some(path) => {
            health["HealthCheckProtocol"] = json!("HTTP");
            health["HealthCheckPath"] = json!(path);
        }
        None => health["HealthCheckProtocol"] = json!("TCP"),
    }
    let mut tg = json!({
        "TargetType": "ip",
        "Protocol": "TCP",
        "Port": lb.target_port,
        "VpcId": r#ref(names::VPC_ID),
        "TargetGroupAttributes": [{ "Key": "deregistration_delay.timeout_seconds", "Value": DEREGISTRATION_DELAY_SECONDS }]
    });
    if let (Some(tg), Some(h)) = (tg.as_object_mut(), health.as_object()) {
        tg.extend(h.clone());
    }
    s.add(
        target_group(lb),
        Resource::new("AWS::ElasticLoadBalancingV2::TargetGroup", tg),
    );
    for l in &lb.listeners {
        let mut props = json!({
            "LoadBalancerArn": r#ref(&load_balancer),
            "Port": l.port,
            "Protocol": if l.certificate_arn.is_some() { "TLS" } else { "TCP" },
            "DefaultActions": [{ "Type": "forward", "TargetGroupArn": r#ref(&target_group(lb)) }]
        });
        if let Some(certificate) = &l.certificate_arn {
            props["Certificates"] = json!([{ "CertificateArn": certificate }]);
            props["SslPolicy"] = json!(TLS_POLICY);
        }
        s.add(
            listener(lb, l.port),
            Resource::new("AWS::ElasticLoadBalancingV2::Listener", props),
        );
    }
    // The tasks accept the target port from the load balancer's group (its nodes' addresses).
    s.add(
        format!("{id}LoadBalancerToTasks"),
        Rule::tcp(
            lb.target_port,
            Peer::Group(r#ref(&group)),
            format!("{} from load balancer {}", lb.service, lb.name),
        )
        .ingress_on(r#ref(&names::service_security_group(&lb.service_id))),
    );
    // A data app in front of an internal load balancer reaches it through a CloudFront
    // VPC origin, which names the load balancer by its ARN.
    let vpc_origin = !lb.internet_facing
        && platform.data_apps.iter().any(|a| {
            matches!(&a.origin, crate::components::data_apps::model::Origin::LoadBalancer { id: lb_id, .. } if lb_id == id)
        });
    LoadBalancerExports {
        dns_name: s.export(
            names::load_balancer_dns_name(id, &lb.name),
            get_att(&load_balancer, "DNSName"),
        ),
        zone_id: s.export(
            names::load_balancer_zone_id(id, &lb.name),
            get_att(&load_balancer, "CanonicalHostedZoneID"),
        ),
        arn: vpc_origin.then(|| s.export(names::load_balancer_arn(id, &lb.name), r#ref(&load_balancer))),
    }
}

/// Registers `service`'s tasks with the target groups of the load balancers that front it;
/// the service waits for the listeners, since a target group needs one before use.
pub fn attach(platform: &Platform, service: &Service, mut resource: Resource) -> Resource {
    let fronting: Vec<&LoadBalancer> = platform
        .load_balancers
        .iter()
        .filter(|lb| lb.service == service.name)
        .collect();
    if fronting.is_empty() {
        return resource;
    }
    let targets: Vec<_> = fronting
        .iter()
        .map(|lb| json!({ "ContainerName": service.name, "ContainerPort": lb.target_port, "TargetGroupArn": r#ref(&target_group(lb)) }))
        .collect();
    resource
        .properties
        .insert("LoadBalancers".into(), json!(targets));
    resource
        .properties
        .insert("HealthCheckGracePeriodSeconds".into(), json!(60));
    let listeners: Vec<String> = fronting
        .iter()
        .flat_map(|lb| lb.listeners.iter().map(|l| listener(lb, l.port)))
        .collect();
    let ids: Vec<&str> = listeners.iter().map(String::as_str).collect();
    resource.depends_on(&ids)
}
