//! Long-running ECS Fargate services.

pub mod discovery;
pub mod model;
pub mod render;
pub mod scaling;
pub mod spec;
pub(crate) mod task;

use super::demand::{Count, DemandRow, Pool};
use super::Platform;
use super::Spec;
use super::{Component, Render, Resolve, Section, Sections, Stack};
use crate::model::{Consumer, Grants, Target};

pub struct Services;

/// Surge factor of a rolling deployment at ECS's maximum percent of 200.
pub const DEPLOY_SURGE: u32 = 2;

impl Component for Services {
    fn name(&self) -> &'static str {
        "services"
    }

    fn stack(&self) -> Stack {
        Stack::Compute
    }

    fn declared(&self, p: &Platform) -> bool {
        !p.services.is_empty()
    }

    fn needs_vpc(&self, spec: &Spec) -> Option<&'static str> {
        (!spec.services.is_empty()).then_some("its tasks run in the private subnets")
    }

    fn demand(&self) -> &'static [DemandRow] {
        &[DemandRow {
            name: "fargate-tasks",
            pool: Pool::Workload,
            why: "Fargate tasks use awsvpc networking, so every running task holds one ENI with one private IP (Amazon ECS Developer Guide, Fargate task networking); auto scaling may raise a service to its scaling maximum (Application Auto Scaling User Guide, target tracking scaling policies), and a rolling deployment with a maximum percent of 200 can run twice that while old and new tasks overlap (Amazon ECS Developer Guide, rolling update deployments)",
            ips: fargate_tasks,
        }]
    }

    fn endpoints(&self, spec: &Spec) -> &'static [&'static str] {
        if spec.services.is_empty() {
            &[]
        } else {
            &["ecr.api", "ecr.dkr"]
        }
    }

    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::Logs::LogGroup"]
    }

    /// Each service, to connect to its port (`model::check_reachable` says which can be).
    fn targets(&self, spec: &Spec) -> Vec<Target> {
        spec.services
            .iter()
            .map(|s| Target::Service(s.name.clone()))
            .collect()
    }
}

/// Counted even without services: the pipeline's tasks run on the same subnets, as many
/// as `pipelines.max_concurrent_tasks` says (the size's default without the section).
fn fargate_tasks(p: &Platform) -> Option<Count> {
    let (tasks, source) = match &p.pipelines {
        Some(pl) if pl.declared_concurrency => (pl.max_concurrent_tasks, "pipelines.max_concurrent_tasks".to_owned()),
        Some(pl) => (pl.max_concurrent_tasks, format!("the default of pipelines.max_concurrent_tasks for {}", p.size)),
        None => (p.sizing.pipeline_tasks_peak, format!("peak for {}", p.size)),
    };
    // A service scales up to its maximum, and may deploy while there.
    let most: u32 = p
        .services
        .iter()
        .fold(0, |sum, s| sum.saturating_add(u32::from(s.scaling.max)));
    let ips = tasks.saturating_add(most.saturating_mul(DEPLOY_SURGE));
    let basis = format!(
        "{tasks} pipeline tasks at {source} + {DEPLOY_SURGE} x {most} service task(s) at scaling maximum across {} service(s)",
        p.services.len()
    );
    Some(Count { ips, basis })
}

impl Section for Services {
    type Spec = Vec<spec::ServiceSpec>;
    type Model = Vec<model::Service>;

    fn resolve(cx: &mut Resolve<'_, '_>, _: &Sections) -> Self::Model {
        model::resolve(cx.spec, cx.sizing, cx.offered, cx.problems)
    }

    fn render(_: &Self::Model, cx: &mut Render<'_>) {
        render::render(cx.s, cx.platform, cx.up);
        cx.up.compute.service_security_groups = render::export_groups(cx.s, cx.platform);
    }

    fn consumers(model: &Self::Model) -> Vec<(Consumer, &Grants)> {
        model
            .iter()
            .map(|s| (Consumer::Service(s.name.clone()), &s.grants))
            .collect()
    }
}

#[cfg(test)]
mod tests;
