//! The environment's KMS key, always created.

use super::{Component, Stack};
use crate::model::Platform;
use crate::spec::Spec;

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
