//! Self-hosted workers a vendor's scheduler scales.

pub mod model;
pub mod render;
pub mod spec;

use super::demand::{Count, DemandRow, Pool};
use super::Platform;
use super::{Component, Render, Resolve, Section, Sections, Stack};

pub struct Workers;

impl Component for Workers {
    fn name(&self) -> &'static str {
        "workers"
    }

    fn stack(&self) -> Stack {
        Stack::Workers
    }

    fn declared(&self, p: &Platform) -> bool {
        p.workers.is_some()
    }

    fn demand(&self) -> &'static [DemandRow] {
        &[DemandRow {
            name: "self-hosted-workers",
            pool: Pool::Workload,
            why: "each EC2 container instance the vendor scales the workers' Auto Scaling group to takes one private address for its primary network interface (Amazon EC2 User Guide, elastic network interfaces), counted at the group's maximum size; tasks in bridge mode share it (Amazon ECS Developer Guide, task networking)",
            ips: instances,
        }]
    }

    /// The log group and the bucket the workers stage data in.
    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::Logs::LogGroup", "AWS::S3::Bucket"]
    }
}

fn instances(p: &Platform) -> Option<Count> {
    let w = p.workers.as_ref()?;
    Some(Count {
        ips: u32::from(w.max_instances),
        basis: format!(
            "{} instance(s) at the Auto Scaling group's maximum",
            w.max_instances
        ),
    })
}

impl Section for Workers {
    type Spec = Option<spec::WorkersSpec>;
    type Model = Option<model::Workers>;

    fn resolve(cx: &mut Resolve<'_, '_>, _: &Sections) -> Self::Model {
        model::resolve(cx.spec, cx.problems)
    }

    fn render(model: &Self::Model, cx: &mut Render<'_>) {
        if let Some(w) = model {
            render::render(cx.s, cx.platform, w, cx.up);
        }
    }
}
