//! REST APIs in API Gateway in front of services behind Network Load Balancers: the
//! external path into private services, through a VPC link to the load balancer.

pub mod model;
pub mod render;
pub mod spec;

use super::Platform;
use super::{Component, Render, Resolve, Section, Sections, Stack};

/// Lives in the compute stack, beside the load balancers its VPC links target. It takes
/// no addresses in the subnets: a REST API's VPC link reaches the load balancer through
/// AWS PrivateLink and uses the load balancer's own nodes (API Gateway Developer Guide,
/// "Set up private integrations for REST APIs"), so it adds no demand rows.
pub struct Apis;

impl Component for Apis {
    fn name(&self) -> &'static str {
        "apis"
    }

    fn stack(&self) -> Stack {
        Stack::Compute
    }

    fn declared(&self, p: &Platform) -> bool {
        !p.apis.is_empty()
    }

    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::Logs::LogGroup"]
    }
}

impl Section for Apis {
    type Spec = Vec<spec::ApiSpec>;
    type Model = Vec<model::Api>;

    /// Reads the load balancers resolved before it: each API forwards to one's listener.
    fn resolve(cx: &mut Resolve<'_, '_>, done: &Sections) -> Self::Model {
        model::resolve(
            &cx.spec.apis,
            &cx.spec.region,
            &done.load_balancers,
            cx.sizing,
            cx.problems,
        )
    }

    fn render(_: &Self::Model, cx: &mut Render<'_>) {
        cx.up.compute.api_domains = render::render(cx.s, cx.platform, cx.up);
    }
}

#[cfg(test)]
mod tests;
