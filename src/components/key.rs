//! The environment's KMS key, always created.

use super::Component;
use crate::spec::Spec;

pub struct Key;

impl Component for Key {
    fn name(&self) -> &'static str {
        "encryption"
    }

    /// Every encrypted resource asks KMS from inside the VPC.
    fn endpoints(&self, _spec: &Spec) -> &'static [&'static str] {
        &["kms"]
    }

    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::KMS::Key"]
    }
}
