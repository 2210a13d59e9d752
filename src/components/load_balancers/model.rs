//! Resolves the `load_balancers` section: Network Load Balancers in front of services.

use ipnet::Ipv4Net;

use crate::components::Service;
use crate::components::{ListenerProtocol, LoadBalancerScheme, Spec};
use crate::model::names::named;
use crate::model::Problems;
use crate::spec::Egress;
use crate::yaml::KeyPath;

/// A Network Load Balancer forwarding to one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadBalancer {
    pub name: String,
    /// Logical-ID stem (`Api`).
    pub id: String,
    /// The service's name and logical-ID stem.
    pub service: String,
    pub service_id: String,
    pub target_port: u16,
    pub internet_facing: bool,
    /// Sorted by port.
    pub listeners: Vec<Listener>,
    pub health_check_path: Option<String>,
    pub health_check_interval_seconds: u16,
    /// Sources allowed to the listeners; empty means the VPC's own blocks.
    pub allowed_cidrs: Vec<Ipv4Net>,
    pub deletion_protection: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listener {
    pub port: u16,
    /// The ACM certificate of a TLS listener; `None` for TCP.
    pub certificate_arn: Option<String>,
}

pub(crate) fn resolve(spec: &Spec, services: &[Service], p: &mut Problems) -> Vec<LoadBalancer> {
    let at = KeyPath::root().key("load_balancers");
    let nat = spec.network.as_ref().is_some_and(|n| {
        n.existing_vpc.is_none() && n.egress.unwrap_or(Egress::Nat) == Egress::Nat
    });
    named(&spec.load_balancers, |l| &l.name, &at, p)
        .into_iter()
        .filter_map(|(lb, id, here)| {
            let service = services.iter().find(|s| s.name == lb.service);
            let target_port = match service {
                None => {
                    let names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
                    p.error("spec/reference", &here.key("service"), format!("no service named `{}` (declared: {})", lb.service, if names.is_empty() { "none".into() } else { names.join(", ") }));
                    None
                }
                Some(s) if s.port.is_none() => {
                    p.error("spec/load-balancer", &here.key("service"), format!("service `{}` declares no `port` to forward to", s.name));
                    None
                }
                Some(s) => s.port,
            };
            let internet_facing = lb.scheme == LoadBalancerScheme::InternetFacing;
            if internet_facing && !nat {
                p.error("spec/load-balancer", &here.key("scheme"), "internet-facing needs public subnets: a new VPC with `network.egress: nat`");
            }
            if lb.listeners.is_empty() {
                p.error("spec/load-balancer", &here.key("listeners"), "declare at least one listener");
            }
            let mut listeners: Vec<Listener> = Vec::new();
            for (j, l) in lb.listeners.iter().enumerate() {
                let lat = here.key("listeners").index(j);
                if l.port == 0 {
                    p.error("spec/load-balancer", &lat.key("port"), "ports are 1 to 65,535");
                }
                if listeners.iter().any(|x| x.port == l.port) {
                    p.error("spec/load-balancer", &lat.key("port"), format!("port {} is already a listener", l.port));
                }
                let certificate_arn = match (l.protocol, &l.certificate_arn) {
                    (ListenerProtocol::Tls, None) => {
                        p.error("spec/load-balancer", &lat, "a TLS listener needs `certificate_arn` (an ACM certificate)");
                        None
                    }
                    (ListenerProtocol::Tls, Some(arn)) => {
                        if !(arn.starts_with("arn:aws") && arn.contains(":acm:") && arn.contains(":certificate/")) {
                            p.error("spec/load-balancer", &lat.key("certificate_arn"), format!("`{arn}` is not an ACM certificate ARN"));
                        }
                        Some(arn.clone())
                    }
                    (ListenerProtocol::Tcp, Some(_)) => {
                        p.error("spec/load-balancer", &lat.key("certificate_arn"), "only TLS listeners take a certificate");
                        None
                    }
                    (ListenerProtocol::Tcp, None) => None,
                };
                listeners.push(Listener { port: l.port, certificate_arn });
            }
            listeners.sort_by_key(|l| l.port);
            listeners.dedup_by_key(|l| l.port);
            if let Some(path) = &lb.health_check.http_path {
                if !path.starts_with('/') || path.len() > 1024 {
                    p.error("spec/load-balancer", &here.key("health_check").key("http_path"), "a path starting with `/`, at most 1,024 characters");
                }
            }
            let interval = lb.health_check.interval_seconds.unwrap_or(10);
            if !(5..=300).contains(&interval) {
                p.error("spec/load-balancer", &here.key("health_check").key("interval_seconds"), format!("{interval} seconds: target groups allow 5 to 300"));
            }
            let mut allowed_cidrs = Vec::new();
            for (j, c) in lb.allowed_cidrs.iter().enumerate() {
                match c.parse::<Ipv4Net>() {
                    Ok(net) if net.trunc() == net => allowed_cidrs.push(net),
                    _ => p.error("spec/load-balancer", &here.key("allowed_cidrs").index(j), format!("`{c}` is not an IPv4 CIDR block without host bits")),
                }
            }
            if internet_facing && lb.allowed_cidrs.is_empty() {
                p.error("spec/load-balancer", &here.key("allowed_cidrs"), "an internet-facing load balancer names the client blocks it admits (no open default)");
            }
            allowed_cidrs.sort();
            allowed_cidrs.dedup();
            Some(LoadBalancer {
                name: lb.name.clone(),
                id,
                service: lb.service.clone(),
                service_id: service.map(|s| s.id.clone()).unwrap_or_default(),
                target_port: target_port?,
                internet_facing,
                listeners,
                health_check_path: lb.health_check.http_path.clone(),
                health_check_interval_seconds: interval,
                allowed_cidrs,
                deletion_protection: lb.deletion_protection.unwrap_or(true),
            })
        })
        .collect()
}
