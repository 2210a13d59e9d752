//! Resolves the `apis` section: each API, the load balancer listener it forwards to, its
//! authorization, domain, throttling and web ACL, every problem with its key path.

use super::spec::{ApiAuthorization, ApiSpec};
use crate::components::LoadBalancer;
use crate::model::names::named;
use crate::model::{Problems, Sizing};
use crate::yaml::KeyPath;

/// An API in front of one load balancer listener.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Api {
    pub name: String,
    /// Logical-ID stem (`Connector`).
    pub id: String,
    /// The load balancer's name and logical-ID stem.
    pub load_balancer: String,
    pub load_balancer_id: String,
    pub listener_port: u16,
    /// Whether the listener terminates TLS (the integration then calls it over HTTPS).
    pub tls: bool,
    /// `None`: the load balancer's DNS name (TCP listeners only).
    pub backend_host: Option<String>,
    pub domain: Option<ApiDomain>,
    pub authorization: Authorization,
    pub rate_limit: u32,
    pub burst_limit: u32,
    pub waf_web_acl_arn: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiDomain {
    pub name: String,
    pub certificate_arn: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authorization {
    /// Callers sign with SigV4 and need `execute-api:Invoke`.
    Iam,
    /// Callers send a token of this user pool; `None`: the environment's own
    /// (`user_pool` section).
    Cognito { user_pool_arn: Option<String> },
}

const CODE: &str = "spec/api";

pub(crate) fn resolve(
    apis: &[ApiSpec],
    region: &str,
    load_balancers: &[LoadBalancer],
    sizing: &Sizing,
    has_user_pool: bool,
    p: &mut Problems,
) -> Vec<Api> {
    let at = KeyPath::root().key("apis");
    let mut domains: Vec<(String, KeyPath)> = Vec::new();
    let mut out = Vec::new();
    for (api, id, here) in named(apis, |a| &a.name, &at, p) {
        let lb = load_balancers.iter().find(|l| l.name == api.load_balancer);
        let listener = match lb {
            None => {
                let names: Vec<&str> = load_balancers.iter().map(|l| l.name.as_str()).collect();
                p.error("spec/reference", &here.key("load_balancer"), format!("no load balancer named `{}` (declared: {})", api.load_balancer, if names.is_empty() { "none".into() } else { names.join(", ") }));
                None
            }
            Some(lb) => listener(api, lb, &here, p),
        };
        let host = backend_host(api, listener.map(|(_, tls)| tls), &here, p);
        let domain = api.domain.as_ref().map(|d| {
            let dat = here.key("domain");
            if !is_dns_name(&d.name) {
                p.error(CODE, &dat.key("name"), format!("`{}` is not a domain name (labels of letters, digits and hyphens, at least two)", d.name));
            }
            if let Some((_, first)) = domains.iter().find(|(n, _)| n.eq_ignore_ascii_case(&d.name)) {
                p.error(CODE, &dat.key("name"), format!("`{}` is already the domain at {first}", d.name));
            }
            domains.push((d.name.clone(), dat.key("name")));
            // A regional endpoint takes a certificate from ACM in its own region (API
            // Gateway Developer Guide, "Set up a Regional custom domain name in API Gateway").
            check_arn(&d.certificate_arn, "acm", "certificate/", region, "an ACM certificate", &dat.key("certificate_arn"), p);
            ApiDomain { name: d.name.to_ascii_lowercase(), certificate_arn: d.certificate_arn.clone() }
        });
        let authorization = match (api.authorization, &api.cognito_user_pool_arn) {
            (ApiAuthorization::Iam, None) => Authorization::Iam,
            (ApiAuthorization::Iam, Some(_)) => {
                p.error(CODE, &here.key("cognito_user_pool_arn"), "only `authorization: cognito` takes a user pool");
                Authorization::Iam
            }
            (ApiAuthorization::Cognito, None) if has_user_pool => Authorization::Cognito { user_pool_arn: None },
            (ApiAuthorization::Cognito, None) => {
                p.error(CODE, &here.key("authorization"), "`authorization: cognito` needs `cognito_user_pool_arn`, or a `user_pool` section whose pool it then uses");
                Authorization::Iam
            }
            (ApiAuthorization::Cognito, Some(arn)) => {
                // The authorizer's pool may live in another region, not another partition.
                check_arn(arn, "cognito-idp", "userpool/", "", "a Cognito user pool", &here.key("cognito_user_pool_arn"), p);
                Authorization::Cognito { user_pool_arn: Some(arn.clone()) }
            }
        };
        let tat = here.key("throttling");
        let rate_limit = api.throttling.rate_limit.unwrap_or(sizing.api_rate_limit);
        let burst_limit = api.throttling.burst_limit.unwrap_or(sizing.api_burst_limit);
        if rate_limit == 0 {
            p.error(CODE, &tat.key("rate_limit"), "at least 1 request per second (0 refuses every request)");
        }
        if burst_limit == 0 {
            p.error(CODE, &tat.key("burst_limit"), "at least 1 (0 refuses every request)");
        }
        if let Some(arn) = &api.waf_web_acl_arn {
            // A stage takes only a regional web ACL (AWS WAF Developer Guide, "Associating
            // or disassociating a web ACL with an AWS resource").
            check_arn(arn, "wafv2", "regional/webacl/", region, "a regional AWS WAF web ACL", &here.key("waf_web_acl_arn"), p);
        }
        let (Some(lb), Some((listener_port, tls))) = (lb, listener) else {
            continue;
        };
        out.push(Api {
            name: api.name.clone(),
            id,
            load_balancer: lb.name.clone(),
            load_balancer_id: lb.id.clone(),
            listener_port,
            tls,
            backend_host: host,
            domain,
            authorization,
            rate_limit,
            burst_limit,
            waf_web_acl_arn: api.waf_web_acl_arn.clone(),
        });
    }
    out
}

/// The listener's port and whether it is TLS.
fn listener(api: &ApiSpec, lb: &LoadBalancer, here: &KeyPath, p: &mut Problems) -> Option<(u16, bool)> {
    let ports: Vec<String> = lb.listeners.iter().map(|l| l.port.to_string()).collect();
    let found = match api.listener_port {
        Some(port) => lb.listeners.iter().find(|l| l.port == port).or_else(|| {
            p.error(CODE, &here.key("listener_port"), format!("load balancer `{}` has no listener on {port} (its listeners: {})", lb.name, ports.join(", ")));
            None
        }),
        None if lb.listeners.len() == 1 => lb.listeners.first(),
        None => {
            p.error(CODE, &here.key("listener_port"), format!("load balancer `{}` has listeners on {}: name the one to forward to", lb.name, ports.join(", ")));
            None
        }
    }?;
    Some((found.port, found.certificate_arn.is_some()))
}

fn backend_host(api: &ApiSpec, tls: Option<bool>, here: &KeyPath, p: &mut Problems) -> Option<String> {
    let at = here.key("backend_host");
    match (&api.backend_host, tls) {
        (Some(host), _) if !is_dns_name(host) => {
            p.error(CODE, &at, format!("`{host}` is not a host name"));
            None
        }
        (Some(host), _) => Some(host.to_ascii_lowercase()),
        // API Gateway checks a TLS backend's certificate against the integration URI's host
        // (API Gateway Developer Guide, "Set up a private integration"), and no certificate
        // names the load balancer's generated DNS name.
        (None, Some(true)) => {
            p.error(CODE, &at, format!("load balancer `{}` terminates TLS on this listener: name a host on its certificate, which API Gateway checks", api.load_balancer));
            None
        }
        (None, _) => None,
    }
}

/// Lowercase letters, digits and hyphens in labels of up to 63, at least two labels.
pub(crate) fn is_dns_name(name: &str) -> bool {
    let labels: Vec<&str> = name.split('.').collect();
    name.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// `arn:<partition>:<service>:<region>:<account>:<resource>` with the resource starting
/// with `resource`; `region` empty accepts any region.
fn check_arn(arn: &str, service: &str, resource: &str, region: &str, what: &str, at: &KeyPath, p: &mut Problems) {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let shaped = parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == service
        && !parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].chars().all(|c| c.is_ascii_digit())
        && parts[5].starts_with(resource)
        && parts[5].len() > resource.len();
    if !shaped {
        p.error(CODE, at, format!("`{arn}` is not {what} ARN (arn:aws:{service}:<region>:<account>:{resource}...)"));
    } else if !region.is_empty() && parts[3] != region {
        p.error(CODE, at, format!("`{arn}` is in {}: a regional API takes {what} in its own region, {region}", parts[3]));
    }
}
