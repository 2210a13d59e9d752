//! Builds [`Platform`] values for the network tests from spec text, the way users write them.

use std::path::Path;

use crate::components;
use crate::components::Platform;
use crate::spec;

/// Builds a platform from spec YAML, failing the test with every problem if it is invalid.
pub fn platform(yaml: &str) -> Platform {
    let (spec, source) =
        spec::load_str(Path::new("t.yaml"), yaml).unwrap_or_else(|e| panic!("{e:?}"));
    components::build(&spec, &source).unwrap_or_else(|e| panic!("{e:?}\n{yaml}"))
}

/// Every problem of spec YAML, as (key path, message); empty when it is valid.
pub fn problems(yaml: &str) -> Vec<(String, String)> {
    let (s, source) = spec::load_str::<components::Spec>(Path::new("s.yaml"), yaml).unwrap();
    match components::build(&s, &source) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .problems()
            .into_iter()
            .map(|p| (p.path.clone().unwrap_or_default(), p.message.clone()))
            .collect(),
    }
}

/// One of the repository's examples.
pub fn example(file: &str) -> Platform {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(file);
    let (spec, source) = spec::load(&path).unwrap_or_else(|e| panic!("{e:?}"));
    components::build(&spec, &source).unwrap_or_else(|e| panic!("{e:?}"))
}

/// A real-looking id: `prefix-` and 17 hex digits.
pub fn aws_id(prefix: &str, n: usize) -> String {
    format!("{prefix}-{n:017x}")
}

/// Spec text of an existing VPC in us-east-1 with no components: `cidrs` are the VPC's
/// blocks (primary first), `subnets` one per AZ in the region's order.
pub fn existing_yaml(size: &str, cidrs: &[&str], subnets: &[&str]) -> String {
    let zones = ["a", "b", "c", "d", "e", "f"];
    let mut text = format!(
        "name: net-test\nregion: us-east-1\nenvironment_size: {size}\nnetwork:\n  existing_vpc:\n    id: {}\n    cidrs: [{}]\n    private_subnets:\n",
        aws_id("vpc", 1),
        cidrs.join(", ")
    );
    for (i, cidr) in subnets.iter().enumerate() {
        let zone = zones.get(i).copied().unwrap_or("z");
        text.push_str(&format!(
            "      - {{ id: {}, cidr: {cidr}, az: us-east-1{zone} }}\n",
            aws_id("subnet", i + 1)
        ));
    }
    text.push_str(&format!("    route_table_ids: [{}]\n", aws_id("rtb", 1)));
    text
}

/// An existing VPC whose only block is the smallest /16 holding the subnets' first.
pub fn small_existing(size: &str, subnets: &[&str]) -> Platform {
    let first: ipnet::Ipv4Net = subnets[0].parse().unwrap();
    let vpc = ipnet::Ipv4Net::new(first.network(), 16)
        .unwrap()
        .trunc()
        .to_string();
    platform(&existing_yaml(size, &[&vpc], subnets))
}

/// Spec text of a new VPC in us-east-1 with no components and NAT egress.
pub fn new_vpc_yaml(size: &str, vpc_cidr: &str, zones: usize, private: Option<&[&str]>) -> String {
    let mut text = format!("name: net-test\nregion: us-east-1\nenvironment_size: {size}\nnetwork:\n  vpc_cidr: {vpc_cidr}\n  availability_zones: {zones}\n");
    if let Some(list) = private {
        text.push_str(&format!("  private_subnets: [{}]\n", list.join(", ")));
    }
    text
}
