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
    // A user pool is `cognito-idp`; an identity pool `cognito-identity`.
    ("Cognito", &["cognito-idp", "cognito-identity"]),
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
        match PREFIXES.iter().find(|(n, _)| *n == namespace) {
            Some((_, prefixes)) => found.extend(prefixes.iter().map(|p| (*p).to_owned())),
            None => {
                found.insert(namespace.to_ascii_lowercase());
            }
        }
    }
    found
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
            "Custom::Thing",
        ]);
        let found: Vec<&str> = found.iter().map(String::as_str).collect();
        assert_eq!(found, ["elasticloadbalancing", "firehose", "sqs", "states"]);
    }
}
