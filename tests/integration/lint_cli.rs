//! `platformctl lint` end to end: each output format on a template with one of each
//! defect (snapshots), exit codes, config and suppressions, JSON positions, nested
//! stacks, regions, every synthesized example linting clean, and a 5,000-resource template.

use std::path::Path;

use crate::support::{examples, platformctl, run, snapshot_cli, stem, synth};

const BAD: &str = "tests/fixtures/lint/bad.yaml";

#[test]
fn text_format_lists_every_defect_with_file_line_and_column() {
    snapshot_cli("lint_text", &["lint", BAD]);
}

#[test]
fn json_format() {
    snapshot_cli("lint_json", &["lint", "--format", "json", BAD]);
}

#[test]
fn sarif_format() {
    snapshot_cli("lint_sarif", &["lint", "--format", "sarif", BAD]);
}

#[test]
fn github_format() {
    snapshot_cli("lint_github", &["lint", "--format", "github", BAD]);
}

#[test]
fn list_rules_names_every_family() {
    let (code, stdout, _) = run(&["lint", "--list-rules"]);
    assert_eq!(code, 0);
    for id in [
        "PC0001", "PC1000", "PC2020", "PC3000", "PC4001", "PC5001", "PC6001", "PC7001",
    ] {
        assert!(stdout.contains(id), "{id} missing from\n{stdout}");
    }
}

#[test]
fn sarif_has_the_shape_code_scanning_takes() {
    let (code, stdout, _) = run(&["lint", "--format", "sarif", BAD]);
    assert_eq!(code, 1);
    let log: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], BAD);
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
    }
}

#[test]
fn warnings_pass_unless_made_fatal() {
    let file = "tests/fixtures/lint/warnings-only.yaml";
    assert_eq!(run(&["lint", file]).0, 0);
    assert_eq!(run(&["lint", "--warnings-as-errors", file]).0, 1);
}

#[test]
fn unparsable_templates_are_located_and_exit_2() {
    let (code, stdout, _) = run(&["lint", "tests/fixtures/lint/broken.json"]);
    assert_eq!(code, 2);
    assert!(
        stdout.starts_with("tests/fixtures/lint/broken.json:5:1: error[PC1000]"),
        "{stdout}"
    );
}

#[test]
fn bad_invocations_exit_2() {
    assert_eq!(run(&["lint", "tests/fixtures/lint/no-such-file.yaml"]).0, 2);
    let (code, _, stderr) = run(&["lint", "--region", "mars-north-1", BAD]);
    assert_eq!(code, 2);
    assert!(stderr.contains("mars-north-1"), "{stderr}");
}

#[test]
fn json_templates_get_lines_and_columns_despite_tabs() {
    let (code, stdout, _) = run(&["lint", "tests/fixtures/lint/positions.json"]);
    assert_eq!(code, 1);
    assert!(
        stdout.starts_with("tests/fixtures/lint/positions.json:7:27: error[PC2001]"),
        "{stdout}"
    );
}

#[test]
fn short_form_tags_in_yaml_are_located() {
    let (_, stdout, _) = run(&["lint", BAD]);
    // `VpcId: !Ref Vpc` on line 32: the finding points at the tagged value.
    assert!(stdout.contains("bad.yaml:32:19: error[PC2001]"), "{stdout}");
}

#[test]
fn nested_stack_parameters_are_checked_against_the_child_on_disk() {
    let (code, stdout, _) = run(&["lint", "tests/fixtures/lint/nested/parent.yaml"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("PC5001]: Resources.Child.Properties: child.yaml requires parameter Name"),
        "{stdout}"
    );
    assert!(
        stdout.contains("PC5002]: Resources.Child.Properties.Parameters.Colour"),
        "{stdout}"
    );
}

#[test]
fn region_availability_is_checked_per_region() {
    let file = "tests/fixtures/lint/region/device-farm.yaml";
    assert_eq!(run(&["lint", "--region", "us-west-2", file]).0, 0);
    let (code, stdout, _) = run(&[
        "lint",
        "--region",
        "us-west-2",
        "--region",
        "eu-west-1",
        file,
    ]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("AWS::DeviceFarm::Project is not available in eu-west-1"),
        "{stdout}"
    );
    assert!(!stdout.contains("us-west-2"), "{stdout}");
}

#[test]
fn suppressions_need_a_reason() {
    let (code, stdout, _) = run(&["lint", "tests/fixtures/lint/suppressed.yaml"]);
    assert_eq!(code, 1);
    assert!(
        !stdout.contains("PC2010"),
        "the template suppression holds: {stdout}"
    );
    assert!(
        stdout.contains("error[PC0001]: Resources.Queue.Metadata.platformctl.ignore[0]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("warning[PC7008]"),
        "a suppression without reason suppresses nothing: {stdout}"
    );
}

#[test]
fn config_files_reject_unknown_keys_and_apply_settings() {
    let (code, _, stderr) = run(&[
        "lint",
        "--config",
        "tests/fixtures/lint/config/unknown-key.yaml",
        BAD,
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr
            .contains("unknown-key.yaml:3:3: error[config]: lint.regoins: unknown field `regoins`"),
        "{stderr}"
    );
    let (code, stdout, _) = run(&[
        "lint",
        "--config",
        "tests/fixtures/lint/config/strict.yaml",
        "tests/fixtures/lint/warnings-only.yaml",
    ]);
    assert_eq!(code, 1, "warnings_as_errors from the config: {stdout}");
    assert!(
        stdout.contains("strict.yaml:6:11: error[PC0001]"),
        "{stdout}"
    );
}

#[test]
fn the_config_file_is_found_by_walking_up() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("a/b");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::write(
        dir.path().join(".platformctl.yaml"),
        "lint:\n  ignore: [{rule: PC2010, reason: spare by design}]\n  exclude: ['skip/**']\n",
    )
    .unwrap();
    let template = std::fs::read_to_string("tests/fixtures/lint/warnings-only.yaml").unwrap();
    std::fs::write(nested.join("t.yaml"), &template).unwrap();
    std::fs::create_dir_all(nested.join("skip")).unwrap();
    std::fs::write(nested.join("skip/bad.yaml"), "Resources: {}\n").unwrap();
    let output = platformctl()
        .current_dir(&nested)
        .args(["lint", "--warnings-as-errors", "."])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert_eq!(stdout, "1 template(s) linted: no findings\n");
}

#[test]
fn every_synthesized_example_lints_clean() {
    for spec in examples() {
        let dir = synth(&spec);
        let out = dir.path().join("out");
        let output = platformctl()
            .args([
                "lint",
                "--format",
                "json",
                "--warnings-as-errors",
                "--region",
            ])
            .arg(region_of(&out))
            .arg(&out)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(stdout, "[]\n", "{} has findings", stem(&spec));
        assert_eq!(output.status.code(), Some(0));
    }
}

/// The region synth wrote for, from its manifest (a fleet's spec may inherit it).
fn region_of(out: &Path) -> String {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    manifest["region"].as_str().unwrap().to_owned()
}

#[test]
fn a_5000_resource_template_lints_correctly() {
    let dir = tempfile::tempdir().unwrap();
    let mut resources = serde_json::Map::new();
    for i in 0..5000 {
        let previous = format!("Topic{}", i.max(1) - 1);
        resources.insert(
            format!("Topic{i}"),
            serde_json::json!({
                "Type": "AWS::SNS::Topic",
                "Properties": {
                    "TopicName": { "Fn::Sub": format!("t{i}-${{AWS::StackName}}") },
                    "DisplayName": if i == 0 { serde_json::json!("first") } else { serde_json::json!({ "Fn::GetAtt": [previous, "TopicName"] }) }
                }
            }),
        );
    }
    let template =
        serde_json::json!({ "AWSTemplateFormatVersion": "2010-09-09", "Resources": resources });
    let file = dir.path().join("big.json");
    std::fs::write(&file, serde_json::to_string(&template).unwrap()).unwrap();
    let output = platformctl()
        .args(["lint", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let found: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let codes: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    // Over the resource quota, and (informational) too big to pass inline: nothing else.
    assert_eq!(codes, ["PC4004", "PC4001"]);
}

/// The Lambda runtime lifecycle is judged as of `--today`: python3.10 is deprecated on
/// 2026-10-31 and blocked for new functions from 2027-02-01.
#[test]
fn runtime_verdicts_follow_the_day_given() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fn.yaml");
    std::fs::write(
        &path,
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: arn:aws:iam::123456789012:role/fn\n      Runtime: python3.10\n      Handler: index.handler\n      Code:\n        ZipFile: x\n",
    )
    .unwrap();
    let file = path.to_str().unwrap();
    let on = |day: &str| {
        let (code, stdout, stderr) = run(&["lint", "--today", day, file]);
        (code, format!("{stdout}{stderr}"))
    };
    let (code, out) = on("2026-06-01");
    assert_eq!((code, out.contains("no findings")), (0, true), "{out}");
    let (code, out) = on("2026-12-02");
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("warning[PC3903]") && out.contains("in 61 day(s)"),
        "{out}"
    );
    let (code, out) = on("2027-02-01");
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[PC3904]") && out.contains(":6:16:"),
        "{out}"
    );
    let (code, _) = on("2027-02-30");
    assert_eq!(code, 2);
}

/// Regression: a nested stack's template is always deployed from S3, so its size above
/// 51,200 bytes is no finding when its parent is linted in the same run; alone, it is.
#[test]
fn a_large_child_of_a_parent_in_the_run_is_not_told_to_go_through_s3() {
    let dir = tempfile::tempdir().unwrap();
    let child = format!(
        "Description: '{}'\nResources:\n  T:\n    Type: AWS::SNS::Topic\n",
        "x".repeat(60_000)
    );
    std::fs::write(dir.path().join("child.template.yaml"), child).unwrap();
    std::fs::write(
        dir.path().join("parent.yaml"),
        "Parameters:\n  Bucket:\n    Type: String\nResources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: !Sub https://${Bucket}.s3.amazonaws.com/child.template.yaml\n",
    )
    .unwrap();
    let codes = |paths: &[std::path::PathBuf]| -> Vec<String> {
        let output = platformctl()
            .args(["lint", "--format", "json"])
            .args(paths)
            .output()
            .unwrap();
        let found: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(codes(&[dir.path().to_path_buf()]), Vec::<String>::new());
    assert_eq!(codes(&[dir.path().join("child.template.yaml")]), ["PC4004"]);
}
