//! Long-running ECS Fargate services.

use super::demand::{Count, DemandRow, Pool};
use super::{Component, Stack};
use crate::model::Platform;
use crate::spec::Spec;

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

    fn demand(&self) -> &'static [DemandRow] {
        &[DemandRow {
            name: "fargate-tasks",
            pool: Pool::Workload,
            why: "Fargate tasks use awsvpc networking, so every running task holds one ENI with one private IP (Amazon ECS Developer Guide, Fargate task networking); a rolling deployment with a maximum percent of 200 can run twice a service's desired count while old and new tasks overlap (Amazon ECS Developer Guide, rolling update deployments)",
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
}

/// Counted even without services: the pipeline's tasks run on the same subnets.
fn fargate_tasks(p: &Platform) -> Option<Count> {
    let tasks = p.sizing.pipeline_tasks_peak;
    let desired: u32 = p
        .services
        .iter()
        .fold(0, |sum, s| sum.saturating_add(u32::from(s.desired_count)));
    let ips = tasks.saturating_add(desired.saturating_mul(DEPLOY_SURGE));
    let basis = format!(
        "{tasks} pipeline tasks at peak for {} + {DEPLOY_SURGE} x {desired} desired service task(s) across {} service(s)",
        p.size,
        p.services.len()
    );
    Some(Count { ips, basis })
}
