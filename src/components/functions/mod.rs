//! Lambda functions in the private subnets.

pub mod model;
pub mod render;
pub mod spec;

use super::demand::{count, zones, Count, DemandRow, Pool};
use super::Platform;
use crate::yaml::KeyPath;
use super::Spec;
use super::{Component, Render, Resolve, Section, Sections, Stack};
use crate::model::{Consumer, Grants};

pub struct Functions;

impl Component for Functions {
    fn name(&self) -> &'static str {
        "functions"
    }

    fn stack(&self) -> Stack {
        Stack::Compute
    }

    fn declared(&self, p: &Platform) -> bool {
        !p.functions.is_empty()
    }

    fn needs_vpc(&self, spec: &Spec) -> Option<&'static str> {
        (!spec.functions.is_empty()).then_some("its functions run attached to the private subnets")
    }

    fn demand(&self) -> &'static [DemandRow] {
        &[DemandRow {
            name: "lambda-enis",
            pool: Pool::Workload,
            why: "a Lambda function attached to a VPC uses one Hyperplane ENI per subnet and security group combination, shared by its concurrent executions (AWS Lambda Developer Guide, giving Lambda functions access to resources in a VPC)",
            ips: lambda_enis,
        }]
    }

    /// X-Ray tracing sends segments from inside the VPC; failed events go to a queue.
    fn endpoints(&self, spec: &Spec) -> &'static [&'static str] {
        if spec.functions.is_empty() {
            &[]
        } else {
            &["xray", "sqs"]
        }
    }

    /// The log group and the dead-letter queue.
    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::Logs::LogGroup", "AWS::SQS::Queue"]
    }
}

fn lambda_enis(p: &Platform) -> Option<Count> {
    if p.functions.is_empty() {
        return None;
    }
    // Every function has its own security group, so no two share a combination.
    let functions = count(p.functions.len());
    let zones = zones(p);
    Some(Count {
        ips: functions.saturating_mul(zones),
        basis: format!(
            "{functions} function(s), each with its own security group, x {zones} subnet(s)"
        ),
    })
}

impl Section for Functions {
    type Spec = Vec<spec::FunctionSpec>;
    type Model = Vec<model::Function>;

    fn resolve(cx: &mut Resolve<'_, '_>, _: &Sections) -> Self::Model {
        let functions = model::resolve(cx.spec, cx.size, cx.offered, cx.problems);
        outlast_the_queues(cx, &functions);
        functions
    }

    fn render(_: &Self::Model, cx: &mut Render<'_>) {
        render::render(cx.s, cx.platform, cx.up);
    }

    fn consumers(model: &Self::Model) -> Vec<(Consumer, &Grants)> {
        model
            .iter()
            .map(|f| (Consumer::Function(f.name.clone()), &f.grants))
            .collect()
    }
}

/// Lambda refuses to poll a queue whose visibility timeout is shorter than the function's
/// timeout: a message could reappear while the function still works on it (Lambda
/// Developer Guide, "Using Lambda with Amazon SQS", queue configuration).
fn outlast_the_queues(cx: &mut Resolve<'_, '_>, functions: &[model::Function]) {
    let queues = cx.spec.messaging.iter().flat_map(|m| &m.queues);
    for (i, f) in cx.spec.functions.iter().enumerate() {
        let Some(resolved) = functions.iter().find(|x| x.name == f.name) else {
            continue;
        };
        for (j, name) in f.access.consume_queues.iter().enumerate() {
            let Some(queue) = queues.clone().find(|q| &q.name == name) else {
                continue;
            };
            let visibility = queue
                .visibility_timeout_seconds
                .unwrap_or(crate::components::messaging::model::DEFAULT_VISIBILITY_TIMEOUT_SECONDS);
            if visibility < u32::from(resolved.timeout_seconds) {
                cx.problems.error(
                    "spec/function",
                    &KeyPath::root()
                        .key("functions")
                        .index(i)
                        .key("access")
                        .key("consume_queues")
                        .index(j),
                    format!(
                        "queue `{name}` hides a received message for {visibility} s, less than the function's timeout of {} s: Lambda refuses to consume it; raise the queue's visibility_timeout_seconds to at least {} (AWS suggests six times the timeout)",
                        resolved.timeout_seconds, resolved.timeout_seconds
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::components::{self, testkit};
    use crate::render::TemplateFormat;
    use crate::spec;

    fn consumer(visibility: u32) -> String {
        format!("name: fn-test\nregion: us-east-1\nenvironment_size: Small\nnetwork:\n  vpc_cidr: 10.0.0.0/16\nmessaging:\n  queues:\n    - name: work\n      visibility_timeout_seconds: {visibility}\nfunctions:\n  - name: worker\n    runtime: python3.13\n    handler: app.handler\n    code: {{ s3_bucket: code-bucket, s3_key: worker.zip }}\n    timeout_seconds: 120\n    access:\n      consume_queues: [work]\n")
    }

    /// Regression: a function granted `consume_queues` never received a message, since
    /// nothing polled the queue for it.
    #[test]
    fn consuming_a_queue_maps_it_to_the_function_with_partial_batch_failures() {
        let set = components::render(&testkit::platform(&consumer(720)), TemplateFormat::Json);
        let compute = set.stacks.iter().find(|s| s.name == "compute").unwrap();
        let mapping = &compute.template.resources["WorkerConsumesWorkQueue"];
        assert_eq!(mapping.kind, "AWS::Lambda::EventSourceMapping");
        assert_eq!(
            mapping.properties["FunctionResponseTypes"],
            serde_json::json!(["ReportBatchItemFailures"])
        );
    }

    #[test]
    fn a_queue_that_hides_messages_for_less_than_the_timeout_is_an_error() {
        let yaml = consumer(60);
        let (spec, source) =
            spec::load_str::<components::Spec>(Path::new("f.yaml"), &yaml).unwrap();
        let problems = components::build(&spec, &source).unwrap_err().problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            problems[0].path.as_deref(),
            Some("functions[0].access.consume_queues[0]")
        );
    }
}
