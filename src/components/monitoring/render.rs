//! The alarm topic (security stack: every later stack's alarms publish to it), each
//! stack's alarms, and the environment's dashboard (parent stack, after every nested one).

use serde_json::{json, Value};

use super::alarms::{self, Alarm};
use super::model::Monitoring;
use crate::components::{Platform, Stack};
use crate::render::iam::{self, Statement};
use crate::render::intrinsics::{r#ref, sub};
use crate::render::link::Export;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::{Resource, Template};

const TOPIC: &str = "AlarmTopic";

/// The topic every alarm publishes to, encrypted with the environment's key, with its
/// email subscriptions; exported for the stacks that hold alarms.
pub fn topic(s: &mut StackBuilder, monitoring: &Monitoring) -> Export {
    alarm_topic(s, TOPIC, r#ref("PlatformKey"));
    for (i, email) in monitoring.email_subscribers.iter().enumerate() {
        s.add(
            format!("{TOPIC}Subscription{}", i + 1),
            Resource::new(
                "AWS::SNS::Subscription",
                json!({ "TopicArn": r#ref(TOPIC), "Protocol": "email", "Endpoint": email }),
            ),
        );
    }
    s.export(names::alarm_topic_arn(), r#ref(TOPIC))
}

/// An SNS topic `id` encrypted with `key`, TLS-only, that CloudWatch alarms of this
/// account may publish to (CloudWatch publishes an alarm's actions as itself: Amazon SNS
/// Developer Guide, "Amazon SNS access policy" for AWS services).
pub fn alarm_topic(s: &mut StackBuilder, id: &str, key: Value) {
    s.add(id, Resource::new("AWS::SNS::Topic", json!({ "KmsMasterKeyId": key })));
    s.add(
        format!("{id}Policy"),
        Resource::new(
            "AWS::SNS::TopicPolicy",
            json!({
                "Topics": [r#ref(id)],
                "PolicyDocument": iam::document([
                    iam::deny_insecure_transport("sns:Publish", vec![r#ref(id)]),
                    Statement::allow("sns:Publish")
                        .sid("CloudWatchAlarmsPublish")
                        .service("cloudwatch.amazonaws.com")
                        .resource(r#ref(id))
                        .condition(json!({ "StringEquals": { "aws:SourceAccount": r#ref("AWS::AccountId") } }))
                        .into(),
                ])
            }),
        ),
    );
}

/// Adds `stack`'s alarms to it, publishing to the imported topic.
pub fn render(stack: Stack, platform: &Platform, s: &mut StackBuilder, topic: Option<&Export>) {
    let Some(topic) = topic else {
        return;
    };
    let mine: Vec<Alarm> = alarms::all(platform)
        .into_iter()
        .filter(|a| a.stack == stack)
        .collect();
    if mine.is_empty() {
        return;
    }
    let topic = s.import(topic);
    for alarm in mine {
        let mut properties = json!({
            "AlarmName": alarm.name,
            "AlarmDescription": alarm.description,
            "AlarmActions": [topic],
            "OKActions": [topic],
            // No data is no failure: an idle queue or function reports nothing.
            "TreatMissingData": "notBreaching"
        });
        if let (Value::Object(all), Value::Object(fields)) = (&mut properties, alarm.fields) {
            all.extend(fields);
        }
        s.add(alarm.id, Resource::new("AWS::CloudWatch::Alarm", properties));
    }
}

/// The environment's dashboard in the parent: one alarm-status widget of every alarm,
/// created after every nested stack (so after every alarm it lists).
pub fn dashboard(platform: &Platform, parent: &mut Template, stack_ids: &[String]) {
    if platform.monitoring.is_none() {
        return;
    }
    // Sorted by name: reordering the spec's lists must not touch the dashboard.
    let mut names: Vec<String> = alarms::all(platform).into_iter().map(|a| a.name).collect();
    names.sort();
    let arns: Vec<String> = names
        .iter()
        .map(|name| format!("arn:${{AWS::Partition}}:cloudwatch:${{AWS::Region}}:${{AWS::AccountId}}:alarm:{name}"))
        .collect();
    let body = json!({
        "widgets": [{
            "type": "alarm",
            "x": 0, "y": 0, "width": 24, "height": 2 + 2 * u32::try_from(arns.len() / 4).unwrap_or(0),
            "properties": { "title": format!("{} alarms", platform.name), "alarms": arns, "sortBy": "stateUpdatedTimestamp" }
        }]
    });
    let ids: Vec<&str> = stack_ids.iter().map(String::as_str).collect();
    parent.resources.insert(
        "Dashboard".into(),
        Resource::new(
            "AWS::CloudWatch::Dashboard",
            json!({ "DashboardName": platform.name, "DashboardBody": sub(body.to_string()) }),
        )
        .depends_on(&ids),
    );
}
