//! `extends:`: a spec written as the differences from a base spec that a fleet of
//! environments shares.
//!
//! The base is read and merged before the spec is parsed: mappings merge key by key (the
//! extending file wins, recursively), anything else (lists, scalars, `null`) replaces the
//! base's value whole, so a list never mixes two files' entries and `key: null` drops a
//! section the base declares. A base may extend another. Every subtree taken from a base
//! remembers its file, so an error in a value the base set names the base's file and line.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Location};
use crate::yaml::{self, Key, KeyPath, Node, Value};

/// The spec key that names the base.
pub const KEY: &str = "extends";
/// How many bases a chain may hold: a fleet needs one or two; more is a mistake or a loop.
pub const MAX_DEPTH: usize = 8;

/// A spec tree with its bases merged in, and where each base's subtrees came from.
#[derive(Debug, Clone)]
pub struct Layered {
    pub tree: Node,
    /// `(path, file)`: the subtree at `path` was taken from `file`. A longer path overrides
    /// a shorter one it lies under; a path under none is the extending file's own.
    pub origins: Vec<(KeyPath, PathBuf)>,
}

/// Merges the bases of `tree` (read from `path`) into it. Problems are located in the
/// file that has them: a bad `extends` value in the file that says it, a syntax error in
/// the base.
pub fn resolve(path: &Path, tree: Node) -> Result<Layered, Diagnostic> {
    let mut chain = vec![canonical(path)];
    resolve_in(path, tree, &mut chain)
}

fn resolve_in(
    path: &Path,
    mut tree: Node,
    chain: &mut Vec<PathBuf>,
) -> Result<Layered, Diagnostic> {
    let Some((key, value)) = take_extends(&mut tree) else {
        return Ok(Layered {
            tree,
            origins: Vec::new(),
        });
    };
    let at = KeyPath::root().key(KEY);
    let problem = |message: String| {
        Diagnostic::error("spec/extends", message)
            .at(Location::at(path, value.pos))
            .with_path(&at)
    };
    let Value::Str(name) = &value.value else {
        return Err(problem(format!(
            "`{KEY}` names a base spec file, relative to this one (a string)"
        ))
        .at(Location::at(path, key.pos)));
    };
    let base_path = path.parent().unwrap_or(Path::new("")).join(name);
    let base_canonical = canonical(&base_path);
    if let Some(first) = chain.iter().position(|p| *p == base_canonical) {
        let mut cycle: Vec<String> = chain[first..]
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        cycle.push(base_path.display().to_string());
        return Err(problem(format!(
            "`{KEY}` loops: {}",
            cycle.join(" extends ")
        )));
    }
    if chain.len() > MAX_DEPTH {
        return Err(problem(format!(
            "more than {MAX_DEPTH} bases in one chain of `{KEY}`"
        )));
    }
    let text = yaml::read_text(&base_path).map_err(|e| {
        problem(format!(
            "cannot read the base spec {}: {e}",
            base_path.display()
        ))
    })?;
    let base_tree = yaml::load(&text).map_err(|e| {
        Diagnostic::error("spec/yaml", e.to_string()).at(Location::at(&base_path, e.pos()))
    })?;
    chain.push(base_canonical);
    let base = resolve_in(&base_path, base_tree, chain)?;
    chain.pop();
    let mut origins = Vec::new();
    let tree = merge(base, &base_path, tree, &KeyPath::root(), &mut origins);
    Ok(Layered { tree, origins })
}

/// Removes the root's `extends` entry, returning it.
fn take_extends(tree: &mut Node) -> Option<(Key, Node)> {
    let Value::Map(entries) = &mut tree.value else {
        return None;
    };
    let i = entries.iter().position(|(k, _)| k.name == KEY)?;
    Some(entries.remove(i))
}

/// `over` merged onto `base` (read from `base_path`), the subtree at `at`; every subtree
/// kept from the base is recorded in `origins` with its file.
fn merge(
    base: Layered,
    base_path: &Path,
    over: Node,
    at: &KeyPath,
    origins: &mut Vec<(KeyPath, PathBuf)>,
) -> Node {
    let Layered {
        tree: base_tree,
        origins: base_origins,
    } = base;
    merge_nodes(base_tree, &base_origins, base_path, over, at, origins)
}

fn merge_nodes(
    base: Node,
    base_origins: &[(KeyPath, PathBuf)],
    base_path: &Path,
    over: Node,
    at: &KeyPath,
    origins: &mut Vec<(KeyPath, PathBuf)>,
) -> Node {
    let (base_entries, mut over_entries) = match (base.value, over.value) {
        (Value::Map(b), Value::Map(o)) => (b, o),
        (_, value) => {
            return Node {
                value,
                pos: over.pos,
                tag: over.tag,
            }
        }
    };
    let mut entries = Vec::with_capacity(base_entries.len() + over_entries.len());
    for (key, base_value) in base_entries {
        let path = at.key(&key.name);
        match over_entries.iter().position(|(k, _)| k.name == key.name) {
            Some(i) => {
                let (over_key, over_value) = over_entries.remove(i);
                let merged = merge_nodes(
                    base_value,
                    base_origins,
                    base_path,
                    over_value,
                    &path,
                    origins,
                );
                entries.push((over_key, merged));
            }
            None => {
                // Kept whole from the base: its file, and the deeper bases it came from.
                origins.push((path.clone(), base_path.to_owned()));
                origins.extend(
                    base_origins
                        .iter()
                        .filter(|(p, _)| p.starts_with(&path))
                        .cloned(),
                );
                entries.push((key, base_value));
            }
        }
    }
    entries.extend(over_entries);
    Node {
        value: Value::Map(entries),
        pos: over.pos,
        tag: over.tag,
    }
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_owned())
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        fs::write(&path, text).unwrap();
        path
    }

    fn layered(path: &Path) -> Result<Layered, Diagnostic> {
        let tree = yaml::load(&fs::read_to_string(path).unwrap()).unwrap();
        resolve(path, tree)
    }

    #[test]
    fn maps_merge_key_by_key_and_lists_are_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "base.yaml",
            "region: us-east-1\ntags:\n  owner: platform\n  tier: gold\nnetwork:\n  endpoints: [s3, sqs]\n  egress: nat\n",
        );
        let env = write(
            dir.path(),
            "env.yaml",
            "extends: base.yaml\nname: acme\ntags:\n  tier: silver\nnetwork:\n  endpoints: [kms]\n",
        );
        let json = layered(&env).unwrap().tree.to_json();
        assert_eq!(
            json,
            serde_json::json!({
                "region": "us-east-1",
                "tags": { "owner": "platform", "tier": "silver" },
                "network": { "endpoints": ["kms"], "egress": "nat" },
                "name": "acme",
            })
        );
    }

    #[test]
    fn null_drops_a_section_of_the_base() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "base.yaml", "search: {}\nname: x\n");
        let env = write(dir.path(), "env.yaml", "extends: base.yaml\nsearch: null\n");
        let json = layered(&env).unwrap().tree.to_json();
        assert_eq!(json["search"], serde_json::Value::Null);
    }

    /// Guards the promise that an error names the file and line that set the value.
    #[test]
    fn values_kept_from_a_base_are_located_in_the_base() {
        let dir = tempfile::tempdir().unwrap();
        let root = write(
            dir.path(),
            "root.yaml",
            "tags:\n  a: b\nregion: us-east-1\n",
        );
        let base = write(
            dir.path(),
            "base.yaml",
            "extends: root.yaml\nnetwork:\n  egress: nat\n  vpc_cidr: 10.0.0.0/16\n",
        );
        let env = write(
            dir.path(),
            "env.yaml",
            "extends: base.yaml\nnetwork:\n  egress: none\n",
        );
        let l = layered(&env).unwrap();
        let source = crate::spec::Source {
            path: env.clone(),
            tree: l.tree,
            origins: l.origins,
        };
        let at = |p: &KeyPath| {
            let d = source.error("t", p, "m");
            let loc = d.location.unwrap();
            (loc.file.file_name().unwrap().to_owned(), loc.line)
        };
        let network = KeyPath::root().key("network");
        assert_eq!(at(&network.key("egress")), ("env.yaml".into(), Some(3)));
        assert_eq!(at(&network.key("vpc_cidr")), ("base.yaml".into(), Some(4)));
        assert_eq!(
            at(&KeyPath::root().key("region")),
            ("root.yaml".into(), Some(3))
        );
        assert_eq!(
            at(&KeyPath::root().key("tags").key("a")),
            ("root.yaml".into(), Some(2))
        );
        let _ = (root, base);
    }

    #[test]
    fn a_loop_is_an_error_at_the_extends_key_naming_the_chain() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.yaml", "extends: b.yaml\n");
        write(dir.path(), "b.yaml", "extends: a.yaml\n");
        let d = layered(&dir.path().join("a.yaml")).unwrap_err();
        assert!(d.message.contains("loops"), "{}", d.message);
        assert_eq!(d.path.as_deref(), Some("extends"));
        let loc = d.location.unwrap();
        assert!(loc.file.ends_with("b.yaml"), "{loc:?}");
        assert_eq!(loc.line, Some(1));
    }

    #[test]
    fn a_chain_deeper_than_the_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..=MAX_DEPTH + 1 {
            write(
                dir.path(),
                &format!("{i}.yaml"),
                &format!("extends: {}.yaml\n", i + 1),
            );
        }
        write(
            dir.path(),
            &format!("{}.yaml", MAX_DEPTH + 2),
            "name: end\n",
        );
        let d = layered(&dir.path().join("0.yaml")).unwrap_err();
        assert!(d.message.contains("more than 8 bases"), "{}", d.message);
    }

    #[test]
    fn a_missing_base_or_a_non_string_is_located_at_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let env = write(dir.path(), "env.yaml", "name: x\nextends: nowhere.yaml\n");
        let d = layered(&env).unwrap_err();
        assert!(
            d.message.contains("cannot read the base spec"),
            "{}",
            d.message
        );
        assert_eq!(d.location.unwrap().line, Some(2));
        let env = write(dir.path(), "env2.yaml", "extends: [a, b]\n");
        let d = layered(&env).unwrap_err();
        assert!(d.message.contains("a string"), "{}", d.message);
    }

    #[test]
    fn a_syntax_error_in_the_base_is_located_in_the_base() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "base.yaml", "name: [unclosed\n");
        let env = write(dir.path(), "env.yaml", "extends: base.yaml\n");
        let d = layered(&env).unwrap_err();
        assert!(d.location.unwrap().file.ends_with("base.yaml"));
    }
}
