//! Resolves the `pipelines` section: the concurrency the demand model counts, the
//! capacity-provider strategy, and each task's size, image and grants.

use std::collections::BTreeMap;

use crate::components::services::model::Container;
use super::spec::{PipelineTaskSpec, WorkflowSpec};
use crate::components::Spec;
use crate::model::access::{Grants, Offered};
use crate::model::names::named;
use crate::model::{Problems, Sizing};
use crate::yaml::KeyPath;

/// The pipeline, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipelines {
    /// The most tasks at once; from the spec, or the size's default (`declared` says which).
    pub max_concurrent_tasks: u32,
    /// Whether `max_concurrent_tasks` was given in the spec.
    pub declared_concurrency: bool,
    pub capacity: Capacity,
    pub tasks: Vec<PipelineTask>,
    pub workflow: Option<Workflow>,
}

/// The state machine: the steps as task names, in order, and the queue that starts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workflow {
    pub steps: Vec<String>,
    pub source_queue: Option<String>,
}

/// The cluster's default capacity-provider strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capacity {
    pub fargate_weight: u32,
    pub fargate_spot_weight: u32,
    pub fargate_base: u32,
}

/// One task definition of the pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipelineTask {
    pub name: String,
    /// Logical-ID stem.
    pub id: String,
    pub image: String,
    pub cpu: u32,
    pub memory: u32,
    pub environment: BTreeMap<String, String>,
    /// What its `access:` block grants; the access graph holds these as edges.
    pub grants: Grants,
}

/// A capacity provider's weight and base bounds (Amazon ECS API Reference,
/// `CapacityProviderStrategyItem`: weight 0 to 1,000, base 0 to 100,000).
const MAX_WEIGHT: u32 = 1000;
const MAX_BASE: u32 = 100_000;

pub(crate) fn resolve(
    spec: &Spec,
    sizing: &Sizing,
    offered: &Offered,
    p: &mut Problems,
) -> Option<Pipelines> {
    let s = spec.pipelines.as_ref()?;
    let at = KeyPath::root().key("pipelines");
    let max_concurrent_tasks = s.max_concurrent_tasks.unwrap_or(sizing.pipeline_tasks_peak);
    if !(1..=MAX_BASE).contains(&max_concurrent_tasks) {
        p.error(
            "spec/pipelines",
            &at.key("max_concurrent_tasks"),
            format!("{max_concurrent_tasks}: use 1 to 100,000"),
        );
    }
    let capacity = capacity(s.capacity.as_ref(), &at.key("capacity"), p);
    let at_tasks = at.key("tasks");
    if s.tasks.is_empty() {
        p.error("spec/pipelines", &at_tasks, "declare at least one task (a parser or a converter)");
    }
    let tasks = named(&s.tasks, |t| &t.name, &at_tasks, p)
        .into_iter()
        .map(|(t, id, here)| {
            let cpu = t.cpu.unwrap_or(1024);
            let memory = t.memory.unwrap_or(2048);
            let container = Container {
                image: &t.image,
                cpu,
                memory,
                environment: &t.environment,
                access: &t.access,
                consumer: None,
            };
            let grants = container.resolve(spec, offered, "spec/pipelines", &here, p);
            PipelineTask {
                name: t.name.clone(),
                id,
                image: t.image.clone(),
                cpu,
                memory,
                environment: t.environment.clone(),
                grants,
            }
        })
        .collect();
    let workflow = s
        .workflow
        .as_ref()
        .map(|w| workflow(spec, w, &s.tasks, &at.key("workflow"), p));
    Some(Pipelines {
        max_concurrent_tasks,
        declared_concurrency: s.max_concurrent_tasks.is_some(),
        capacity,
        tasks,
        workflow,
    })
}

fn capacity(c: Option<&super::spec::CapacitySpec>, at: &KeyPath, p: &mut Problems) -> Capacity {
    let c = c.cloned().unwrap_or_default();
    let out = Capacity {
        fargate_weight: c.fargate_weight.unwrap_or(1),
        fargate_spot_weight: c.fargate_spot_weight.unwrap_or(0),
        fargate_base: c.fargate_base.unwrap_or(0),
    };
    for (key, weight) in [
        ("fargate_weight", out.fargate_weight),
        ("fargate_spot_weight", out.fargate_spot_weight),
    ] {
        if weight > MAX_WEIGHT {
            p.error("spec/pipelines", &at.key(key), format!("{weight}: a weight is 0 to 1,000"));
        }
    }
    if out.fargate_weight == 0 && out.fargate_spot_weight == 0 {
        // A strategy whose weights are all zero places nothing beyond the base (Amazon
        // ECS Developer Guide, "Capacity provider strategies").
        p.error("spec/pipelines", at, "both weights are 0: give FARGATE or FARGATE_SPOT a weight above 0");
    }
    if out.fargate_base > MAX_BASE {
        p.error("spec/pipelines", &at.key("fargate_base"), format!("{}: the base is 0 to 100,000", out.fargate_base));
    }
    out
}

/// Checks that the steps name declared tasks, each once (a state's name is its task's, and
/// state names are unique in a state machine: AWS Step Functions Developer Guide, "State
/// machine structure in Amazon States Language"), and that the source queue is declared.
fn workflow(spec: &Spec, w: &WorkflowSpec, tasks: &[PipelineTaskSpec], at: &KeyPath, p: &mut Problems) -> Workflow {
    let at_steps = at.key("steps");
    if w.steps.is_empty() {
        p.error("spec/pipelines", &at_steps, "name at least one task to run");
    }
    for (i, step) in w.steps.iter().enumerate() {
        if !tasks.iter().any(|t| &t.name == step) {
            let known: Vec<&str> = tasks.iter().map(|t| t.name.as_str()).collect();
            p.error("spec/reference", &at_steps.index(i), format!("no pipeline task {step:?} (declared: {})", known.join(", ")));
        } else if w.steps[..i].contains(step) {
            p.error("spec/pipelines", &at_steps.index(i), format!("{step:?} is already a step: each task runs once per execution"));
        }
    }
    if let Some(queue) = &w.source_queue {
        let queues: Vec<&str> = spec.messaging.iter().flat_map(|m| &m.queues).map(|q| q.name.as_str()).collect();
        if !queues.contains(&queue.as_str()) {
            let known = if queues.is_empty() { "none".to_owned() } else { queues.join(", ") };
            p.error("spec/reference", &at.key("source_queue"), format!("no queue {queue:?} in messaging.queues (declared: {known})"));
        }
    }
    Workflow {
        steps: w.steps.clone(),
        source_queue: w.source_queue.clone(),
    }
}
