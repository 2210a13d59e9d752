//! Resource policies that a service reads at deploy or run time: KMS key policies that must
//! admit the service encrypting with the key, and EFS file system policies.

use super::shared::{mentions, referenced_id, strings};
use super::{PC8004, PC8005};
use crate::lint::rule::Findings;
use crate::lint::template::{as_str, Index};
use crate::yaml::{KeyPath, Node, Value};

/// A service that encrypts with a key named in a property, and how a key policy names it.
struct KeyUser {
    service: &'static str,
    /// A fragment of the principal that admits the service: its service principal, or
    /// for Auto Scaling its service-linked role.
    principal: &'static str,
    /// The principal as a reader would write it.
    shown: &'static str,
}

// CloudWatch Logs User Guide, "Encrypt log data in CloudWatch Logs using AWS KMS": the key
// policy must allow the regional logs service principal, or CreateLogGroup fails.
const LOGS: KeyUser = KeyUser {
    service: "CloudWatch Logs",
    principal: "logs.",
    shown: "`logs.<region>.amazonaws.com`",
};
// CloudTrail User Guide, "Configure AWS KMS key policies for CloudTrail".
const CLOUDTRAIL: KeyUser = KeyUser {
    service: "CloudTrail",
    principal: "cloudtrail.amazonaws.com",
    shown: "`cloudtrail.amazonaws.com`",
};
// EC2 Auto Scaling User Guide, "Required AWS KMS key policy for use with encrypted
// volumes": instances launched by a group use the Auto Scaling service-linked role, which
// the key policy must admit (or a grant), else every launch fails.
const AUTOSCALING: KeyUser = KeyUser {
    service: "EC2 Auto Scaling",
    principal: "AWSServiceRoleForAutoScaling",
    shown: "the service-linked role `AWSServiceRoleForAutoScaling`",
};

pub fn check(
    id: &str,
    kind: &str,
    props: &Node,
    path: &KeyPath,
    index: &Index,
    out: &mut Findings,
) {
    match kind {
        "AWS::Logs::LogGroup" => key_use(
            props.get("KmsKeyId"),
            &path.key("KmsKeyId"),
            &LOGS,
            index,
            out,
        ),
        "AWS::CloudTrail::Trail" => key_use(
            props.get("KMSKeyId"),
            &path.key("KMSKeyId"),
            &CLOUDTRAIL,
            index,
            out,
        ),
        "AWS::EC2::LaunchTemplate" if launched_by_a_group(id, index) => {
            let data = path.key("LaunchTemplateData");
            let mappings = props
                .get("LaunchTemplateData")
                .and_then(|d| d.get("BlockDeviceMappings"));
            if let Some(Node {
                value: Value::Seq(items),
                ..
            }) = mappings
            {
                for (i, mapping) in items.iter().enumerate() {
                    let key = mapping.get("Ebs").and_then(|e| e.get("KmsKeyId"));
                    let at = data
                        .key("BlockDeviceMappings")
                        .index(i)
                        .key("Ebs")
                        .key("KmsKeyId");
                    key_use(key, &at, &AUTOSCALING, index, out);
                }
            }
        }
        _ => {}
    }
}

/// Whether an Auto Scaling group or an EKS node group (which launches through Auto
/// Scaling) in the template uses the launch template `id`.
fn launched_by_a_group(id: &str, index: &Index) -> bool {
    index.types.iter().any(|(other, kind)| {
        matches!(
            *kind,
            "AWS::AutoScaling::AutoScalingGroup" | "AWS::EKS::Nodegroup"
        ) && index.resources[other]
            .get("Properties")
            .is_some_and(|p| mentions(p, id))
    })
}

/// Flags `key` when it points at a key of this template whose policy does not admit `user`.
fn key_use(key: Option<&Node>, path: &KeyPath, user: &KeyUser, index: &Index, out: &mut Findings) {
    let Some(key) = key else {
        return;
    };
    let Some(key_id) = referenced_id(key) else {
        return;
    };
    if index.types.get(key_id) != Some(&"AWS::KMS::Key") {
        return;
    }
    let policy = index.resources[key_id]
        .get("Properties")
        .and_then(|p| p.get("KeyPolicy"));
    if admits(policy, user.principal) != Some(false) {
        return;
    }
    out.push(&PC8004, key.pos, path, format!(
        "{} encrypts with key `{key_id}`, but the key policy has no Allow statement for {}; the service is refused the key at deploy or launch time. Add a statement allowing it kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey* and kms:Describe*",
        user.service, user.shown
    ));
}

/// `Some(true)` when an Allow statement's principal names `fragment` or everyone,
/// `Some(false)` when none does, `None` when the policy is not literal enough to tell.
/// No policy at all is the default key policy, which admits only the account.
fn admits(policy: Option<&Node>, fragment: &str) -> Option<bool> {
    let Some(policy) = policy else {
        return Some(false);
    };
    let statements = statements(policy)?;
    for statement in statements {
        match statement.get("Effect").and_then(as_str) {
            Some("Allow") => {}
            Some(_) => continue,
            None => return None,
        }
        let Some(principal) = statement.get("Principal") else {
            continue;
        };
        let mut names = Vec::new();
        strings(principal, &mut names);
        if names.iter().any(|n| n.contains(fragment) || n == "*") {
            return Some(true);
        }
        // A principal read from elsewhere could be anyone; `Fn::Sub` text is visible.
        let opaque = [
            "Ref",
            "Fn::GetAtt",
            "Fn::ImportValue",
            "Fn::If",
            "Fn::FindInMap",
        ];
        if names.iter().any(|n| opaque.contains(&n.as_str())) {
            return None;
        }
    }
    Some(false)
}

/// A policy document's statements, when written literally.
fn statements(policy: &Node) -> Option<Vec<&Node>> {
    match &policy.get("Statement")?.value {
        Value::Seq(items) => Some(items.iter().collect()),
        Value::Map(_) => Some(vec![policy.get("Statement")?]),
        _ => None,
    }
}

/// A file system policy replaces EFS's default, which lets any client with network access
/// mount; a policy of Denies alone leaves clients without an identity-policy grant nothing
/// (Amazon EFS User Guide, "Using IAM to control access to file systems").
pub fn deny_only_file_system_policy(props: &Node, path: &KeyPath, out: &mut Findings) {
    let Some(policy) = props.get("FileSystemPolicy") else {
        return;
    };
    let Some(statements) = statements(policy) else {
        return;
    };
    let effects: Option<Vec<&str>> = statements
        .iter()
        .map(|s| s.get("Effect").and_then(as_str))
        .collect();
    let Some(effects) = effects else {
        return;
    };
    if !effects.is_empty() && effects.iter().all(|e| *e == "Deny") {
        out.push(&PC8005, policy.pos, &path.key("FileSystemPolicy"),
            "the file system policy has only Deny statements; it replaces EFS's default allow, so clients that mount without an IAM grant of elasticfilesystem:ClientMount are refused. Add an Allow for the principals that should mount");
    }
}
