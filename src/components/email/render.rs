//! The SES identity, in the messaging stack: the domain identity with Easy DKIM, the
//! configuration set every message goes through, and its bounces and complaints on an
//! encrypted topic. The dns stack writes the DKIM and MAIL FROM records when it hosts the
//! domain ([`records`]).

use serde_json::json;

use super::model::Email;
use crate::components::{Dns, Platform};
use crate::render::iam::{self, Statement};
use crate::render::intrinsics::{get_att, r#ref, sub};
use crate::render::link::{EmailExports, Upstream};
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;

const IDENTITY: &str = "EmailIdentity";
const CONFIGURATION_SET: &str = "EmailConfigurationSet";
const TOPIC: &str = "EmailEventsTopic";

/// The configuration set's ARN, spelled from its name: the resource returns no ARN.
fn configuration_set_arn() -> serde_json::Value {
    sub(format!(
        "arn:${{AWS::Partition}}:ses:${{AWS::Region}}:${{AWS::AccountId}}:configuration-set/${{{CONFIGURATION_SET}}}"
    ))
}

pub fn render(s: &mut StackBuilder, email: &Email, up: &Upstream) -> EmailExports {
    s.import(&up.security.key_arn);
    s.add(TOPIC, Resource::new("AWS::SNS::Topic", json!({ "KmsMasterKeyId": r#ref(names::KEY_ARN) })));
    // SES publishes events of this configuration set only (Amazon SES Developer Guide,
    // "Set up an Amazon SNS event destination for event publishing").
    let ses_publishes = Statement::allow("sns:Publish")
        .sid("SesPublishesSendingEvents")
        .service("ses.amazonaws.com")
        .resource(r#ref(TOPIC))
        .condition(json!({
            "StringEquals": { "aws:SourceAccount": r#ref("AWS::AccountId") },
            "ArnLike": { "aws:SourceArn": configuration_set_arn() }
        }));
    s.add(
        format!("{TOPIC}Policy"),
        Resource::new(
            "AWS::SNS::TopicPolicy",
            json!({
                "Topics": [r#ref(TOPIC)],
                "PolicyDocument": iam::document([
                    iam::deny_insecure_transport("sns:Publish", vec![r#ref(TOPIC)]),
                    ses_publishes.into(),
                ])
            }),
        ),
    );
    s.add(
        CONFIGURATION_SET,
        Resource::new(
            "AWS::SES::ConfigurationSet",
            json!({
                "Name": email.configuration_set,
                // Refuse to deliver to a server that does not accept TLS.
                "DeliveryOptions": { "TlsPolicy": "REQUIRE" },
                "ReputationOptions": { "ReputationMetricsEnabled": true },
                "SendingOptions": { "SendingEnabled": true }
            }),
        ),
    );
    s.add(
        format!("{CONFIGURATION_SET}BouncesAndComplaints"),
        Resource::new(
            "AWS::SES::ConfigurationSetEventDestination",
            json!({
                "ConfigurationSetName": r#ref(CONFIGURATION_SET),
                "EventDestination": {
                    "Name": "bounces-and-complaints",
                    "Enabled": true,
                    "MatchingEventTypes": ["bounce", "complaint", "reject"],
                    "SnsDestination": { "TopicARN": r#ref(TOPIC) }
                }
            }),
        )
        .depends_on(&[&format!("{TOPIC}Policy")]),
    );
    let mut identity = json!({
        "EmailIdentity": email.domain,
        "DkimAttributes": { "SigningEnabled": true },
        "DkimSigningAttributes": { "NextSigningKeyLength": "RSA_2048_BIT" },
        "ConfigurationSetAttributes": { "ConfigurationSetName": r#ref(CONFIGURATION_SET) },
        "FeedbackAttributes": { "EmailForwardingEnabled": false }
    });
    if let Some(mail_from) = &email.mail_from {
        identity["MailFromAttributes"] =
            json!({ "MailFromDomain": mail_from, "BehaviorOnMxFailure": "USE_DEFAULT_VALUE" });
    }
    s.add(IDENTITY, Resource::new("AWS::SES::EmailIdentity", identity));
    s.output(
        "EmailEventsTopicArn",
        r#ref(TOPIC),
        "Topic of the notifications' bounces and complaints: subscribe whoever keeps the sender list clean",
    );
    let dkim = (1..=3)
        .map(|n| {
            (
                s.export(names::email_dkim("Name", n), get_att(IDENTITY, &format!("DkimDNSTokenName{n}"))),
                s.export(names::email_dkim("Value", n), get_att(IDENTITY, &format!("DkimDNSTokenValue{n}"))),
            )
        })
        .collect();
    EmailExports {
        identity_arn: s.export(
            names::email_identity_arn(),
            sub(format!("arn:${{AWS::Partition}}:ses:${{AWS::Region}}:${{AWS::AccountId}}:identity/{}", email.domain)),
        ),
        configuration_set_arn: s.export(names::email_configuration_set_arn(), configuration_set_arn()),
        configuration_set_name: s.export(names::email_configuration_set_name(), r#ref(CONFIGURATION_SET)),
        dkim,
    }
}

/// The Easy DKIM CNAME records and, with a MAIL FROM domain, its MX and SPF records, in
/// the zone that hosts the domain (Amazon SES Developer Guide, "Easy DKIM in Amazon SES"
/// and "Using a custom MAIL FROM domain").
pub fn records(s: &mut StackBuilder, platform: &Platform, dns: &Dns, up: &Upstream) {
    let (Some(email), Some(exports)) = (&platform.email, &up.messaging.email) else {
        return;
    };
    // DKIM and MAIL FROM records must resolve on the internet: a private zone cannot serve them.
    if !dns.publicly_holds(&email.domain) {
        return;
    }
    for (n, (name, value)) in exports.dkim.iter().enumerate() {
        let name = s.import(name);
        let value = s.import(value);
        s.add(
            format!("EmailDkimRecord{}", n + 1),
            Resource::new(
                "AWS::Route53::RecordSet",
                json!({ "HostedZoneId": r#ref("HostedZone"), "Name": name, "Type": "CNAME", "TTL": "1800", "ResourceRecords": [value] }),
            ),
        );
    }
    if let Some(mail_from) = &email.mail_from {
        s.add(
            "EmailMailFromMxRecord",
            Resource::new(
                "AWS::Route53::RecordSet",
                json!({
                    "HostedZoneId": r#ref("HostedZone"),
                    "Name": format!("{mail_from}."),
                    "Type": "MX",
                    "TTL": "1800",
                    "ResourceRecords": [sub("10 feedback-smtp.${AWS::Region}.amazonses.com")]
                }),
            ),
        );
        s.add(
            "EmailMailFromSpfRecord",
            Resource::new(
                "AWS::Route53::RecordSet",
                json!({
                    "HostedZoneId": r#ref("HostedZone"),
                    "Name": format!("{mail_from}."),
                    "Type": "TXT",
                    "TTL": "1800",
                    "ResourceRecords": ["\"v=spf1 include:amazonses.com ~all\""]
                }),
            ),
        );
    }
}

/// SES publishes bounces and complaints to a topic under the environment's key: the key
/// policy admits it for this account's resources (Amazon SES Developer Guide, "Set up an
/// Amazon SNS event destination for event publishing").
pub fn key_policy() -> Vec<Statement> {
    vec![Statement::allow(&["kms:Decrypt", "kms:GenerateDataKey*"][..])
        .sid("SesPublishesToEncryptedTopic")
        .service("ses.amazonaws.com")
        .resource("*")
        .condition(json!({ "StringEquals": { "aws:SourceAccount": r#ref("AWS::AccountId") } }))]
}
