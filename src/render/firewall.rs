//! Security-group rules, one typed builder for every rule the renderer writes: inline
//! ingress and egress entries of a group, and standalone `SecurityGroupIngress` resources.
//! A rule's keys always come out in one order (IpProtocol, FromPort, ToPort, the peer,
//! Description), and a TCP rule always names its port.

use serde_json::{json, Map, Value};

use super::template::Resource;
use crate::model::Environment;

/// Who is on the other end of a rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Peer {
    /// An IPv4 block, `CidrIp`.
    Cidr(String),
    /// Another security group, `SourceSecurityGroupId` (a `Ref` or an imported ID).
    Group(Value),
}

/// One rule: TCP on one port, or every protocol.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    port: Option<u16>,
    peer: Peer,
    description: String,
}

impl Rule {
    /// TCP on `port` to or from `peer`.
    pub fn tcp(port: u16, peer: Peer, description: impl Into<String>) -> Self {
        Rule {
            port: Some(port),
            peer,
            description: description.into(),
        }
    }

    /// Every protocol and port to or from `peer`.
    pub fn all(peer: Peer, description: impl Into<String>) -> Self {
        Rule {
            port: None,
            peer,
            description: description.into(),
        }
    }

    fn fields(self, m: &mut Map<String, Value>) {
        match self.port {
            Some(port) => {
                m.insert("IpProtocol".into(), json!("tcp"));
                m.insert("FromPort".into(), json!(port));
                m.insert("ToPort".into(), json!(port));
            }
            None => {
                m.insert("IpProtocol".into(), json!("-1"));
            }
        }
        match self.peer {
            Peer::Cidr(block) => m.insert("CidrIp".into(), Value::String(block)),
            Peer::Group(group) => m.insert("SourceSecurityGroupId".into(), group),
        };
        m.insert("Description".into(), Value::String(self.description));
    }

    /// The rule as a standalone ingress resource on `group`: for rules that would make two
    /// stacks' groups refer to each other, or that a later stack adds to an imported group.
    pub fn ingress_on(self, group: Value) -> Resource {
        let mut m = Map::new();
        m.insert("GroupId".into(), group);
        self.fields(&mut m);
        Resource::new("AWS::EC2::SecurityGroupIngress", Value::Object(m))
    }
}

impl From<Rule> for Value {
    fn from(rule: Rule) -> Value {
        let mut m = Map::new();
        rule.fields(&mut m);
        Value::Object(m)
    }
}

/// Egress for groups that never initiate connections: a group with no egress rule allows
/// all outbound traffic, so these get one rule to the loopback address instead.
pub fn no_egress() -> Value {
    json!([Value::from(Rule::all(
        Peer::Cidr("127.0.0.1/32".into()),
        "No outbound traffic"
    ))])
}

/// TCP on `port` from every block of the VPC.
pub fn vpc_ingress(platform: &Environment, port: u16, why: &str) -> Vec<Value> {
    platform
        .network
        .vpc
        .cidrs()
        .iter()
        .map(|block| {
            Rule::tcp(
                port,
                Peer::Cidr(block.to_string()),
                format!("{why} from {block}"),
            )
            .into()
        })
        .collect()
}

/// HTTPS to anywhere: AWS APIs and the VPC's interface endpoints.
pub fn https_out() -> Value {
    Rule::tcp(
        443,
        Peer::Cidr("0.0.0.0/0".into()),
        "HTTPS to AWS APIs and endpoints",
    )
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tcp_rule_names_its_port_and_an_all_rule_none() {
        let tcp: Value = Rule::tcp(5432, Peer::Cidr("10.0.0.0/16".into()), "db").into();
        assert_eq!(
            tcp,
            json!({ "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "CidrIp": "10.0.0.0/16", "Description": "db" })
        );
        let all: Value = Rule::all(Peer::Group(json!({ "Ref": "G" })), "all").into();
        assert_eq!(
            all,
            json!({ "IpProtocol": "-1", "SourceSecurityGroupId": { "Ref": "G" }, "Description": "all" })
        );
    }

    #[test]
    fn a_standalone_ingress_names_its_group_first() {
        let r = Rule::tcp(443, Peer::Cidr("0.0.0.0/0".into()), "x").ingress_on(json!("sg-1"));
        assert_eq!(r.kind, "AWS::EC2::SecurityGroupIngress");
        assert_eq!(
            r.properties.keys().next().map(String::as_str),
            Some("GroupId")
        );
    }
}
