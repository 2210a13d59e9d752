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
    Some(Dns {
        zone_name,
        private: d.private.unwrap_or(true),
        records,
    })
}
