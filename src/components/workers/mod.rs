//! Self-hosted workers a vendor's scheduler scales.

mod ids;
pub mod model;
pub mod render;
mod roles;
pub mod spec;
mod vendor;

use super::Spec;
use super::demand::{Count, DemandRow, Pool};
use super::Platform;
use super::{Component, Render, Resolve, Section, Sections, Stack};
use crate::render::iam::Statement;
use crate::render::intrinsics::arn;
use serde_json::json;

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

    fn needs_vpc(&self, spec: &Spec) -> Option<&'static str> {
        (spec.workers.is_some()).then_some("the vendor launches its workers in the private subnets")
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

    /// Auto Scaling launches the instances, so its service-linked role creates their
    /// volumes under the key: without these statements no worker ever starts (Amazon EC2
    /// Auto Scaling User Guide, "Required AWS KMS key policy for use with encrypted
    /// volumes").
    fn key_policy(&self, _: &Platform) -> Vec<Statement> {
        let role = arn("iam::${AWS::AccountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling");
        vec![
            Statement::allow(
                &[
                    "kms:Encrypt",
                    "kms:Decrypt",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:DescribeKey",
                ][..],
            )
            .sid("AutoScalingUsesTheKeyForWorkerVolumes")
            .aws(role.clone())
            .resource("*"),
            Statement::allow("kms:CreateGrant")
                .sid("AutoScalingGrantsTheKeyToWorkerVolumes")
                .aws(role)
                .resource("*")
                .condition(json!({ "Bool": { "kms:GrantIsForAWSResource": true } })),
        ]
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
