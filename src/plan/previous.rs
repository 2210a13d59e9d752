//! A previous synth output read back from disk, as resources per stack.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::diff::Resources;
use crate::output::MANIFEST;
use crate::render::{self, TemplateSet};

/// Resources per stack name (each parent under its own: `foundation`, `application`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PreviousOutput {
    stacks: BTreeMap<String, Resources>,
}

static EMPTY: std::sync::LazyLock<Resources> = std::sync::LazyLock::new(Resources::new);

impl PreviousOutput {
    pub fn stack_names(&self) -> impl Iterator<Item = &str> {
        self.stacks.keys().map(String::as_str)
    }

    /// A stack's resources; none for a stack that did not exist.
    pub fn resources(&self, stack: &str) -> &Resources {
        self.stacks.get(stack).unwrap_or(&EMPTY)
    }

    /// The same view of a freshly rendered set, so both sides compare as JSON.
    pub fn from_set(set: &TemplateSet) -> Self {
        let to_resources = |t: &render::Template| -> Resources {
            t.resources
                .iter()
                .map(|(id, r)| {
                    (
                        id.clone(),
                        serde_json::to_value(r).expect("resources are plain JSON"),
                    )
                })
                .collect()
        };
        let stacks = set
            .templates()
            .map(|(name, t)| (name.to_owned(), to_resources(t)))
            .collect();
        PreviousOutput { stacks }
    }
}

/// Why a directory could not be read as earlier synth output.
#[derive(Debug, thiserror::Error)]
pub enum PreviousError {
    #[error("{} is not synth output: no {MANIFEST}", dir.display())]
    NotOutput { dir: PathBuf },
    #[error("cannot read {}: {}", .0.path().display(), .0)]
    Read(#[from] crate::yaml::ReadError),
    #[error("{} is not valid JSON: {message}", path.display())]
    Parse { path: PathBuf, message: String },
}

fn read_json(path: &Path) -> Result<Value, PreviousError> {
    // The directory may come from a pull request: read within the same limits as specs
    // and templates (serde_json bounds the nesting).
    let text = crate::yaml::read_text(path)?;
    serde_json::from_str(&text).map_err(|e| PreviousError::Parse {
        path: path.to_owned(),
        message: e.to_string(),
    })
}

/// Reads the templates that `dir`'s manifest lists.
pub fn load_previous(dir: &Path) -> Result<PreviousOutput, PreviousError> {
    let manifest_path = dir.join(MANIFEST);
    if !manifest_path.is_file() {
        return Err(PreviousError::NotOutput {
            dir: dir.to_owned(),
        });
    }
    let manifest = read_json(&manifest_path)?;
    let bad = |what: &str| PreviousError::Parse {
        path: manifest_path.clone(),
        message: format!("missing {what}"),
    };
    // `parents`; output of releases before the foundation/application split has one
    // `parent`, which then shows as removed.
    let mut entries: Vec<Value> = match (manifest.get("parents"), manifest.get("parent")) {
        (Some(Value::Array(parents)), _) => parents.clone(),
        (None, Some(parent)) => vec![parent.clone()],
        _ => return Err(bad("parents")),
    };
    entries.extend(
        manifest
            .get("stacks")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("stacks"))?
            .iter()
            .cloned(),
    );
    let mut stacks = BTreeMap::new();
    for entry in entries {
        let (Some(stack), Some(file)) = (entry["stack"].as_str(), entry["file"].as_str()) else {
            return Err(bad("stack or file in an entry"));
        };
        let template = read_json(&dir.join(file))?;
        let resources: Resources = template
            .get("Resources")
            .and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        stacks.insert(stack.to_owned(), resources);
    }
    Ok(PreviousOutput { stacks })
}
