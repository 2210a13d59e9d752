//! The dns stack: a Route 53 hosted zone (private to the VPC by default) and alias records
//! for load balancers. It comes last, after the load balancers it points at.

use serde_json::json;

use super::intrinsics::r#ref;
use super::stack::{NestedStack, StackBuilder};
use super::template::Resource;
use crate::model::{Dns, Platform};

pub fn render(platform: &Platform, dns: &Dns) -> NestedStack {
    let mut s = StackBuilder::new("dns", platform, "DNS zone");
    let mut zone = json!({
        "Name": dns.zone_name,
        "HostedZoneConfig": { "Comment": format!("{} platform environment", platform.name) },
        "HostedZoneTags": super::stack::tag_list(platform)
    });
    if dns.private {
        s.param("VpcId", "AWS::EC2::VPC::Id", "The VPC the platform runs in");
        zone["VPCs"] = json!([{ "VPCId": r#ref("VpcId"), "VPCRegion": r#ref("AWS::Region") }]);
    }
    s.add(
        "HostedZone",
        Resource::new("AWS::Route53::HostedZone", zone),
    );
    for record in &dns.records {
        let lb = &record.load_balancer_id;
        let dns_name = format!("{lb}LoadBalancerDnsName");
        let zone_id = format!("{lb}LoadBalancerZoneId");
        s.param(&dns_name, "String", "DNS name of a load balancer");
        s.param(&zone_id, "String", "Route 53 zone of a load balancer");
        s.add(
            format!("{}Record", record.id),
            Resource::new(
                "AWS::Route53::RecordSet",
                json!({
                    "HostedZoneId": r#ref("HostedZone"),
                    "Name": format!("{}.{}.", record.label, dns.zone_name),
                    "Type": "A",
                    "AliasTarget": { "DNSName": r#ref(&dns_name), "HostedZoneId": r#ref(&zone_id), "EvaluateTargetHealth": true }
                }),
            ),
        );
    }
    s.output(
        "HostedZoneId",
        r#ref("HostedZone"),
        "ID of the Route 53 hosted zone",
    );
    s.finish()
}
