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
}

pub(crate) fn resolve(spec: &Spec, p: &mut Problems) -> Vec<Secret> {
    let at = KeyPath::root().key("secrets");
    named(&spec.secrets, |s| &s.name, &at, p)
        .into_iter()
        .map(|(s, id)| {
            let i = spec.secrets.iter().position(|x| x.name == s.name).unwrap_or(0);
            let length = s.length.unwrap_or(32);
            if !(16..=4096).contains(&length) {
                p.error(
                    "spec/secret",
                    &at.index(i).key("length"),
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
                    &at.index(i).key("description"),
                    "Secrets Manager allows at most 2,048 characters",
                );
            }
            Secret {
                name: s.name.clone(),
                id,
                description,
                length,
                exclude_punctuation: s.exclude_punctuation,
            }
        })
        .collect()
}
