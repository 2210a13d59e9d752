use crate::components::{self, testkit};
use crate::render::TemplateFormat;

const BASE: &str = "name: t1\nregion: us-east-1\nenvironment_size: Small\n";

fn with_sender(network: &str, email: &str) -> String {
    format!(
        "{BASE}{network}{email}services:\n  - name: api\n    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1\n    access:\n      send_email: true\n"
    )
}

const NAT: &str = "network:\n  vpc_cidr: 10.0.0.0/16\n";

#[test]
fn a_bad_domain_and_label_are_located() {
    let problems = testkit::problems(&format!(
        "{BASE}email:\n  domain: localhost\n  mail_from_subdomain: Bounce_\n"
    ));
    let paths: Vec<&str> = problems.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["email.domain", "email.mail_from_subdomain"]);
}

#[test]
fn sending_needs_the_section() {
    let problems = testkit::problems(&with_sender(NAT, ""));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, "services[0].access.send_email");
}

/// The SES API has no VPC endpoint: a sender without egress is refused.
#[test]
fn a_sender_without_egress_is_refused() {
    let isolated = "network:\n  vpc_cidr: 10.0.0.0/16\n  egress: none\n";
    let problems = testkit::problems(&with_sender(isolated, "email:\n  domain: example.com\n"));
    assert!(
        problems.iter().any(|(p, m)| p == "email" && m.contains("email-smtp")),
        "{problems:?}"
    );
    assert!(testkit::problems(&with_sender(NAT, "email:\n  domain: example.com\n")).is_empty());
}

#[test]
fn the_sender_may_send_from_exactly_the_identity() {
    let platform = testkit::platform(&with_sender(
        NAT,
        "email:\n  domain: example.com\n  mail_from_subdomain: bounce\n",
    ));
    let set = components::render(&platform, TemplateFormat::Json);
    let messaging = set.stacks.iter().find(|s| s.name == "messaging").unwrap();
    let identity = &messaging.template.resources["EmailIdentity"].properties;
    assert_eq!(identity["DkimSigningAttributes"]["NextSigningKeyLength"], "RSA_2048_BIT");
    assert_eq!(identity["MailFromAttributes"]["MailFromDomain"], "bounce.example.com");
    let set_props = &messaging.template.resources["EmailConfigurationSet"].properties;
    assert_eq!(set_props["DeliveryOptions"]["TlsPolicy"], "REQUIRE");
    let compute = set.stacks.iter().find(|s| s.name == "compute").unwrap();
    let text = serde_json::to_string(&compute.template).unwrap();
    assert!(text.contains("\"ses:SendEmail\""));
    assert!(text.contains("EmailIdentityArn"));
    // That `verify` proves the sender's edge is the integration tests' job (every example
    // verifies; `verify.rs` breaks the grant): this file may not reach into `verify`.
}
