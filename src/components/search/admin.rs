//! The search domain's administrator: one IAM role that is the domain's master user. With
//! fine-grained access control an IAM identity the security plugin does not map gets 403
//! whatever its IAM rights (OpenSearch Service Developer Guide, "Fine-grained access
//! control in Amazon OpenSearch Service", "Mapping roles to users"); the function that
//! runs as this role to map the workloads' roles lives beside them, in the compute stack
//! ([`super::function`]), which adds the rest of the role's rights there.

use serde_json::{json, Value};

use crate::components::Platform;
use crate::render::iam;
use crate::render::intrinsics::{arn, get_att, r#ref};
use crate::render::link::Export;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;

/// The ARN of `path` in the domain, built from its name: the role cannot name the domain's
/// attribute, since the domain names the role as its master user.
pub(super) fn domain_arn(domain: &str, path: &str) -> Value {
    arn(&format!(
        "es:${{AWS::Region}}:${{AWS::AccountId}}:domain/{domain}/{path}"
    ))
}

/// Renders the role; returns the handles of its ARN and name.
pub(super) fn render(s: &mut StackBuilder, platform: &Platform, domain: &str) -> (Export, Export) {
    let role = names::SEARCH_ADMIN_ROLE;
    // Only the security plugin's API, which is what a master user is for.
    let statements = vec![iam::allow(
        "ManageSecurityPlugin",
        &["es:ESHttpGet", "es:ESHttpPut"],
        vec![domain_arn(domain, "_plugins/_security/*")],
    )];
    s.add(
        role,
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "Description": format!("{} OpenSearch master user; maps workload roles", platform.name),
                "AssumeRolePolicyDocument": iam::service_trust("lambda.amazonaws.com"),
                "Policies": [iam::inline_policy("search-admin", statements)]
            }),
        ),
    );
    (
        s.export(names::search_admin_role_arn(), get_att(role, "Arn")),
        s.export(names::search_admin_role_name(), r#ref(role)),
    )
}
