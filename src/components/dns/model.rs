//! Resolves the `dns` section: a Route 53 hosted zone and its alias records.

use crate::components::load_balancers::model::LoadBalancer;
use crate::components::Spec;
use crate::model::names::pascal;
use crate::model::Problems;
use crate::yaml::KeyPath;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dns {
    /// Lowercase, without a trailing dot.
    pub zone_name: String,
    pub private: bool,
    /// Sorted by label.
    pub records: Vec<DnsRecord>,
    /// The parent zone that delegates this one (public zones).
    pub parent_zone_id: Option<String>,
    /// An ACM certificate for the zone and its subdomains, validated in the zone.
    pub certificate: bool,
}

impl Dns {
    /// Whether this is a public zone holding `name` (its apex or a name under it): records
    /// the internet must resolve (DKIM, a public app's alias) belong only in such a zone.
    pub fn publicly_holds(&self, name: &str) -> bool {
        !self.private && (name == self.zone_name || name.ends_with(&format!(".{}", self.zone_name)))
    }
}

/// A Route 53 hosted zone ID: `Z` and up to 32 uppercase letters and digits.
fn is_zone_id(id: &str) -> bool {
    id.strip_prefix('Z').is_some_and(|rest| {
        (1..=32).contains(&rest.len())
            && rest
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsRecord {
    pub label: String,
    /// Logical-ID stem of the record (`Api`).
    pub id: String,
    /// Logical-ID stem of the load balancer it aliases.
    pub load_balancer_id: String,
}

fn valid_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

pub(crate) fn resolve(
    spec: &Spec,
    load_balancers: &[LoadBalancer],
    p: &mut Problems,
) -> Option<Dns> {
    let d = spec.dns.as_ref()?;
    let at = KeyPath::root().key("dns");
    let zone_name = d.zone_name.trim_end_matches('.').to_ascii_lowercase();
    if zone_name.len() > 253
        || zone_name.split('.').count() < 2
        || !zone_name.split('.').all(valid_label)
    {
        p.error(
            "spec/dns",
            &at.key("zone_name"),
            format!(
                "`{}` is not a domain name of two or more labels (letters, digits, hyphens)",
                d.zone_name
            ),
        );
    }
    let mut records: Vec<DnsRecord> = Vec::new();
    for (i, r) in d.records.iter().enumerate() {
        let here = at.key("records").index(i);
        if !valid_label(&r.name) {
            p.error(
                "spec/dns",
                &here.key("name"),
                format!(
                    "`{}` is not a DNS label (lowercase letters, digits, hyphens, at most 63)",
                    r.name
                ),
            );
            continue;
        }
        if records.iter().any(|x| x.label == r.name) {
            p.error(
                "spec/dns",
                &here.key("name"),
                format!("`{}` is already a record", r.name),
            );
            continue;
        }
        let Some(lb) = load_balancers.iter().find(|l| l.name == r.load_balancer) else {
            let names: Vec<&str> = load_balancers.iter().map(|l| l.name.as_str()).collect();
            p.error(
                "spec/reference",
                &here.key("load_balancer"),
                format!(
                    "no load balancer named `{}` (declared: {})",
                    r.load_balancer,
                    if names.is_empty() {
                        "none".into()
                    } else {
                        names.join(", ")
                    }
                ),
            );
            continue;
        };
        records.push(DnsRecord {
            label: r.name.clone(),
            id: pascal(&r.name),
            load_balancer_id: lb.id.clone(),
        });
    }
    records.sort_by(|a, b| a.label.cmp(&b.label));
    let private = d.private.unwrap_or(true);
    if let Some(parent) = &d.parent_zone_id {
        if private {
            p.error(
                "spec/dns",
                &at.key("parent_zone_id"),
                "a private zone resolves only inside its VPC: delegation from a parent zone is for public zones (set `private: false`)",
            );
        } else if !is_zone_id(parent) {
            p.error(
                "spec/dns",
                &at.key("parent_zone_id"),
                format!("`{parent}` is not a hosted zone ID (Z and up to 32 uppercase letters and digits)"),
            );
        }
    }
    if d.certificate && (private || d.parent_zone_id.is_none()) {
        // AWS Certificate Manager User Guide, "DNS validation": ACM looks the validation
        // records up in public DNS, so the zone must be public and delegated.
        p.error(
            "spec/dns",
            &at.key("certificate"),
            "ACM validates a certificate through public DNS: the zone must be public (`private: false`) and delegated (`parent_zone_id`)",
        );
    }
    Some(Dns {
        zone_name,
        private,
        records,
        parent_zone_id: d.parent_zone_id.clone(),
        certificate: d.certificate,
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    fn errors(dns: &str) -> String {
        let yaml = format!(
            "name: acme\nregion: us-east-1\nenvironment_size: Small\nnetwork:\n  vpc_cidr: 10.0.0.0/16\ndns:\n{dns}"
        );
        let (spec, source) = crate::spec::load_str(Path::new("t.yaml"), &yaml).unwrap();
        match crate::components::build(&spec, &source) {
            Ok(_) => String::new(),
            Err(e) => format!("{e:?}"),
        }
    }

    /// ACM validates through public DNS: a certificate needs a public, delegated zone.
    #[test]
    fn a_certificate_needs_a_public_delegated_zone() {
        let public = "  zone_name: example.com\n  private: false\n";
        assert!(errors(&format!("{public}  parent_zone_id: Z04417213D9X7RQ2EXAMPL\n  certificate: true\n")).is_empty());
        assert!(errors(&format!("{public}  certificate: true\n")).contains("dns.certificate"));
        let private = "  zone_name: example.internal\n  parent_zone_id: Z04417213D9X7RQ2EXAMPL\n";
        assert!(errors(private).contains("dns.parent_zone_id"));
        assert!(errors(&format!("{public}  parent_zone_id: zone-1\n")).contains("not a hosted zone ID"));
    }
}
