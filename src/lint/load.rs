//! Finding and reading templates: files as named, directories recursed (sorted, hidden
//! directories skipped) for `.json`, `.yaml`, `.yml` and `.template` files that look like
//! CloudFormation. JSON is read by the YAML loader (JSON is YAML 1.2), so JSON templates
//! get lines and columns too.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Location};
use crate::lint::normalize::normalize;
use crate::lint::rules::structure::PC1000;
use crate::lint::template::Template;
use crate::lint::LintError;

/// Why a template could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Parse(#[from] crate::yaml::LoadError),
}

const EXTENSIONS: &[&str] = &["json", "yaml", "yml", "template"];

/// Reads and parses one template, short forms normalized.
pub fn read(path: &Path) -> Result<Template, ReadError> {
    let text = std::fs::read_to_string(path).map_err(|source| ReadError::Io {
        path: path.to_owned(),
        source,
    })?;
    parse(path, &text)
}

/// Parses template `text` that came from `path`.
pub fn parse(path: &Path, text: &str) -> Result<Template, ReadError> {
    // YAML forbids tabs in indentation, JSON allows them as whitespace: outside quoted
    // strings a tab in JSON is only ever whitespace, so it becomes a space (same columns).
    let looks_json = text.trim_start().starts_with('{');
    let owned;
    let text = if looks_json && text.contains('\t') {
        owned = detab_json(text);
        owned.as_str()
    } else {
        text
    };
    let mut root = crate::yaml::load(text)?;
    normalize(&mut root);
    Ok(Template {
        file: path.to_owned(),
        root,
        bytes: text.len(),
    })
}

fn detab_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        match c {
            '\t' if !in_string => out.push(' '),
            '"' if !escaped => {
                in_string = !in_string;
                out.push(c);
            }
            _ => out.push(c),
        }
        escaped = c == '\\' && !escaped;
    }
    out
}

/// Templates read from `paths`, and a PC1000 diagnostic for each that does not parse.
#[derive(Debug, Default)]
pub struct Loaded {
    pub templates: Vec<Template>,
    pub unparsable: Vec<Diagnostic>,
}

/// Reads every template under `paths`. A path that does not exist, or a file that
/// cannot be read, is an error; `excluded` filters discovered and named files alike.
pub fn load_all(paths: &[PathBuf], excluded: &dyn Fn(&Path) -> bool) -> Result<Loaded, LintError> {
    let mut files: Vec<(PathBuf, bool)> = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| LintError::Unreadable {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            walk_dir(path, &mut files)?;
        } else {
            files.push((path.clone(), true));
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut loaded = Loaded::default();
    for (file, named) in files {
        if excluded(&file) || !seen.insert(file.clone()) {
            continue;
        }
        let text = std::fs::read_to_string(&file).map_err(|source| LintError::Unreadable {
            path: file.clone(),
            source,
        })?;
        let sniffed = text.contains("Resources") || text.contains("AWSTemplateFormatVersion");
        if !named && !sniffed {
            continue;
        }
        match parse(&file, &text) {
            Ok(t) => {
                let is_template = t.root.get("Resources").is_some()
                    || t.root.get("AWSTemplateFormatVersion").is_some();
                if named || is_template {
                    loaded.templates.push(t);
                }
            }
            Err(ReadError::Parse(e)) => loaded.unparsable.push(
                Diagnostic::error(PC1000.id, format!("not valid JSON or YAML: {e}"))
                    .at(Location::at(&file, e.pos())),
            ),
            Err(ReadError::Io { path, source }) => {
                return Err(LintError::Unreadable { path, source })
            }
        }
    }
    Ok(loaded)
}

fn walk_dir(dir: &Path, files: &mut Vec<(PathBuf, bool)>) -> Result<(), LintError> {
    let unreadable = |source| LintError::Unreadable {
        path: dir.to_owned(),
        source,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(unreadable)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(unreadable)?;
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                walk_dir(&path, files)?;
            }
        } else if path
            .extension()
            .is_some_and(|e| EXTENSIONS.contains(&e.to_string_lossy().as_ref()))
        {
            files.push((path, false));
        }
    }
    Ok(())
}
