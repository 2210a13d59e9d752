//! Uploading templates for a change set: content-addressed keys, so an upload never
//! overwrites what a deployed stack may still read.

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::Client;

use super::{from_sdk, AwsError, Session};

/// An S3 client for `session`; a custom endpoint (a local test server) gets path-style
/// addressing, since `bucket.127.0.0.1` does not resolve.
pub(crate) fn client(session: &Session, custom_endpoint: bool) -> Client {
    let config = aws_sdk_s3::config::Builder::from(&session.config)
        .force_path_style(custom_endpoint)
        .build();
    Client::from_conf(config)
}

/// Puts each `(key, bytes)` into `bucket`.
pub(crate) async fn upload(
    client: &Client,
    endpoint: &str,
    bucket: &str,
    files: &[(String, Vec<u8>)],
) -> Result<(), AwsError> {
    for (key, bytes) in files {
        client
            .put_object()
            .bucket(bucket)
            .key(key)
            .content_type("application/json")
            .body(ByteStream::from(bytes.clone()))
            .send()
            .await
            .map_err(|err| from_sdk("PutObject", endpoint, err))?;
    }
    Ok(())
}
