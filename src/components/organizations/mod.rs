//! The organizations (tenants) of a data platform, each with its own key, Glue database,
//! Athena workgroup and managed policy, sharded over nested stacks by a hash of the name.
//!
//! Organizations take no subnet addresses: KMS, Glue, Athena and IAM are regional
//! services with no network interfaces in the VPC, so they add no rows to check-network's
//! demand model.

pub mod model;
pub mod render;
pub mod shard;
pub mod spec;

use super::Platform;
use super::{Component, Resolve, Section, Sections, Stack};

pub struct Organizations;

impl Component for Organizations {
    fn name(&self) -> &'static str {
        "organizations"
    }

    fn stack(&self) -> Stack {
        Stack::Organizations
    }

    fn declared(&self, p: &Platform) -> bool {
        !p.organizations.organizations.is_empty()
    }

    // No data types of its own: the keys are `AWS::KMS::Key`, which the environment key
    // declares already, and a Glue database holds table definitions, not data (that is
    // in S3). Both are retained all the same.
}

impl Section for Organizations {
    type Spec = Vec<spec::OrganizationSpec>;
    type Model = model::Organizations;

    /// Rendered by `stacks.rs` through [`render::render`], one stack per shard, not
    /// through the one-stack `Section::render`.
    fn resolve(cx: &mut Resolve<'_, '_>, _: &Sections) -> Self::Model {
        model::resolve(cx.spec, cx.problems)
    }
}

#[cfg(test)]
mod tests;
