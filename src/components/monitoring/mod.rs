//! Monitoring: CloudWatch alarms on every component that can fail quietly, to one topic the
//! spec subscribes people to, and one dashboard per environment (the seed's "active
//! logging and monitoring").

pub mod alarms;
pub mod model;
pub mod render;
pub mod spec;

use serde_json::json;

use super::{Component, Platform, Resolve, Section, Sections, Stack};
use crate::render::iam::Statement;
use crate::render::intrinsics::r#ref;

/// Its topic lives in the security stack, before every stack whose alarms publish to it.
pub struct Monitoring;

impl Component for Monitoring {
    fn name(&self) -> &'static str {
        "monitoring"
    }

    fn stack(&self) -> Stack {
        Stack::Security
    }

    fn declared(&self, p: &Platform) -> bool {
        p.monitoring.is_some()
    }

    /// CloudWatch publishes to the encrypted alarm topic (Amazon SNS Developer Guide,
    /// "Configuring AWS KMS permissions", CloudWatch as an event source).
    fn key_policy(&self, p: &Platform) -> Vec<Statement> {
        if p.monitoring.is_none() {
            return Vec::new();
        }
        vec![Statement::allow(&["kms:Decrypt", "kms:GenerateDataKey*"][..])
            .sid("CloudWatchAlarmsPublishToTheAlarmTopic")
            .service("cloudwatch.amazonaws.com")
            .resource("*")
            .condition(json!({ "StringEquals": { "aws:SourceAccount": r#ref("AWS::AccountId") } }))]
    }
}

impl Section for Monitoring {
    type Spec = Option<spec::MonitoringSpec>;
    type Model = Option<model::Monitoring>;

    fn resolve(cx: &mut Resolve<'_, '_>, _: &Sections) -> Self::Model {
        model::resolve(cx.spec.monitoring.as_ref(), cx.problems)
    }
}

#[cfg(test)]
mod tests {
    use super::alarms::{all, max_connections};
    use crate::components::{testkit, Stack};
    use crate::render::TemplateFormat;

    #[test]
    fn postgres_connection_limits_follow_the_class_memory() {
        // 8 GiB: 8589934592 / 9531392 = 901; twice the memory for the r family.
        assert_eq!(max_connections("db.m6g.large"), Some(901));
        assert_eq!(max_connections("db.r6g.large"), Some(1802));
        // Capped at 5,000 from 48 GiB up.
        assert_eq!(max_connections("db.m6g.4xlarge"), Some(5000));
        assert_eq!(max_connections("db.x2g.large"), None);
    }

    #[test]
    fn the_tdp_example_alarms_on_every_component_that_can_fail_quietly() {
        let p = testkit::example("tdp.yaml");
        let names: Vec<String> = all(&p).into_iter().map(|a| a.name).collect();
        for expected in [
            "tdp-prod-nat-a-port-allocation",
            "tdp-prod-database-cpu",
            "tdp-prod-database-storage",
            "tdp-prod-database-connections",
            "tdp-prod-search-red",
            "tdp-prod-search-storage",
            "tdp-prod-indexing-dlq-depth",
            "tdp-prod-service-api-tasks",
        ] {
            assert!(names.iter().any(|n| n == expected), "{expected}: {names:?}");
        }
    }

    #[test]
    fn every_alarm_is_in_its_stack_and_on_the_dashboard_and_audit_shares_the_topic() {
        let p = testkit::example("tdp.yaml");
        let set = crate::components::render(&p, TemplateFormat::Json);
        let dashboard = serde_json::to_string(&set.parent(crate::render::TopLevel::Application).unwrap().resources["Dashboard"].properties).unwrap();
        for alarm in all(&p) {
            let stack = set.stacks.iter().find(|s| s.name == alarm.stack.name()).unwrap();
            let resource = &stack.template.resources[&alarm.id];
            assert_eq!(resource.properties["AlarmActions"][0]["Ref"], "AlarmTopicArn", "{}", alarm.id);
            assert!(dashboard.contains(&format!(":alarm:{}", alarm.name)), "{}", alarm.name);
        }
        let data = set.stacks.iter().find(|s| s.name == Stack::Data.name()).unwrap();
        assert!(!data.template.resources.contains_key("AuditAlarmTopic"));
        assert_eq!(
            data.template.resources["AuditRootUseAlarm"].properties["AlarmActions"][0]["Ref"],
            "AlarmTopicArn"
        );
    }

    #[test]
    fn a_subscriber_that_is_not_an_email_address_is_located() {
        let (spec, source) = crate::spec::load_str(
            std::path::Path::new("t.yaml"),
            "name: m1\nregion: us-east-1\nenvironment_size: Small\nmonitoring:\n  email_subscribers: [ops@example.com, oncall]\n",
        )
        .unwrap();
        let err = crate::components::build(&spec, &source).unwrap_err();
        let text = format!("{err:?}");
        assert!(text.contains("monitoring.email_subscribers[1]"), "{text}");
    }
}
