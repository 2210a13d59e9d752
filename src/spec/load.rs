//! Reading a spec file: YAML → located tree → serde types, errors with file, line and path.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Location};
use crate::yaml::{self, KeyPath, Node};

/// A spec file as read: its path and the located tree (its bases merged in), kept so
/// that later stages can point at the file and line of any key path.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub tree: Node,
    /// The subtrees that bases (`extends:`) set, with their files.
    pub origins: Vec<(KeyPath, PathBuf)>,
}

impl Source {
    /// An error diagnostic located at `path`, in the file that set it.
    pub fn error(
        &self,
        code: &'static str,
        path: &KeyPath,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::error(code, message)
            .at(Location::at(self.file_of(path), self.tree.locate(path)))
            .with_path(path)
    }

    /// The file that set the value at `path`: the spec itself, or the base it extends.
    pub fn file_of(&self, path: &KeyPath) -> &Path {
        self.origins
            .iter()
            .filter(|(prefix, _)| path.starts_with(prefix))
            .max_by_key(|(prefix, _)| prefix.depth())
            .map_or(self.path.as_path(), |(_, file)| file.as_path())
    }
}

/// Why a spec could not be used. Both variants mean exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    #[error("cannot read {}: {}", .0.path().display(), .0)]
    Read(#[from] yaml::ReadError),
    #[error("{} is not a valid spec: {} problem(s)", path.display(), problems.len())]
    Invalid {
        path: PathBuf,
        problems: Vec<Diagnostic>,
    },
}

impl SpecError {
    /// The problems to show, one per line; a read failure is one problem without a line.
    pub fn problems(&self) -> Vec<Diagnostic> {
        match self {
            SpecError::Read(e) => vec![Diagnostic::error("spec/unreadable", e.to_string())
                .at(Location::at(e.path(), e.pos()))],
            SpecError::Invalid { problems, .. } => problems.clone(),
        }
    }
}

/// Reads and parses the spec at `path`.
pub fn load<Spec: DeserializeOwned>(path: &Path) -> Result<(Spec, Source), SpecError> {
    let text = yaml::read_text(path)?;
    load_str(path, &text)
}

/// Parses spec text that came from `path` (used in messages only).
pub fn load_str<Spec: DeserializeOwned>(
    path: &Path,
    text: &str,
) -> Result<(Spec, Source), SpecError> {
    let invalid = |d: Diagnostic| SpecError::Invalid {
        path: path.to_owned(),
        problems: vec![d],
    };
    let tree = yaml::load(text).map_err(|e| {
        invalid(Diagnostic::error("spec/yaml", e.to_string()).at(Location::at(path, e.pos())))
    })?;
    let layered = super::extends::resolve(path, tree).map_err(invalid)?;
    let source = Source {
        path: path.to_owned(),
        tree: layered.tree,
        origins: layered.origins,
    };
    let json = source.tree.to_json();
    match serde_path_to_error::deserialize::<_, Spec>(json) {
        Ok(spec) => Ok((spec, source)),
        Err(err) => {
            let key_path = KeyPath::from_serde(err.path());
            let message = err.inner().to_string();
            Err(invalid(source.error("spec/shape", &key_path, message)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use serde::Deserialize;

    use crate::spec::{EnvironmentSize, NetworkSpec};

    /// The spec's core keys: enough to show how shape errors are located.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Core {
        name: String,
        region: String,
        environment_size: EnvironmentSize,
        network: NetworkSpec,
    }

    fn problem(text: &str) -> Diagnostic {
        match load_str::<Core>(Path::new("env.yaml"), text) {
            Err(SpecError::Invalid { problems, .. }) => problems[0].clone(),
            other => panic!("expected an invalid spec, got {other:?}"),
        }
    }

    #[test]
    fn unknown_keys_are_located_at_the_key() {
        let d = problem("name: a1\nregion: us-east-1\nenvironment_size: Small\nnetwork:\n  vpc_cidr: 10.0.0.0/16\n  subnet: x\n");
        assert_eq!(d.path.as_deref(), Some("network.subnet"));
        assert_eq!(d.location.unwrap().line, Some(6));
        assert!(
            d.message.contains("unknown field `subnet`"),
            "{}",
            d.message
        );
    }

    #[test]
    fn wrong_types_name_the_path() {
        let d = problem("name: a1\nregion: us-east-1\nenvironment_size: Huge\nnetwork: {}\n");
        assert_eq!(d.path.as_deref(), Some("environment_size"));
        assert_eq!(d.location.unwrap().line, Some(3));
    }

    #[test]
    fn yaml_syntax_errors_have_a_line() {
        let d = problem("name: [a\n");
        assert_eq!(d.code, "spec/yaml");
        assert!(d.location.unwrap().line.is_some());
    }
}
