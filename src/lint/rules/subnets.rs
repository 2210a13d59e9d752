//! Subnets of one VPC whose literal CIDR blocks overlap. EC2 refuses the second subnet
//! ("The CIDR block of a subnet ... cannot overlap with the CIDR block of another subnet in
//! the VPC", Amazon VPC User Guide, "Subnet CIDR blocks"), after the first was created.

use ipnet::Ipv4Net;

use crate::diagnostic::Severity::Error;
use crate::lint::rule::{Findings, RuleDoc};
use crate::lint::template::{as_str, entries, Template};
use crate::yaml::{KeyPath, Node};

pub const PC3950: RuleDoc = RuleDoc {
    id: "PC3950",
    severity: Error,
    summary: "subnet CIDR blocks overlap in one VPC",
    help: "Amazon VPC User Guide, Subnet CIDR blocks (subnets of a VPC cannot overlap)",
};

pub const RULES: &[RuleDoc] = &[PC3950];

/// One subnet with a literal IPv4 block.
struct Subnet<'t> {
    id: &'t str,
    /// The VpcId value as written (`{"Ref":"Vpc"}` or a literal ID): same text, same VPC.
    vpc: String,
    block: Ipv4Net,
    node: &'t Node,
}

pub fn check(template: &Template, out: &mut Findings) {
    let section = KeyPath::root().key("Resources");
    let mut seen: Vec<Subnet> = Vec::new();
    for (id, resource) in entries(template.root.get("Resources")) {
        if resource.get("Type").and_then(as_str) != Some("AWS::EC2::Subnet")
            // Subnets under conditions may never exist together.
            || resource.get("Condition").is_some()
        {
            continue;
        }
        let Some(props) = resource.get("Properties") else {
            continue;
        };
        let (Some(vpc), Some(cidr)) = (props.get("VpcId"), props.get("CidrBlock")) else {
            continue;
        };
        let Some(block) = as_str(cidr).and_then(|c| c.trim().parse::<Ipv4Net>().ok()) else {
            continue;
        };
        let vpc = vpc.to_json().to_string();
        if let Some(other) = seen
            .iter()
            .find(|s| s.vpc == vpc && crate::cidr::overlaps(s.block, block))
        {
            out.push(
                &PC3950,
                cidr.pos,
                &section.key(&id.name).key("Properties").key("CidrBlock"),
                format!(
                    "{block} overlaps {} of subnet {} (line {}) in the same VPC",
                    other.block, other.id, other.node.pos.line
                ),
            );
            continue;
        }
        seen.push(Subnet {
            id: &id.name,
            vpc,
            block,
            node: cidr,
        });
    }
}
