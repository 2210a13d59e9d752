//! IAM policy documents and statements, one typed builder for every policy the renderer
//! writes (identity, trust, bucket, queue, topic, key, file-system and domain policies).
//! A statement's keys always come out in the order IAM documents them (Sid, Effect,
//! Principal, Action, Resource, Condition), whatever order the builder was called in.

use serde_json::{json, Map, Value};

/// The policy language version every document declares.
pub const VERSION: &str = "2012-10-17";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// One policy statement. `Action`, `Resource` and the principal keep the form given: a
/// single string stays a string, a list stays a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    sid: Option<String>,
    effect: Effect,
    principal: Option<Value>,
    action: Value,
    resource: Option<Value>,
    condition: Option<Value>,
}

impl Statement {
    pub fn allow(action: impl Into<Value>) -> Self {
        Self::new(Effect::Allow, action.into())
    }

    pub fn deny(action: impl Into<Value>) -> Self {
        Self::new(Effect::Deny, action.into())
    }

    fn new(effect: Effect, action: Value) -> Self {
        Statement {
            sid: None,
            effect,
            principal: None,
            action,
            resource: None,
            condition: None,
        }
    }

    pub fn sid(mut self, sid: impl Into<String>) -> Self {
        self.sid = Some(sid.into());
        self
    }

    /// A resource policy's principal, written whole (`{"AWS": "*"}`).
    pub fn principal(mut self, principal: Value) -> Self {
        self.principal = Some(principal);
        self
    }

    /// `{"Service": service}`: one service principal or a list of them.
    pub fn service(self, service: impl Into<Value>) -> Self {
        self.principal(json!({ "Service": service.into() }))
    }

    /// `{"AWS": who}`: accounts or roles.
    pub fn aws(self, who: impl Into<Value>) -> Self {
        self.principal(json!({ "AWS": who.into() }))
    }

    pub fn resource(mut self, resource: impl Into<Value>) -> Self {
        self.resource = Some(resource.into());
        self
    }

    pub fn condition(mut self, condition: Value) -> Self {
        self.condition = Some(condition);
        self
    }
}

impl From<Statement> for Value {
    fn from(s: Statement) -> Value {
        let mut m = Map::new();
        if let Some(sid) = s.sid {
            m.insert("Sid".into(), Value::String(sid));
        }
        let effect = match s.effect {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        };
        m.insert("Effect".into(), Value::String(effect.into()));
        if let Some(principal) = s.principal {
            m.insert("Principal".into(), principal);
        }
        m.insert("Action".into(), s.action);
        if let Some(resource) = s.resource {
            m.insert("Resource".into(), resource);
        }
        if let Some(condition) = s.condition {
            m.insert("Condition".into(), condition);
        }
        Value::Object(m)
    }
}

/// A policy document holding `statements`.
pub fn document(statements: impl IntoIterator<Item = impl Into<Value>>) -> Value {
    let statements: Vec<Value> = statements.into_iter().map(Into::into).collect();
    json!({ "Version": VERSION, "Statement": statements })
}

/// A trust policy that lets an AWS service assume the role, only on behalf of this account.
pub fn service_trust(service: &str) -> Value {
    document([Statement::allow("sts:AssumeRole")
        .service(service)
        .condition(
            json!({ "StringEquals": { "aws:SourceAccount": { "Ref": "AWS::AccountId" } } }),
        )])
}

/// An Allow statement of `actions` on `resources`, for identity policies.
pub fn allow(sid: &str, actions: &[&str], resources: Vec<Value>) -> Value {
    Statement::allow(actions)
        .sid(sid)
        .resource(resources)
        .into()
}

/// An inline role policy named `name` with `statements`.
pub fn inline_policy(name: &str, statements: Vec<Value>) -> Value {
    json!({ "PolicyName": name, "PolicyDocument": document(statements) })
}

/// Denies any request to `resources` that does not come over TLS.
pub fn deny_insecure_transport(actions: &str, resources: Vec<Value>) -> Value {
    Statement::deny(actions)
        .sid("DenyInsecureTransport")
        .aws("*")
        .resource(resources)
        .condition(json!({ "Bool": { "aws:SecureTransport": "false" } }))
        .into()
}

/// What a Lambda function attached to the VPC needs of its execution role: Lambda creates
/// and removes the function's network interfaces with it (Lambda Developer Guide, "Giving
/// Lambda functions access to resources in an Amazon VPC"). The write calls are held to
/// the environment's VPC (the stack's imported `VpcId`) by `ec2:Vpc`, which EC2 evaluates
/// on the interface, its subnet and its security groups; the Describe calls take no
/// resource and are granted on `*`.
pub fn lambda_vpc_networking() -> Vec<Value> {
    let vpc = super::intrinsics::arn(&format!(
        "ec2:${{AWS::Region}}:${{AWS::AccountId}}:vpc/${{{}}}",
        super::names::VPC_ID
    ));
    vec![
        Statement::allow(
            &[
                "ec2:CreateNetworkInterface",
                "ec2:DeleteNetworkInterface",
                "ec2:AssignPrivateIpAddresses",
                "ec2:UnassignPrivateIpAddresses",
            ][..],
        )
        .sid("ManageInterfacesInThisVpc")
        .resource(super::intrinsics::arn(
            "ec2:${AWS::Region}:${AWS::AccountId}:*",
        ))
        .condition(json!({ "ArnEquals": { "ec2:Vpc": vpc } }))
        .into(),
        allow(
            "DescribeInterfaces",
            &["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"],
            vec![json!("*")],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_out_in_documented_order_whatever_the_call_order() {
        let s: Value = Statement::deny("s3:*")
            .condition(json!({ "Bool": { "aws:SecureTransport": "false" } }))
            .resource("*")
            .aws("*")
            .sid("DenyInsecureTransport")
            .into();
        let keys: Vec<&String> = s
            .as_object()
            .map(|m| m.keys().collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            [
                "Sid",
                "Effect",
                "Principal",
                "Action",
                "Resource",
                "Condition"
            ]
        );
    }

    #[test]
    fn a_single_action_stays_a_string_and_a_list_a_list() {
        let one: Value = Statement::allow("sts:AssumeRole").into();
        let many: Value = Statement::allow(&["a:B", "c:D"][..]).into();
        assert_eq!(one["Action"], json!("sts:AssumeRole"));
        assert_eq!(many["Action"], json!(["a:B", "c:D"]));
    }
}
