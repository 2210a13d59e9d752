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

    /// A stack gone from DescribeStacks is deleted: a terminal status, so following ends.
    fn status(&mut self, stack_id: &str) -> Result<String, AwsError> {
        Ok(self
            .stack(stack_id)?
            .map_or_else(|| "DELETE_COMPLETE".to_owned(), |s| s.status))
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

#[cfg(test)]
mod tests;
