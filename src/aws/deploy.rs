//! Deploying a top-level stack: a change set created (CREATE for a new stack, UPDATE
//! otherwise) with the nested stacks included, executed, and its events read for
//! `deploy::follow`. One runtime for the whole deployment, so Ctrl-C is heard between
//! polls without killing the process.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use aws_sdk_cloudformation::types::{Capability, ChangeSetType, Parameter};
use aws_sdk_cloudformation::Client;

use super::cloudformation::{describe_stack, wait_and_read, RemoteChange};
use super::{from_sdk, s3, AwsError, AwsOptions};
use crate::deploy::follow::Source;
use crate::deploy::{Feed, StackEvent};

/// Between polls of a running operation: often enough to feel live, rarely enough to stay
/// far below DescribeStackEvents' throttling limits with a dozen nested stacks.
pub const POLL_EVERY: Duration = Duration::from_secs(3);

/// A deployed top-level stack, as far as deploying it again needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackState {
    /// The stack's ARN.
    pub id: String,
    pub status: String,
    /// Its `ArtifactBucket` parameter, reused when `--artifact-bucket` is not given.
    pub artifact_bucket: Option<String>,
}

impl StackState {
    /// A stack that a CREATE change set made and nothing executed yet takes another CREATE
    /// change set (AWS CloudFormation User Guide, "Update CloudFormation stacks using
    /// change sets": REVIEW_IN_PROGRESS).
    pub fn awaits_creation(&self) -> bool {
        self.status == "REVIEW_IN_PROGRESS"
    }
}

/// One change set to create: the templates to upload and where.
#[derive(Debug, Clone)]
pub struct ChangeSetRequest {
    pub stack_name: String,
    pub change_set_name: String,
    /// CREATE (the stack does not exist yet) rather than UPDATE.
    pub create: bool,
    pub bucket: String,
    /// Content-addressed key prefix, ending in `/`.
    pub prefix: String,
    /// `(file name, bytes)`: the parent first.
    pub files: Vec<(String, Vec<u8>)>,
}

type Interrupt = Pin<Box<dyn Future<Output = std::io::Result<()>>>>;

/// A deployment's connection to CloudFormation and S3.
pub struct Deployer {
    runtime: tokio::runtime::Runtime,
    cfn: Client,
    s3: aws_sdk_s3::Client,
    endpoint: String,
    region: String,
    poll: Duration,
    interrupt: Option<Interrupt>,
    interrupted: bool,
}

impl Deployer {
    /// Resolves credentials and builds the clients (the SDK's standard retry mode, see
    /// [`super::session`]).
    pub fn connect(options: &AwsOptions) -> Result<Deployer, AwsError> {
        let runtime = super::runtime()?;
        let session = runtime.block_on(super::session(options))?;
        let s3 = s3::client(&session, options.endpoint_url.is_some());
        Ok(Deployer {
            cfn: Client::new(&session.config),
            s3,
            endpoint: session.endpoint.clone(),
            region: options.region.clone(),
            poll: POLL_EVERY,
            interrupt: None,
            interrupted: false,
            runtime,
        })
    }

    /// The stack `name`, or `None` when it does not exist.
    pub fn stack(&self, name: &str) -> Result<Option<StackState>, AwsError> {
        let found = self.runtime.block_on(describe_stack(
            &self.cfn,
            &self.endpoint,
            &self.region,
            name,
        ));
        match found {
            Ok(stack) => Ok(Some(StackState {
                id: stack.stack_id().unwrap_or(name).to_owned(),
                status: stack
                    .stack_status()
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default(),
                artifact_bucket: stack
                    .parameters()
                    .iter()
                    .find(|p| p.parameter_key() == Some("ArtifactBucket"))
                    .and_then(|p| p.parameter_value())
                    .map(str::to_owned),
            })),
            Err(AwsError::StackNotFound { .. }) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// Uploads the templates, creates the change set and waits for it; its changes, none
    /// when there is nothing to change. The change set is deleted when it fails.
    pub fn prepare(
        &self,
        request: &ChangeSetRequest,
        progress: &mut dyn FnMut(&str),
    ) -> Result<Vec<RemoteChange>, AwsError> {
        let result = self.runtime.block_on(async {
            progress("uploading templates");
            let files: Vec<(String, Vec<u8>)> = request
                .files
                .iter()
                .map(|(name, bytes)| (format!("{}{name}", request.prefix), bytes.clone()))
                .collect();
            s3::upload(&self.s3, &self.endpoint, &request.bucket, &files).await?;
            let parent_url = format!(
                "https://{}.s3.{}.amazonaws.com/{}{}",
                request.bucket, self.region, request.prefix, request.files[0].0
            );
            progress("creating the change set");
            let kind = if request.create {
                ChangeSetType::Create
            } else {
                ChangeSetType::Update
            };
            let parameter = |key: &str, value: &str| {
                Parameter::builder()
                    .parameter_key(key)
                    .parameter_value(value)
                    .build()
            };
            // Nested stacks need CAPABILITY_AUTO_EXPAND and the roles CAPABILITY_IAM
            // (AWS CloudFormation API Reference, "CreateChangeSet", Capabilities).
            self.cfn
                .create_change_set()
                .stack_name(&request.stack_name)
                .change_set_name(&request.change_set_name)
                .change_set_type(kind)
                .template_url(parent_url)
                .include_nested_stacks(true)
                .capabilities(Capability::CapabilityIam)
                .capabilities(Capability::CapabilityAutoExpand)
                .parameters(parameter("ArtifactBucket", &request.bucket))
                .parameters(parameter("ArtifactPrefix", &request.prefix))
                .send()
                .await
                .map_err(|err| from_sdk("CreateChangeSet", &self.endpoint, err))?;
            wait_and_read(
                &self.cfn,
                &self.endpoint,
                &request.stack_name,
                &request.change_set_name,
                progress,
            )
            .await
        });
        if matches!(
            result,
            Err(AwsError::ChangeSetFailed { .. } | AwsError::ChangeSetTimeout { .. })
        ) {
            let _ = self.delete_change_set(&request.stack_name, &request.change_set_name);
        }
        result
    }

    pub fn delete_change_set(&self, stack: &str, change_set: &str) -> Result<(), AwsError> {
        self.runtime
            .block_on(
                self.cfn
                    .delete_change_set()
                    .stack_name(stack)
                    .change_set_name(change_set)
                    .send(),
            )
            .map_err(|err| from_sdk("DeleteChangeSet", &self.endpoint, err))?;
        Ok(())
    }

    pub fn execute(&self, stack: &str, change_set: &str) -> Result<(), AwsError> {
        self.runtime
            .block_on(
                self.cfn
                    .execute_change_set()
                    .stack_name(stack)
                    .change_set_name(change_set)
                    .send(),
            )
            .map_err(|err| from_sdk("ExecuteChangeSet", &self.endpoint, err))?;
        Ok(())
    }

    /// The stack's newest event: what was before the operation about to start.
    pub fn newest_event(&self, stack_id: &str) -> Result<Option<StackEvent>, AwsError> {
        let page = self.runtime.block_on(self.page(stack_id, None))?;
        Ok(page.0.into_iter().next())
    }

    /// When the stack's current operation started (epoch ms): its newest stack-level
    /// `*_IN_PROGRESS` event that a user started, or `None` when it has none.
    pub fn operation_start(&self, stack_id: &str) -> Result<Option<i64>, AwsError> {
        self.runtime.block_on(async {
            let mut token = None;
            loop {
                let (events, next) = self.page(stack_id, token).await?;
                if let Some(start) = events.iter().find(|e| {
                    e.is_stack_itself()
                        && e.status.ends_with("_IN_PROGRESS")
                        && e.reason.as_deref() == Some("User Initiated")
                }) {
                    return Ok(Some(start.at_ms));
                }
                match next {
                    Some(t) => token = Some(t),
                    None => return Ok(None),
                }
            }
        })
    }

    /// Polls between reads every `poll` instead of [`POLL_EVERY`] (tests).
    pub fn with_poll(mut self, poll: Duration) -> Deployer {
        self.poll = poll;
        self
    }

    /// One newest-first page of DescribeStackEvents and the token of the next.
    async fn page(
        &self,
        stack_id: &str,
        token: Option<String>,
    ) -> Result<(Vec<StackEvent>, Option<String>), AwsError> {
        let output = self
            .cfn
            .describe_stack_events()
            .stack_name(stack_id)
            .set_next_token(token)
            .send()
            .await
            .map_err(|err| from_sdk("DescribeStackEvents", &self.endpoint, err))?;
        let events = output.stack_events().iter().map(convert).collect();
        Ok((events, output.next_token().map(str::to_owned)))
    }
}

fn convert(e: &aws_sdk_cloudformation::types::StackEvent) -> StackEvent {
    use aws_smithy_types::date_time::Format;
    let at = e.timestamp();
    StackEvent {
        id: e.event_id().unwrap_or_default().to_owned(),
        timestamp: at
            .and_then(|t| t.fmt(Format::DateTime).ok())
            .unwrap_or_default(),
        at_ms: at.and_then(|t| t.to_millis().ok()).unwrap_or_default(),
        stack: e.stack_name().unwrap_or_default().to_owned(),
        stack_id: e.stack_id().unwrap_or_default().to_owned(),
        logical_id: e.logical_resource_id().unwrap_or_default().to_owned(),
        physical_id: e.physical_resource_id().unwrap_or_default().to_owned(),
        resource_type: e.resource_type().unwrap_or_default().to_owned(),
        status: e
            .resource_status()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default(),
        reason: e.resource_status_reason().map(str::to_owned),
    }
}

impl Source for Deployer {
    type Error = AwsError;

    fn status(&mut self, stack_id: &str) -> Result<String, AwsError> {
        Ok(self.stack(stack_id)?.map(|s| s.status).unwrap_or_default())
    }

    /// Pages newest first until what was read before, so a long operation's events are
    /// each read once.
    fn read(&mut self, feed: &mut Feed) -> Result<Vec<StackEvent>, AwsError> {
        let fresh = self.runtime.block_on(async {
            let mut fresh = Vec::new();
            let mut token = None;
            loop {
                let (page, next) = self.page(&feed.stack_id, token).await?;
                let (new, reached) = feed.page(page);
                fresh.extend(new);
                match next {
                    Some(t) if !reached => token = Some(t),
                    _ => return Ok::<_, AwsError>(fresh),
                }
            }
        })?;
        Ok(feed.advance(fresh))
    }

    fn pause(&mut self) -> bool {
        if self.interrupted {
            return true;
        }
        let poll = self.poll;
        let interrupt = self
            .interrupt
            .get_or_insert_with(|| Box::pin(tokio::signal::ctrl_c()));
        self.interrupted = self.runtime.block_on(async {
            tokio::select! {
                biased;
                heard = interrupt => heard.is_ok(),
                () = tokio::time::sleep(poll) => false,
            }
        });
        self.interrupted
    }
}

/// What moto cannot show: it writes no resource events and cannot fail a resource
/// (moto 5.2.5 adds only stack-level events on ExecuteChangeSet and crashes on a nested
/// stack's `Fn::GetAtt` outputs). DescribeStacks and DescribeStackEvents are answered by
/// aws-smithy-mocks in the shapes the API Reference documents: a nested stack whose
/// resource fails, its siblings cancelled, the parent rolled back.
#[cfg(test)]
mod tests {
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
}
