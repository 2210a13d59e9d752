//! Property tests in place of a fuzzer (which needs a nightly toolchain): the YAML loader,
//! the spec loader and lint are fed arbitrary bytes, YAML-ish token streams and
//! template-shaped trees. The property is the same for all: an answer (a value, or an
//! error with a line and a column), never a panic. A case proptest shrinks to belongs in
//! `tests/hostile/`. `PROPTEST_CASES` sets the number of cases (256 by default, a few
//! seconds in a debug build).

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::{json, Value};

use platformctl::lint::{self, Options};
use platformctl::{components, spec, yaml};

/// Pieces YAML is made of, the awkward ones included.
const TOKENS: &[&str] = &[
    "a",
    "Resources",
    "AWSTemplateFormatVersion",
    "Type",
    "Properties",
    "AWS::SNS::Topic",
    "AWS::EC2::SecurityGroupIngress",
    "CidrIp",
    "0.0.0.0/0",
    "::0/0",
    "999.1.1.1/33",
    ": ",
    ":",
    "- ",
    "-",
    "? ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "&a ",
    "&b ",
    "*a",
    "*b",
    "!Ref ",
    "!GetAtt ",
    "!Sub ",
    "!!str ",
    "'",
    "\"",
    "\\",
    "#",
    "|",
    ">",
    "%YAML 1.2",
    "---",
    "...",
    "\t",
    " ",
    "  ",
    "\u{feff}",
    "\u{85}",
    "\u{2028}",
    "é",
    "0x1F",
    "1e999",
    "-0",
    "~",
    "null",
];

/// A line of YAML-ish text: indentation, then tokens.
fn line() -> impl Strategy<Value = String> {
    (
        0usize..12,
        proptest::collection::vec(proptest::sample::select(TOKENS), 0..8),
    )
        .prop_map(|(indent, tokens)| format!("{}{}", " ".repeat(indent), tokens.concat()))
}

/// A text of YAML-ish lines: the event streams a scanner meets in real and broken files.
fn yamlish() -> impl Strategy<Value = String> {
    proptest::collection::vec(line(), 0..40).prop_map(|lines| lines.join("\n"))
}

/// A JSON-like tree of bounded size.
fn tree() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        proptest::sample::select(TOKENS).prop_map(|t| Value::String(t.to_owned())),
        "[ -~]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(
            &[
                "Type",
                "Properties",
                "Ref",
                "Fn::GetAtt",
                "Fn::Sub",
                "Fn::If",
                "Fn::Join",
                "Fn::Select",
                "Fn::Cidr",
                "Condition",
                "DependsOn",
                "CidrIp",
                "CidrIpv6",
                "IpProtocol",
                "FromPort",
                "ToPort",
                "SecurityGroupIngress",
                "Metadata",
                "DeletionPolicy",
                "Parameters",
                "Default",
                "AllowedValues",
            ][..]
        )
        .prop_map(str::to_owned),
        "[A-Za-z]{1,8}",
    ]
}

/// A template-shaped document: sections and resources of known types around arbitrary
/// values, so lint's rules see their own keys with the wrong things under them.
fn template() -> impl Strategy<Value = Value> {
    let kind = proptest::sample::select(
        &[
            "AWS::SNS::Topic",
            "AWS::SQS::Queue",
            "AWS::S3::Bucket",
            "AWS::EC2::SecurityGroup",
            "AWS::EC2::SecurityGroupIngress",
            "AWS::IAM::Role",
            "AWS::Lambda::Function",
            "AWS::CloudFormation::Stack",
            "AWS::RDS::DBInstance",
            "Custom::Thing",
        ][..],
    );
    let resource = (kind, tree(), tree()).prop_map(|(kind, properties, extra)| {
        json!({ "Type": kind, "Properties": properties, "Metadata": extra })
    });
    (
        proptest::collection::btree_map("[A-Z][a-z]{0,5}", resource, 0..5),
        tree(),
        tree(),
        tree(),
    )
        .prop_map(|(resources, parameters, conditions, outputs)| {
            json!({
                "AWSTemplateFormatVersion": "2010-09-09",
                "Parameters": parameters,
                "Conditions": conditions,
                "Resources": resources,
                "Outputs": outputs,
            })
        })
}

fn assert_loader_answers(text: &str) {
    if let Err(e) = yaml::load(text) {
        assert!(e.pos().line >= 1 && e.pos().col >= 1, "{e:?}");
    }
}

fn assert_spec_answers(text: &str) {
    if let Err(e) = spec::load_str::<components::Spec>(Path::new("env.yaml"), text) {
        for problem in e.problems() {
            assert!(problem.location.is_some(), "{problem}");
        }
    }
}

/// Lints `bytes` written to a file: the run must end with a report whose every finding
/// is located.
fn assert_lint_answers(bytes: &[u8], name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let report = lint::lint(&[path], &Options::default()).expect("lint runs");
    for d in &report.diagnostics {
        let location = d.location.as_ref().expect("located");
        assert!(location.line.is_some_and(|l| l >= 1), "{d}");
    }
}

proptest! {
    #[test]
    fn the_yaml_loader_answers_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        assert_loader_answers(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn the_yaml_loader_answers_yamlish_text(text in yamlish()) {
        assert_loader_answers(&text);
    }

    #[test]
    fn the_spec_loader_answers_yamlish_text(text in yamlish()) {
        assert_spec_answers(&text);
    }

    #[test]
    fn the_spec_loader_answers_arbitrary_trees(value in tree()) {
        assert_spec_answers(&yaml::emit::to_string(&value));
    }

    #[test]
    fn lint_answers_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        assert_lint_answers(&bytes, "t.yaml");
    }

    #[test]
    fn lint_answers_yamlish_text(text in yamlish()) {
        assert_lint_answers(format!("Resources:\n{text}").as_bytes(), "t.yaml");
    }

    #[test]
    fn lint_answers_template_shaped_trees(value in template()) {
        assert_lint_answers(yaml::emit::to_string(&value).as_bytes(), "t.yaml");
        assert_lint_answers(serde_json::to_string_pretty(&value).unwrap().as_bytes(), "t.json");
    }
}
