//! From the resource types of the platform's templates to the IAM service prefixes a
//! launch role needs: the launch role may touch exactly the services the platform uses.
//!
//! A resource type is `AWS::<Namespace>::<Resource>`; the IAM prefix is mostly the
//! namespace in lower case, and the exceptions are listed below (Service Authorization
//! Reference, "Actions, resources, and condition keys for AWS services", each service's
//! "service prefix").

use std::collections::BTreeSet;

/// Namespaces whose IAM service prefix is not the namespace in lower case.
const PREFIXES: &[(&str, &[&str])] = &[
    ("ApplicationAutoScaling", &["application-autoscaling"]),
    ("CertificateManager", &["acm"]),
    ("EFS", &["elasticfilesystem"]),
    ("EMR", &["elasticmapreduce"]),
    ("EMRServerless", &["emr-serverless"]),
    ("ElasticLoadBalancing", &["elasticloadbalancing"]),
    ("ElasticLoadBalancingV2", &["elasticloadbalancing"]),
    ("Elasticsearch", &["es"]),
    ("KinesisFirehose", &["firehose"]),
    ("MSK", &["kafka"]),
    ("NetworkFirewall", &["network-firewall"]),
    ("OpenSearchService", &["es"]),
    ("StepFunctions", &["states"]),
];

/// Services whose resource ARNs carry no account (or no region and no account): S3
/// buckets, Route 53 zones, API Gateway resources. Scoping them to the account by ARN is
/// impossible, so they are allowed on ARNs of that service without one.
pub const ACCOUNTLESS: &[&str] = &["apigateway", "route53", "s3"];

/// The IAM service prefixes of `types` (`AWS::SQS::Queue` gives `sqs`), sorted and
/// without repeats. Custom resources (`Custom::*`) and anything not `AWS::` add nothing:
/// what they do runs as their own function's role.
pub fn prefixes<'a>(types: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for kind in types {
        let mut parts = kind.split("::");
        let (Some("AWS"), Some(namespace)) = (parts.next(), parts.next()) else {
            continue;
        };
        // Identity pools are `cognito-identity`, everything else of Cognito (user pools,
        // their clients and domains) `cognito-idp`.
        if namespace == "Cognito" {
            let identity = parts.next().is_some_and(|r| r.starts_with("IdentityPool"));
            found.insert(
                if identity {
                    "cognito-identity"
                } else {
                    "cognito-idp"
                }
                .to_owned(),
            );
            continue;
        }
        match PREFIXES.iter().find(|(n, _)| *n == namespace) {
            Some((_, prefixes)) => found.extend(prefixes.iter().map(|p| (*p).to_owned())),
            None => {
                found.insert(namespace.to_ascii_lowercase());
            }
        }
    }
    found
}

/// Services with no `Describe*` action (their reads are `Get*`, resource-scoped, and so
/// covered by the account-scoped statement) and services with no `List*` action (Service
/// Authorization Reference, each service's action table); a wildcard that matches no
/// action is an error in a policy linter's eyes.
pub fn has_describe(service: &str) -> bool {
    !matches!(
        service,
        "apigateway"
            | "athena"
            | "emr-serverless"
            | "iam"
            | "lambda"
            | "route53"
            | "servicediscovery"
            | "sns"
            | "sqs"
    )
}

pub fn has_list(service: &str) -> bool {
    !matches!(service, "autoscaling" | "elasticloadbalancing")
}

/// IAM is the one service not granted whole: the platform creates roles, role policies,
/// managed policies and instance profiles, never users or access keys, so the launch role
/// gets exactly those actions (IAM API Reference, the role, policy and instance-profile
/// operations CloudFormation calls for `AWS::IAM::Role`, `RolePolicy`, `ManagedPolicy` and
/// `InstanceProfile`).
const IAM_ACTIONS: &[&str] = &[
    "iam:AddRoleToInstanceProfile",
    "iam:AttachRolePolicy",
    "iam:CreateInstanceProfile",
    "iam:CreatePolicy",
    "iam:CreatePolicyVersion",
    "iam:CreateRole",
    "iam:CreateServiceLinkedRole",
    "iam:DeleteInstanceProfile",
    "iam:DeletePolicy",
    "iam:DeletePolicyVersion",
    "iam:DeleteRole",
    "iam:DeleteRolePolicy",
    "iam:DetachRolePolicy",
    "iam:GetInstanceProfile",
    "iam:GetPolicy",
    "iam:GetPolicyVersion",
    "iam:GetRole",
    "iam:GetRolePolicy",
    "iam:ListAttachedRolePolicies",
    "iam:ListInstanceProfilesForRole",
    "iam:ListPolicyVersions",
    "iam:ListRolePolicies",
    "iam:PassRole",
    "iam:PutRolePolicy",
    "iam:RemoveRoleFromInstanceProfile",
    "iam:TagPolicy",
    "iam:TagRole",
    "iam:UntagPolicy",
    "iam:UntagRole",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
];

/// The actions the launch role gets on the account's resources of `service`.
pub fn actions(service: &str) -> Vec<String> {
    if service == "iam" {
        IAM_ACTIONS.iter().map(|a| (*a).to_owned()).collect()
    } else {
        vec![format!("{service}:*")]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_come_from_the_namespace_with_the_exceptions() {
        let found = prefixes([
            "AWS::SQS::Queue",
            "AWS::SQS::QueuePolicy",
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            "AWS::KinesisFirehose::DeliveryStream",
            "AWS::StepFunctions::StateMachine",
            "AWS::Cognito::UserPoolClient",
            "Custom::Thing",
        ]);
        let found: Vec<&str> = found.iter().map(String::as_str).collect();
        assert_eq!(
            found,
            [
                "cognito-idp",
                "elasticloadbalancing",
                "firehose",
                "sqs",
                "states"
            ]
        );
    }
}
