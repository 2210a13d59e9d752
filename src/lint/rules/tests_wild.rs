//! Templates as people write them beyond plain CloudFormation: custom resources, modules,
//! SAM, AWS::LanguageExtensions, conditional nested-stack parameters and preprocessor tags.
//! Each valid form lints clean; the nearest invalid one is still caught.

use std::collections::HashMap;

use crate::lint::rule::Findings;
use crate::lint::testkit::{findings, rule_ids, today, with_resources};

#[test]
fn custom_resources_may_carry_a_version() {
    for kind in ["Custom::Seeder", "AWS::CloudFormation::CustomResource"] {
        let t = with_resources(&format!(
            "  S:\n    Type: {kind}\n    Version: \"1.0\"\n    Properties:\n      ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:f\n      Rows: 3\n"
        ));
        assert_eq!(rule_ids(&t), Vec::<&str>::new(), "{kind}");
    }
    let t = with_resources("  T:\n    Type: AWS::SNS::Topic\n    Version: \"1.0\"\n");
    assert_eq!(rule_ids(&t), ["PC1006"]);
}

#[test]
fn ignore_globals_is_a_sam_attribute_under_its_transform() {
    let body = "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    IgnoreGlobals: \"*\"\n    Properties:\n      Handler: a.b\n";
    let sam = format!("Transform: AWS::Serverless-2016-10-31\n{body}");
    assert_eq!(rule_ids(&sam), Vec::<&str>::new());
    assert_eq!(rule_ids(body), ["PC1006"]);
}

#[test]
fn for_each_loops_in_conditions_and_outputs() {
    let t = "Transform: AWS::LanguageExtensions\nConditions:\n  Fn::ForEach::Checks:\n    - Name\n    - [A, B]\n    - Is${Name}: !Equals [!Ref AWS::Region, us-east-1]\nResources:\n  Fn::ForEach::Topics:\n    - Name\n    - [A, B]\n    - Topic${Name}:\n        Type: AWS::SNS::Topic\nOutputs:\n  Fn::ForEach::Arns:\n    - Name\n    - [A, B]\n    - Arn${Name}:\n        Value: !Ref\n          Fn::Sub: Topic${Name}\n";
    assert_eq!(rule_ids(t), Vec::<&str>::new());
    // Without the loop form, an output must still be a mapping with a Value.
    let topic = with_resources("  T:\n    Type: AWS::SNS::Topic\n");
    let bad = format!("{topic}Outputs:\n  Arns: [a, b]\n");
    assert_eq!(rule_ids(&bad), ["PC1004"]);
}

#[test]
fn module_resources_are_named_after_their_module() {
    let t = with_resources(
        "  Logs:\n    Type: Example::Storage::Bucket::MODULE\n    Properties:\n      Name: x\n  T:\n    Type: AWS::SNS::Topic\n    DependsOn: LogsBucket\n    Properties:\n      TopicName: !Ref Logs.Bucket\n      DisplayName: !GetAtt LogsBucket.Arn\n",
    );
    assert_eq!(rule_ids(&t), Vec::<&str>::new());
    // A name no module or resource begins is still dangling.
    let t = with_resources(
        "  Logs:\n    Type: Example::Storage::Bucket::MODULE\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref Audit.Bucket\n",
    );
    assert_eq!(rule_ids(&t), ["PC2001"]);
}

#[test]
fn nested_parameters_under_fn_if_are_judged_per_branch() {
    let dir = tempfile::tempdir().unwrap();
    let child = "Parameters:\n  Name:\n    Type: String\nResources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref Name\n";
    std::fs::write(dir.path().join("child.yaml"), child).unwrap();
    let parent = |parameters: &str| {
        let text = format!("Conditions:\n  P: !Equals [!Ref AWS::Region, us-east-1]\nResources:\n  S:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: https://example.com/child.yaml\n      Parameters: {parameters}\n");
        let path = dir.path().join("parent.yaml");
        std::fs::write(&path, text).unwrap();
        let template = crate::lint::load::read(&path).unwrap();
        let mut out = Findings::default();
        super::run(&template, &HashMap::new(), &[], today(), &mut out);
        let mut found: Vec<(&str, String)> = out
            .into_vec()
            .into_iter()
            .map(|f| (f.rule, f.path.to_string()))
            .collect();
        found.sort();
        found
    };
    assert_eq!(
        parent("!If [P, {Name: a}, {Name: b}]"),
        Vec::<(&str, String)>::new()
    );
    assert_eq!(parent("!If [P, {Name: a}, !Ref AWS::NoValue]"), []);
    let path = "Resources.S.Properties.Parameters.Fn::If[2]";
    assert_eq!(
        parent("!If [P, {Name: a}, {Nmae: b}]"),
        [
            ("PC5001", path.to_owned()),
            ("PC5002", format!("{path}.Nmae"))
        ]
    );
}

#[test]
fn unknown_tags_are_reported_where_they_are() {
    let t = with_resources("  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: !Rain::Embed name.txt\n");
    let f = findings(&t);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].rule, "PC2030");
    assert_eq!(f[0].path.to_string(), "Resources.T.Properties.DisplayName");
    assert_eq!(f[0].pos.line, 6);
    assert!(f[0].message.contains("!Rain::Embed"), "{}", f[0].message);
    // Anywhere in the template, not only where functions are walked.
    let t = "Parameters:\n  P:\n    Type: String\n    Default: !Include::Text x\nResources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref P\n";
    assert_eq!(rule_ids(t), ["PC2030"]);
}

#[test]
fn a_macro_may_define_tags_but_aws_transforms_do_not() {
    let body = "Resources:\n  S:\n    Type: Custom::Thing\n    Properties:\n      ServiceToken: x\n      Script: !Rain::Embed run.py\n";
    assert_eq!(
        rule_ids(&format!("Transform: Acme::Preprocess\n{body}")),
        Vec::<&str>::new()
    );
    assert_eq!(
        rule_ids(&format!(
            "Transform: [AWS::LanguageExtensions, Acme::Preprocess]\n{body}"
        )),
        Vec::<&str>::new()
    );
    assert_eq!(
        rule_ids(&format!("Transform: AWS::Serverless-2016-10-31\n{body}")),
        ["PC2030"]
    );
    assert_eq!(rule_ids(body), ["PC2030"]);
}

/// Fn::GetStackOutput reads another stack's output, across regions and accounts: a known
/// function, with a mapping of StackName and OutputName (Region and RoleArn optional).
#[test]
fn get_stack_output_is_a_function_with_its_own_arguments() {
    let t = |arg: &str| {
        crate::lint::testkit::rule_ids(&crate::lint::testkit::with_resources(&format!(
            "  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName:\n        Fn::GetStackOutput: {arg}\n"
        )))
    };
    assert_eq!(
        t("{StackName: producer, OutputName: TopicName, Region: us-west-2}"),
        Vec::<&str>::new()
    );
    assert_eq!(t("{StackName: producer}"), ["PC2031"]);
}

/// Templates as cfn-lint's own good fixtures write them: a macro call as a function's
/// argument, a condition loop that refers by a substituted name, and a Lambda function
/// whose code is a local path for `aws cloudformation package`.
#[test]
fn macro_arguments_condition_loops_and_packaged_paths_are_valid() {
    let macro_sub = "  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName:\n        Fn::Sub:\n          Fn::Transform:\n            Name: Render\n";
    assert_eq!(
        rule_ids(&format!("Transform: Render\nResources:\n{macro_sub}")),
        Vec::<&str>::new()
    );
    let loop_conditions = "Transform: AWS::LanguageExtensions\nParameters:\n  ParamA:\n    Type: String\nConditions:\n  Fn::ForEach::Checks:\n    - Name\n    - [A]\n    - Is${Name}:\n        Fn::Equals: [!Ref {Fn::Sub: 'Param${Name}'}, 'on']\nResources:\n  T:\n    Type: AWS::SNS::Topic\n";
    assert!(!rule_ids(loop_conditions).contains(&"PC2031"));
    let packaged = "  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code: ./src\n      Handler: index.handler\n      Runtime: python3.13\n      Role: arn:aws:iam::123456789012:role/fn\n";
    assert_eq!(
        rule_ids(&format!("Resources:\n{packaged}")),
        Vec::<&str>::new()
    );
    // A wrong shape that is not a path is still one.
    let wrong = packaged.replace("Code: ./src", "Code: [1]");
    assert!(rule_ids(&format!("Resources:\n{wrong}")).contains(&"PC3003"));
}
