//! The `services` section: ECS services on Fargate.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::spec::AccessSpec;

/// A long-running ECS service on Fargate.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpec {
    pub name: String,
    /// Container image, ideally by digest or immutable tag from ECR.
    pub image: String,
    /// CPU units (256, 512, 1024, 2048, 4096, 8192, 16384). Default 512.
    pub cpu: Option<u32>,
    /// Memory in MiB, valid for the CPU setting. Default 1024.
    pub memory: Option<u32>,
    /// Tasks to start with; the scaling minimum by default. Default by environment size.
    pub desired_count: Option<u16>,
    /// Target tracking on average CPU between `min` and `max` tasks; defaults by size.
    pub scaling: Option<super::scaling::ScalingSpec>,
    /// Container port. Without a load balancer in front, the service registers as
    /// `<name>.<environment>.internal`, and the workloads whose `access.services` names it
    /// may connect; nothing else is admitted.
    pub port: Option<u16>,
    /// Plain environment variables (no secrets: use `access.database`).
    #[serde(default)]
    pub environment: BTreeMap<String, String>,
    /// What the task role may touch; nothing by default.
    #[serde(default)]
    pub access: AccessSpec,
}
