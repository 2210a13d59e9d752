//! Service auto scaling: per service a target-tracking policy on average CPU between a
//! minimum and a maximum task count. The ECS service's desired count is the minimum, and the
//! network demand model counts the maximum.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::model::{Problems, Sizing};
use crate::render::intrinsics::{get_att, r#ref};
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;
use crate::yaml::KeyPath;

/// `scaling:` of a service; every key is optional. `max` equal to `min` opts out: the
/// service runs a fixed count and nothing scales it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScalingSpec {
    /// Fewest tasks. Default: `desired_count`, else the size's service task count.
    pub min: Option<u16>,
    /// Most tasks. Default: `min` times the size's scaling factor.
    pub max: Option<u16>,
    /// Average CPU utilization (%) the policy holds the service at, 10 to 90. Default 60.
    pub cpu_target: Option<u8>,
}

/// A service's resolved bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scaling {
    pub min: u16,
    pub max: u16,
    pub cpu_target: u8,
}

impl Scaling {
    /// Whether anything scales the service: a fixed count (`max == min`) renders nothing.
    pub fn scales(&self) -> bool {
        self.max > self.min
    }
}

/// Default CPU target: headroom for a burst while a scale-out is under way.
pub const CPU_TARGET: u8 = 60;
/// Seconds after a scale-out before another: long enough for new tasks to start and pull
/// their image and report CPU.
const SCALE_OUT_COOLDOWN: u32 = 60;
/// Seconds after a scale-in before another: slower, so a dip does not drain capacity.
const SCALE_IN_COOLDOWN: u32 = 300;

/// Resolves a service's bounds and checks them against each other and its `desired_count`.
pub fn resolve(
    spec: Option<&ScalingSpec>,
    desired_count: Option<u16>,
    sizing: &Sizing,
    at: &KeyPath,
    p: &mut Problems,
) -> Scaling {
    let default = ScalingSpec::default();
    let spec = spec.unwrap_or(&default);
    let here = at.key("scaling");
    let min = spec
        .min
        .unwrap_or_else(|| desired_count.unwrap_or(sizing.service_desired_count));
    let max = spec
        .max
        .unwrap_or_else(|| min.saturating_mul(sizing.service_scaling_factor));
    let cpu_target = spec.cpu_target.unwrap_or(CPU_TARGET);
    if min < 1 {
        p.error("spec/service", &here.key("min"), "at least one task: give `min` of 1 or more");
    }
    if max < min {
        p.error(
            "spec/service",
            &here.key("max"),
            format!("`max` {max} is below `min` {min}: give a maximum of {min} or more"),
        );
    }
    if !(10..=90).contains(&cpu_target) {
        p.error(
            "spec/service",
            &here.key("cpu_target"),
            format!("{cpu_target}% is outside 10 to 90: a target tracking policy needs room both ways"),
        );
    }
    if let Some(desired) = desired_count {
        if desired < min || desired > max {
            p.error(
                "spec/service",
                &at.key("desired_count"),
                format!("{desired} tasks is outside the scaling bounds {min} to {max}: Application Auto Scaling would move it into them at once"),
            );
        }
    }
    Scaling { min, max, cpu_target }
}

/// The scalable target and its CPU policy for a service that scales. No `RoleARN`:
/// registering an ECS service as a scalable target makes Application Auto Scaling create
/// and use its service-linked role AWSServiceRoleForApplicationAutoScaling_ECSService
/// (Application Auto Scaling User Guide, "Amazon ECS and Application Auto Scaling").
pub fn render(s: &mut StackBuilder, id: &str, name: &str, scaling: &Scaling) {
    if !scaling.scales() {
        return;
    }
    let target = format!("{id}ScalableTarget");
    let service = format!("{id}Service");
    s.add(
        &target,
        Resource::new(
            "AWS::ApplicationAutoScaling::ScalableTarget",
            json!({
                "ServiceNamespace": "ecs",
                "ScalableDimension": "ecs:service:DesiredCount",
                "ResourceId": { "Fn::Join": ["/", ["service", r#ref("Cluster"), get_att(&service, "Name")]] },
                "MinCapacity": scaling.min,
                "MaxCapacity": scaling.max
            }),
        ),
    );
    s.add(
        format!("{id}CpuScaling"),
        Resource::new(
            "AWS::ApplicationAutoScaling::ScalingPolicy",
            json!({
                "PolicyName": format!("{name}-cpu"),
                "PolicyType": "TargetTrackingScaling",
                "ScalingTargetId": r#ref(&target),
                "TargetTrackingScalingPolicyConfiguration": {
                    "PredefinedMetricSpecification": { "PredefinedMetricType": "ECSServiceAverageCPUUtilization" },
                    "TargetValue": f64::from(scaling.cpu_target),
                    "ScaleOutCooldown": SCALE_OUT_COOLDOWN,
                    "ScaleInCooldown": SCALE_IN_COOLDOWN
                }
            }),
        ),
    );
}
