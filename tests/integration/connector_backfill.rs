//! `platformctl connector backfill` against a real `moto_server` on loopback: a bucket with
//! more objects than one ListObjectsV2 page, a dry run that sends nothing, and a run with
//! `--execute` that queues exactly the matching objects as S3 event messages.
//!
//! One scenario, in order, because the bucket and queue names come from the example spec
//! and the server is shared: errors before anything exists, then the objects are put
//! once, then the dry runs and the real run.

use std::collections::BTreeSet;
use std::process::Command;

use crate::support::moto::{block_on, sdk_config as config, MotoServer};
use crate::support::platformctl;

/// The bucket the stack creates for connector `instruments` of examples/s3-connector.yaml,
/// in moto's default account.
const BUCKET: &str = "acme-lab-instruments-123456789012-us-east-1";
const QUEUE: &str = "acme-lab-instruments";

/// The keys the connector's path configuration selects, out of everything put.
fn put_objects(endpoint: &str) -> BTreeSet<String> {
    let mut matching = BTreeSet::new();
    let mut keys = Vec::new();
    // A thousand keys the path configuration passes over fill the first page, with a
    // selected key every hundred runs, so that both pages hold selected keys while only a
    // few dozen messages go through moto's SQS, which is slow per message.
    for i in 0..1000 {
        keys.push((format!("ambr/run-{i:04}/raw.csv"), false));
    }
    for i in (0..1000).step_by(100) {
        keys.push((format!("ambr/run-{i:04}/report.txt"), true));
    }
    for i in 0..12 {
        keys.push((format!("plate-readers/run-7/results-{i:02}.csv"), true));
    }
    keys.push(("plate-readers/run-7/results-100.csv".into(), false));
    keys.push(("other/notes.txt".into(), false));
    block_on(async {
        let config = config(endpoint).await;
        let s3 = crate::support::moto::s3_client(&config);
        s3.create_bucket().bucket(BUCKET).send().await.unwrap();
        // Sixty-four puts at a time: a thousand sequential round trips to moto take long.
        for chunk in keys.chunks(64) {
            let mut puts = tokio::task::JoinSet::new();
            for (key, selected) in chunk {
                if *selected {
                    matching.insert(key.clone());
                }
                let put = s3.put_object().bucket(BUCKET).key(key).body(
                    aws_sdk_s3::primitives::ByteStream::from_static(b"measurement"),
                );
                puts.spawn(async move { put.send().await.map(|_| ()) });
            }
            while let Some(done) = puts.join_next().await {
                done.unwrap().unwrap();
            }
        }
    });
    matching
}

/// Every message on the queue, drained.
fn drain(endpoint: &str) -> Vec<String> {
    block_on(async {
        let config = config(endpoint).await;
        let sqs = aws_sdk_sqs::Client::new(&config);
        let url = sqs
            .get_queue_url()
            .queue_name(QUEUE)
            .send()
            .await
            .unwrap()
            .queue_url
            .unwrap();
        let mut bodies = Vec::new();
        loop {
            let out = sqs
                .receive_message()
                .queue_url(&url)
                .max_number_of_messages(10)
                .visibility_timeout(600)
                .send()
                .await
                .unwrap();
            if out.messages().is_empty() {
                break;
            }
            // Received messages stay hidden for the rest of the test, so no deletes are needed.
            bodies.extend(out.messages().iter().map(|m| m.body().unwrap().to_owned()));
        }
        bodies
    })
}

fn backfill(endpoint: &str, extra: &[&str]) -> Command {
    let mut cmd = platformctl();
    crate::support::test_credentials(&mut cmd)
        .args([
            "connector",
            "backfill",
            "examples/s3-connector.yaml",
            "--connector",
            "instruments",
            "--endpoint-url",
            endpoint,
        ])
        .args(extra);
    cmd
}

fn json_report(cmd: &mut Command) -> serde_json::Value {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "backfill failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn backfill_names_what_is_missing_then_queues_exactly_the_matching_objects_with_execute() {
    let moto = MotoServer::shared();

    // Nothing exists yet: the queue is looked up first.
    let output = backfill(&moto.endpoint, &[]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("queue acme-lab-instruments does not exist"),
        "{stderr}"
    );

    block_on(async {
        let config = config(&moto.endpoint).await;
        aws_sdk_sqs::Client::new(&config)
            .create_queue()
            .queue_name(QUEUE)
            .send()
            .await
            .unwrap();
    });
    let output = backfill(&moto.endpoint, &[]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("bucket {BUCKET} does not exist")),
        "{stderr}"
    );

    let closed = format!("http://127.0.0.1:{}", crate::support::free_loopback_port());
    let output = backfill(&closed, &[]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot reach AWS"), "{stderr}");

    let matching = put_objects(&moto.endpoint);
    assert_eq!(matching.len(), 22);

    // The dry run as text lists what it would send.
    let output = backfill(&moto.endpoint, &[]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("22 of 1024 objects"), "{text}");
    assert!(text.contains("  plate-readers/run-7/results-03.csv (11 bytes)"));
    assert!(text.contains("dry run: would send 22 ObjectCreated message(s)"));

    let dry = json_report(&mut backfill(&moto.endpoint, &["--format", "json"]));
    assert_eq!(dry["objects_listed"], 1024, "every page is listed");
    assert_eq!(dry["matching"], 22);
    assert_eq!(dry["sent"], 0);
    assert_eq!(dry["bucket"], BUCKET);
    assert!(drain(&moto.endpoint).is_empty(), "a dry run sends nothing");

    let run = json_report(&mut backfill(
        &moto.endpoint,
        &["--execute", "--format", "json"],
    ));
    assert_eq!(run["sent"], 22);
    let bodies = drain(&moto.endpoint);
    assert_eq!(bodies.len(), 22);
    let mut keys = BTreeSet::new();
    for body in &bodies {
        let event: serde_json::Value = serde_json::from_str(body).unwrap();
        let record = &event["Records"][0];
        assert_eq!(record["eventSource"], "aws:s3");
        assert_eq!(record["eventName"], "ObjectCreated:Put");
        assert_eq!(record["s3"]["bucket"]["name"], BUCKET);
        assert_eq!(record["s3"]["object"]["size"], 11);
        keys.insert(record["s3"]["object"]["key"].as_str().unwrap().to_owned());
    }
    assert_eq!(keys, matching);
}
