//! `platformctl synth` end to end: every example renders, deterministically and atomically.

use std::fs;

use crate::support::{examples, platformctl, stem, synth};

#[test]
fn every_example_synthesizes_its_parents_and_their_nested_stacks() {
    for spec in examples() {
        let dir = synth(&spec);
        let out = dir.path().join("out");
        let manifest: serde_json::Value =
            serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
        let stacks: Vec<&str> = manifest["stacks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["stack"].as_str().unwrap())
            .collect();
        assert!(
            stacks.contains(&"security"),
            "{}: no security stack",
            stem(&spec)
        );
        // A network stack exactly when the spec declares a network.
        let declares_network = fs::read_to_string(&spec).unwrap().contains("\nnetwork:");
        assert_eq!(
            stacks.contains(&"network"),
            declares_network,
            "{}: network stack",
            stem(&spec)
        );
        let parents: Vec<&str> = manifest["parents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["stack"].as_str().unwrap())
            .collect();
        assert_eq!(parents[0], "foundation", "{}", stem(&spec));
        assert!(parents.len() <= 2 && parents[1..] == ["application"][..parents.len() - 1]);
        let mut nested = 0;
        for name in &parents {
            let parent: serde_json::Value = serde_json::from_slice(
                &fs::read(out.join(format!("{name}.template.json"))).unwrap(),
            )
            .unwrap();
            let resources = parent["Resources"].as_object().unwrap();
            // Besides the nested stacks, a parent holds only the monitoring dashboard and
            // (the foundation) the SSM parameters the application reads.
            nested += resources
                .values()
                .filter(|r| r["Type"] == "AWS::CloudFormation::Stack")
                .count();
            assert!(resources
                .values()
                .all(|r| r["Type"] == "AWS::CloudFormation::Stack"
                    || r["Type"] == "AWS::CloudWatch::Dashboard"
                    || (r["Type"] == "AWS::SSM::Parameter" && *name == "foundation")));
            for (id, resource) in resources {
                if resource["Type"] != "AWS::CloudFormation::Stack" {
                    continue;
                }
                let url = resource["Properties"]["TemplateURL"]["Fn::Sub"]
                    .as_str()
                    .unwrap();
                let file = url.rsplit('}').next().unwrap();
                assert!(out.join(file).is_file(), "{id} points at missing {file}");
            }
        }
        assert_eq!(nested, stacks.len(), "one parent resource per nested stack");
        for entry in manifest["stacks"].as_array().unwrap() {
            let bytes = fs::read(out.join(entry["file"].as_str().unwrap())).unwrap();
            assert_eq!(entry["bytes"].as_u64().unwrap() as usize, bytes.len());
        }
    }
}

#[test]
fn the_same_spec_gives_byte_identical_output() {
    for spec in examples() {
        let a = synth(&spec);
        let b = synth(&spec);
        let files = |d: &tempfile::TempDir| {
            let out = d.path().join("out");
            crate::support::files_below(&out)
                .into_iter()
                .map(|name| {
                    let bytes = fs::read(out.join(&name)).unwrap();
                    (name, bytes)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(files(&a), files(&b), "{} differs between runs", stem(&spec));
    }
}

#[test]
fn nested_stack_parameters_are_all_passed_by_the_parent() {
    for spec in examples() {
        let dir = synth(&spec);
        let out = dir.path().join("out");
        let parents = ["foundation", "application"]
            .map(|p| out.join(format!("{p}.template.json")))
            .into_iter()
            .filter(|p| p.is_file());
        let resources: Vec<(String, serde_json::Value)> = parents
            .flat_map(|p| {
                let parent: serde_json::Value =
                    serde_json::from_slice(&fs::read(p).unwrap()).unwrap();
                parent["Resources"].as_object().unwrap().clone().into_iter()
            })
            .collect();
        for (id, resource) in &resources {
            if resource["Type"] != "AWS::CloudFormation::Stack" {
                continue;
            }
            let url = resource["Properties"]["TemplateURL"]["Fn::Sub"]
                .as_str()
                .unwrap();
            let file = url.rsplit('}').next().unwrap();
            let child: serde_json::Value =
                serde_json::from_slice(&fs::read(out.join(file)).unwrap()).unwrap();
            let declared: Vec<&String> = child["Parameters"]
                .as_object()
                .map(|m| m.keys().collect())
                .unwrap_or_default();
            let passed: Vec<&String> = resource["Properties"]["Parameters"]
                .as_object()
                .map(|m| m.keys().collect())
                .unwrap_or_default();
            assert_eq!(declared, passed, "{}: {id} parameters", stem(&spec));
        }
    }
}

#[test]
fn yaml_format_writes_yaml_templates_beside_the_json_ones() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let status = platformctl()
        .args(["synth", "examples/tdp.yaml", "--format", "yaml", "-o"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let parent = fs::read_to_string(out.join("foundation.template.yaml")).unwrap();
    assert!(
        parent.contains("network.template.yaml"),
        "the YAML parent points at YAML children"
    );
    let network: serde_yaml::Value =
        serde_yaml::from_str(&fs::read_to_string(out.join("network.template.yaml")).unwrap())
            .unwrap();
    let json: serde_yaml::Value =
        serde_json::from_slice(&fs::read(out.join("network.template.json")).unwrap()).unwrap();
    assert_eq!(
        network, json,
        "YAML and JSON renderings hold the same template"
    );
}

/// Guards the atomic write: an invalid spec must not create, empty or alter DIR.
#[test]
fn a_failed_synth_leaves_the_output_directory_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert!(synth_into("examples/tdp.yaml", &out).success());
    let before = fs::read(out.join("network.template.json")).unwrap();

    let bad = dir.path().join("bad.yaml");
    let text = fs::read_to_string(crate::support::root().join("examples/tdp.yaml"))
        .unwrap()
        .replace("10.40.32.0/19", "10.40.32.0/33");
    fs::write(&bad, text).unwrap();
    let status = synth_into(bad.to_str().unwrap(), &out);
    assert_eq!(status.code(), Some(2));
    assert_eq!(fs::read(out.join("network.template.json")).unwrap(), before);
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "no staging directories left behind: {leftovers:?}"
    );
}

#[test]
fn synth_refuses_to_replace_a_directory_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("precious.txt"), "keep me").unwrap();
    let status = synth_into("examples/tdp.yaml", dir.path());
    assert_eq!(status.code(), Some(2));
    assert_eq!(
        fs::read_to_string(dir.path().join("precious.txt")).unwrap(),
        "keep me"
    );
}

fn synth_into(spec: &str, out: &std::path::Path) -> std::process::ExitStatus {
    platformctl()
        .args(["synth", spec, "-o"])
        .arg(out)
        .output()
        .unwrap()
        .status
}
