//! Resolves the `data_apps` section.

use super::spec::DataAppSpec;
use crate::components::email::model::is_domain;
use crate::components::load_balancers::model::LoadBalancer;
use crate::model::names::named;
use crate::model::Problems;
use crate::yaml::KeyPath;

/// One distribution, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataApp {
    pub name: String,
    /// Logical-ID stem.
    pub id: String,
    pub origin: Origin,
    /// Lowercase, in the order written.
    pub aliases: Vec<String>,
    pub certificate_arn: String,
    pub web_acl_arn: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A load balancer's logical-ID stem, the port of its TLS listener, and whether it
    /// is internal (then reached through a CloudFront VPC origin).
    LoadBalancer { id: String, port: u16, internal: bool },
    /// A bucket the dns stack creates.
    StaticAssets,
}

/// Amazon CloudFront Developer Guide, "Requirements for using SSL/TLS certificates with
/// CloudFront": the certificate must be requested or imported in US East (N. Virginia).
fn check_certificate(arn: &str, at: &KeyPath, p: &mut Problems) {
    let parts: Vec<&str> = arn.split(':').collect();
    if parts.len() != 6 || !parts[0].eq("arn") || parts[2] != "acm" || !parts[5].starts_with("certificate/") {
        p.error("spec/data-app", at, format!("`{arn}` is not an ACM certificate ARN"));
    } else if parts[3] != "us-east-1" {
        p.error(
            "spec/data-app",
            at,
            format!("the certificate is in {}: CloudFront uses ACM certificates from us-east-1 only", parts[3]),
        );
    }
}

/// AWS WAF Developer Guide, "Web ACLs": a web ACL for CloudFront has scope CLOUDFRONT, is
/// created in us-east-1, and its ARN says `global`.
fn check_web_acl(arn: &str, at: &KeyPath, p: &mut Problems) {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ok = parts.len() == 6
        && parts[0] == "arn"
        && parts[2] == "wafv2"
        && parts[3] == "us-east-1"
        && parts[5].starts_with("global/webacl/");
    if !ok {
        p.error(
            "spec/data-app",
            at,
            format!("`{arn}` is not a web ACL of scope CLOUDFRONT (`arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>`)"),
        );
    }
}

pub(crate) fn resolve(specs: &[DataAppSpec], load_balancers: &[LoadBalancer], p: &mut Problems) -> Vec<DataApp> {
    let at = KeyPath::root().key("data_apps");
    named(specs, |a| &a.name, &at, p)
        .into_iter()
        .filter_map(|(a, id, here)| {
            let origin = match (&a.load_balancer, a.static_assets) {
                (Some(name), false) => load_balancer(name, load_balancers, &here.key("load_balancer"), p),
                (None, true) => Some(Origin::StaticAssets),
                _ => {
                    p.error("spec/data-app", &here, "give exactly one origin: `load_balancer` or `static_assets: true`");
                    None
                }
            };
            if a.aliases.is_empty() {
                p.error("spec/data-app", &here.key("aliases"), "a distribution with a custom certificate answers at least one host name");
            }
            let aliases: Vec<String> = a.aliases.iter().map(|x| x.trim_end_matches('.').to_ascii_lowercase()).collect();
            for (i, alias) in aliases.iter().enumerate() {
                if !is_domain(alias) {
                    p.error("spec/data-app", &here.key("aliases").index(i), format!("`{alias}` is not a host name of two or more labels"));
                }
            }
            check_certificate(&a.certificate_arn, &here.key("certificate_arn"), p);
            if let Some(acl) = &a.web_acl_arn {
                check_web_acl(acl, &here.key("web_acl_arn"), p);
            }
            Some(DataApp {
                name: a.name.clone(),
                id,
                origin: origin?,
                aliases,
                certificate_arn: a.certificate_arn.clone(),
                web_acl_arn: a.web_acl_arn.clone(),
            })
        })
        .collect()
}

/// An internet-facing load balancer is a custom origin CloudFront reaches over the
/// internet by its DNS name (Amazon CloudFront Developer Guide, "Use a custom origin"); an
/// internal one, a VPC origin CloudFront reaches inside the VPC (Amazon CloudFront
/// Developer Guide, "Restrict access with VPC origins"). HTTPS only means a TLS listener
/// on a port CloudFront connects to (443, or 1024 to 65535).
fn load_balancer(name: &str, load_balancers: &[LoadBalancer], at: &KeyPath, p: &mut Problems) -> Option<Origin> {
    let Some(lb) = load_balancers.iter().find(|l| l.name == name) else {
        let names: Vec<&str> = load_balancers.iter().map(|l| l.name.as_str()).collect();
        p.error(
            "spec/reference",
            at,
            format!("no load balancer named `{name}` (declared: {})", if names.is_empty() { "none".into() } else { names.join(", ") }),
        );
        return None;
    };
    let Some(listener) = lb
        .listeners
        .iter()
        .find(|l| l.certificate_arn.is_some() && (l.port == 443 || l.port >= 1024))
    else {
        p.error("spec/data-app", at, format!("load balancer `{name}` has no TLS listener on 443 or 1024 to 65535 for CloudFront to reach over HTTPS"));
        return None;
    };
    Some(Origin::LoadBalancer { id: lb.id.clone(), port: listener.port, internal: !lb.internet_facing })
}
