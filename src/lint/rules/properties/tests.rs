//! Each property rule, the CloudFormation leniencies that must not be flagged, and the
//! embedded data's patterns.

use super::*;
use crate::yaml::{load, Segment};

/// The rule ids `check_resource` reports for the one resource in `yaml`.
fn rules(yaml: &str) -> Vec<&'static str> {
    findings(yaml).iter().map(|f| f.rule).collect()
}

fn findings(yaml: &str) -> Vec<Finding> {
    let resource = load(yaml).expect("test YAML parses");
    let kind = match &resource.get("Type").expect("Type").value {
        crate::yaml::Value::Str(s) => s.clone(),
        other => panic!("Type is {other:?}"),
    };
    check_resource(&kind, &resource, &KeyPath::root().key("Resources").key("R"))
}

#[test]
fn a_valid_bucket_has_no_findings() {
    let yaml = "Type: AWS::S3::Bucket\nProperties:\n  BucketName: my-data-bucket\n  VersioningConfiguration:\n    Status: Enabled\n  Tags:\n    - Key: team\n      Value: data\n";
    assert_eq!(rules(yaml), Vec::<&str>::new());
}

#[test]
fn unknown_resource_type_is_pc3000_with_a_suggestion() {
    let f = findings("Type: AWS::S3::Buckett\n");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].rule, "PC3000");
    assert!(f[0].message.contains("AWS::S3::Bucket"), "{}", f[0].message);
    assert_eq!(f[0].pos.line, 1);
}

#[test]
fn custom_and_known_unkept_types_are_not_flagged() {
    assert!(rules("Type: Custom::Thing\nProperties:\n  Anything: 1\n").is_empty());
    assert!(rules(
        "Type: AWS::CloudFormation::CustomResource\nProperties:\n  ServiceToken: x\n  Foo: 1\n"
    )
    .is_empty());
}

#[test]
fn every_published_type_is_checked() {
    // Types outside the ones the renderer emits, from services templates in the wild use.
    let mut pipe = rules("Type: AWS::Pipes::Pipe\nProperties:\n  Whatever: 1\n");
    pipe.sort_unstable();
    assert_eq!(pipe, ["PC3001", "PC3001", "PC3001", "PC3002"]);
    assert_eq!(
        rules("Type: AWS::ServiceDiscovery::PrivateDnsNamespace\nProperties:\n  Name: x\n  Vpc: vpc-1\n  Colour: red\n"),
        ["PC3002"]
    );
}

#[test]
fn read_only_properties_set_are_pc3011() {
    let f = findings(
        "Type: AWS::SQS::Queue\nProperties:\n  QueueName: jobs\n  Arn: arn:aws:sqs:us-east-1:123456789012:jobs\n",
    );
    assert_eq!(f.iter().map(|f| f.rule).collect::<Vec<_>>(), ["PC3011"]);
    assert_eq!(f[0].path.to_string(), "Resources.R.Properties.Arn");
    assert_eq!(f[0].pos.line, 4);
    // Nested; a read-only object is reported once, not again for its read-only fields.
    let db = "Type: AWS::RDS::DBInstance\nProperties:\n  DBInstanceClass: db.t3.micro\n  Engine: postgres\n";
    assert_eq!(
        rules(&format!("{db}  Endpoint:\n    Address: x\n")),
        ["PC3011"]
    );
    let f = findings(&format!("{db}  MasterUserSecret:\n    SecretArn: x\n"));
    assert_eq!(f.iter().map(|f| f.rule).collect::<Vec<_>>(), ["PC3011"]);
    assert_eq!(
        f[0].path.to_string(),
        "Resources.R.Properties.MasterUserSecret.SecretArn"
    );
    // Read-only and create-only at once is a schema contradiction: not reported.
    assert!(rules("Type: AWS::Signer::SigningProfile\nProperties:\n  PlatformId: AWSLambda-SHA384-ECDSA\n  ProfileName: releases\n").is_empty());
    // A value behind a function is not followed.
    assert!(rules("Type: AWS::SQS::Queue\nProperties:\n  Arn: !Ref X\n").contains(&"PC3011"));
    assert!(rules(&format!(
        "{db}  MasterUserSecret: !If [C, {{SecretArn: x}}, !Ref AWS::NoValue]\n"
    ))
    .is_empty());
}

#[test]
fn missing_required_property_is_pc3001() {
    let f = findings("Type: AWS::EC2::Subnet\nProperties:\n  CidrBlock: 10.0.0.0/24\n");
    assert_eq!(f.iter().map(|f| f.rule).collect::<Vec<_>>(), ["PC3001"]);
    assert!(f[0].message.contains("VpcId"));
    assert_eq!(f[0].path.to_string(), "Resources.R.Properties.VpcId");
    // No Properties at all.
    assert_eq!(rules("Type: AWS::EC2::Subnet\n"), ["PC3001"]);
}

#[test]
fn nested_required_property_is_pc3001() {
    let yaml = "Type: AWS::S3::Bucket\nProperties:\n  Tags:\n    - Key: team\n";
    let f = findings(yaml);
    assert_eq!(f.iter().map(|f| f.rule).collect::<Vec<_>>(), ["PC3001"]);
    assert!(f[0].path.to_string().ends_with("Tags[0].Value"));
}

#[test]
fn unknown_property_is_pc3002_with_did_you_mean() {
    let f = findings("Type: AWS::S3::Bucket\nProperties:\n  BucketNmae: x\n");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].rule, "PC3002");
    assert!(
        f[0].message.contains("did you mean `BucketName`"),
        "{}",
        f[0].message
    );
    assert_eq!((f[0].pos.line, f[0].pos.col), (3, 3));
    let far = findings("Type: AWS::S3::Bucket\nProperties:\n  Completely: x\n");
    assert!(!far[0].message.contains("did you mean"));
}

#[test]
fn wrong_type_is_pc3003() {
    assert_eq!(
        rules("Type: AWS::SQS::Queue\nProperties:\n  DelaySeconds: soon\n"),
        ["PC3003"]
    );
    assert_eq!(
        rules("Type: AWS::SQS::Queue\nProperties:\n  FifoQueue: [true]\n"),
        ["PC3003"]
    );
    assert_eq!(
        rules("Type: AWS::S3::Bucket\nProperties:\n  Tags:\n    Key: a\n"),
        ["PC3003"]
    );
    assert_eq!(
        rules("Type: AWS::S3::Bucket\nProperties:\n  BucketName: {a: b}\n"),
        ["PC3003"]
    );
}

#[test]
fn cloudformation_scalar_conversions_are_not_flagged() {
    // Numeric string for an integer, string booleans, numbers and booleans as strings.
    let yaml = "Type: AWS::SQS::Queue\nProperties:\n  DelaySeconds: \"30\"\n  FifoQueue: \"true\"\n  QueueName: 12345.fifo\n  ContentBasedDeduplication: \"False\"\n  MessageRetentionPeriod: 345600\n";
    assert_eq!(rules(yaml), Vec::<&str>::new());
    let yaml = "Type: AWS::SSM::Parameter\nProperties:\n  Type: String\n  Value: 42\n";
    assert_eq!(rules(yaml), Vec::<&str>::new());
    let yaml = "Type: AWS::SSM::Parameter\nProperties:\n  Type: String\n  Value: true\n";
    assert_eq!(rules(yaml), Vec::<&str>::new());
    // An enum of integers accepts the number written as a string.
    let yaml = "Type: AWS::Logs::LogGroup\nProperties:\n  RetentionInDays: \"30\"\n";
    assert_eq!(rules(yaml), Vec::<&str>::new());
}

#[test]
fn intrinsic_functions_are_not_type_checked() {
    let yaml = "Type: AWS::EC2::Subnet\nProperties:\n  VpcId: !Ref Vpc\n  CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]\n  MapPublicIpOnLaunch: {\"Fn::If\": [Public, true, false]}\n";
    assert_eq!(rules(yaml), Vec::<&str>::new());
    let yaml = "Type: AWS::SQS::Queue\nProperties:\n  DelaySeconds: {Ref: Delay}\n";
    assert!(rules(yaml).is_empty());
    let yaml = "Type: AWS::SQS::Queue\nProperties: !If [Cond, {DelaySeconds: 5}, {}]\n";
    assert!(rules(yaml).is_empty());
}

#[test]
fn enum_is_pc3004() {
    let f = findings("Type: AWS::Logs::LogGroup\nProperties:\n  RetentionInDays: 31\n");
    assert_eq!(f.iter().map(|f| f.rule).collect::<Vec<_>>(), ["PC3004"]);
    assert_eq!(f[0].pos.line, 3);
    assert_eq!(rules("Type: AWS::EC2::VPCEndpoint\nProperties:\n  VpcId: vpc-0123456789abcdef0\n  ServiceName: com.amazonaws.us-east-1.s3\n  VpcEndpointType: Gatewya\n"), ["PC3004"]);
}

#[test]
fn range_is_pc3005() {
    assert_eq!(
        rules("Type: AWS::SQS::Queue\nProperties:\n  DelaySeconds: 901\n"),
        ["PC3005"]
    );
    assert!(rules("Type: AWS::SQS::Queue\nProperties:\n  DelaySeconds: 900\n").is_empty());
}

#[test]
fn length_is_pc3006() {
    let key = "k".repeat(129);
    let yaml =
        format!("Type: AWS::S3::Bucket\nProperties:\n  Tags:\n    - Key: {key}\n      Value: v\n");
    assert_eq!(rules(&yaml), ["PC3006"]);
}

#[test]
fn pattern_is_pc3007() {
    let yaml = "Type: AWS::S3::Bucket\nProperties:\n  BucketName: Not_A_Valid_Bucket\n";
    assert_eq!(rules(yaml), ["PC3007"]);
}

#[test]
fn item_count_is_pc3008() {
    let arns: String = (0..6)
        .map(|i| format!("    - arn:aws:sns:us-east-1:123456789012:t{i}\n"))
        .collect();
    let yaml = format!("Type: AWS::CloudFormation::Stack\nProperties:\n  TemplateURL: https://example.com/t.json\n  NotificationARNs:\n{arns}");
    assert_eq!(rules(&yaml), ["PC3008"]);
    // An `Fn::If` item may vanish (AWS::NoValue): the count is then not known.
    let yaml =
        format!("{yaml}    - !If [C, arn:aws:sns:us-east-1:123456789012:x, !Ref AWS::NoValue]\n");
    assert!(rules(&yaml).is_empty());
}

#[test]
fn sns_protocol_outside_the_published_set_is_pc3901() {
    let yaml = "Type: AWS::SNS::Subscription\nProperties:\n  TopicArn: arn:aws:sns:us-east-1:123456789012:t\n  Protocol: mail\n  Endpoint: a@example.com\n";
    assert_eq!(rules(yaml), ["PC3901"]);
    let topic = "Type: AWS::SNS::Topic\nProperties:\n  Subscription:\n    - Protocol: sqs\n      Endpoint: arn:aws:sqs:us-east-1:123456789012:q\n    - Protocol: webhook\n      Endpoint: https://example.com\n";
    let f = findings(topic);
    assert_eq!(f.iter().map(|f| f.rule).collect::<Vec<_>>(), ["PC3901"]);
    assert_eq!(f[0].path.segments()[4], Segment::Index(1));
}

#[test]
fn rds_engines_are_checked() {
    assert_eq!(rules("Type: AWS::RDS::DBInstance\nProperties:\n  Engine: postgresql\n  DBInstanceClass: db.t3.micro\n"), ["PC3902"]);
    assert!(rules("Type: AWS::RDS::DBInstance\nProperties:\n  Engine: Postgres\n  DBInstanceClass: db.t3.micro\n").is_empty());
}

#[test]
fn rules_are_listed_once_in_id_order() {
    let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted);
    assert!(RULES
        .iter()
        .all(|r| r.id.starts_with("PC3") && !r.summary.is_empty()));
}

/// Every pattern in the embedded schemas either compiles or is skipped with the regex
/// crate's reason; none panics, and skipping stays the exception.
#[test]
fn every_schema_pattern_compiles_or_is_knowingly_skipped() {
    fn walk(shape: &crate::cfn::shape::Shape, out: &mut Vec<String>) {
        out.extend(shape.pattern.clone());
        out.extend(shape.pattern_properties.keys().cloned());
        for child in shape
            .properties
            .values()
            .chain(shape.pattern_properties.values())
        {
            walk(child, out);
        }
        for child in shape
            .items
            .iter()
            .map(|b| &**b)
            .chain(&shape.any_of)
            .chain(&shape.one_of)
            .chain(&shape.all_of)
        {
            walk(child, out);
        }
    }
    let mut patterns = Vec::new();
    for kind in crate::cfn::types::all() {
        if let Some(schema) = crate::cfn::store::get(kind) {
            for shape in schema
                .properties
                .values()
                .chain(schema.definitions.values())
            {
                walk(shape, &mut patterns);
            }
        }
    }
    assert!(patterns.len() > 100, "{} patterns", patterns.len());
    let skipped: Vec<&String> = patterns
        .iter()
        .filter(|p| matches!(compile_pattern(p), PatternStatus::Skipped(_)))
        .collect();
    assert!(skipped.len() * 20 < patterns.len(), "skipped: {skipped:?}");
    eprintln!(
        "{} patterns, {} skipped: {skipped:?}",
        patterns.len(),
        skipped.len()
    );
}

#[test]
fn a_leading_length_look_ahead_is_dropped_so_the_pattern_still_applies() {
    assert!(matches!(
        compile_pattern("^(?=.{2,256}$)[a-z]+$"),
        PatternStatus::Compiled(_)
    ));
    // Other look-around goes to the backtracking engine and still applies.
    let PatternStatus::Compiled(negative) = compile_pattern("^(?!aws)[a-z]+$") else {
        panic!("a negative look-ahead compiles with the backtracking engine");
    };
    assert!(negative.is_match("platform"));
    assert!(!negative.is_match("awsplatform"));
    let yaml = "Type: AWS::ECR::Repository\nProperties:\n  RepositoryName: platform/images\n";
    assert!(rules(yaml).is_empty());
}

#[test]
fn a_value_fitting_no_one_of_branch_is_pc3009() {
    // EC2 instances name their launch template by name or by ID, each with a version.
    let base = "Type: AWS::EC2::Instance\nProperties:\n  LaunchTemplate:\n";
    assert_eq!(rules(&format!("{base}    Version: \"1\"\n")), ["PC3009"]);
    assert!(rules(&format!(
        "{base}    LaunchTemplateId: lt-0abc\n    Version: \"1\"\n"
    ))
    .is_empty());
}

#[test]
fn a_property_without_the_one_it_depends_on_is_pc3010() {
    let yaml = "Type: AWS::DynamoDB::Table\nProperties:\n  KeySchema:\n    - AttributeName: id\n      KeyType: HASH\n  SSESpecification:\n    SSEEnabled: true\n    KMSMasterKeyId: alias/data\n";
    let f = findings(yaml);
    assert_eq!(f.iter().map(|f| f.rule).collect::<Vec<_>>(), ["PC3010"]);
    assert!(f[0].message.contains("SSEType"), "{}", f[0].message);
    let fixed = yaml.replace("    KMSMasterKeyId", "    SSEType: KMS\n    KMSMasterKeyId");
    assert!(rules(&fixed).is_empty());
}
