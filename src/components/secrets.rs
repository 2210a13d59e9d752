//! Secrets Manager secrets with generated values.

use super::{Component, Stack};
use crate::model::{Platform, Target};
use crate::spec::Spec;

pub struct Secrets;

impl Component for Secrets {
    fn name(&self) -> &'static str {
        "secrets"
    }

    fn stack(&self) -> Stack {
        Stack::Security
    }

    fn declared(&self, p: &Platform) -> bool {
        !p.secrets.is_empty()
    }

    fn endpoints(&self, spec: &Spec) -> &'static [&'static str] {
        if spec.secrets.is_empty() {
            &[]
        } else {
            &["secretsmanager"]
        }
    }

    /// Each secret, to read.
    fn targets(&self, spec: &Spec) -> Vec<Target> {
        spec.secrets
            .iter()
            .map(|s| Target::Secret(s.name.clone()))
            .collect()
    }

    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::SecretsManager::Secret"]
    }
}
