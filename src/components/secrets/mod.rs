//! Secrets Manager secrets with generated values.

pub mod model;
pub mod render;
pub mod spec;

use super::Platform;
use super::Spec;
use super::{Component, Resolve, Section, Sections, Stack};
use crate::model::Target;

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

/// Rendered into the security stack with the key (`key::render`), which other stacks link to.
impl Section for Secrets {
    type Spec = Vec<spec::SecretSpec>;
    type Model = Vec<model::Secret>;

    fn resolve(cx: &mut Resolve<'_, '_>, _: &Sections) -> Self::Model {
        model::resolve(cx.spec, cx.problems)
    }
}
