//! Each deploy-time rule fires on the template AWS would reject and stays quiet on the
//! corrected one. Only PC8xxx findings are compared, so that a test names what it guards.

use crate::lint::testkit::{findings, with_resources};

fn deploy_ids(text: &str) -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = findings(text)
        .iter()
        .map(|f| f.rule)
        .filter(|id| id.starts_with("PC8"))
        .collect();
    ids.sort_unstable();
    ids
}

fn domain(cluster: &str, subnets: &str) -> String {
    with_resources(&format!(
        "  Search:
    Type: AWS::OpenSearchService::Domain
    Properties:
      EngineVersion: OpenSearch_2.19
      ClusterConfig:
{cluster}
      VPCOptions:
        SubnetIds: {subnets}
"
    ))
}

#[test]
fn an_odd_data_node_count_across_two_zones_is_rejected() {
    let two_zones = "        InstanceType: r6g.large.search\n        InstanceCount: 3\n        ZoneAwarenessEnabled: true";
    let t = domain(two_zones, "[!Ref A, !Ref B]");
    assert_eq!(deploy_ids(&t), ["PC8001"]);
    let findings = findings(&t);
    let message = &findings
        .iter()
        .find(|f| f.rule == "PC8001")
        .unwrap()
        .message;
    assert!(
        message.contains("multiple of 2, such as 2 or 4"),
        "{message}"
    );

    let even = two_zones.replace("InstanceCount: 3", "InstanceCount: 4");
    assert!(deploy_ids(&domain(&even, "[!Ref A, !Ref B]")).is_empty());
}

#[test]
fn three_zones_take_a_multiple_of_three_and_three_subnets() {
    let cluster = "        InstanceCount: 4\n        ZoneAwarenessEnabled: true\n        ZoneAwarenessConfig:\n          AvailabilityZoneCount: 3";
    assert_eq!(
        deploy_ids(&domain(cluster, "[!Ref A, !Ref B]")),
        ["PC8001", "PC8002"]
    );
    let fixed = cluster.replace("InstanceCount: 4", "InstanceCount: 6");
    assert!(deploy_ids(&domain(&fixed, "[!Ref A, !Ref B, !Ref C]")).is_empty());
}

#[test]
fn a_single_zone_domain_takes_one_subnet() {
    let cluster = "        InstanceCount: 1";
    assert_eq!(deploy_ids(&domain(cluster, "[!Ref A, !Ref B]")), ["PC8002"]);
    assert!(deploy_ids(&domain(cluster, "[!Ref A]")).is_empty());
}

#[test]
fn counts_set_by_functions_are_left_to_deploy_time() {
    let cluster = "        InstanceCount: !Ref Nodes\n        ZoneAwarenessEnabled: !Ref ZoneAware";
    assert!(deploy_ids(&domain(cluster, "!Ref Subnets")).is_empty());
}

#[test]
fn the_legacy_elasticsearch_domain_is_judged_alike() {
    let t = with_resources(
        "  Legacy:
    Type: AWS::Elasticsearch::Domain
    Properties:
      ElasticsearchClusterConfig:
        InstanceCount: 5
        ZoneAwarenessEnabled: true
",
    );
    assert_eq!(deploy_ids(&t), ["PC8001"]);
}

#[test]
fn a_retained_resource_with_a_fixed_name_should_retain_except_on_create() {
    let queue = "  Jobs:
    Type: AWS::SQS::Queue
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties:
      QueueName: prod-jobs
";
    let t = with_resources(queue);
    assert_eq!(deploy_ids(&t), ["PC8003"]);
    let finding = &findings(&t)
        .into_iter()
        .find(|f| f.rule == "PC8003")
        .unwrap();
    assert!(
        finding.message.contains("`QueueName`"),
        "{}",
        finding.message
    );
    assert_eq!(finding.path.to_string(), "Resources.Jobs.DeletionPolicy");

    let except = queue.replace(
        "DeletionPolicy: Retain",
        "DeletionPolicy: RetainExceptOnCreate",
    );
    assert!(deploy_ids(&with_resources(&except)).is_empty());
    let unnamed = queue.replace("    Properties:\n      QueueName: prod-jobs\n", "");
    assert!(deploy_ids(&with_resources(&unnamed)).is_empty());
}

#[test]
fn a_name_of_another_resource_does_not_make_a_resource_custom_named() {
    // DBSubnetGroupName names the subnet group, not the instance.
    let t = with_resources(
        "  Db:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Retain
    Properties:
      DBInstanceClass: db.t4g.micro
      Engine: postgres
      DBSubnetGroupName: !Ref Subnets
",
    );
    assert!(deploy_ids(&t).is_empty());
}

const KEY_FOR_ACCOUNT_ONLY: &str = "  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - Sid: Account
            Effect: Allow
            Principal:
              AWS: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root
            Action: kms:*
            Resource: '*'
";

const LOGS_STATEMENT: &str = "          - Sid: Logs
            Effect: Allow
            Principal:
              Service: !Sub logs.${AWS::Region}.amazonaws.com
            Action: [kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey*, kms:Describe*]
            Resource: '*'
";

const LOG_GROUP: &str = "  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 365
      KmsKeyId: !GetAtt Key.Arn
";

#[test]
fn a_log_group_key_must_admit_the_logs_service() {
    let t = with_resources(&format!("{KEY_FOR_ACCOUNT_ONLY}{LOG_GROUP}"));
    assert_eq!(deploy_ids(&t), ["PC8004"]);
    let t = with_resources(&format!(
        "{KEY_FOR_ACCOUNT_ONLY}{LOGS_STATEMENT}{LOG_GROUP}"
    ));
    assert!(deploy_ids(&t).is_empty());
}

#[test]
fn a_key_with_the_default_policy_admits_no_service() {
    let t = with_resources(&format!(
        "  Key:\n    Type: AWS::KMS::Key\n{}",
        "  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: !Ref Bucket
      KMSKeyId: !Ref Key
"
    ));
    assert_eq!(deploy_ids(&t), ["PC8004"]);
}

#[test]
fn encrypted_volumes_of_an_auto_scaling_group_need_the_service_linked_role() {
    let launch = "  Nodes:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        BlockDeviceMappings:
          - DeviceName: /dev/xvda
            Ebs:
              Encrypted: true
              KmsKeyId: !GetAtt Key.Arn
";
    let group = "  Group:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: '1'
      MaxSize: '2'
      LaunchTemplate:
        LaunchTemplateId: !Ref Nodes
        Version: !GetAtt Nodes.LatestVersionNumber
";
    let t = with_resources(&format!("{KEY_FOR_ACCOUNT_ONLY}{launch}{group}"));
    assert_eq!(deploy_ids(&t), ["PC8004"]);
    let findings = findings(&t);
    let finding = findings.iter().find(|f| f.rule == "PC8004").unwrap();
    assert_eq!(
        finding.path.to_string(),
        "Resources.Nodes.Properties.LaunchTemplateData.BlockDeviceMappings[0].Ebs.KmsKeyId"
    );
    // A launch template that no group uses launches through whoever calls RunInstances.
    let t = with_resources(&format!("{KEY_FOR_ACCOUNT_ONLY}{launch}"));
    assert!(deploy_ids(&t).is_empty());
    let slr = "          - Sid: AutoScaling
            Effect: Allow
            Principal:
              AWS: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling
            Action: [kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey, kms:CreateGrant]
            Resource: '*'
";
    let t = with_resources(&format!("{KEY_FOR_ACCOUNT_ONLY}{slr}{launch}{group}"));
    assert!(deploy_ids(&t).is_empty());
}

#[test]
fn a_file_system_policy_of_denies_alone_admits_nobody() {
    let fs = |statements: &str| {
        with_resources(&format!(
            "  Files:
    Type: AWS::EFS::FileSystem
    DeletionPolicy: Retain
    Properties:
      Encrypted: true
      FileSystemPolicy:
        Version: '2012-10-17'
        Statement:
{statements}"
        ))
    };
    let deny = "          - Effect: Deny
            Principal: {AWS: '*'}
            Action: '*'
            Condition: {Bool: {aws:SecureTransport: 'false'}}
";
    assert_eq!(deploy_ids(&fs(deny)), ["PC8005"]);
    let allow = "          - Effect: Allow
            Principal: {AWS: !GetAtt TaskRole.Arn}
            Action: [elasticfilesystem:ClientMount, elasticfilesystem:ClientWrite]
";
    assert!(deploy_ids(&fs(&format!("{deny}{allow}"))).is_empty());
}

/// Regression: a zone count of 0 (out of range, reported by the schema rules) must not be
/// divided by.
#[test]
fn a_zone_count_of_zero_is_left_to_the_schema_rules() {
    let cluster = "        InstanceCount: 3\n        ZoneAwarenessEnabled: true\n        ZoneAwarenessConfig:\n          AvailabilityZoneCount: 0";
    assert!(deploy_ids(&domain(cluster, "[!Ref A]")).is_empty());
}

fn vpc_link(load_balancer: &str) -> String {
    with_resources(&format!(
        "  Link:
    Type: AWS::ApiGateway::VpcLink
    Properties:
      Name: link
      TargetArns: [!Ref Front]
  Front:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Scheme: internal
      Subnets: [subnet-0123456789abcdef0]
{load_balancer}"
    ))
}

#[test]
fn a_vpc_link_to_an_application_load_balancer_is_refused() {
    assert_eq!(deploy_ids(&vpc_link("")), ["PC8006"]);
    assert_eq!(
        deploy_ids(&vpc_link("      Type: application\n")),
        ["PC8006"]
    );
    assert!(deploy_ids(&vpc_link("      Type: network\n")).is_empty());
}

#[test]
fn a_vpc_link_to_a_load_balancer_judging_private_link_traffic_is_flagged() {
    let groups = "      Type: network\n      SecurityGroups: [sg-0123456789abcdef0]\n";
    assert_eq!(deploy_ids(&vpc_link(groups)), ["PC8007"]);
    let off =
        format!("{groups}      EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: \"off\"\n");
    assert!(deploy_ids(&vpc_link(&off)).is_empty());
}
