//! Previewing a deployment with a CloudFormation change set that includes nested stacks:
//! upload, create, wait, read every nested change set, delete. It is never executed.

use std::time::{Duration, Instant};

use aws_sdk_cloudformation::types::{
    Capability, Change, ChangeSetStatus, ChangeSetType, Parameter,
};
use aws_sdk_cloudformation::Client;

use super::{from_sdk, s3, AwsError, AwsOptions};

/// How often the change set's status is polled; CloudFormation takes seconds to minutes.
const POLL_EVERY: Duration = Duration::from_secs(2);
/// Nested change sets of a large environment can take minutes; past this, give up.
const WAIT_AT_MOST: Duration = Duration::from_secs(900);

/// What to preview: the deployed parent stack and the new templates.
#[derive(Debug, Clone)]
pub struct Preview {
    pub stack_name: String,
    /// Bucket for the templates; `None` reuses the stack's `ArtifactBucket` parameter.
    pub artifact_bucket: Option<String>,
    /// Key prefix, ending in `/`, that names this set of templates by its content.
    pub artifact_prefix: String,
    /// `(file name, bytes)`: the parent first, then the nested templates.
    pub files: Vec<(String, Vec<u8>)>,
    pub change_set_name: String,
}

/// One resource change as CloudFormation reports it, in a nested stack or the parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteChange {
    /// Logical IDs of the nested-stack resources leading to this change (empty: the parent).
    pub path: Vec<String>,
    pub logical_id: String,
    pub resource_type: String,
    /// `Add`, `Modify`, `Remove`, `Import` or `Dynamic`.
    pub action: String,
    /// `True`, `False` or `Conditional` for modifications.
    pub replacement: Option<String>,
    /// Changed property names (and other attributes by name), sorted.
    pub properties: Vec<String>,
}

/// Runs the preview; `progress` hears each status change. The change set is deleted on
/// every path out, success or failure.
pub fn preview(
    options: &AwsOptions,
    request: &Preview,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<RemoteChange>, AwsError> {
    super::runtime()?.block_on(async {
        let session = super::session(options).await?;
        let cfn = Client::new(&session.config);
        let endpoint = session.endpoint.clone();
        let parameters =
            stack_parameters(&cfn, &endpoint, &options.region, &request.stack_name).await?;
        let bucket = match &request.artifact_bucket {
            Some(bucket) => bucket.clone(),
            None => parameters
                .iter()
                .find(|(k, _)| k == "ArtifactBucket")
                .map(|(_, v)| v.clone())
                .ok_or_else(|| AwsError::NoArtifactBucket {
                    stack: request.stack_name.clone(),
                })?,
        };
        progress("uploading templates");
        let files: Vec<(String, Vec<u8>)> = request
            .files
            .iter()
            .map(|(name, bytes)| (format!("{}{name}", request.artifact_prefix), bytes.clone()))
            .collect();
        let s3 = s3::client(&session, options.endpoint_url.is_some());
        s3::upload(&s3, &endpoint, &bucket, &files).await?;
        let parent_url = format!(
            "https://{bucket}.s3.{}.amazonaws.com/{}{}",
            options.region, request.artifact_prefix, request.files[0].0
        );
        progress("creating the change set");
        cfn.create_change_set()
            .stack_name(&request.stack_name)
            .change_set_name(&request.change_set_name)
            .change_set_type(ChangeSetType::Update)
            .template_url(parent_url)
            .include_nested_stacks(true)
            .capabilities(Capability::CapabilityIam)
            .capabilities(Capability::CapabilityAutoExpand)
            .parameters(
                Parameter::builder()
                    .parameter_key("ArtifactBucket")
                    .parameter_value(&bucket)
                    .build(),
            )
            .parameters(
                Parameter::builder()
                    .parameter_key("ArtifactPrefix")
                    .parameter_value(&request.artifact_prefix)
                    .build(),
            )
            .send()
            .await
            .map_err(|err| from_sdk("CreateChangeSet", &endpoint, err))?;
        let outcome = wait_and_read(
            &cfn,
            &endpoint,
            &request.stack_name,
            &request.change_set_name,
            progress,
        )
        .await;
        progress("deleting the change set");
        let deleted = cfn
            .delete_change_set()
            .stack_name(&request.stack_name)
            .change_set_name(&request.change_set_name)
            .send()
            .await
            .map_err(|err| from_sdk("DeleteChangeSet", &endpoint, err));
        let changes = outcome?;
        deleted?;
        Ok(changes)
    })
}

/// The outputs of the deployed stack `stack`, by name: what `platformctl outputs` prints
/// and fills Helm values from.
pub fn stack_outputs(
    options: &AwsOptions,
    stack: &str,
) -> Result<std::collections::BTreeMap<String, String>, AwsError> {
    super::runtime()?.block_on(async {
        let session = super::session(options).await?;
        let cfn = Client::new(&session.config);
        let found = describe_stack(&cfn, &session.endpoint, &options.region, stack).await?;
        Ok(found
            .outputs()
            .iter()
            .filter_map(|o| Some((o.output_key()?.to_owned(), o.output_value()?.to_owned())))
            .collect())
    })
}

async fn stack_parameters(
    cfn: &Client,
    endpoint: &str,
    region: &str,
    stack: &str,
) -> Result<Vec<(String, String)>, AwsError> {
    let found = describe_stack(cfn, endpoint, region, stack).await?;
    Ok(found
        .parameters()
        .iter()
        .filter_map(|p| {
            Some((
                p.parameter_key()?.to_owned(),
                p.parameter_value()?.to_owned(),
            ))
        })
        .collect())
}

/// DescribeStacks for one stack; a stack that does not exist is [`AwsError::StackNotFound`].
pub(crate) async fn describe_stack(
    cfn: &Client,
    endpoint: &str,
    region: &str,
    stack: &str,
) -> Result<aws_sdk_cloudformation::types::Stack, AwsError> {
    let output = cfn
        .describe_stacks()
        .stack_name(stack)
        .send()
        .await
        .map_err(|err| match from_sdk("DescribeStacks", endpoint, err) {
            AwsError::Service { message, .. } if message.contains("does not exist") => {
                AwsError::StackNotFound {
                    stack: stack.to_owned(),
                    region: region.to_owned(),
                }
            }
            other => other,
        })?;
    output
        .stacks()
        .first()
        .cloned()
        .ok_or_else(|| AwsError::StackNotFound {
            stack: stack.to_owned(),
            region: region.to_owned(),
        })
}

/// Waits for change set `change_set` of `stack` and reads its changes; a change set
/// with nothing to change (CloudFormation marks it FAILED) gives no changes.
pub(crate) async fn wait_and_read(
    cfn: &Client,
    endpoint: &str,
    stack: &str,
    change_set: &str,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<RemoteChange>, AwsError> {
    let started = Instant::now();
    loop {
        let status = cfn
            .describe_change_set()
            .stack_name(stack)
            .change_set_name(change_set)
            .send()
            .await
            .map_err(|err| from_sdk("DescribeChangeSet", endpoint, err))?;
        match status.status() {
            Some(ChangeSetStatus::CreateComplete) => break,
            Some(ChangeSetStatus::Failed) => {
                let reason = status.status_reason().unwrap_or_default();
                // A template identical to the deployed one is reported as a failed change set.
                if reason.contains("didn't contain changes")
                    || reason.contains("No updates are to be performed")
                {
                    return Ok(Vec::new());
                }
                return Err(AwsError::ChangeSetFailed {
                    change_set: change_set.to_owned(),
                    reason: reason.to_owned(),
                });
            }
            other => progress(&format!(
                "waiting for the change set ({})",
                other.map_or("PENDING", |s| s.as_str())
            )),
        }
        if started.elapsed() > WAIT_AT_MOST {
            return Err(AwsError::ChangeSetTimeout {
                change_set: change_set.to_owned(),
                seconds: WAIT_AT_MOST.as_secs(),
            });
        }
        tokio::time::sleep(POLL_EVERY).await;
    }
    progress("reading the changes");
    read_changes(cfn, endpoint, stack, change_set).await
}

/// Every change of a change set and, depth first, of the nested change sets it points to.
pub(crate) async fn read_changes(
    cfn: &Client,
    endpoint: &str,
    stack: &str,
    change_set: &str,
) -> Result<Vec<RemoteChange>, AwsError> {
    let mut out = Vec::new();
    // (path to the nested stack, stack name or None for a nested change set ARN, change set)
    let mut queue: Vec<(Vec<String>, Option<String>, String)> =
        vec![(Vec::new(), Some(stack.to_owned()), change_set.to_owned())];
    while let Some((path, stack_name, id)) = queue.pop() {
        let mut token: Option<String> = None;
        loop {
            let mut call = cfn
                .describe_change_set()
                .change_set_name(&id)
                .include_property_values(false);
            if let Some(stack_name) = &stack_name {
                call = call.stack_name(stack_name);
            }
            if let Some(t) = &token {
                call = call.next_token(t);
            }
            let page = call
                .send()
                .await
                .map_err(|err| from_sdk("DescribeChangeSet", endpoint, err))?;
            for change in page.changes() {
                if let Some((nested, remote)) = convert(&path, change) {
                    match nested {
                        Some(nested_id) => {
                            let mut deeper = path.clone();
                            deeper.push(remote.logical_id.clone());
                            queue.push((deeper, None, nested_id));
                        }
                        None => out.push(remote),
                    }
                }
            }
            token = page.next_token().map(str::to_owned);
            if token.is_none() {
                break;
            }
        }
    }
    out.sort_by(|a, b| (&a.path, &a.logical_id).cmp(&(&b.path, &b.logical_id)));
    Ok(out)
}

/// A change as plain values, and the nested change set it points to, if any. A nested
/// stack that is only modified is represented by its own resources' changes.
fn convert(path: &[String], change: &Change) -> Option<(Option<String>, RemoteChange)> {
    let rc = change.resource_change()?;
    let mut properties: Vec<String> = rc
        .details()
        .iter()
        .filter_map(|d| {
            let target = d.target()?;
            let attribute = target.attribute()?.as_str();
            Some(if attribute == "Properties" {
                target.name()?.to_owned()
            } else {
                attribute.to_owned()
            })
        })
        .collect();
    properties.sort();
    properties.dedup();
    let remote = RemoteChange {
        path: path.to_vec(),
        logical_id: rc.logical_resource_id()?.to_owned(),
        resource_type: rc.resource_type().unwrap_or_default().to_owned(),
        action: rc
            .action()
            .map(|a| a.as_str().to_owned())
            .unwrap_or_default(),
        replacement: rc.replacement().map(|r| r.as_str().to_owned()),
        properties,
    };
    let nested = rc
        .change_set_id()
        .filter(|_| remote.action == "Modify")
        .map(str::to_owned);
    Some((nested, remote))
}

/// What moto cannot show (it reports no changes for nested stacks): a parent change set
/// whose data-stack entry points to a nested change set, read across pages, answered by
/// aws-smithy-mocks in the shape DescribeChangeSet documents.
#[cfg(test)]
mod nested {
    use aws_sdk_cloudformation::operation::describe_change_set::DescribeChangeSetOutput;
    use aws_sdk_cloudformation::types::{
        Change, ChangeAction, ChangeSource, ChangeType, Replacement, RequiresRecreation,
        ResourceAttribute, ResourceChange, ResourceChangeDetail, ResourceTargetDefinition,
    };
    use aws_sdk_cloudformation::{Client, Config};
    use aws_smithy_mocks::{create_mock_http_client, mock, MockResponseInterceptor, RuleMode};

    const NESTED: &str = "arn:aws:cloudformation:us-east-1:123456789012:changeSet/nested-1/abc";

    fn change(
        id: &str,
        kind: &str,
        action: ChangeAction,
        replacement: Option<Replacement>,
        property: Option<&str>,
        nested: Option<&str>,
    ) -> Change {
        let mut rc = ResourceChange::builder()
            .logical_resource_id(id)
            .resource_type(kind)
            .action(action);
        if let Some(r) = replacement {
            rc = rc.replacement(r);
        }
        if let Some(name) = property {
            rc = rc.details(
                ResourceChangeDetail::builder()
                    .change_source(ChangeSource::DirectModification)
                    .target(
                        ResourceTargetDefinition::builder()
                            .attribute(ResourceAttribute::Properties)
                            .name(name)
                            .requires_recreation(RequiresRecreation::Always)
                            .build(),
                    )
                    .build(),
            );
        }
        if let Some(arn) = nested {
            rc = rc.change_set_id(arn);
        }
        Change::builder()
            .r#type(ChangeType::Resource)
            .resource_change(rc.build())
            .build()
    }

    #[tokio::test]
    async fn nested_change_sets_are_followed_across_pages() {
        let parent_page_1 = mock!(Client::describe_change_set)
            .match_requests(|r| r.change_set_name() == Some("plan") && r.next_token().is_none())
            .then_output(|| {
                DescribeChangeSetOutput::builder()
                    .changes(change(
                        "DataStack",
                        "AWS::CloudFormation::Stack",
                        ChangeAction::Modify,
                        Some(Replacement::False),
                        None,
                        Some(NESTED),
                    ))
                    .next_token("p2")
                    .build()
            });
        let parent_page_2 = mock!(Client::describe_change_set)
            .match_requests(|r| r.change_set_name() == Some("plan") && r.next_token() == Some("p2"))
            .then_output(|| {
                DescribeChangeSetOutput::builder()
                    .changes(change(
                        "ExtraStack",
                        "AWS::CloudFormation::Stack",
                        ChangeAction::Add,
                        None,
                        None,
                        None,
                    ))
                    .build()
            });
        let nested = mock!(Client::describe_change_set)
            .match_requests(|r| r.change_set_name() == Some(NESTED) && r.stack_name().is_none())
            .then_output(|| {
                DescribeChangeSetOutput::builder()
                    .changes(change(
                        "Database",
                        "AWS::RDS::DBInstance",
                        ChangeAction::Modify,
                        Some(Replacement::True),
                        Some("DBName"),
                        None,
                    ))
                    .build()
            });
        let interceptor = MockResponseInterceptor::new()
            .rule_mode(RuleMode::MatchAny)
            .with_rule(&parent_page_1)
            .with_rule(&parent_page_2)
            .with_rule(&nested);
        let config = Config::builder()
            .behavior_version_latest()
            .region(aws_sdk_cloudformation::config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_cloudformation::config::Credentials::new(
                "a", "b", None, None, "test",
            ))
            .http_client(create_mock_http_client())
            .interceptor(interceptor)
            .build();
        let changes = super::read_changes(&Client::from_conf(config), "mock", "env", "plan")
            .await
            .unwrap();
        assert_eq!(changes.len(), 2, "{changes:?}");
        assert_eq!(changes[0].path, Vec::<String>::new());
        assert_eq!(
            (changes[0].logical_id.as_str(), changes[0].action.as_str()),
            ("ExtraStack", "Add")
        );
        assert_eq!(changes[1].path, ["DataStack"]);
        assert_eq!(changes[1].logical_id, "Database");
        assert_eq!(changes[1].replacement.as_deref(), Some("True"));
        assert_eq!(changes[1].properties, ["DBName"]);
    }
}
