//! The dns stack: a Route 53 hosted zone (private to the VPC by default) and alias records
//! for load balancers. It comes last, after the load balancers it points at.

use serde_json::json;

use crate::components::{Dns, Platform};
use crate::render::intrinsics::r#ref;
use crate::render::link::Upstream;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;

pub fn render(s: &mut StackBuilder, platform: &Platform, dns: &Dns, up: &Upstream) {
    let mut zone = json!({
        "Name": dns.zone_name,
        "HostedZoneConfig": { "Comment": format!("{} platform environment", platform.name) },
        "HostedZoneTags": crate::render::tags::Tags::of(platform).list()
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
}
