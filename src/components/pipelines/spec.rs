//! The `pipelines` section: the data pipeline's parsers and converters, ECS tasks on
//! Fargate that an orchestrator runs on demand.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::spec::AccessSpec;

/// The pipeline's task definitions, the capacity they run on, and a role an orchestrator
/// (a Step Functions state machine) assumes to run exactly them.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PipelinesSpec {
    /// The most pipeline tasks running at once, 1 to 100,000: what check-network's demand
    /// model counts (one private address each). Default by environment size.
    pub max_concurrent_tasks: Option<u32>,
    /// The cluster's default capacity-provider strategy, which the tasks run on.
    pub capacity: Option<CapacitySpec>,
    /// The task definitions, each run on demand by the orchestrator.
    #[serde(default)]
    pub tasks: Vec<PipelineTaskSpec>,
    /// The orchestrator itself: a Step Functions state machine that runs `steps` in
    /// order, optionally started by each message of a queue through EventBridge Pipes.
    pub workflow: Option<WorkflowSpec>,
}

/// A Step Functions state machine (standard, logged, traced) that runs the named tasks one
/// after the other on the cluster, each to its end, as the orchestrator role.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkflowSpec {
    /// Names of `tasks`, in the order they run; each at most once. The execution's input
    /// reaches every task as `PIPELINE_INPUT` (JSON).
    pub steps: Vec<String>,
    /// A queue of `messaging.queues`, by name: an EventBridge pipe starts one execution
    /// per message (batch size 1) and deletes the message once started.
    pub source_queue: Option<String>,
}

/// How ECS places the tasks between on-demand Fargate and Fargate Spot.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapacitySpec {
    /// Relative share of tasks on FARGATE beyond the base, 0 to 1,000. Default 1.
    pub fargate_weight: Option<u32>,
    /// Relative share of tasks on FARGATE_SPOT (interruptible, cheaper), 0 to 1,000.
    /// Default 0.
    pub fargate_spot_weight: Option<u32>,
    /// Tasks always placed on FARGATE before the weights apply, 0 to 100,000. Default 0.
    pub fargate_base: Option<u32>,
}

/// One pipeline task: a parser or a converter.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PipelineTaskSpec {
    pub name: String,
    /// Container image, ideally by digest or immutable tag from ECR.
    pub image: String,
    /// CPU units (256, 512, 1024, 2048, 4096, 8192, 16384). Default 1024.
    pub cpu: Option<u32>,
    /// Memory in MiB, valid for the CPU setting. Default 2048.
    pub memory: Option<u32>,
    /// Plain environment variables (no secrets: use `access.secrets`).
    #[serde(default)]
    pub environment: BTreeMap<String, String>,
    /// What the task role may touch; nothing by default.
    #[serde(default)]
    pub access: AccessSpec,
}
