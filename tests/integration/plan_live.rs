//! `platformctl plan --stack-name` against a real `moto_server` on loopback: templates are
//! uploaded under a content-addressed prefix, a change set is created, read and deleted,
//! and the stack itself is never touched.

use std::process::Command;

use crate::support::moto::{block_on, sdk_config as config, MotoServer};
use crate::support::platformctl;

/// The deployed "previous version" of each top-level stack: the artifact parameters and
/// one queue.
const DEPLOYED: &str = r#"{"Parameters":{"ArtifactBucket":{"Type":"String"},"ArtifactPrefix":{"Type":"String","Default":""}},"Resources":{"Marker":{"Type":"AWS::SQS::Queue"}}}"#;

fn deploy(endpoint: &str) {
    block_on(async {
        let config = config(endpoint).await;
        let s3 = crate::support::moto::s3_client(&config);
        s3.create_bucket().bucket("artifacts").send().await.unwrap();
        let cfn = aws_sdk_cloudformation::Client::new(&config);
        for top in ["foundation", "application"] {
            cfn.create_stack()
                .stack_name(format!("tdp-prod-{top}"))
                .template_body(DEPLOYED)
                .parameters(
                    aws_sdk_cloudformation::types::Parameter::builder()
                        .parameter_key("ArtifactBucket")
                        .parameter_value("artifacts")
                        .build(),
                )
                .send()
                .await
                .unwrap();
        }
    });
}

fn with_credentials(mut cmd: Command) -> Command {
    crate::support::test_credentials(&mut cmd);
    cmd
}

#[test]
fn a_live_plan_uploads_by_content_previews_and_deletes_its_change_set() {
    let moto = MotoServer::shared();
    deploy(&moto.endpoint);
    let mut cmd = with_credentials(platformctl());
    cmd.args([
        "plan",
        "examples/tdp.yaml",
        "--stack-name",
        "tdp-prod",
        "--endpoint-url",
        &moto.endpoint,
        "--format",
        "json",
    ]);
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let plan: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        plan["against"],
        "stacks tdp-prod-foundation and tdp-prod-application"
    );
    // Every template synth writes, each uploaded once.
    let synthesized = tempfile::tempdir().unwrap();
    let status = platformctl()
        .args(["synth", "examples/tdp.yaml", "-o"])
        .arg(synthesized.path())
        .status()
        .unwrap();
    assert!(status.success());
    let written = std::fs::read_dir(synthesized.path())
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().ends_with(".template.json")
        })
        .count();

    block_on(async {
        let config = config(&moto.endpoint).await;
        let s3 = crate::support::moto::s3_client(&config);
        let listed = s3
            .list_objects_v2()
            .bucket("artifacts")
            .send()
            .await
            .unwrap();
        let keys: Vec<&str> = listed.contents().iter().filter_map(|o| o.key()).collect();
        assert_eq!(
            keys.len(),
            written,
            "both parents and every nested template: {keys:?}"
        );
        for parent in ["foundation", "application"] {
            let file = format!("{parent}.template.json");
            assert!(keys.iter().any(|k| k.ends_with(&file)), "{keys:?}");
        }
        assert!(
            keys.iter()
                .all(|k| k.starts_with("platformctl/tdp-prod/") && k.ends_with(".template.json")),
            "{keys:?}"
        );
        let prefixes: std::collections::BTreeSet<&str> =
            keys.iter().map(|k| k.rsplit_once('/').unwrap().0).collect();
        assert_eq!(
            prefixes.len(),
            1,
            "one content-addressed prefix: {prefixes:?}"
        );

        let cfn = aws_sdk_cloudformation::Client::new(&config);
        for stack in ["tdp-prod-foundation", "tdp-prod-application"] {
            let change_sets = cfn
                .list_change_sets()
                .stack_name(stack)
                .send()
                .await
                .unwrap();
            // moto lists every stack's change sets whatever the filter, and other tests
            // share the server.
            assert!(
                !change_sets
                    .summaries()
                    .iter()
                    .any(|c| c.stack_name() == Some(stack)),
                "{stack}: the change set is deleted"
            );
            let template = cfn.get_template().stack_name(stack).send().await.unwrap();
            assert_eq!(
                template.template_body(),
                Some(DEPLOYED),
                "{stack}: the change set is never executed"
            );
        }
    });
}

#[test]
fn a_stack_that_does_not_exist_is_an_error_naming_it() {
    let moto = MotoServer::shared();
    let mut cmd = with_credentials(platformctl());
    cmd.args([
        "plan",
        "examples/tdp.yaml",
        "--stack-name",
        "nope",
        "--endpoint-url",
        &moto.endpoint,
    ]);
    let output = cmd.output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("stack nope-foundation was not found in us-east-1"),
        "{stderr}"
    );
}
