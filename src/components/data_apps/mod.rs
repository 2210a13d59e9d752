//! CloudFront distributions for the platform's Data Apps.

pub mod model;
pub mod render;
pub mod spec;

use super::demand::{count, zones};
use super::{
    Component, Count, DemandRow, Platform, Pool, Render, Resolve, Section, Sections, Spec, Stack,
};
use crate::render::iam::Statement;

/// In the dns stack: it comes after the compute stack and its load balancers, and beside
/// the zone that holds the apps' alias records.
pub struct DataApps;

impl Component for DataApps {
    fn name(&self) -> &'static str {
        "data_apps"
    }

    fn stack(&self) -> Stack {
        Stack::Dns
    }

    fn declared(&self, p: &Platform) -> bool {
        !p.data_apps.is_empty()
    }

    fn demand(&self) -> &'static [DemandRow] {
        &[DemandRow {
            name: "cloudfront-vpc-origins",
            pool: Pool::Workload,
            why: "a CloudFront VPC origin reaches an internal load balancer through network interfaces CloudFront places in the VPC, counted here as one per AZ of the load balancer's subnets (Amazon CloudFront Developer Guide, Restrict access with VPC origins)",
            ips: |p| {
                let n = p
                    .data_apps
                    .iter()
                    .filter(|a| matches!(a.origin, model::Origin::LoadBalancer { internal: true, .. }))
                    .count();
                (n > 0).then(|| Count {
                    ips: count(n) * zones(p),
                    basis: format!("{n} VPC origin(s) x {} AZs", zones(p)),
                })
            },
        }]
    }

    /// An app in front of a load balancer reaches it in the VPC (a static-assets app alone
    /// needs none).
    fn needs_vpc(&self, spec: &Spec) -> Option<&'static str> {
        spec.data_apps
            .iter()
            .any(|a| a.load_balancer.is_some())
            .then_some("its origin is a load balancer in the VPC")
    }

    /// The assets buckets.
    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::S3::Bucket"]
    }

    fn key_policy(&self, p: &Platform) -> Vec<Statement> {
        if p.data_apps.iter().any(|a| a.origin == model::Origin::StaticAssets) {
            render::key_policy()
        } else {
            Vec::new()
        }
    }
}

impl Section for DataApps {
    type Spec = Vec<spec::DataAppSpec>;
    type Model = Vec<model::DataApp>;

    /// Reads the load balancers resolved before it: an app names its origin.
    fn resolve(cx: &mut Resolve<'_, '_>, done: &Sections) -> Self::Model {
        model::resolve(&cx.spec.data_apps, &done.load_balancers, cx.problems)
    }

    fn render(model: &Self::Model, cx: &mut Render<'_>) {
        render::render(cx.s, cx.platform, model, cx.up);
    }
}

#[cfg(test)]
mod tests;
