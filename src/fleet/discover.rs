//! Which files make a fleet: the spec files given, and every `*.yaml`/`*.yml` directly in a
//! directory given, less the bases: a file that another file of the set extends is shared
//! configuration, not an environment of its own.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::spec::extends;
use crate::yaml;

/// Why the fleet's files could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("{}: no such file or directory", path.display())]
    Missing { path: PathBuf },
    #[error("cannot list {}: {source}", path.display())]
    List {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} holds no environment spec (*.yaml or *.yml that no other file extends)", path.display())]
    Empty { path: PathBuf },
}

/// The environments' spec files among `paths`, in the order given (a directory's files
/// sorted by name), each once.
pub fn specs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, DiscoverError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|source| DiscoverError::List {
                path: path.clone(),
                source,
            })?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| Some(e.ok()?.path()))
                .filter(|p| p.is_file() && is_yaml(p))
                .collect();
            found.sort();
            files.extend(found);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(DiscoverError::Missing { path: path.clone() });
        }
    }
    let bases: BTreeSet<PathBuf> = files.iter().filter_map(|f| base_of(f)).collect();
    let mut seen = BTreeSet::new();
    files.retain(|f| {
        let canonical = canonical(f);
        !bases.contains(&canonical) && seen.insert(canonical)
    });
    if files.is_empty() {
        let path = paths.first().cloned().unwrap_or_default();
        return Err(DiscoverError::Empty { path });
    }
    Ok(files)
}

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// The file `file` extends, if it reads as YAML and names one; a file that does not is
/// left to the environment's own run to report.
fn base_of(file: &Path) -> Option<PathBuf> {
    let text = yaml::read_text(file).ok()?;
    let tree = yaml::load(&text).ok()?;
    let name = match &tree.get(extends::KEY)?.value {
        yaml::Value::Str(name) => name.clone(),
        _ => return None,
    };
    Some(canonical(
        &file.parent().unwrap_or(Path::new("")).join(name),
    ))
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_gives_its_environments_without_their_base() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/fleet");
        let found = specs(std::slice::from_ref(&root)).unwrap();
        let names: Vec<&str> = found
            .iter()
            .map(|p| p.file_name().unwrap().to_str().unwrap())
            .collect();
        assert_eq!(names, ["acme.yaml", "globex.yaml", "initech.yaml"]);
        // Named twice (a file and its directory), a spec runs once; the base, named
        // explicitly, is still a base.
        let again = specs(&[root.join("acme.yaml"), root.join("base.yaml"), root]).unwrap();
        assert_eq!(again.len(), 3);
    }

    #[test]
    fn a_missing_path_is_an_error_naming_it() {
        let err = specs(&[PathBuf::from("no/such/dir")]).unwrap_err();
        assert!(err.to_string().contains("no/such/dir"), "{err}");
    }
}
