//! What moto cannot show: it writes no resource events and cannot fail a resource
//! (moto 5.2.5 adds only stack-level events on ExecuteChangeSet and crashes on a nested
//! stack's `Fn::GetAtt` outputs). DescribeStacks and DescribeStackEvents are answered by
//! aws-smithy-mocks in the shapes the API Reference documents: a nested stack whose
//! resource fails, its siblings cancelled, the parent rolled back.

use aws_sdk_cloudformation::operation::describe_stack_events::DescribeStackEventsOutput;
use aws_sdk_cloudformation::operation::describe_stacks::DescribeStacksOutput;
use aws_sdk_cloudformation::types::{ResourceStatus, Stack, StackEvent, StackStatus};
use aws_smithy_mocks::{create_mock_http_client, mock, MockResponseInterceptor, RuleMode};
use aws_smithy_types::DateTime;

use super::*;
use crate::deploy::failure::first_failure;
use crate::deploy::follow::{follow, Ending, Observer};
use crate::deploy::line::{self, StackResult};

const PARENT: &str = "arn:aws:cloudformation:us-east-1:123456789012:stack/env-application/1";
const COMPUTE: &str =
    "arn:aws:cloudformation:us-east-1:123456789012:stack/env-application-ComputeStack-X/2";

#[allow(clippy::too_many_arguments)]
fn event(
    id: &str,
    seconds: i64,
    stack: &str,
    logical: &str,
    physical: &str,
    kind: &str,
    status: ResourceStatus,
    reason: Option<&str>,
) -> StackEvent {
    StackEvent::builder()
        .event_id(id)
        .stack_id(stack)
        .stack_name("env-application")
        .logical_resource_id(logical)
        .physical_resource_id(physical)
        .resource_type(kind)
        .timestamp(DateTime::from_secs(1_700_000_000 + seconds))
        .resource_status(status)
        .set_resource_status_reason(reason.map(str::to_owned))
        .build()
}

fn stack(status: StackStatus) -> DescribeStacksOutput {
    DescribeStacksOutput::builder()
        .stacks(
            Stack::builder()
                .stack_id(PARENT)
                .stack_name("env-application")
                .stack_status(status)
                .creation_time(DateTime::from_secs(1_700_000_000))
                .build(),
        )
        .build()
}

fn events(list: Vec<StackEvent>, next: Option<&str>) -> DescribeStackEventsOutput {
    DescribeStackEventsOutput::builder()
        .set_stack_events(Some(list))
        .set_next_token(next.map(str::to_owned))
        .build()
}

/// A deployer whose calls the rules answer, polling without a pause.
fn mocked(cfn: &[&aws_smithy_mocks::Rule], s3: &[&aws_smithy_mocks::Rule]) -> Deployer {
    let interceptor = |rules: &[&aws_smithy_mocks::Rule]| {
        rules.iter().fold(
            MockResponseInterceptor::new().rule_mode(RuleMode::MatchAny),
            |i, r| i.with_rule(r),
        )
    };
    let credentials =
        aws_sdk_cloudformation::config::Credentials::new("a", "b", None, None, "test");
    let config = aws_sdk_cloudformation::Config::builder()
        .behavior_version_latest()
        .region(aws_sdk_cloudformation::config::Region::new("us-east-1"))
        .credentials_provider(credentials.clone())
        .http_client(create_mock_http_client())
        .interceptor(interceptor(cfn))
        .build();
    let s3 = aws_sdk_s3::Config::builder()
        .behavior_version_latest()
        .region(aws_sdk_s3::config::Region::new("us-east-1"))
        .credentials_provider(credentials)
        .http_client(create_mock_http_client())
        .interceptor(interceptor(s3))
        .build();
    Deployer {
        runtime: crate::aws::runtime().unwrap(),
        cfn: Client::from_conf(config),
        s3: aws_sdk_s3::Client::from_conf(s3),
        endpoint: "mock".into(),
        region: "us-east-1".into(),
        poll: Duration::ZERO,
        interrupt: None,
        interrupted: false,
    }
}

/// CloudFormation marks a change set with nothing to change FAILED (API Reference,
/// "DescribeChangeSet", StatusReason); `prepare` gives no changes, not an error.
#[test]
fn a_change_set_without_changes_is_no_changes() {
    use aws_sdk_cloudformation::operation::create_change_set::CreateChangeSetOutput;
    use aws_sdk_cloudformation::operation::describe_change_set::DescribeChangeSetOutput;
    use aws_sdk_cloudformation::types::ChangeSetStatus;
    let put = mock!(aws_sdk_s3::Client::put_object)
        .then_output(|| aws_sdk_s3::operation::put_object::PutObjectOutput::builder().build());
    let create = mock!(Client::create_change_set)
        .then_output(|| CreateChangeSetOutput::builder().id("arn:cs").build());
    let describe = mock!(Client::describe_change_set).then_output(|| {
        DescribeChangeSetOutput::builder()
            .status(ChangeSetStatus::Failed)
            .status_reason("The submitted information didn't contain changes. Submit different information to create a change set.")
            .build()
    });
    let deployer = mocked(&[&create, &describe], &[&put]);
    let request = ChangeSetRequest {
        stack_name: "env-foundation".into(),
        change_set_name: "cs".into(),
        create: false,
        bucket: "artifacts".into(),
        prefix: "platformctl/env/0011/".into(),
        files: vec![("foundation.template.json".into(), b"{}".to_vec())],
    };
    let changes = deployer.prepare(&request, &mut |_| {}).unwrap();
    assert!(changes.is_empty());
    assert_eq!(create.num_calls(), 1);
    assert_eq!(put.num_calls(), 1);
}

struct Quiet;
impl Observer for Quiet {
    fn stack(&mut self, _: &crate::deploy::board::Row) {}
    fn event(&mut self, _: &crate::deploy::StackEvent, _: Option<&crate::deploy::board::Row>) {}
}

#[test]
fn a_failing_nested_resource_is_the_top_line_of_the_summary() {
    use ResourceStatus as R;
    let nested = "AWS::CloudFormation::Stack";
    let p0 = || {
        event(
            "p0",
            0,
            PARENT,
            "env-application",
            PARENT,
            nested,
            R::from("REVIEW_IN_PROGRESS"),
            Some("User Initiated"),
        )
    };
    let p1 = || {
        event(
            "p1",
            1,
            PARENT,
            "env-application",
            PARENT,
            nested,
            R::CreateInProgress,
            Some("User Initiated"),
        )
    };
    let p2 = || {
        event(
            "p2",
            2,
            PARENT,
            "ComputeStack",
            COMPUTE,
            nested,
            R::CreateInProgress,
            None,
        )
    };
    let p3 = || {
        event("p3", 9, PARENT, "ComputeStack", COMPUTE, nested, R::CreateFailed, Some("Embedded stack was not successfully created: The following resource(s) failed to create: [Service]."))
    };
    let p4 = || {
        event(
            "p4",
            12,
            PARENT,
            "env-application",
            PARENT,
            nested,
            R::RollbackComplete,
            None,
        )
    };
    let c0 = || {
        event(
            "c0",
            3,
            COMPUTE,
            "Service",
            "",
            "AWS::ECS::Service",
            R::CreateInProgress,
            None,
        )
    };
    let c1 = || {
        event(
            "c1",
            5,
            COMPUTE,
            "Service",
            "",
            "AWS::ECS::Service",
            R::CreateFailed,
            Some("Resource handler returned message: \"image not found\""),
        )
    };
    let c2 = || {
        event(
            "c2",
            6,
            COMPUTE,
            "Worker",
            "",
            "AWS::ECS::Service",
            R::CreateFailed,
            Some("Resource creation cancelled"),
        )
    };
    let c3 = || {
        event(
            "c3",
            8,
            COMPUTE,
            "env-application-ComputeStack-X",
            COMPUTE,
            nested,
            R::CreateFailed,
            Some("The following resource(s) failed to create: [Service, Worker]."),
        )
    };

    let statuses = mock!(Client::describe_stacks)
        .sequence()
        .output(|| stack(StackStatus::CreateInProgress))
        .output(|| stack(StackStatus::RollbackComplete))
        .repeatedly()
        .build();
    let parent = mock!(Client::describe_stack_events)
        .match_requests(|r| r.stack_name() == Some(PARENT))
        .sequence()
        .output(move || events(vec![p2(), p1(), p0()], None))
        .output(move || events(vec![p4(), p3(), p2(), p1(), p0()], None))
        .repeatedly()
        .build();
    // The nested stack's first read spans two pages.
    let compute_page_2 = mock!(Client::describe_stack_events)
        .match_requests(|r| r.stack_name() == Some(COMPUTE) && r.next_token() == Some("n2"))
        .then_output(move || events(vec![c0()], None));
    let compute = mock!(Client::describe_stack_events)
        .match_requests(|r| r.stack_name() == Some(COMPUTE) && r.next_token().is_none())
        .sequence()
        .output(move || events(vec![c2(), c1()], Some("n2")))
        .output(move || events(vec![c3(), c2(), c1(), c0()], None))
        .repeatedly()
        .build();
    let mut deployer = mocked(&[&statuses, &parent, &compute_page_2, &compute], &[]);
    let feed = Feed::new(PARENT, "application", 4, Some("p0".into()), None);
    let followed = follow(
        &mut deployer,
        feed,
        1_700_000_000_000,
        &|id| (id.trim_end_matches("Stack").to_lowercase(), 7),
        &mut Quiet,
    )
    .unwrap();
    assert_eq!(
        followed.ending,
        Ending::Finished("ROLLBACK_COMPLETE".into())
    );
    let ids: Vec<&str> = followed.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        ["p1", "p2", "c0", "c1", "c2", "p3", "p4", "c3"],
        "each event once, oldest first per stack"
    );
    let summary = line::summary(
        &[StackResult {
            stack: "env-application".into(),
            status: "ROLLBACK_COMPLETE".into(),
        }],
        first_failure(&followed.events),
    );
    let top = summary.lines().next().unwrap();
    assert_eq!(
        top,
        "error: compute Service (AWS::ECS::Service) CREATE_FAILED: Resource handler returned message: \"image not found\""
    );
}

/// Ctrl-C during a pause ends following and leaves the process running.
#[cfg(unix)]
#[test]
fn ctrl_c_between_polls_is_heard_not_fatal() {
    let mut deployer = mocked(&[], &[]);
    deployer.poll = Duration::from_secs(20);
    let pid = std::process::id().to_string();
    let signal = std::thread::spawn(move || {
        // The handler is installed when the pause starts, well before this.
        std::thread::sleep(Duration::from_millis(500));
        std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap();
    });
    let started = std::time::Instant::now();
    assert!(deployer.pause());
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(deployer.pause(), "stays interrupted");
    signal.join().unwrap();
}
