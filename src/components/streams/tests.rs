use crate::components::{self, testkit};
use crate::render::TemplateFormat;

const BASE: &str = "name: t1\nregion: us-east-1\nenvironment_size: Small\nstorage:\n  buckets:\n    - name: datalake\n";

fn paths(streams: &str) -> Vec<String> {
    testkit::problems(&format!("{BASE}streams:\n{streams}"))
        .into_iter()
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn an_unknown_bucket_is_located() {
    assert_eq!(
        paths("  - { name: telemetry, deliver_to: { bucket: lake } }\n"),
        ["streams[0].deliver_to.bucket"]
    );
    assert!(paths("  - { name: telemetry, deliver_to: { bucket: datalake } }\n").is_empty());
}

#[test]
fn bad_capacity_retention_prefix_and_buffers_are_located() {
    assert_eq!(
        paths("  - { name: t, shards: 0, retention_hours: 12, deliver_to: { bucket: datalake, prefix: /x, buffer_seconds: 901, buffer_mib: 0 } }\n"),
        [
            "streams[0].shards",
            "streams[0].retention_hours",
            "streams[0].deliver_to.prefix",
            "streams[0].deliver_to.buffer_seconds",
            "streams[0].deliver_to.buffer_mib",
        ]
    );
}

#[test]
fn a_delivered_stream_is_encrypted_and_its_role_holds_to_the_prefix() {
    let platform = testkit::platform(&format!(
        "{BASE}streams:\n  - {{ name: telemetry, shards: 2, deliver_to: {{ bucket: datalake, prefix: instruments/ }} }}\n  - {{ name: events }}\n"
    ));
    let set = components::render(&platform, TemplateFormat::Json);
    let data = set.stacks.iter().find(|s| s.name == "data").unwrap();
    let r = &data.template.resources;
    let stream = &r["TelemetryStream"].properties;
    assert_eq!(stream["StreamEncryption"]["KeyId"]["Ref"], "KeyArn");
    assert_eq!(stream["ShardCount"], 2);
    assert_eq!(r["EventsStream"].properties["StreamModeDetails"]["StreamMode"], "ON_DEMAND");
    assert!(!r.contains_key("EventsDelivery"));
    let s3 = &r["TelemetryDelivery"].properties["ExtendedS3DestinationConfiguration"];
    assert_eq!(s3["CompressionFormat"], "GZIP");
    assert_eq!(s3["EncryptionConfiguration"]["KMSEncryptionConfig"]["AWSKMSKeyARN"]["Ref"], "KeyArn");
    assert!(s3["Prefix"].as_str().unwrap().starts_with("instruments/data/"));
    assert!(s3["ErrorOutputPrefix"].as_str().unwrap().starts_with("instruments/errors/"));
    let policy = serde_json::to_string(&r["TelemetryDeliveryRole"].properties["Policies"]).unwrap();
    assert!(policy.contains("${DatalakeBucket.Arn}/instruments/*"), "{policy}");
    assert!(!policy.contains("EventsStream"), "{policy}");
}

#[test]
fn without_egress_the_kinesis_endpoint_is_required() {
    let spec = |endpoints: &str| {
        format!(
            "name: t1\nregion: us-east-1\nenvironment_size: Small\nnetwork:\n  vpc_cidr: 10.0.0.0/16\n  egress: none\n  endpoints: [{endpoints}]\n{}streams:\n  - {{ name: events }}\n",
            &BASE["name: t1\nregion: us-east-1\nenvironment_size: Small\n".len()..]
        )
    };
    let found = testkit::problems(&spec("s3, logs, kms, monitoring, sts"));
    assert!(
        found.iter().any(|(p, m)| p == "network.endpoints" && m.contains("kinesis-streams")),
        "{found:?}"
    );
    assert!(testkit::problems(&spec("s3, logs, kms, monitoring, sts, kinesis-streams")).is_empty());
}
