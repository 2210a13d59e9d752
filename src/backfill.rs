//! `connector backfill`, the pure part: which existing objects a connector would upload,
//! and the synthetic ObjectCreated messages that make it upload them.
//!
//! A connector acts only on ObjectCreated events, so objects already in a bucket when it
//! starts are never uploaded. A message shaped like the one S3 would have sent, put on
//! the connector's queue, makes the connector fetch the object as if it were new.

use serde_json::json;

use crate::components::Connector;

/// An object as ListObjectsV2 reports it, reduced to what an event names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedObject {
    pub key: String,
    pub size: i64,
    /// Without the quotes S3 puts around it in listings, as events carry it.
    pub etag: String,
    /// When the object was written, ISO 8601 in UTC: the event's time.
    pub last_modified: String,
}

/// The objects the connector would upload, in listing (key) order.
pub fn select<'a>(connector: &Connector, objects: &'a [ListedObject]) -> Vec<&'a ListedObject> {
    objects
        .iter()
        // Keys ending in `/` are the placeholders the S3 console creates for folders.
        .filter(|o| !o.key.ends_with('/') && connector.selects(&o.key))
        .collect()
}

/// Names the messages as platformctl's, for anyone reading them off the queue.
pub const CONFIGURATION_ID: &str = "platformctl-backfill";

/// The message body for `object`: an S3 event notification with one ObjectCreated:Put
/// record (S3 User Guide, "Event message structure"). With raw message delivery, SNS puts
/// exactly this body on the queue, so a backfilled message reads like a live one.
pub fn event_body(bucket: &str, region: &str, object: &ListedObject) -> String {
    json!({
        "Records": [{
            "eventVersion": "2.1",
            "eventSource": "aws:s3",
            "awsRegion": region,
            "eventTime": object.last_modified,
            "eventName": "ObjectCreated:Put",
            "userIdentity": { "principalId": CONFIGURATION_ID },
            "s3": {
                "s3SchemaVersion": "1.0",
                "configurationId": CONFIGURATION_ID,
                "bucket": {
                    "name": bucket,
                    "ownerIdentity": { "principalId": CONFIGURATION_ID },
                    "arn": format!("arn:{}:s3:::{bucket}", partition(region))
                },
                "object": { "key": encode_key(&object.key), "size": object.size, "eTag": object.etag }
            }
        }]
    })
    .to_string()
}

/// The partition of a region, for ARNs.
fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// Object keys in S3 events are URL-encoded the way HTML forms are (a space becomes `+`),
/// with `/` left as is; connectors decode them before fetching the object.
pub fn encode_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for byte in key.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' | b'/' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// The account ID in a queue URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`):
/// a bucket the stack created is named after it.
pub fn account_of_queue_url(url: &str) -> Option<&str> {
    let mut parts = url.trim_end_matches('/').rsplit('/');
    let _name = parts.next()?;
    let account = parts.next()?;
    crate::components::connectors::model::is_account_id(account).then_some(account)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::testkit::platform;

    fn object(key: &str) -> ListedObject {
        ListedObject {
            key: key.into(),
            size: 12,
            etag: "9a0364b9e99bb480dd25e1f0284c8555".into(),
            last_modified: "2026-01-02T03:04:05Z".into(),
        }
    }

    fn connector(paths: &str) -> Connector {
        let yaml = format!(
            "name: lab\nregion: us-east-1\nenvironment_size: Small\nnetwork:\n  vpc_cidr: 10.0.0.0/16\n  availability_zones: 2\nconnectors:\n  - name: raw\n    trusted_role_arn: arn:aws:iam::123456789012:role/c\n{paths}"
        );
        platform(&yaml).connectors.remove(0)
    }

    #[test]
    fn selection_follows_path_and_pattern() {
        let c = connector(
            "    paths:\n      - { path: ambr/, source_type: instrument, pattern: \"**/*.txt\" }\n",
        );
        let objects: Vec<ListedObject> = [
            "ambr/a.txt",
            "ambr/x/y/b.txt",
            "ambr/c.csv",
            "other/d.txt",
            "ambr/",
        ]
        .iter()
        .map(|k| object(k))
        .collect();
        let keys: Vec<&str> = select(&c, &objects)
            .iter()
            .map(|o| o.key.as_str())
            .collect();
        assert_eq!(keys, ["ambr/a.txt", "ambr/x/y/b.txt"]);
    }

    #[test]
    fn without_path_configurations_every_object_is_selected() {
        let c = connector("");
        let objects = vec![object("a"), object("b/c.bin")];
        assert_eq!(select(&c, &objects).len(), 2);
    }

    #[test]
    fn events_read_like_those_s3_sends() {
        let body = event_body("lab-raw", "us-east-1", &object("runs/plate 1+2.csv"));
        let event: serde_json::Value = serde_json::from_str(&body).unwrap();
        let record = &event["Records"][0];
        assert_eq!(record["eventSource"], "aws:s3");
        assert_eq!(record["eventName"], "ObjectCreated:Put");
        assert_eq!(record["s3"]["bucket"]["arn"], "arn:aws:s3:::lab-raw");
        assert_eq!(record["s3"]["object"]["key"], "runs/plate+1%2B2.csv");
        assert_eq!(record["s3"]["object"]["size"], 12);
    }

    #[test]
    fn the_account_comes_from_the_queue_url() {
        assert_eq!(
            account_of_queue_url("https://sqs.us-east-1.amazonaws.com/123456789012/lab-raw"),
            Some("123456789012")
        );
        assert_eq!(account_of_queue_url("https://example.com/queue"), None);
    }
}
