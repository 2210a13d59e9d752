//! Amazon Cognito: the users of the platform's web applications, and single sign-on with
//! the organization's identity provider.

pub mod model;
pub mod render;
pub mod spec;

use super::{Component, Platform, Render, Resolve, Section, Sections, Stack};

/// In the data stack: the pool holds the users, and is kept like data.
pub struct UserPool;

impl Component for UserPool {
    fn name(&self) -> &'static str {
        "user_pool"
    }

    fn stack(&self) -> Stack {
        Stack::Data
    }

    fn declared(&self, p: &Platform) -> bool {
        p.user_pool.is_some()
    }

    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::Cognito::UserPool"]
    }
}

impl Section for UserPool {
    type Spec = Option<spec::UserPoolSpec>;
    type Model = Option<model::UserPool>;

    fn resolve(cx: &mut Resolve<'_, '_>, _: &Sections) -> Self::Model {
        model::resolve(cx.spec.user_pool.as_ref(), cx.problems)
    }

    fn render(model: &Self::Model, cx: &mut Render<'_>) {
        if let Some(u) = model {
            cx.up.data.user_pool_arn = Some(render::render(cx.s, cx.platform, u));
        }
    }
}
