//! The project config file, `.platformctl.yaml`: found by walking up from the current
//! directory, or named with `--config`. Only its `lint` section is read today:
//!
//! ```yaml
//! lint:
//!   ignore: [{ rule: PC7006, reason: "the API is public by design" }]
//!   regions: [us-east-1, eu-west-1]
//!   warnings_as_errors: true
//!   exclude: ["build/**", "*.params.json"]
//! ```
//!
//! Unknown keys are errors with file and line, as in the spec.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Location};
use crate::yaml::KeyPath;

/// The config file's name.
pub const FILE_NAME: &str = ".platformctl.yaml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    lint: LintConfig,
}

/// `lint:` settings; every key optional.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintConfig {
    #[serde(default)]
    pub ignore: Vec<Ignore>,
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default)]
    pub warnings_as_errors: bool,
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// A rule silenced everywhere, and why.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ignore {
    pub rule: String,
    #[serde(default)]
    pub reason: String,
}

/// A config file as read: its settings, where it is, and where each ignore entry sits.
#[derive(Debug, Default, Clone)]
pub struct Config {
    pub path: Option<PathBuf>,
    pub lint: LintConfig,
    /// Positions of `lint.ignore[i]`, for findings about bad entries.
    pub ignore_locations: Vec<Location>,
}

/// A config file that cannot be used; the diagnostic has its file, line and key path.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub Box<Diagnostic>);

/// The config file nearest to `start` (itself or an ancestor), if any.
pub fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Reads the config at `path`.
pub fn read(path: &Path) -> Result<Config, ConfigError> {
    let fail = |message: String, pos: Option<crate::yaml::Pos>, key: &KeyPath| {
        let mut d = Diagnostic::error("config", message).with_path(key);
        d.location = Some(match pos {
            Some(p) => Location::at(path, p),
            None => Location {
                file: path.to_owned(),
                line: None,
                column: None,
            },
        });
        ConfigError(Box::new(d))
    };
    let text = crate::yaml::read_text(path)
        .map_err(|e| fail(e.to_string(), Some(e.pos()), &KeyPath::root()))?;
    let tree = crate::yaml::load(&text)
        .map_err(|e| fail(e.to_string(), Some(e.pos()), &KeyPath::root()))?;
    let json = match tree.to_json() {
        serde_json::Value::Null => serde_json::json!({}),
        other => other,
    };
    let file: ConfigFile = serde_path_to_error::deserialize(json).map_err(|err| {
        let key = KeyPath::from_serde(err.path());
        fail(err.inner().to_string(), Some(tree.locate(&key)), &key)
    })?;
    let ignore_path = KeyPath::root().key("lint").key("ignore");
    let ignore_locations = (0..file.lint.ignore.len())
        .map(|i| Location::at(path, tree.locate(&ignore_path.index(i))))
        .collect();
    Ok(Config {
        path: Some(path.to_owned()),
        lint: file.lint,
        ignore_locations,
    })
}
