//! Secrets whose value the operator supplies: until it is put, the secret holds the
//! placeholder the stack created it with, and the workloads that read it fail to sign in.
//! Offline, `plan` says what to do after the deploy; live, it reads each secret's metadata
//! (never its value) and warns while the placeholder is the only version.

use crate::aws::secrets::SecretState;
use crate::components::Platform;
use crate::diagnostic::{Diagnostic, Severity};

/// The full names of the platform's supplied secrets, in spec order.
pub fn supplied(platform: &Platform) -> Vec<String> {
    platform
        .secrets
        .iter()
        .filter(|s| s.supplied)
        .map(|s| s.full_name(&platform.name))
        .collect()
}

fn put_command(name: &str) -> String {
    format!(
        "aws secretsmanager put-secret-value --secret-id {name} --secret-string file://value.txt"
    )
}

fn info(message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Info,
        ..Diagnostic::error("plan/secret-supplied", message)
    }
}

/// What the plan says about each supplied secret: `states` are the live states, in the
/// order of [`supplied`], when the plan reads a deployed stack.
pub fn findings(names: &[String], states: Option<&[SecretState]>) -> Vec<Diagnostic> {
    names
        .iter()
        .enumerate()
        .filter_map(|(i, name)| match states.map(|s| &s[i]) {
            None | Some(SecretState::Absent) => Some(info(format!(
                "secret {name} is supplied by its operator: once the stack has created it, put its value ({})",
                put_command(name)
            ))),
            Some(SecretState::Present { labelled_versions }) if *labelled_versions <= 1 => {
                Some(Diagnostic::warning(
                    "plan/secret-placeholder",
                    format!(
                        "secret {name} still holds the placeholder the stack created it with: put its value before the workloads that read it start ({})",
                        put_command(name)
                    ),
                ))
            }
            Some(SecretState::Present { .. }) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_placeholder_is_warned_until_a_value_is_put() {
        let names = vec!["prod/api-key".to_owned()];
        let offline = findings(&names, None);
        assert_eq!(offline[0].code, "plan/secret-supplied");
        assert!(offline[0].message.contains("--secret-id prod/api-key"));
        let placeholder = findings(
            &names,
            Some(&[SecretState::Present {
                labelled_versions: 1,
            }]),
        );
        assert_eq!(placeholder[0].code, "plan/secret-placeholder");
        assert!(!placeholder[0].is_error());
        let put = findings(
            &names,
            Some(&[SecretState::Present {
                labelled_versions: 2,
            }]),
        );
        assert!(put.is_empty());
        let absent = findings(&names, Some(&[SecretState::Absent]));
        assert_eq!(absent[0].code, "plan/secret-supplied");
    }
}
