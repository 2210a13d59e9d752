//! The `workers` section as a user meets it: a bad section is refused with key paths, and
//! the stack gives the vendor the rights to run workers but never the data.

use crate::support::{run, snapshot_cli, synth};

#[test]
fn a_bad_workers_section_is_refused_with_every_problem_and_its_key_path() {
    snapshot_cli(
        "cli_validate_bad_workers",
        &["validate", "tests/fixtures/bad-workers.yaml"],
    );
    let (code, _, stderr) = run(&["validate", "tests/fixtures/bad-workers.yaml"]);
    assert_eq!(code, 2);
    for path in [
        "workers.vendor_account_id",
        "workers.external_id",
        "workers.instance_type",
        "workers.max_instances",
        "egress: nat",
    ] {
        assert!(stderr.contains(path), "no problem at {path}:\n{stderr}");
    }
}

fn workers_template() -> serde_json::Value {
    let dir = synth(std::path::Path::new("examples/self-hosted-workers.yaml"));
    let text = std::fs::read_to_string(dir.path().join("out/workers.template.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_vendor_is_explicitly_denied_the_data_bucket() {
    let t = workers_template();
    let statements =
        &t["Resources"]["WorkerDataBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"];
    let deny = statements
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["Sid"] == "VendorNeverReadsTheData")
        .expect("a deny for the vendor");
    assert_eq!(deny["Effect"], "Deny");
    assert_eq!(deny["Action"], "s3:*");
    let principals = deny["Principal"]["AWS"].to_string();
    assert!(
        principals.contains("iam::444455556666:root"),
        "{principals}"
    );
    assert!(principals.contains("WorkerVendorRole"), "{principals}");
}

#[test]
fn only_the_vendor_with_the_external_id_assumes_the_role() {
    let t = workers_template();
    let trust = &t["Resources"]["WorkerVendorRole"]["Properties"]["AssumeRolePolicyDocument"]
        ["Statement"][0];
    assert_eq!(
        trust["Condition"]["StringEquals"]["sts:ExternalId"],
        "acme-analytics-7f3a9c"
    );
    assert!(trust["Principal"]["AWS"]
        .to_string()
        .contains("444455556666"));
}

#[test]
fn workers_start_at_zero_and_stop_at_the_declared_maximum() {
    let t = workers_template();
    let group = &t["Resources"]["WorkerAutoScalingGroup"]["Properties"];
    assert_eq!(group["DesiredCapacity"], "0");
    assert_eq!(group["MinSize"], "0");
    assert_eq!(group["MaxSize"], "12");
}
