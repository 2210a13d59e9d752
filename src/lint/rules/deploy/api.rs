//! API Gateway VPC links: what a REST API's link must target, and what the load balancer
//! behind it must let through for the link to carry traffic.

use super::shared::referenced_id;
use super::{PC8006, PC8007};
use crate::lint::rule::Findings;
use crate::lint::template::{as_str, Index};
use crate::yaml::{KeyPath, Node, Value};

const LOAD_BALANCER: &str = "AWS::ElasticLoadBalancingV2::LoadBalancer";

/// Checks an `AWS::ApiGateway::VpcLink`'s targets.
pub fn check(props: &Node, path: &KeyPath, index: &Index, out: &mut Findings) {
    let Some(Node {
        value: Value::Seq(targets),
        ..
    }) = props.get("TargetArns")
    else {
        return;
    };
    let path = path.key("TargetArns");
    for (i, target) in targets.iter().enumerate() {
        let at = path.index(i);
        if let Value::Str(arn) = &target.value {
            // `arn:...:loadbalancer/app/...` or `/gwy/`: not a Network Load Balancer.
            if arn.contains(":loadbalancer/app/") || arn.contains(":loadbalancer/gwy/") {
                out.push(&PC8006, target.pos, &at, format!("`{arn}` is not a Network Load Balancer: a REST API's VPC link takes only Network Load Balancers, and API Gateway refuses the link"));
            }
            continue;
        }
        let Some(id) = referenced_id(target) else {
            continue;
        };
        if index.types.get(id) != Some(&LOAD_BALANCER) {
            continue;
        }
        let Some(lb_props) = index.resources.get(id).and_then(|r| r.get("Properties")) else {
            // No properties: the type defaults to `application`.
            out.push(&PC8006, target.pos, &at, format!("load balancer `{id}` is an Application Load Balancer (no `Type` given): a REST API's VPC link takes only Network Load Balancers"));
            continue;
        };
        let kind = match lb_props.get("Type") {
            None => Some("application"),
            Some(node) => as_str(node),
        };
        match kind {
            Some("network") => {}
            Some(other) => {
                out.push(&PC8006, target.pos, &at, format!("load balancer `{id}` is of type `{other}`: a REST API's VPC link takes only Network Load Balancers"));
                continue;
            }
            None => continue, // set by a function: known at deploy time
        }
        let has_groups = matches!(lb_props.get("SecurityGroups"), Some(Node { value: Value::Seq(g), .. }) if !g.is_empty());
        let enforced = match lb_props.get("EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic") {
            None => Some(true),
            Some(node) => as_str(node).map(|v| !v.eq_ignore_ascii_case("off")),
        };
        if has_groups && enforced == Some(true) {
            out.push(&PC8007, target.pos, &at, format!("load balancer `{id}` has security groups that judge AWS PrivateLink traffic, which reaches it from API Gateway's addresses, not the VPC's: set `EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: off` on it, or the link's requests are dropped"));
        }
    }
}
