//! One test module per rule family: each defect triggers its rule, and the correct form
//! of the same template triggers nothing.

use crate::lint::testkit::{findings, rule_ids, with_resources};

const TOPIC: &str = "  T:\n    Type: AWS::SNS::Topic\n";

mod structure {
    use super::*;

    #[test]
    fn a_minimal_template_is_clean() {
        assert_eq!(rule_ids(&with_resources(TOPIC)), Vec::<&str>::new());
    }

    #[test]
    fn unknown_section_version_and_empty_resources() {
        let ids = rule_ids("AWSTemplateFormatVersion: 2010-09-09\nResource: {}\nResources: {}\n");
        assert_eq!(ids, ["PC1001", "PC1003"]);
        let ids = rule_ids(&format!(
            "AWSTemplateFormatVersion: '2011-01-01'\nResources:\n{TOPIC}"
        ));
        assert_eq!(ids, ["PC1002"]);
    }

    #[test]
    fn resource_keys_type_and_policies() {
        let t = with_resources("  T:\n    Type: AWS::SNS::Topic\n    DeletionPolicy: Keep\n    Propertes: {}\n  U:\n    Properties: {}\n");
        assert_eq!(rule_ids(&t), ["PC1005", "PC1006", "PC1007"]);
    }

    #[test]
    fn outputs_need_a_value() {
        let t = format!(
            "{}Outputs:\n  O:\n    Description: x\n",
            with_resources(TOPIC)
        );
        assert_eq!(rule_ids(&t), ["PC1009"]);
    }
}

mod transforms {
    use super::*;

    #[test]
    fn sam_templates_keep_their_globals_and_generated_names() {
        let t = "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function: {Timeout: 3}\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Role: !GetAtt FnRole.Arn\n";
        let ids: Vec<&str> = rule_ids(t)
            .into_iter()
            .filter(|r| !r.starts_with("PC3"))
            .collect();
        assert_eq!(ids, Vec::<&str>::new());
    }

    #[test]
    fn for_each_keys_are_not_resources() {
        let t = "Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Topics:\n    - Name\n    - [A, B]\n    - Topic${Name}:\n        Type: AWS::SNS::Topic\n";
        assert_eq!(rule_ids(t), Vec::<&str>::new());
    }
}

mod parameters {
    use super::*;

    fn with_parameter(p: &str) -> String {
        format!("Parameters:\n  P:\n{p}Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref P\n")
    }

    #[test]
    fn aws_specific_list_and_ssm_types_are_valid() {
        for t in [
            "String",
            "List<AWS::EC2::Subnet::Id>",
            "AWS::EC2::VPC::Id",
            "AWS::SSM::Parameter::Value<String>",
            "AWS::SSM::Parameter::Value<List<AWS::EC2::Subnet::Id>>",
        ] {
            assert_eq!(
                rule_ids(&with_parameter(&format!("    Type: {t}\n"))),
                Vec::<&str>::new(),
                "{t}"
            );
        }
        let ids = rule_ids(&with_parameter("    Type: List<AWS::EC2::Bucket::Id>\n"));
        assert_eq!(ids, ["PC1010"]);
    }

    #[test]
    fn defaults_must_satisfy_their_constraints() {
        let cases = [
            (
                "    Type: String\n    Default: c\n    AllowedValues: [a, b]\n",
                "PC1011",
            ),
            (
                "    Type: String\n    Default: ab1\n    AllowedPattern: '[a-z]+'\n",
                "PC1012",
            ),
            (
                "    Type: String\n    Default: abcd\n    MaxLength: 3\n",
                "PC1013",
            ),
            (
                "    Type: Number\n    Default: 11\n    MaxValue: 10\n",
                "PC1014",
            ),
            ("    Type: String\n    Defualt: x\n", "PC1015"),
        ];
        for (p, rule) in cases {
            assert_eq!(rule_ids(&with_parameter(p)), [rule], "{p}");
        }
        let ok = "    Type: CommaDelimitedList\n    Default: a,b\n    AllowedValues: [a, b]\n";
        assert_eq!(rule_ids(&with_parameter(ok)), Vec::<&str>::new());
    }
}

mod references {
    use super::*;

    #[test]
    fn dangling_names_are_errors() {
        let t = with_resources(
            "  T:\n    Type: AWS::SNS::Topic\n    DependsOn: [Nope]\n    Condition: NoCond\n    Properties:\n      TopicName: !Ref Missing\n      DisplayName: !Sub '${Gone}-${AWS::Region}-${!Literal}'\n      KmsMasterKeyId: !GetAtt Absent.Arn\n",
        );
        assert_eq!(
            rule_ids(&t),
            ["PC2001", "PC2002", "PC2004", "PC2005", "PC2006"]
        );
    }

    #[test]
    fn get_att_attributes_come_from_the_type() {
        let t = with_resources("  Q:\n    Type: AWS::SQS::Queue\n    DeletionPolicy: Delete\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !GetAtt Q.Arn\n      DisplayName: !GetAtt Q.Colour\n");
        let found = findings(&t);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rule, "PC2003");
        assert!(found[0]
            .message
            .contains("AWS::SQS::Queue has no attribute Colour"));
    }

    #[test]
    fn regression_short_and_long_get_att_are_judged_alike() {
        let short = with_resources("  Q:\n    Type: AWS::SQS::Queue\n    DeletionPolicy: Delete\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !GetAtt Q.Nope\n");
        let long = with_resources("  Q:\n    Type: AWS::SQS::Queue\n    DeletionPolicy: Delete\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName:\n        Fn::GetAtt: [Q, Nope]\n");
        let rules = |t: &str| {
            findings(t)
                .into_iter()
                .map(|f| (f.rule, f.message))
                .collect::<Vec<_>>()
        };
        assert_eq!(rules(&short), rules(&long));
        assert_eq!(rules(&short).len(), 1);
    }

    #[test]
    fn find_in_map_and_unused_declarations() {
        let t = "Parameters:\n  Idle:\n    Type: String\nMappings:\n  M:\n    us-east-1: {ami: x}\n  Spare:\n    a: {b: c}\nConditions:\n  Never: !Equals [a, b]\nResources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !FindInMap [M, us-east-1, size]\n";
        assert_eq!(rule_ids(t), ["PC2007", "PC2010", "PC2011", "PC2012"]);
    }

    #[test]
    fn conditions_cannot_ref_resources() {
        let t =
            format!("Conditions:\n  C: !Equals [!Ref T, x]\nResources:\n{TOPIC}    Condition: C\n");
        assert_eq!(rule_ids(&t), ["PC2008"]);
    }

    #[test]
    fn cycles_are_named_in_order() {
        let t = with_resources("  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !GetAtt B.TopicName\n  B:\n    Type: AWS::SNS::Topic\n    DependsOn: C\n  C:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub '${A.TopicName}'\n");
        let found = findings(&t);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rule, "PC2020");
        assert_eq!(found[0].message, "circular dependency: A -> B -> C -> A");
        assert_eq!(found[0].pos.line, 3);
    }
}

mod functions {
    use super::*;

    fn with_value(v: &str) -> String {
        with_resources(&format!(
            "  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: {v}\n"
        ))
    }

    #[test]
    fn arity_and_shapes() {
        for v in [
            "!Join [',']",
            "!Select [a, [x]]",
            "!Split [!Ref AWS::Region, x]",
            "!Base64 [a]",
            "!If [C]",
            "!GetAtt T",
            "!Sub [x, y]",
        ] {
            assert!(rule_ids(&with_value(v)).contains(&"PC2031"), "{v}");
        }
        assert_eq!(
            rule_ids(&with_value("!Join ['-', [a, !Ref AWS::Region]]")),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn unknown_functions_and_places() {
        assert_eq!(rule_ids(&with_value("!Frobnicate x")), ["PC2030"]);
        assert_eq!(rule_ids(&with_value("!Equals [a, b]")), ["PC2033"]);
        let t = format!(
            "Conditions:\n  C: !Or [!Equals [a, b]]\nResources:\n{TOPIC}    Condition: C\n"
        );
        assert_eq!(rule_ids(&t), ["PC2031"]);
    }

    #[test]
    fn cidr_and_select_ranges() {
        assert_eq!(
            rule_ids(&with_value("!Select [0, !Cidr ['10.0.0.0/24', 2, 7]]")),
            Vec::<&str>::new()
        );
        assert_eq!(
            rule_ids(&with_value("!Select [2, !Cidr ['10.0.0.0/24', 2, 7]]")),
            ["PC2034"]
        );
        assert_eq!(
            rule_ids(&with_value("!Select [0, !Cidr ['10.0.0.0/24', 4, 7]]")),
            ["PC2032"]
        );
        assert_eq!(
            rule_ids(&with_value("!Join [',', !Cidr ['10.0.0.0/16', 0, 129]]")),
            ["PC2032", "PC2032"]
        );
        assert_eq!(rule_ids(&with_value("!Select [3, [a, b]]")), ["PC2034"]);
    }
}

mod limits {
    use super::*;

    #[test]
    fn counts_ids_and_sizes() {
        let many: String = (0..451)
            .map(|i| format!("  T{i}:\n    Type: AWS::SNS::Topic\n"))
            .collect();
        assert_eq!(rule_ids(&with_resources(&many)), ["PC4002"]);
        let more: String = (0..501)
            .map(|i| format!("  T{i}:\n    Type: AWS::SNS::Topic\n"))
            .collect();
        assert_eq!(rule_ids(&with_resources(&more)), ["PC4001"]);
        assert_eq!(
            rule_ids(&with_resources("  My-Topic:\n    Type: AWS::SNS::Topic\n")),
            ["PC4005"]
        );
        let padding = format!("Description: '{}'\n", "x".repeat(60_000));
        assert_eq!(rule_ids(&(padding + &with_resources(TOPIC))), ["PC4004"]);
    }
}

mod security {
    use super::*;

    #[test]
    fn storage_buckets_ingress_and_iam() {
        let t = with_resources(concat!(
            "  B:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Retain\n",
            "  D:\n    Type: AWS::RDS::DBInstance\n    DeletionPolicy: Snapshot\n    Properties:\n      StorageEncrypted: false\n",
            "  G:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties:\n      IpProtocol: '-1'\n      CidrIpv6: ::/0\n",
            "  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement: {Effect: Allow, Action: ['*'], Resource: '*'}\n",
            "  Q:\n    Type: AWS::SQS::Queue\n",
        ));
        let ids: Vec<&str> = rule_ids(&t)
            .into_iter()
            .filter(|r| r.starts_with("PC7"))
            .collect();
        assert_eq!(
            ids,
            ["PC7001", "PC7002", "PC7004", "PC7005", "PC7007", "PC7008"]
        );
    }

    #[test]
    fn web_ports_warn_and_encrypted_storage_passes() {
        let t = with_resources(concat!(
            "  G:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties:\n      IpProtocol: tcp\n      FromPort: 443\n      ToPort: 443\n      CidrIp: 0.0.0.0/0\n",
            "  F:\n    Type: AWS::EFS::FileSystem\n    DeletionPolicy: Retain\n    Properties:\n      Encrypted: true\n",
        ));
        let ids: Vec<&str> = rule_ids(&t)
            .into_iter()
            .filter(|r| r.starts_with("PC7"))
            .collect();
        assert_eq!(ids, ["PC7006"]);
    }

    fn ingress_ids(cidr_key: &str, cidr: &str) -> Vec<&'static str> {
        rule_ids(&with_resources(&format!(
            "  G:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties:\n      IpProtocol: tcp\n      FromPort: 22\n      ToPort: 22\n      {cidr_key}: '{cidr}'\n"
        )))
        .into_iter()
            .filter(|r| r.starts_with("PC7"))
            .collect()
    }

    /// Guards the CIDRs that string matching read as closed: host bits set, other spellings.
    #[test]
    fn every_spelling_of_anywhere_is_open_to_the_internet() {
        assert_eq!(ingress_ids("CidrIp", "192.168.1.0/0"), ["PC7005", "PC7010"]);
        assert_eq!(ingress_ids("CidrIpv6", "::0/0"), ["PC7005"]);
        assert_eq!(ingress_ids("CidrIpv6", "0:0::/0"), ["PC7005"]);
        assert_eq!(ingress_ids("CidrIp", "10.0.0.0/8"), Vec::<&str>::new());
    }

    /// Guards against accepting blocks EC2 rejects.
    #[test]
    fn invalid_cidrs_are_findings() {
        assert_eq!(ingress_ids("CidrIp", "999.1.1.1/33"), ["PC7009"]);
        assert_eq!(ingress_ids("CidrIp", "::/0"), ["PC7009"]);
        assert_eq!(ingress_ids("CidrIpv6", "10.0.0.0/8"), ["PC7009"]);
    }
}

mod suppressions {
    use crate::lint::suppress::Suppressions;
    use crate::lint::testkit::findings;

    fn kept(text: &str) -> Vec<&'static str> {
        let template = crate::lint::load::parse(std::path::Path::new("t.yaml"), text).unwrap();
        let mut out = crate::lint::rule::Findings::default();
        let s = Suppressions::read(&template, &|id| id.starts_with("PC"), &mut out);
        let mut ids: Vec<&str> = findings(text)
            .into_iter()
            .filter(|f| !s.covers(f))
            .map(|f| f.rule)
            .collect();
        ids.extend(out.into_vec().iter().map(|f| f.rule));
        ids.sort_unstable();
        ids
    }

    #[test]
    fn resource_and_template_suppressions_need_reasons() {
        let base = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n";
        assert_eq!(kept(base), ["PC7008"]);
        let resource = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Metadata:\n      platformctl:\n        ignore: [{rule: PC7008, reason: scratch queue}]\n";
        assert_eq!(kept(resource), Vec::<&str>::new());
        let template =
            format!("Metadata:\n  platformctl:\n    ignore:\n      - rule: PC7008\n{base}");
        assert_eq!(kept(&template), ["PC0001", "PC7008"]);
    }
}
