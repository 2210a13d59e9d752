//! Secrets Manager secrets with generated values, in the security stack beside the key
//! that encrypts them. Other stacks read a secret's ARN by the output `<Id>SecretArn`.

use serde_json::json;

use super::intrinsics::{get_att, r#ref};
use super::stack::StackBuilder;
use super::template::{Policy, Resource};
use crate::model::{Platform, Secret};

/// The output (and parameter) name that carries a secret's ARN between stacks.
pub fn arn_output(secret: &Secret) -> String {
    format!("{}SecretArn", secret.id)
}

pub fn render(s: &mut StackBuilder, platform: &Platform) {
    for secret in &platform.secrets {
        let id = format!("{}Secret", secret.id);
        s.add(
            &id,
            Resource::new(
                "AWS::SecretsManager::Secret",
                json!({
                    "Name": format!("{}/{}", platform.name, secret.name),
                    "Description": secret.description,
                    "KmsKeyId": get_att("PlatformKey", "Arn"),
                    "GenerateSecretString": {
                        "PasswordLength": secret.length,
                        "ExcludePunctuation": secret.exclude_punctuation
                    }
                }),
            )
            .keep(Policy::Retain)
            .skip_checkov(&[(
                "CKV2_AWS_57",
                "Rotation needs a rotation function that knows the system the value unlocks; the secret's owner adds it",
            )]),
        );
        s.output(
            &arn_output(secret),
            r#ref(&id),
            &format!("ARN of secret {}", secret.name),
        );
    }
}
