//! The dns stack: a Route 53 hosted zone (private to the VPC by default) and alias records
//! for load balancers. It comes last, after the load balancers it points at.

use serde_json::json;

use super::intrinsics::r#ref;
use super::link::Upstream;
use super::names;
use super::stack::{NestedStack, StackBuilder};
use super::template::Resource;
use crate::components::Stack;
use crate::model::{Dns, Platform};

pub fn render(platform: &Platform, dns: &Dns, up: &Upstream) -> NestedStack {
    let mut s = StackBuilder::new(Stack::Dns.name(), platform, "DNS zone");
    let mut zone = json!({
        "Name": dns.zone_name,
        "HostedZoneConfig": { "Comment": format!("{} platform environment", platform.name) },
        "HostedZoneTags": super::tags::Tags::of(platform).list()
    });
    if dns.private {
        s.import(&up.network.vpc_id);
        zone["VPCs"] =
            json!([{ "VPCId": r#ref(names::VPC_ID), "VPCRegion": r#ref("AWS::Region") }]);
    }
    s.add(
        "HostedZone",
        Resource::new("AWS::Route53::HostedZone", zone),
    );
    for record in &dns.records {
        let Some(target) = up.compute.load_balancers.get(&record.load_balancer_id) else {
            continue;
        };
        let dns_name = s.import(&target.dns_name);
        let zone_id = s.import(&target.zone_id);
        s.add(
            format!("{}Record", record.id),
            Resource::new(
                "AWS::Route53::RecordSet",
                json!({
                    "HostedZoneId": r#ref("HostedZone"),
                    "Name": format!("{}.{}.", record.label, dns.zone_name),
                    "Type": "A",
                    "AliasTarget": { "DNSName": dns_name, "HostedZoneId": zone_id, "EvaluateTargetHealth": true }
                }),
            ),
        );
    }
    s.output(
        names::HOSTED_ZONE_ID,
        r#ref("HostedZone"),
        "ID of the Route 53 hosted zone",
    );
    s.finish()
}
