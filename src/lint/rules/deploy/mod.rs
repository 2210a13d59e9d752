//! Deploy-time rules (PC8xxx): templates that are well-formed and schema-valid, yet that
//! CloudFormation or the service rejects while the stack is being created, or that deploy
//! and then cannot work. Each rule names the AWS page that states the behaviour. They look
//! only at literal values: a property set by a function is left alone, since its value is
//! known only at deploy time.

mod api;
mod keys;
mod retain;
mod search;
mod shared;

use crate::diagnostic::Severity::{Error, Warning};
use crate::lint::rule::{Findings, RuleDoc};
use crate::lint::template::{as_str, entries, Index, Template};
use crate::yaml::KeyPath;

/// Data nodes of a zone-aware search domain that do not divide across its zones.
pub const PC8001: RuleDoc = RuleDoc {
    id: "PC8001",
    severity: Error,
    summary: "search domain data nodes do not divide evenly across its Availability Zones",
    help: "Amazon OpenSearch Service Developer Guide, Configuring a multi-AZ domain (node counts per zone)",
};
/// A VPC search domain whose subnet count differs from its zone count.
pub const PC8002: RuleDoc = RuleDoc {
    id: "PC8002",
    severity: Error,
    summary: "search domain subnets do not match its Availability Zone count",
    help: "Amazon OpenSearch Service API Reference, ZoneAwarenessConfig (in a VPC the zone count equals the subnet count)",
};
/// `DeletionPolicy: Retain` on a resource with a fixed physical name.
pub const PC8003: RuleDoc = RuleDoc {
    id: "PC8003",
    severity: Warning,
    summary: "retained resource with a fixed name blocks the retry of a failed create",
    help: "AWS CloudFormation User Guide, DeletionPolicy attribute (RetainExceptOnCreate)",
};
/// A service encrypts with an in-template key whose policy does not admit it.
pub const PC8004: RuleDoc = RuleDoc {
    id: "PC8004",
    severity: Error,
    summary: "KMS key policy does not admit the service that encrypts with the key",
    help: "CloudWatch Logs User Guide, Encrypt log data using AWS KMS; CloudTrail User Guide, KMS key policy for CloudTrail; EC2 Auto Scaling User Guide, Required KMS key policy for encrypted volumes",
};
/// An EFS file system policy with no Allow statement.
pub const PC8005: RuleDoc = RuleDoc {
    id: "PC8005",
    severity: Warning,
    summary: "EFS file system policy only denies, so it replaces the default allow with nothing",
    help: "Amazon EFS User Guide, Using IAM to control access to file systems (the default file system policy)",
};

/// A REST API's VPC link that targets a load balancer other than a Network Load Balancer.
pub const PC8006: RuleDoc = RuleDoc {
    id: "PC8006",
    severity: Error,
    summary: "API Gateway VPC link targets a load balancer that is not a Network Load Balancer",
    help: "API Gateway Developer Guide, Set up a Network Load Balancer for API Gateway private integrations",
};
/// A VPC link's Network Load Balancer whose security groups judge PrivateLink traffic.
pub const PC8007: RuleDoc = RuleDoc {
    id: "PC8007",
    severity: Warning,
    summary: "VPC link's Network Load Balancer applies its security groups to PrivateLink traffic",
    help: "Elastic Load Balancing User Guide, Update the security groups for your Network Load Balancer (PrivateLink traffic)",
};

pub const RULES: &[RuleDoc] = &[PC8001, PC8002, PC8003, PC8004, PC8005, PC8006, PC8007];

/// Runs the family on one template.
pub fn check(template: &Template, index: &Index, out: &mut Findings) {
    let section = KeyPath::root().key("Resources");
    for (id, resource) in entries(template.root.get("Resources")) {
        let Some(kind) = resource.get("Type").and_then(as_str) else {
            continue;
        };
        let path = section.key(&id.name);
        retain::check(id.pos, kind, resource, &path, out);
        let Some(props) = resource.get("Properties") else {
            continue;
        };
        let props_path = path.key("Properties");
        match kind {
            "AWS::OpenSearchService::Domain" => {
                search::check(props, "ClusterConfig", &props_path, out)
            }
            "AWS::Elasticsearch::Domain" => {
                search::check(props, "ElasticsearchClusterConfig", &props_path, out)
            }
            "AWS::EFS::FileSystem" => keys::deny_only_file_system_policy(props, &props_path, out),
            "AWS::ApiGateway::VpcLink" => api::check(props, &props_path, index, out),
            _ => {}
        }
        keys::check(&id.name, kind, props, &props_path, index, out);
    }
}

#[cfg(test)]
mod tests;
