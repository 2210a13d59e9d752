//! The dns stack: a Route 53 hosted zone (private to the VPC by default) and alias records
//! for load balancers and API custom domains. It comes last, after the load balancers it points at.

use serde_json::json;

use crate::components::{Dns, Platform};
use crate::render::intrinsics::{get_att, r#ref};
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
    api_domains(s, platform, dns, up);
    crate::components::email::render::records(s, platform, dns, up);
    delegation(s, dns);
    s.output(
        names::HOSTED_ZONE_ID,
        r#ref("HostedZone"),
        "ID of the Route 53 hosted zone",
    );
}

/// An alias record for each API custom domain inside the zone, to the domain's regional
/// target (API Gateway Developer Guide, "Set up a Regional custom domain name in API
/// Gateway"). A domain outside the zone is the operator's to point.
fn api_domains(s: &mut StackBuilder, platform: &Platform, dns: &Dns, up: &Upstream) {
    for api in &platform.apis {
        let (Some(domain), Some(target)) = (&api.domain, up.compute.api_domains.get(&api.id))
        else {
            continue;
        };
        if !(domain.name == dns.zone_name || domain.name.ends_with(&format!(".{}", dns.zone_name))) {
            continue;
        }
        let dns_name = s.import(&target.dns_name);
        let zone_id = s.import(&target.zone_id);
        s.add(
            format!("{}ApiDomainRecord", api.id),
            Resource::new(
                "AWS::Route53::RecordSet",
                json!({
                    "HostedZoneId": r#ref("HostedZone"),
                    "Name": format!("{}.", domain.name),
                    "Type": "A",
                    "AliasTarget": { "DNSName": dns_name, "HostedZoneId": zone_id, "EvaluateTargetHealth": false }
                }),
            ),
        );
    }
}

/// The NS record in the parent zone that delegates this one, and the certificate ACM
/// validates through records CloudFormation writes in this zone (AWS CloudFormation User
/// Guide, AWS::CertificateManager::Certificate, DomainValidationOption with HostedZoneId),
/// which it can do only once the delegation resolves.
fn delegation(s: &mut StackBuilder, dns: &Dns) {
    let Some(parent) = &dns.parent_zone_id else {
        return;
    };
    s.add(
        "ParentZoneDelegation",
        Resource::new(
            "AWS::Route53::RecordSet",
            json!({
                "HostedZoneId": parent,
                "Name": format!("{}.", dns.zone_name),
                "Type": "NS",
                "TTL": "172800",
                "ResourceRecords": get_att("HostedZone", "NameServers")
            }),
        ),
    );
    if !dns.certificate {
        return;
    }
    // The zone's name and each record's name, no wildcard: a certificate names exactly
    // the hosts it serves (checkov CKV2_AWS_71).
    let mut hosts = vec![dns.zone_name.clone()];
    hosts.extend(dns.records.iter().map(|r| format!("{}.{}", r.label, dns.zone_name)));
    let validation: Vec<serde_json::Value> = hosts
        .iter()
        .map(|h| json!({ "DomainName": h, "HostedZoneId": r#ref("HostedZone") }))
        .collect();
    let mut certificate = json!({
        "DomainName": dns.zone_name,
        "ValidationMethod": "DNS",
        "DomainValidationOptions": validation
    });
    if hosts.len() > 1 {
        certificate["SubjectAlternativeNames"] = json!(hosts[1..]);
    }
    s.add(
        "Certificate",
        Resource::new("AWS::CertificateManager::Certificate", certificate)
        .depends_on(&["ParentZoneDelegation"]),
    );
    s.output(
        names::CERTIFICATE_ARN,
        r#ref("Certificate"),
        "ARN of the zone's ACM certificate",
    );
}
