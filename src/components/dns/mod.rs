//! A Route 53 hosted zone and its alias records.

pub mod model;
pub mod render;
pub mod spec;

use super::Spec;
use super::Platform;
use super::{Component, Render, Resolve, Section, Sections, Stack};

pub struct Dns;

impl Component for Dns {
    fn name(&self) -> &'static str {
        "dns"
    }

    fn stack(&self) -> Stack {
        Stack::Dns
    }

    fn declared(&self, p: &Platform) -> bool {
        p.dns.is_some()
    }

    fn needs_vpc(&self, spec: &Spec) -> Option<&'static str> {
        (spec.dns.as_ref().is_some_and(|d| d.private.unwrap_or(true))).then_some("a private zone is attached to the VPC")
    }
}

impl Section for Dns {
    type Spec = Option<spec::DnsSpec>;
    type Model = Option<model::Dns>;

    /// Reads the load balancers resolved before it: alias records name them.
    fn resolve(cx: &mut Resolve<'_, '_>, done: &Sections) -> Self::Model {
        model::resolve(cx.spec, &done.load_balancers, cx.problems)
    }

    fn render(model: &Self::Model, cx: &mut Render<'_>) {
        if let Some(dns) = model {
            render::render(cx.s, cx.platform, dns, cx.up);
        }
    }
}
