//! The environment's KMS key, always created.

pub mod model;
pub mod render;
pub mod spec;

use super::Platform;
use super::Spec;
use super::{Component, Resolve, Section, Sections, Stack};

pub struct Key;

impl Component for Key {
    fn name(&self) -> &'static str {
        "encryption"
    }

    fn stack(&self) -> Stack {
        Stack::Security
    }

    fn declared(&self, _p: &Platform) -> bool {
        true
    }

    /// Every encrypted resource asks KMS from inside the VPC.
    fn endpoints(&self, _spec: &Spec) -> &'static [&'static str] {
        &["kms"]
    }

    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::KMS::Key"]
    }
}

impl Section for Key {
    type Spec = spec::EncryptionSpec;
    type Model = model::Key;

    fn resolve(cx: &mut Resolve<'_, '_>, _: &Sections) -> Self::Model {
        model::resolve(&cx.spec.encryption, cx.problems)
    }
}
