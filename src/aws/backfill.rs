//! The AWS side of `connector backfill`: list a bucket's objects, find the connector's
//! queue, and put messages on it ten at a time.

use aws_sdk_sqs::types::SendMessageBatchRequestEntry;

use super::{from_sdk, AwsError, AwsOptions, Session};
use crate::backfill::ListedObject;

/// SQS takes at most ten messages per SendMessageBatch.
pub const BATCH_SIZE: usize = 10;

/// Error codes SQS gives for a queue that does not exist (query and JSON protocols).
const NO_SUCH_QUEUE: &[&str] = &[
    "AWS.SimpleQueueService.NonExistentQueue",
    "QueueDoesNotExist",
];

/// Where the messages go: the queue's URL, found by name when not given.
pub enum QueueRef<'a> {
    Url(&'a str),
    Name(&'a str),
}

/// A connected backfill: the SDK clients of one session.
pub struct Backfill {
    runtime: tokio::runtime::Runtime,
    s3: aws_sdk_s3::Client,
    sqs: aws_sdk_sqs::Client,
    endpoint: String,
}

impl Backfill {
    /// Loads credentials and builds the clients; fails early when there are no credentials.
    pub fn connect(options: &AwsOptions) -> Result<Backfill, AwsError> {
        let runtime = super::runtime()?;
        let session: Session = runtime.block_on(super::session(options))?;
        let s3 = super::s3::client(&session, options.endpoint_url.is_some());
        let sqs = aws_sdk_sqs::Client::new(&session.config);
        let endpoint = session.endpoint;
        Ok(Backfill {
            runtime,
            s3,
            sqs,
            endpoint,
        })
    }

    /// The queue's URL, checked to exist (GetQueueUrl, or GetQueueAttributes on a URL), so
    /// that a dry run already tells a wrong queue apart.
    pub fn queue_url(&self, queue: QueueRef) -> Result<String, AwsError> {
        self.runtime.block_on(async {
            let not_found = |name: &str| AwsError::QueueNotFound {
                queue: name.to_owned(),
            };
            match queue {
                QueueRef::Name(name) => {
                    let answer = self.sqs.get_queue_url().queue_name(name).send().await;
                    match answer {
                        Ok(out) => out.queue_url.ok_or_else(|| not_found(name)),
                        Err(err) => Err(queue_error("GetQueueUrl", &self.endpoint, name, err)),
                    }
                }
                QueueRef::Url(url) => {
                    self.sqs
                        .get_queue_attributes()
                        .queue_url(url)
                        .attribute_names(aws_sdk_sqs::types::QueueAttributeName::QueueArn)
                        .send()
                        .await
                        .map_err(|err| {
                            queue_error("GetQueueAttributes", &self.endpoint, url, err)
                        })?;
                    Ok(url.to_owned())
                }
            }
        })
    }

    /// Every object in `bucket`, page by page (ListObjectsV2 returns at most 1,000 a page),
    /// in key order; `on_page` hears the running count.
    pub fn list_objects(
        &self,
        bucket: &str,
        on_page: &mut dyn FnMut(usize),
    ) -> Result<Vec<ListedObject>, AwsError> {
        self.runtime.block_on(async {
            let mut objects = Vec::new();
            let mut token: Option<String> = None;
            loop {
                let page = self
                    .s3
                    .list_objects_v2()
                    .bucket(bucket)
                    .set_continuation_token(token.take())
                    .send()
                    .await
                    .map_err(|err| {
                        let err = from_sdk("ListObjectsV2", &self.endpoint, err);
                        match &err {
                            AwsError::Service { code, .. } if code == "NoSuchBucket" => {
                                AwsError::BucketNotFound {
                                    bucket: bucket.to_owned(),
                                }
                            }
                            _ => err,
                        }
                    })?;
                for o in page.contents() {
                    objects.push(ListedObject {
                        key: o.key().unwrap_or_default().to_owned(),
                        size: o.size().unwrap_or_default(),
                        etag: o.e_tag().unwrap_or_default().trim_matches('"').to_owned(),
                        last_modified: o
                            .last_modified()
                            .and_then(|t| t.fmt(aws_smithy_types::date_time::Format::DateTime).ok())
                            .unwrap_or_default(),
                    });
                }
                on_page(objects.len());
                match page.next_continuation_token() {
                    Some(next) if page.is_truncated() == Some(true) => {
                        token = Some(next.to_owned())
                    }
                    _ => break,
                }
            }
            Ok(objects)
        })
    }

    /// Sends `bodies` to `queue_url` in batches of ten; `on_batch` hears how many went.
    /// Any entry SQS refuses stops the run with its reason.
    pub fn send(
        &self,
        queue_url: &str,
        bodies: &[String],
        on_batch: &mut dyn FnMut(usize),
    ) -> Result<usize, AwsError> {
        self.runtime.block_on(async {
            let mut sent = 0;
            for batch in bodies.chunks(BATCH_SIZE) {
                let entries = batch
                    .iter()
                    .enumerate()
                    .map(|(i, body)| {
                        SendMessageBatchRequestEntry::builder()
                            .id(i.to_string())
                            .message_body(body)
                            .build()
                            .map_err(|err| AwsError::InvalidRequest {
                                operation: "SendMessageBatch",
                                detail: err.to_string(),
                            })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let out = self
                    .sqs
                    .send_message_batch()
                    .queue_url(queue_url)
                    .set_entries(Some(entries))
                    .send()
                    .await
                    .map_err(|err| {
                        queue_error("SendMessageBatch", &self.endpoint, queue_url, err)
                    })?;
                if let Some(failed) = out.failed().first() {
                    return Err(AwsError::Service {
                        operation: "SendMessageBatch",
                        code: failed.code().to_owned(),
                        message: format!(
                            "{} of {} messages refused after {sent} sent: {}",
                            out.failed().len(),
                            batch.len(),
                            failed.message().unwrap_or("no message from SQS")
                        ),
                    });
                }
                sent += out.successful().len();
                on_batch(sent);
            }
            Ok(sent)
        })
    }
}

fn queue_error<E>(
    operation: &'static str,
    endpoint: &str,
    queue: &str,
    err: aws_sdk_sqs::error::SdkError<E>,
) -> AwsError
where
    E: aws_sdk_sqs::error::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match from_sdk(operation, endpoint, err) {
        AwsError::Service { code, .. } if NO_SUCH_QUEUE.contains(&code.as_str()) => {
            AwsError::QueueNotFound {
                queue: queue.to_owned(),
            }
        }
        other => other,
    }
}
