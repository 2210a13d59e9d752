//! Resolves the `email` section.

use super::spec::EmailSpec;
use crate::model::{Consumer, Grants, Problems};
use crate::spec::Egress;
use crate::components::Spec;
use crate::yaml::KeyPath;

/// The SES identity and configuration set, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    /// Lowercase, without a trailing dot.
    pub domain: String,
    /// The MAIL FROM domain, `<label>.<domain>`.
    pub mail_from: Option<String>,
    /// The configuration set's name, `<env>-notifications`.
    pub configuration_set: String,
}

/// A DNS label: 1 to 63 lowercase letters, digits and inner hyphens.
pub(crate) fn is_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// A domain name of two or more labels, at most 253 characters.
pub(crate) fn is_domain(name: &str) -> bool {
    name.len() <= 253 && name.split('.').count() >= 2 && name.split('.').all(is_label)
}

pub(crate) fn resolve(
    spec: &Spec,
    consumers: &[(Consumer, &Grants)],
    p: &mut Problems,
) -> Option<Email> {
    let e: &EmailSpec = spec.email.as_ref()?;
    let at = KeyPath::root().key("email");
    let domain = e.domain.trim_end_matches('.').to_ascii_lowercase();
    if !is_domain(&domain) {
        p.error(
            "spec/email",
            &at.key("domain"),
            format!("`{}` is not a domain name of two or more labels (letters, digits, hyphens)", e.domain),
        );
    }
    let mail_from = e.mail_from_subdomain.as_ref().map(|label| {
        if !is_label(label) {
            p.error(
                "spec/email",
                &at.key("mail_from_subdomain"),
                format!("`{label}` is not a DNS label (lowercase letters, digits, hyphens, at most 63)"),
            );
        }
        format!("{label}.{domain}")
    });
    // Amazon SES Developer Guide, "Setting up VPC endpoints with Amazon SES": the
    // interface endpoint (`email-smtp`) serves the SMTP interface only; the SES API has no
    // VPC endpoint, so a workload calling it needs a route to the internet.
    let no_egress = spec.network.as_ref().is_some_and(|n| {
        n.egress.unwrap_or(if n.existing_vpc.is_some() { Egress::None } else { Egress::Nat })
            == Egress::None
    });
    if no_egress {
        let senders: Vec<String> = consumers
            .iter()
            .filter(|(_, g)| g.send_email)
            .map(|(c, _)| c.name().to_owned())
            .collect();
        if !senders.is_empty() {
            p.error(
                "spec/email",
                &at,
                format!(
                    "the SES API has no VPC endpoint (the `email-smtp` endpoint serves SMTP only): the workloads that send ({}) need `network.egress: nat`",
                    senders.join(", ")
                ),
            );
        }
    }
    Some(Email {
        domain,
        mail_from,
        configuration_set: format!("{}-notifications", spec.name),
    })
}
