//! Audit: a CloudTrail trail of every API call, its copy in CloudWatch Logs, and alarms on
//! the events an operator must see (the seed's "active logging and monitoring").

pub mod model;
pub mod render;
pub mod spec;

use super::{Component, Platform, Render, Resolve, Section, Sections, Stack};
use crate::render::iam::Statement;

/// Lives in the data stack: its bucket and log group hold evidence, kept like data.
pub struct Audit;

impl Component for Audit {
    fn name(&self) -> &'static str {
        "audit"
    }

    fn stack(&self) -> Stack {
        Stack::Data
    }

    fn declared(&self, p: &Platform) -> bool {
        p.audit.is_some()
    }

    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::S3::Bucket", "AWS::Logs::LogGroup"]
    }

    fn key_policy(&self, p: &Platform) -> Vec<Statement> {
        p.audit.as_ref().map(render::key_policy).unwrap_or_default()
    }
}

impl Section for Audit {
    type Spec = Option<spec::AuditSpec>;
    type Model = Option<model::Audit>;

    fn resolve(cx: &mut Resolve<'_, '_>, _: &Sections) -> Self::Model {
        model::resolve(cx.spec, cx.problems)
    }

    fn render(model: &Self::Model, cx: &mut Render<'_>) {
        if let Some(audit) = model {
            render::render(cx.s, cx.platform, audit, cx.up.security.alarm_topic_arn.as_ref());
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::components::{self, testkit};
    use crate::render::TemplateFormat;
    use crate::spec;

    const BASE: &str = "name: audited\nregion: us-east-1\nenvironment_size: Small\nnetwork:\n  vpc_cidr: 10.0.0.0/16\n";

    /// Regression: CloudTrail refuses to create a trail whose key policy does not admit it,
    /// and CloudWatch cannot publish alarms to a topic under a key that does not admit it.
    #[test]
    fn the_key_admits_cloudtrail_and_cloudwatch_only_when_audit_is_declared() {
        let sids = |yaml: &str| {
            let set = components::render(&testkit::platform(yaml), TemplateFormat::Json);
            let key = &set.stacks[0].template.resources["PlatformKey"].properties["KeyPolicy"];
            key["Statement"]
                .as_array()
                .map(|all| all.iter().filter_map(|s| s["Sid"].as_str().map(str::to_owned)).collect::<Vec<_>>())
                .unwrap_or_default()
        };
        let with = sids(&format!("{BASE}audit: {{}}\n"));
        assert!(with.iter().any(|s| s == "CloudTrailEncryptsThisTrail"), "{with:?}");
        assert!(with.iter().any(|s| s == "CloudWatchAlarmsPublishToEncryptedTopics"), "{with:?}");
        let without = sids(BASE);
        assert!(!without.iter().any(|s| s.starts_with("CloudTrail")), "{without:?}");
    }

    #[test]
    fn a_short_retention_is_an_error_at_its_key() {
        let yaml = format!("{BASE}audit:\n  retention_days: 30\n");
        let (spec, source) = spec::load_str::<components::Spec>(Path::new("a.yaml"), &yaml).unwrap();
        let problems = components::build(&spec, &source).unwrap_err().problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path.as_deref(), Some("audit.retention_days"));
    }
}
