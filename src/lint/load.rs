//! Finding and reading templates: files as named, directories recursed (sorted, hidden
//! directories skipped) for `.json`, `.yaml`, `.yml` and `.template` files that look like
//! CloudFormation. JSON is read by the YAML loader (JSON is YAML 1.2), so JSON templates
//! get lines and columns too, and both are held to the same limits.
//!
//! One file's failure never hides another's findings: a path that cannot be read, decoded
//! or parsed becomes a located PC1000 finding and the run goes on. Each real file is read
//! once however many links lead to it, and a directory link that leads back to where the
//! walk has been is skipped with a warning.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Location};
use crate::lint::normalize::normalize;
use crate::lint::rules::structure::PC1000;
use crate::lint::template::Template;
use crate::yaml::{self, Pos};

/// Why a template could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Read(#[from] yaml::ReadError),
    #[error("not valid JSON or YAML: {0}")]
    Parse(#[from] yaml::LoadError),
}

impl ReadError {
    /// Where in the file the problem is.
    pub fn pos(&self) -> Pos {
        match self {
            ReadError::Read(e) => e.pos(),
            ReadError::Parse(e) => e.pos(),
        }
    }
}

const EXTENSIONS: &[&str] = &["json", "yaml", "yml", "template"];

/// Reads and parses one template, short forms normalized.
pub fn read(path: &Path) -> Result<Template, ReadError> {
    let text = yaml::read_text(path)?;
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
    let mut root = yaml::load(text)?;
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

/// Templates read from `paths`, a PC1000 finding for each path that could not be read
/// or parsed, and warnings about the walk itself (links skipped).
#[derive(Debug, Default)]
pub struct Loaded {
    pub templates: Vec<Template>,
    pub unreadable: Vec<Diagnostic>,
    pub warnings: Vec<String>,
}

impl Loaded {
    fn fail(&mut self, file: &Path, pos: Pos, message: String) {
        self.unreadable
            .push(Diagnostic::error(PC1000.id, message).at(Location::at(file, pos)));
    }
}

/// A file to read, and whether it was named on the command line (named files are read
/// whatever their content; discovered ones only when they look like a template).
struct Candidate {
    path: PathBuf,
    named: bool,
}

/// Reads every template under `paths`; `excluded` filters discovered and named files
/// alike.
pub fn load_all(paths: &[PathBuf], excluded: &dyn Fn(&Path) -> bool) -> Loaded {
    let mut loaded = Loaded::default();
    let mut files = Vec::new();
    let mut walked = HashSet::new();
    for path in paths {
        if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            walk(path, &mut walked, &mut files, &mut loaded);
        } else {
            files.push(Candidate {
                path: path.clone(),
                named: true,
            });
        }
    }
    let mut seen = HashSet::new();
    for file in files {
        // The same file reached twice (named twice, or through a link) is read once.
        let real = std::fs::canonicalize(&file.path).unwrap_or_else(|_| file.path.clone());
        if excluded(&file.path) || !seen.insert(real) {
            continue;
        }
        let text = match yaml::read_text(&file.path) {
            Ok(text) => text,
            Err(e) => {
                loaded.fail(&file.path, e.pos(), e.to_string());
                continue;
            }
        };
        let sniffed = text.contains("Resources") || text.contains("AWSTemplateFormatVersion");
        if !file.named && !sniffed {
            continue;
        }
        match parse(&file.path, &text) {
            Ok(t) => {
                let is_template = t.root.get("Resources").is_some()
                    || t.root.get("AWSTemplateFormatVersion").is_some();
                if file.named || is_template {
                    loaded.templates.push(t);
                }
            }
            Err(e) => loaded.fail(&file.path, e.pos(), e.to_string()),
        }
    }
    loaded
}

/// Collects the template files under `root`, depth first in sorted order, without
/// recursion (directory depth is the file system's to bound, not ours to trust).
fn walk(
    root: &Path,
    walked: &mut HashSet<PathBuf>,
    files: &mut Vec<Candidate>,
    loaded: &mut Loaded,
) {
    let Ok(real_root) = std::fs::canonicalize(root) else {
        loaded.fail(
            root,
            Pos { line: 1, col: 1 },
            "cannot resolve the directory".into(),
        );
        return;
    };
    if !walked.insert(real_root.clone()) {
        return;
    }
    // Each directory to visit, with the real directories on the way to it: a link to one
    // of those is a loop.
    let mut pending: Vec<(PathBuf, Vec<PathBuf>)> = vec![(root.to_owned(), vec![real_root])];
    while let Some((dir, ancestors)) = pending.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                let message = format!("cannot read the directory: {e}");
                loaded.fail(&dir, Pos { line: 1, col: 1 }, message);
                continue;
            }
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        let mut subdirs = Vec::new();
        for path in paths {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => {
                    if name.starts_with('.') || name == "target" || name == "node_modules" {
                        continue;
                    }
                    let Ok(real) = std::fs::canonicalize(&path) else {
                        continue;
                    };
                    if ancestors.contains(&real) {
                        loaded.warnings.push(format!(
                            "{}: symbolic link loop (back to {}); skipped",
                            path.display(),
                            real.display()
                        ));
                    } else if walked.insert(real.clone()) {
                        let mut chain = ancestors.clone();
                        chain.push(real);
                        subdirs.push((path, chain));
                    }
                }
                // A file, or a dangling link (reported when read): only with a template's
                // extension.
                _ if has_template_extension(&path) => files.push(Candidate { path, named: false }),
                _ => {}
            }
        }
        // Popped last-in first-out: pushed in reverse so the walk stays in sorted order.
        pending.extend(subdirs.into_iter().rev());
    }
}

fn has_template_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| EXTENSIONS.contains(&e.to_string_lossy().as_ref()))
}
