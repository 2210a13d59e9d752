//! Lambda functions in the private subnets.

pub mod model;
pub mod render;
pub mod spec;

use super::demand::{count, zones, Count, DemandRow, Pool};
use super::Platform;
use super::Spec;
use super::{Component, Render, Resolve, Section, Sections, Stack};
use crate::model::{Consumer, Grants};

pub struct Functions;

impl Component for Functions {
    fn name(&self) -> &'static str {
        "functions"
    }

    fn stack(&self) -> Stack {
        Stack::Compute
    }

    fn declared(&self, p: &Platform) -> bool {
        !p.functions.is_empty()
    }

    fn demand(&self) -> &'static [DemandRow] {
        &[DemandRow {
            name: "lambda-enis",
            pool: Pool::Workload,
            why: "a Lambda function attached to a VPC uses one Hyperplane ENI per subnet and security group combination, shared by its concurrent executions (AWS Lambda Developer Guide, giving Lambda functions access to resources in a VPC)",
            ips: lambda_enis,
        }]
    }

    /// X-Ray tracing sends segments from inside the VPC; failed events go to a queue.
    fn endpoints(&self, spec: &Spec) -> &'static [&'static str] {
        if spec.functions.is_empty() {
            &[]
        } else {
            &["xray", "sqs"]
        }
    }

    /// The log group and the dead-letter queue.
    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::Logs::LogGroup", "AWS::SQS::Queue"]
    }
}

fn lambda_enis(p: &Platform) -> Option<Count> {
    if p.functions.is_empty() {
        return None;
    }
    // Every function has its own security group, so no two share a combination.
    let functions = count(p.functions.len());
    let zones = zones(p);
    Some(Count {
        ips: functions.saturating_mul(zones),
        basis: format!(
            "{functions} function(s), each with its own security group, x {zones} subnet(s)"
        ),
    })
}

impl Section for Functions {
    type Spec = Vec<spec::FunctionSpec>;
    type Model = Vec<model::Function>;

    fn resolve(cx: &mut Resolve<'_, '_>, _: &Sections) -> Self::Model {
        model::resolve(cx.spec, cx.size, cx.offered, cx.problems)
    }

    fn render(_: &Self::Model, cx: &mut Render<'_>) {
        render::render(cx.s, cx.platform, cx.up);
    }

    fn consumers(model: &Self::Model) -> Vec<(Consumer, &Grants)> {
        model
            .iter()
            .map(|f| (Consumer::Function(f.name.clone()), &f.grants))
            .collect()
    }
}
