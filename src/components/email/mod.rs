//! An SES domain identity the platform sends notification mail from.

pub mod model;
pub mod render;
pub mod spec;

use super::{Component, Platform, Render, Resolve, Section, Sections, Spec, Stack};
use crate::model::Target;
use crate::render::iam::Statement;

/// In the messaging stack, beside the topics: mail is one more way the platform notifies.
pub struct Email;

impl Component for Email {
    fn name(&self) -> &'static str {
        "email"
    }

    fn stack(&self) -> Stack {
        Stack::Messaging
    }

    fn declared(&self, p: &Platform) -> bool {
        p.email.is_some()
    }

    /// To send from the identity.
    fn targets(&self, spec: &Spec) -> Vec<Target> {
        spec.email.iter().map(|_| Target::Email).collect()
    }

    fn key_policy(&self, p: &Platform) -> Vec<Statement> {
        if p.email.is_some() {
            render::key_policy()
        } else {
            Vec::new()
        }
    }
}

impl Section for Email {
    type Spec = Option<spec::EmailSpec>;
    type Model = Option<model::Email>;

    /// Registered after every section with workloads: it reads their grants to refuse a
    /// sender without a route to the SES API.
    fn resolve(cx: &mut Resolve<'_, '_>, done: &Sections) -> Self::Model {
        model::resolve(cx.spec, &done.consumers(), cx.problems)
    }

    fn render(model: &Self::Model, cx: &mut Render<'_>) {
        if let Some(email) = model {
            cx.up.messaging.email = Some(render::render(cx.s, email, cx.up));
        }
    }
}

#[cfg(test)]
mod tests;
