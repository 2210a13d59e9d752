//! The rules AWS enforces beyond the provider schemas: the edges the corpus does not show
//! (values only known at deploy time, shapes that are someone else's syntax, odd input).

use crate::lint::testkit::{rule_ids, with_resources};

fn ids(resources: &str) -> Vec<&'static str> {
    rule_ids(&with_resources(resources))
}

#[test]
fn computed_values_are_left_alone() {
    // A key attribute from a condition, a runtime from a parameter: not known here.
    let table = "  T:\n    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Retain\n    Properties:\n      AttributeDefinitions:\n        - !If [C, {AttributeName: A, AttributeType: S}, !Ref AWS::NoValue]\n      KeySchema:\n        - {AttributeName: B, KeyType: HASH}\n";
    assert!(!ids(table).contains(&"PC3920"));
    let zone = "  S:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: !Select [0, !GetAZs {Ref: AWS::Region}]\n";
    assert!(!ids(zone).contains(&"PC2036"));
    let failover = "  C:\n    Type: AWS::ElastiCache::ReplicationGroup\n    DeletionPolicy: Snapshot\n    Properties:\n      ReplicationGroupDescription: x\n      AutomaticFailoverEnabled: true\n      NumCacheClusters: !Ref Count\n";
    assert!(!ids(failover).contains(&"PC3923"));
}

#[test]
fn other_substitution_syntaxes_pass() {
    let t = "  Q:\n    Type: AWS::SQS::Queue\n    DeletionPolicy: Delete\n    Properties:\n      QueueName: jobs-${aws:username}-${HOME}-${!Q}\n";
    assert!(!ids(t).contains(&"PC2035"));
    let t = "  Q:\n    Type: AWS::SQS::Queue\n    DeletionPolicy: Delete\n    Properties:\n      QueueName: jobs-${Q.Arn}\n";
    assert_eq!(ids(t), ["PC2035"]);
    // An unclosed `${` is just text.
    let t = "  Q:\n    Type: AWS::SQS::Queue\n    DeletionPolicy: Delete\n    Properties:\n      QueueName: jobs-${Q\n";
    assert!(!ids(t).contains(&"PC2035"));
}

#[test]
fn policy_documents_in_every_holder_are_checked() {
    let t = "  K:\n    Type: AWS::KMS::Key\n    DeletionPolicy: Retain\n    Properties:\n      KeyPolicy:\n        Statement:\n          Effect: Allow\n          Principal: {Account: \"1\"}\n          Action: [kms:*, \"kms decrypt\"]\n          Resource: \"*\"\n";
    assert_eq!(ids(t), ["PC3931", "PC3932"]);
    // A document as a JSON string is IAM's to parse.
    let t = "  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      Roles: [r]\n      PolicyDocument: '{\"Statement\": []}'\n";
    assert!(!ids(t).iter().any(|r| r.starts_with("PC393")));
}

#[test]
fn ids_and_duplicates_follow_the_schema_and_the_service() {
    let t = "  E:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      VpcId: vpc-0123456789abcdef0\n      ServiceName: com.amazonaws.us-east-1.s3\n      SubnetIds: [subnet-12345678, subnet-12345678, !Ref AWS::NoValue, !Ref AWS::NoValue]\n      SecurityGroupIds: [sg-XYZ]\n";
    assert_eq!(ids(t), ["PC3012", "PC3940"]);
    // Cloud9 names images by alias: not an EC2 ID.
    let t = "  C:\n    Type: AWS::Cloud9::EnvironmentEC2\n    Properties:\n      InstanceType: t3.small\n      ImageId: amazonlinux-2023-x86_64\n";
    assert!(!ids(t).contains(&"PC3940"));
}

#[test]
fn subnets_overlap_only_within_one_vpc_and_unconditionally() {
    let subnet = |id: &str, vpc: &str, cidr: &str, cond: &str| {
        format!("  {id}:\n    Type: AWS::EC2::Subnet\n{cond}    Properties:\n      VpcId: {vpc}\n      CidrBlock: {cidr}\n")
    };
    let two_vpcs = subnet("A", "vpc-0123456789abcdef0", "10.0.0.0/24", "")
        + &subnet("B", "vpc-0123456789abcdef1", "10.0.0.0/24", "");
    assert!(!ids(&two_vpcs).contains(&"PC3950"));
    let conditional = subnet("A", "vpc-0123456789abcdef0", "10.0.0.0/24", "")
        + &subnet(
            "B",
            "vpc-0123456789abcdef0",
            "10.0.0.0/24",
            "    Condition: Other\n",
        );
    assert!(!ids(&conditional).contains(&"PC3950"));
    let same = subnet("A", "vpc-0123456789abcdef0", "10.0.0.0/24", "")
        + &subnet("B", "vpc-0123456789abcdef0", "10.0.0.128/25", "");
    assert!(ids(&same).contains(&"PC3950"));
}
