//! Writing a synthesized template set to a directory: the files, a manifest, atomically.
//!
//! Everything is rendered to memory first, written into a fresh sibling directory, and
//! swapped into place with renames, so a failure at any point leaves DIR as it was.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::components::Platform;
use crate::render::{Template, TemplateFormat, TemplateSet};

/// Name of the manifest file; its presence marks a directory as platformctl output.
pub const MANIFEST: &str = "manifest.json";

/// One file to write, with its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What the manifest says of one template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateEntry {
    pub stack: String,
    /// The top-level stack that holds a nested stack; absent on a top-level template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<&'static str>,
    pub file: String,
    pub resources: usize,
    pub parameters: usize,
    pub outputs: usize,
    pub bytes: usize,
    pub sha256: String,
}

/// `manifest.json`: what was written and from what, enough to check it later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Manifest {
    pub generator: String,
    pub environment: String,
    pub region: String,
    pub environment_size: String,
    /// The top-level templates: the foundation, then the application (when it has a
    /// nested stack). Each is deployed as its own stack, the foundation first.
    pub parents: Vec<TemplateEntry>,
    pub stacks: Vec<TemplateEntry>,
    /// Files besides the deployable JSON set (YAML renderings, connector path
    /// configurations), with their hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extra_files: Vec<ExtraFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExtraFile {
    pub file: String,
    pub sha256: String,
}

/// Why the output could not be written. DIR is unchanged in every case.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{} exists and is not platformctl output (no {MANIFEST}); refusing to replace it", path.display())]
    NotOutputDir { path: PathBuf },
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A template as the bytes synth writes (pretty JSON or YAML, newline-terminated).
pub fn template_bytes(template: &Template, format: TemplateFormat) -> Vec<u8> {
    let mut text = match format {
        TemplateFormat::Json => {
            serde_json::to_string_pretty(template).expect("templates are plain JSON values")
        }
        TemplateFormat::Yaml => crate::yaml::emit::to_string(
            &serde_json::to_value(template).expect("templates are plain JSON values"),
        ),
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.into_bytes()
}

fn entry(
    stack: &str,
    parent: Option<&'static str>,
    template: &Template,
    file: &str,
    bytes: &[u8],
) -> TemplateEntry {
    TemplateEntry {
        stack: stack.to_owned(),
        parent,
        file: file.to_owned(),
        resources: template.resources.len(),
        parameters: template.parameters.len(),
        outputs: template.outputs.len(),
        bytes: bytes.len(),
        sha256: sha256(bytes),
    }
}

/// The files `synth` writes for `platform` rendered as `set` (JSON): the JSON templates,
/// with `yaml` also their YAML renderings, and the manifest last.
pub fn files(platform: &Platform, set: &TemplateSet, yaml: bool) -> (Manifest, Vec<File>) {
    let mut files = Vec::new();
    let (parents, stacks) = serialize(set, TemplateFormat::Json, &mut files);
    let mut extra_files = Vec::new();
    if yaml {
        let yaml_set = crate::components::render(platform, TemplateFormat::Yaml);
        let start = files.len();
        serialize(&yaml_set, TemplateFormat::Yaml, &mut files);
        extra_files = files[start..]
            .iter()
            .map(|f| ExtraFile {
                file: f.name.clone(),
                sha256: sha256(&f.bytes),
            })
            .collect();
    }
    for file in connector_files(platform)
        .into_iter()
        .chain(helm_files(platform))
    {
        extra_files.push(ExtraFile {
            file: file.name.clone(),
            sha256: sha256(&file.bytes),
        });
        files.push(file);
    }
    let manifest = Manifest {
        generator: format!("platformctl {}", env!("CARGO_PKG_VERSION")),
        environment: platform.name.clone(),
        region: platform.region.name.clone(),
        environment_size: platform.size.to_string(),
        parents,
        stacks,
        extra_files,
    };
    let mut text = serde_json::to_string_pretty(&manifest).expect("the manifest is plain data");
    text.push('\n');
    files.push(File {
        name: MANIFEST.into(),
        bytes: text.into_bytes(),
    });
    (manifest, files)
}

/// `connectors/<name>.json`: each connector's path configuration, exactly the JSON to paste
/// into the connector's Path Configurations setting.
fn connector_files(platform: &Platform) -> Vec<File> {
    platform
        .connectors
        .iter()
        .map(|c| {
            let mut text = serde_json::to_string_pretty(&c.path_configuration())
                .expect("path configurations are plain JSON values");
            text.push('\n');
            File {
                name: format!("connectors/{}.json", c.name),
                bytes: text.into_bytes(),
            }
        })
        .collect()
}

/// `helm/<release>.values.yaml`: each Helm release's values, outputs of the deployed stacks
/// as placeholders that `platformctl outputs --helm-dir` fills in.
fn helm_files(platform: &Platform) -> Vec<File> {
    let releases = platform.kubernetes.iter().flat_map(|k| &k.releases);
    releases
        .map(|r| File {
            name: format!("helm/{}", r.file_name()),
            bytes: r.template(&platform.name).into_bytes(),
        })
        .collect()
}

fn serialize(
    set: &TemplateSet,
    format: TemplateFormat,
    files: &mut Vec<File>,
) -> (Vec<TemplateEntry>, Vec<TemplateEntry>) {
    let mut write = |stack: &str, parent: Option<&'static str>, template: &Template| {
        let name = format.file_name(stack);
        let bytes = template_bytes(template, format);
        let e = entry(stack, parent, template, &name, &bytes);
        files.push(File { name, bytes });
        e
    };
    let parents = set
        .parents
        .iter()
        .map(|p| write(p.top.name(), None, &p.template))
        .collect();
    let stacks = set
        .stacks
        .iter()
        .map(|s| write(s.name, Some(s.top.name()), &s.template))
        .collect();
    (parents, stacks)
}

/// Replaces `dir` with exactly `files`. `dir` may be missing, empty, or earlier output.
pub fn write_atomically(dir: &Path, files: &[File]) -> Result<(), WriteError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| WriteError::Io { path, source }
    };
    if dir.exists() {
        let empty = fs::read_dir(dir).map_err(io(dir))?.next().is_none();
        if !empty && !dir.join(MANIFEST).is_file() {
            return Err(WriteError::NotOutputDir {
                path: dir.to_owned(),
            });
        }
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io(&parent))?;
    let staging = tempfile::Builder::new()
        .prefix(".platformctl-synth-")
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    for file in files {
        let path = staging.path().join(&file.name);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).map_err(io(folder))?;
        }
        // No fsync: the renames below make the swap atomic for readers and for a synth that
        // fails; output lost to a power cut is regenerated by running synth again.
        fs::write(&path, &file.bytes).map_err(io(&path))?;
    }
    let staged = staging.keep();
    // tempfile makes private (0700) directories; output is meant to be shared like any file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        fs::set_permissions(&staged, fs::Permissions::from_mode(0o755)).map_err(io(&staged))?;
    }
    // Named after DIR too: a fleet's synth replaces many siblings at once, in one process.
    let name = dir
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let backup = parent.join(format!(
        ".platformctl-previous-{name}-{}",
        std::process::id()
    ));
    let had_previous = dir.exists();
    if had_previous {
        if let Err(source) = fs::rename(dir, &backup) {
            let _ = fs::remove_dir_all(&staged);
            return Err(WriteError::Io {
                path: dir.to_owned(),
                source,
            });
        }
    }
    if let Err(source) = fs::rename(&staged, dir) {
        if had_previous {
            let _ = fs::rename(&backup, dir);
        }
        let _ = fs::remove_dir_all(&staged);
        return Err(WriteError::Io {
            path: dir.to_owned(),
            source,
        });
    }
    if had_previous {
        let _ = fs::remove_dir_all(&backup);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: a fleet's synth replaces sibling directories from several threads of one
    /// process; each replacement needs a backup name of its own.
    #[test]
    fn siblings_are_replaced_at_once_from_many_threads() {
        let root = tempfile::tempdir().unwrap();
        // Many files per directory keep each removal of a backup slow enough for another
        // thread's rename to meet it.
        let files: Vec<File> = (0..200)
            .map(|i| File {
                name: if i == 0 {
                    MANIFEST.into()
                } else {
                    format!("t{i}.json")
                },
                bytes: b"{}\n".to_vec(),
            })
            .collect();
        let dirs: Vec<PathBuf> = (0..8)
            .map(|i| root.path().join(format!("env-{i}")))
            .collect();
        for _ in 0..4 {
            let results = crate::parallel::parallel(&dirs, |dir| write_atomically(dir, &files));
            for (dir, result) in dirs.iter().zip(results) {
                assert!(result.is_ok(), "{}: {result:?}", dir.display());
                assert!(dir.join(MANIFEST).is_file());
            }
        }
        let left: Vec<_> = fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(
            left.len(),
            dirs.len(),
            "no staging or backup directory left behind"
        );
    }
}
