//! EMR Serverless Spark applications in the private subnets.

pub mod model;
pub mod render;
pub mod spec;

use super::demand::{DemandRow, Pool};
use super::Platform;
use super::Spec;
use super::{Component, Count, Render, Resolve, Section, Sections, Stack};
use crate::model::{Consumer, Grants};

pub struct SparkApplications;

impl Component for SparkApplications {
    fn name(&self) -> &'static str {
        "spark"
    }

    /// The compute stack: it holds the workloads' roles, comes after the data and
    /// messaging stacks whose targets the job runtime role is granted, and is where the
    /// search domain's role mapping names its consumers.
    fn stack(&self) -> Stack {
        Stack::Compute
    }

    fn declared(&self, p: &Platform) -> bool {
        !p.spark.is_empty()
    }

    fn needs_vpc(&self, spec: &Spec) -> Option<&'static str> {
        (!spec.spark.is_empty()).then_some("its workers run in the private subnets")
    }

    fn demand(&self) -> &'static [DemandRow] {
        &[DemandRow {
            name: "spark-workers",
            pool: Pool::Workload,
            why: "an EMR Serverless application in a VPC gives each running worker a network interface with a private address in one of its subnets, and a worker takes at least 1 vCPU and 2 GB (Amazon EMR Serverless User Guide, \"Configuring VPC access\" and \"Understanding application behavior\")",
            ips: workers,
        }]
    }

    /// Jobs read and write S3 through the gateway endpoint and send their logs to
    /// CloudWatch Logs, encrypted with the key (Amazon EMR Serverless User Guide,
    /// "Configuring VPC access": S3 needs a NAT gateway or an endpoint).
    fn endpoints(&self, spec: &Spec) -> &'static [&'static str] {
        if spec.spark.is_empty() {
            &[]
        } else {
            &["kms", "logs", "s3", "sts"]
        }
    }

    /// The log group.
    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::Logs::LogGroup"]
    }
}

fn workers(p: &Platform) -> Option<Count> {
    if p.spark.is_empty() {
        return None;
    }
    let ips = p
        .spark
        .iter()
        .map(model::max_workers)
        .fold(0u32, u32::saturating_add);
    let each: Vec<String> = p
        .spark
        .iter()
        .map(|s| {
            format!(
                "{}: min({} vCPU / 1, {} GB / 2) = {}",
                s.name,
                s.max_vcpu,
                s.max_memory_gb,
                model::max_workers(s)
            )
        })
        .collect();
    Some(Count {
        ips,
        basis: format!("workers at maximum capacity, one address each ({})", each.join("; ")),
    })
}

impl Section for SparkApplications {
    type Spec = Vec<spec::SparkSpec>;
    type Model = Vec<model::Spark>;

    fn resolve(cx: &mut Resolve<'_, '_>, _: &Sections) -> Self::Model {
        model::resolve(cx.spec, cx.size, cx.offered, cx.problems)
    }

    fn render(_: &Self::Model, cx: &mut Render<'_>) {
        render::render(cx.s, cx.platform, cx.up);
    }

    fn consumers(model: &Self::Model) -> Vec<(Consumer, &Grants)> {
        model
            .iter()
            .map(|s| (Consumer::Spark(s.name.clone()), &s.grants))
            .collect()
    }
}

#[cfg(test)]
mod tests;
