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

/// What is stored under a key: absent, or present with the SHA-256 that `package`
/// recorded in its metadata (`None` when it has none) and its ETag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Stored {
    Absent,
    Present {
        sha256: Option<String>,
        etag: Option<String>,
    },
}

impl Stored {
    /// Whether the stored object holds exactly `bytes`: by the recorded SHA-256, or, for
    /// an object put in one part (by `aws s3 cp`, say), by its ETag, which is then the
    /// MD5 of the content in hex (Amazon S3 API Reference, "Object": ETag).
    pub(crate) fn holds(&self, bytes: &[u8], sha256: &str) -> bool {
        use md5::Digest as _;
        match self {
            Stored::Absent => false,
            Stored::Present {
                sha256: Some(recorded),
                ..
            } => recorded == sha256,
            Stored::Present {
                sha256: None,
                etag: Some(etag),
            } => {
                let md5: String = md5::Md5::digest(bytes)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                etag.trim_matches('"') == md5
            }
            Stored::Present { .. } => false,
        }
    }
}

/// HeadObject on `key`: a 404 is [`Stored::Absent`].
pub(crate) async fn head(
    client: &Client,
    endpoint: &str,
    bucket: &str,
    key: &str,
) -> Result<Stored, AwsError> {
    match client.head_object().bucket(bucket).key(key).send().await {
        Ok(head) => Ok(Stored::Present {
            sha256: head
                .metadata()
                .and_then(|m| m.get(SHA256_METADATA))
                .cloned(),
            etag: head.e_tag().map(str::to_owned),
        }),
        Err(err) if err.as_service_error().is_some_and(|e| e.is_not_found()) => Ok(Stored::Absent),
        Err(err) => Err(from_sdk("HeadObject", endpoint, err)),
    }
}

/// The object's bytes, or `None` when there is none.
pub(crate) async fn get(
    client: &Client,
    endpoint: &str,
    bucket: &str,
    key: &str,
) -> Result<Option<Vec<u8>>, AwsError> {
    match client.get_object().bucket(bucket).key(key).send().await {
        Ok(object) => {
            let bytes =
                object
                    .body
                    .collect()
                    .await
                    .map_err(|err| AwsError::UnexpectedResponse {
                        operation: "GetObject",
                        detail: err.to_string(),
                    })?;
            Ok(Some(bytes.into_bytes().to_vec()))
        }
        Err(err) if err.as_service_error().is_some_and(|e| e.is_no_such_key()) => Ok(None),
        Err(err) => Err(from_sdk("GetObject", endpoint, err)),
    }
}

/// User metadata key (`x-amz-meta-sha256`) of a packaged file's SHA-256 in hex.
pub(crate) const SHA256_METADATA: &str = "sha256";

/// Puts one packaged file with its SHA-256 in its metadata.
pub(crate) async fn put_with_sha256(
    client: &Client,
    endpoint: &str,
    bucket: &str,
    key: &str,
    bytes: &[u8],
    sha256: &str,
) -> Result<(), AwsError> {
    let content_type = if key.ends_with(".json") {
        "application/json"
    } else {
        "application/octet-stream"
    };
    client
        .put_object()
        .bucket(bucket)
        .key(key)
        .content_type(content_type)
        .metadata(SHA256_METADATA, sha256)
        .body(ByteStream::from(bytes.to_vec()))
        .send()
        .await
        .map_err(|err| from_sdk("PutObject", endpoint, err))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Stored;

    #[test]
    fn an_object_holds_the_bytes_by_recorded_sha256_or_single_part_etag() {
        let sha = "a".repeat(64);
        let recorded = Stored::Present {
            sha256: Some(sha.clone()),
            etag: None,
        };
        assert!(recorded.holds(b"x", &sha));
        assert!(!recorded.holds(b"x", &"b".repeat(64)));
        // MD5 of "abc".
        let copied = Stored::Present {
            sha256: None,
            etag: Some("\"900150983cd24fb0d6963f7d28e17f72\"".into()),
        };
        assert!(copied.holds(b"abc", &sha));
        assert!(!copied.holds(b"abd", &sha));
        let multipart = Stored::Present {
            sha256: None,
            etag: Some("\"900150983cd24fb0d6963f7d28e17f72-2\"".into()),
        };
        assert!(!multipart.holds(b"abc", &sha));
        assert!(!Stored::Absent.holds(b"abc", &sha));
    }
}
