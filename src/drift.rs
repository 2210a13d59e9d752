//! `synth --check`: whether a directory holds exactly the files synth would write now,
//! byte for byte. CI runs it to catch committed templates that drifted from their spec.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::output::File;

/// One way a directory differs from synth's output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Drift {
    /// In both, with different bytes.
    Changed(String),
    /// Synth would write it; the directory lacks it.
    Missing(String),
    /// In the directory; synth would not write it (synth replaces DIR whole, so it would go).
    Extra(String),
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Changed(name) => write!(f, "changed  {name}"),
            Drift::Missing(name) => write!(f, "missing  {name}"),
            Drift::Extra(name) => write!(f, "extra    {name}"),
        }
    }
}

/// Why a directory could not be compared.
#[derive(Debug, thiserror::Error)]
#[error("cannot read {}: {source}", path.display())]
pub struct DriftError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// Differences between `dir` and `files`, sorted by kind then name. A missing `dir` makes
/// every file missing.
pub fn compare(dir: &Path, files: &[File]) -> Result<Vec<Drift>, DriftError> {
    let err = |path: &Path| {
        let path = path.to_owned();
        move |source| DriftError { path, source }
    };
    let mut present = BTreeSet::new();
    if dir.exists() {
        for entry in std::fs::read_dir(dir).map_err(err(dir))? {
            let entry = entry.map_err(err(dir))?;
            present.insert(entry.file_name().to_string_lossy().into_owned());
        }
    }
    let mut drift = Vec::new();
    for file in files {
        if present.remove(&file.name) {
            let path = dir.join(&file.name);
            // A file of another length differs without being read, however large it is.
            let len = std::fs::metadata(&path).map_err(err(&path))?.len();
            if usize::try_from(len).ok() != Some(file.bytes.len())
                || std::fs::read(&path).map_err(err(&path))? != file.bytes
            {
                drift.push(Drift::Changed(file.name.clone()));
            }
        } else {
            drift.push(Drift::Missing(file.name.clone()));
        }
    }
    drift.extend(present.into_iter().map(Drift::Extra));
    drift.sort();
    Ok(drift)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, bytes: &str) -> File {
        File {
            name: name.into(),
            bytes: bytes.as_bytes().to_vec(),
        }
    }

    #[test]
    fn names_changed_missing_and_extra_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("same.json"), "a").unwrap();
        std::fs::write(dir.path().join("edited.json"), "old").unwrap();
        std::fs::write(dir.path().join("stray.json"), "x").unwrap();
        let files = [
            file("same.json", "a"),
            file("edited.json", "new"),
            file("new.json", "n"),
        ];
        assert_eq!(
            compare(dir.path(), &files).unwrap(),
            vec![
                Drift::Changed("edited.json".into()),
                Drift::Missing("new.json".into()),
                Drift::Extra("stray.json".into()),
            ]
        );
    }

    #[test]
    fn identical_directories_have_no_drift() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.json"), "a").unwrap();
        assert!(compare(dir.path(), &[file("a.json", "a")])
            .unwrap()
            .is_empty());
    }
}
