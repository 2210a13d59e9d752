//! IAM policy documents: statements scoped to named resources.

use serde_json::{json, Value};

/// A trust policy that lets an AWS service assume the role, only on behalf of this account.
pub fn service_trust(service: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": { "Service": service },
            "Action": "sts:AssumeRole",
            "Condition": { "StringEquals": { "aws:SourceAccount": { "Ref": "AWS::AccountId" } } }
        }]
    })
}

/// An Allow statement of `actions` on `resources`.
pub fn allow(sid: &str, actions: &[&str], resources: Vec<Value>) -> Value {
    json!({ "Sid": sid, "Effect": "Allow", "Action": actions, "Resource": resources })
}

/// An inline role policy named `name` with `statements`.
pub fn inline_policy(name: &str, statements: Vec<Value>) -> Value {
    json!({
        "PolicyName": name,
        "PolicyDocument": { "Version": "2012-10-17", "Statement": statements }
    })
}

/// Denies any request to `resources` that does not come over TLS.
pub fn deny_insecure_transport(actions: &str, resources: Vec<Value>) -> Value {
    json!({
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": { "AWS": "*" },
        "Action": actions,
        "Resource": resources,
        "Condition": { "Bool": { "aws:SecureTransport": "false" } }
    })
}
