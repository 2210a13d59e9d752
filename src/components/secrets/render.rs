//! Secrets Manager secrets with generated values, in the security stack beside the key
//! that encrypts them. Other stacks import a secret's ARN by the handle returned here.

use std::collections::BTreeMap;

use serde_json::json;

use crate::components::Platform;
use crate::render::intrinsics::{get_att, r#ref};
use crate::render::link::Export;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::{Policy, Resource};

/// What a supplied secret holds until its operator puts the value.
pub const PLACEHOLDER: &str =
    "PLACEHOLDER: put this secret's value with aws secretsmanager put-secret-value";

/// The tag that marks a secret whose value its operator supplies.
pub const SUPPLIED_TAG: &str = "platformctl:supplied";

/// Renders every secret; returns each one's ARN handle by secret name.
pub fn render(s: &mut StackBuilder, platform: &Platform) -> BTreeMap<String, Export> {
    let mut exports = BTreeMap::new();
    for secret in &platform.secrets {
        let id = format!("{}Secret", secret.id);
        let mut props = json!({
            "Name": secret.full_name(&platform.name),
            "Description": secret.description,
            "KmsKeyId": get_att("PlatformKey", "Arn")
        });
        if secret.supplied {
            // CloudFormation never writes SecretString again unless the template changes
            // it, so the value the operator puts stays (README, "Supplied secrets").
            props["SecretString"] = json!(PLACEHOLDER);
            props["Tags"] = json!([{ "Key": SUPPLIED_TAG, "Value": "true" }]);
        } else {
            props["GenerateSecretString"] = json!({
                "PasswordLength": secret.length,
                "ExcludePunctuation": secret.exclude_punctuation
            });
        }
        s.add(
            &id,
            Resource::new("AWS::SecretsManager::Secret", props)
            .keep(Policy::Retain)
            .skip_checkov(&[(
                "CKV2_AWS_57",
                "Rotation needs a rotation function that knows the system the value unlocks; the secret's owner adds it",
            )]),
        );
        let arn = s.export(names::secret_arn(&secret.id, &secret.name), r#ref(&id));
        exports.insert(secret.name.clone(), arn);
    }
    exports
}
