//! Removals that CloudFormation starts and cannot finish. The update itself succeeds, but
//! the resource's delete fails (the stack ends with it in DELETE_FAILED, or a later
//! delete of the network fails), so `plan` warns before the deployment. Read from the
//! resource as the previous synth wrote it: what is deployed decides how it is deleted.

use serde_json::Value;

use super::diff::{Action, Change};
use crate::diagnostic::{Diagnostic, Severity};
use crate::render::{Policy, TemplateSet};

/// The warnings for removing `before` (one resource of the previous templates).
pub fn blockers(change: &Change, before: &Value) -> Vec<Diagnostic> {
    if change.action != Action::Remove {
        return Vec::new();
    }
    let who = format!("{}/{} ({})", change.stack, change.logical_id, change.kind);
    let props = &before["Properties"];
    let policy = before["DeletionPolicy"].as_str().unwrap_or("Delete");
    let mut out = Vec::new();
    if protected(props) {
        // RDS User Guide, "Deleting a DB instance"; ELB User Guide, "Deletion protection";
        // DynamoDB Developer Guide, "Using deletion protection".
        out.push(Diagnostic::warning("plan/removal-blocked", format!(
            "{who} has deletion protection on: its delete will fail. Deploy once with `teardown: true` (which turns the protection off), then remove it"
        )));
    }
    if change.kind == "AWS::S3::Bucket" && policy == "Delete" {
        // CloudFormation User Guide, "AWS::S3::Bucket": only an empty bucket is deleted.
        out.push(Diagnostic::warning("plan/removal-blocked", format!(
            "{who} is deleted with the stack, but CloudFormation deletes only empty buckets: empty it (every object version) first, or the delete fails"
        )));
    }
    if matches!(policy, "Retain" | "RetainExceptOnCreate") && in_vpc(props) {
        // VPC User Guide, "Delete your VPC": subnets and security groups in use by a
        // network interface cannot be deleted (DependencyViolation).
        out.push(Diagnostic::warning("plan/removal-blocked", format!(
            "{who} is retained, and its network interfaces stay in its subnets and security groups: deleting those, or the network, fails until it is deleted by hand. Deploy once with `teardown: true` (which deletes or snapshots such stores) before removing it"
        )));
    }
    out
}

/// Under `teardown: true`, what deleting the environment's stacks leaves behind by design:
/// the retained resources (their data outlives the stacks) and the stores that leave a
/// final snapshot. Nothing that holds a subnet or security group is among them.
pub fn left_behind(set: &TemplateSet) -> Diagnostic {
    let mut kept = Vec::new();
    let mut snapshots = Vec::new();
    for stack in &set.stacks {
        for (id, resource) in &stack.template.resources {
            let name = format!("{}/{id}", stack.name);
            match resource.deletion_policy {
                Some(Policy::Retain | Policy::RetainExceptOnCreate) => kept.push(name),
                Some(Policy::Snapshot) => snapshots.push(name),
                _ if resource.properties.contains_key("FinalSnapshotName") => snapshots.push(name),
                _ => {}
            }
        }
    }
    let snapshots = if snapshots.is_empty() {
        String::new()
    } else {
        format!("; final snapshots are taken of {}", snapshots.join(", "))
    };
    Diagnostic {
        severity: Severity::Info,
        ..Diagnostic::error(
            "plan/teardown",
            format!(
                "teardown: deploy this update, then delete the parent stack; it can finish. Retained by design, to delete by hand once their data is safe: {}{snapshots}",
                if kept.is_empty() { "nothing".to_owned() } else { kept.join(", ") }
            ),
        )
    }
}

/// Deletion protection switched on by a literal property or load balancer attribute.
fn protected(props: &Value) -> bool {
    let on = |v: &Value| v == &Value::Bool(true) || v.as_str() == Some("true");
    ["DeletionProtection", "DeletionProtectionEnabled"]
        .iter()
        .any(|key| on(&props[*key]))
        || props["LoadBalancerAttributes"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|a| a["Key"] == "deletion_protection.enabled" && on(&a["Value"]))
}

/// Whether the resource places network interfaces in the VPC: it names subnets or
/// security groups at its top level or in its VPC options.
fn in_vpc(props: &Value) -> bool {
    let names_network = |map: &serde_json::Map<String, Value>| {
        map.keys()
            .any(|k| k.contains("Subnet") || k.contains("SecurityGroup"))
    };
    let Some(map) = props.as_object() else {
        return false;
    };
    names_network(map)
        || ["VPCOptions", "VpcConfig", "VpcOptions"]
            .iter()
            .filter_map(|k| map.get(*k).and_then(Value::as_object))
            .any(names_network)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn removal(kind: &str) -> Change {
        Change {
            stack: "data".into(),
            logical_id: "Thing".into(),
            kind: kind.into(),
            action: Action::Remove,
            stateful: true,
            properties: Vec::new(),
            replacement: None,
            policies: None,
            keeps_name: None,
        }
    }

    #[test]
    fn a_protected_database_cannot_be_removed() {
        let db = json!({"Type": "AWS::RDS::DBInstance", "DeletionPolicy": "Snapshot",
            "Properties": {"DeletionProtection": true, "VPCSecurityGroups": ["sg"]}});
        let found = blockers(&removal("AWS::RDS::DBInstance"), &db);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("teardown: true"));
        let off = json!({"Type": "AWS::RDS::DBInstance", "DeletionPolicy": "Snapshot",
            "Properties": {"DeletionProtection": false}});
        assert!(blockers(&removal("AWS::RDS::DBInstance"), &off).is_empty());
    }

    #[test]
    fn a_protected_load_balancer_cannot_be_removed() {
        let lb = json!({"Properties": {"LoadBalancerAttributes": [
            {"Key": "deletion_protection.enabled", "Value": "true"}]}});
        let kind = "AWS::ElasticLoadBalancingV2::LoadBalancer";
        assert_eq!(blockers(&removal(kind), &lb).len(), 1);
    }

    #[test]
    fn a_retained_store_in_the_vpc_holds_its_subnets() {
        let domain = json!({"DeletionPolicy": "RetainExceptOnCreate",
            "Properties": {"VPCOptions": {"SubnetIds": ["a", "b"]}}});
        let kind = "AWS::OpenSearchService::Domain";
        assert_eq!(blockers(&removal(kind), &domain).len(), 1);
        let deleted = json!({"DeletionPolicy": "Delete",
            "Properties": {"VPCOptions": {"SubnetIds": ["a", "b"]}}});
        assert!(blockers(&removal(kind), &deleted).is_empty());
        // Retained, but outside the VPC: it holds nothing the network needs.
        let queue = json!({"DeletionPolicy": "RetainExceptOnCreate", "Properties": {}});
        assert!(blockers(&removal("AWS::SQS::Queue"), &queue).is_empty());
    }

    #[test]
    fn only_an_empty_bucket_is_deleted() {
        let bucket = json!({"Properties": {}});
        assert_eq!(blockers(&removal("AWS::S3::Bucket"), &bucket).len(), 1);
        let kept = json!({"DeletionPolicy": "RetainExceptOnCreate", "Properties": {}});
        assert!(blockers(&removal("AWS::S3::Bucket"), &kept).is_empty());
    }

    #[test]
    fn changes_other_than_removals_are_not_judged() {
        let mut change = removal("AWS::RDS::DBInstance");
        change.action = Action::Modify;
        let db = json!({"Properties": {"DeletionProtection": true}});
        assert!(blockers(&change, &db).is_empty());
    }
}
