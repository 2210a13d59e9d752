//! Resolves the `secrets` section.

use crate::components::Spec;
use crate::model::names::named;
use crate::model::Problems;
use crate::yaml::KeyPath;

/// A generated secret, encrypted with the environment's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret {
    pub name: String,
    /// Logical-ID stem (`ConnectorCredentials`).
    pub id: String,
    pub description: String,
    pub length: u16,
    pub exclude_punctuation: bool,
    /// The operator puts the value; the stack creates the secret with a placeholder.
    pub supplied: bool,
}

impl Secret {
    /// The secret's name in Secrets Manager: `<environment>/<name>`.
    pub fn full_name(&self, environment: &str) -> String {
        format!("{environment}/{}", self.name)
    }
}

pub(crate) fn resolve(spec: &Spec, p: &mut Problems) -> Vec<Secret> {
    let at = KeyPath::root().key("secrets");
    named(&spec.secrets, |s| &s.name, &at, p)
        .into_iter()
        .map(|(s, id, here)| {
            if s.supplied && (s.length.is_some() || s.exclude_punctuation) {
                let key = if s.length.is_some() { "length" } else { "exclude_punctuation" };
                p.error(
                    "spec/secret",
                    &here.key(key),
                    "a supplied secret's value comes from its operator: `length` and `exclude_punctuation` shape generated values only",
                );
            }
            let length = s.length.unwrap_or(32);
            if !(16..=4096).contains(&length) {
                p.error(
                    "spec/secret",
                    &here.key("length"),
                    format!("{length} characters: use 16 to 4,096 (Secrets Manager generates at most 4,096)"),
                );
            }
            let description = s
                .description
                .clone()
                .unwrap_or_else(|| format!("Secret {} of the platform environment", s.name));
            if description.len() > 2048 {
                p.error(
                    "spec/secret",
                    &here.key("description"),
                    "Secrets Manager allows at most 2,048 characters",
                );
            }
            Secret {
                name: s.name.clone(),
                id,
                description,
                length,
                exclude_punctuation: s.exclude_punctuation,
                supplied: s.supplied,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// A supplied secret's value is the operator's: options that shape a generated value
    /// are refused at their key.
    #[test]
    fn a_supplied_secret_takes_no_generation_options() {
        let yaml = "name: acme\nregion: us-east-1\nenvironment_size: Small\nnetwork:\n  vpc_cidr: 10.0.0.0/16\nsecrets:\n  - name: partner-token\n    supplied: true\n    length: 40\n";
        let (spec, source) = crate::spec::load_str(Path::new("t.yaml"), yaml).unwrap();
        let error = format!("{:?}", crate::components::build(&spec, &source).unwrap_err());
        assert!(error.contains("secrets[0].length"), "{error}");
        assert!(error.contains("comes from its operator"), "{error}");
    }
}
