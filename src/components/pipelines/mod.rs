//! The data pipeline's parsers and converters: Fargate tasks an orchestrator runs on
//! demand on the compute stack's cluster.

pub mod model;
mod orchestrator;
mod pipe;
pub mod render;
pub mod spec;
mod workflow;

use super::demand::DemandRow;
use super::Platform;
use super::Spec;
use super::{Component, Render, Resolve, Section, Sections, Stack};
use crate::model::{Consumer, Grants};

pub struct Pipelines;

impl Component for Pipelines {
    fn name(&self) -> &'static str {
        "pipelines"
    }

    /// The compute stack: it holds the cluster the tasks run on and the workloads' roles.
    fn stack(&self) -> Stack {
        Stack::Compute
    }

    fn declared(&self, p: &Platform) -> bool {
        p.pipelines.is_some()
    }

    fn needs_vpc(&self, spec: &Spec) -> Option<&'static str> {
        spec.pipelines
            .is_some()
            .then_some("its tasks run in the private subnets")
    }

    /// None of its own: the services' `fargate-tasks` row counts the pipeline's tasks,
    /// which share its subnets, from `max_concurrent_tasks`.
    fn demand(&self) -> &'static [DemandRow] {
        &[]
    }

    fn endpoints(&self, spec: &Spec) -> &'static [&'static str] {
        if spec.pipelines.is_none() {
            &[]
        } else {
            &["ecr.api", "ecr.dkr"]
        }
    }

    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::Logs::LogGroup"]
    }
}

impl Section for Pipelines {
    type Spec = Option<spec::PipelinesSpec>;
    type Model = Option<model::Pipelines>;

    fn resolve(cx: &mut Resolve<'_, '_>, _: &Sections) -> Self::Model {
        model::resolve(cx.spec, cx.sizing, cx.offered, cx.problems)
    }

    fn render(model: &Self::Model, cx: &mut Render<'_>) {
        if let Some(p) = model {
            render::render(cx.s, cx.platform, p, cx.up);
            orchestrator::render(cx.s, cx.platform, p);
            if let Some(w) = &p.workflow {
                workflow::render(cx.s, cx.platform, p, w);
                if let Some(queue) = &w.source_queue {
                    pipe::render(cx.s, cx.platform, queue, cx.up);
                }
            }
        }
    }

    fn consumers(model: &Self::Model) -> Vec<(Consumer, &Grants)> {
        model
            .iter()
            .flat_map(|p| &p.tasks)
            .map(|t| (Consumer::Pipeline(t.name.clone()), &t.grants))
            .collect()
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod workflow_tests;
