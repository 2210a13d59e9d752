//! Key paths such as `network.private_subnets[1]`, the way every error names a place in a spec.

use std::fmt;

/// One step into a document: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// A path from the document root. Empty means the root itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyPath(Vec<Segment>);

impl KeyPath {
    pub fn root() -> Self {
        Self::default()
    }

    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// This path with a key appended.
    pub fn key(&self, name: &str) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Key(name.to_owned()));
        next
    }

    /// This path with an index appended.
    pub fn index(&self, i: usize) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Index(i));
        next
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `prefix` leads to this path or to a node above it.
    pub fn starts_with(&self, prefix: &KeyPath) -> bool {
        self.0.starts_with(&prefix.0)
    }

    /// How many steps the path takes from the root.
    pub fn depth(&self) -> usize {
        self.0.len()
    }

    /// Rebuilds a path from serde_path_to_error's, which tracks the same steps.
    pub fn from_serde(path: &serde_path_to_error::Path) -> Self {
        use serde_path_to_error::Segment as S;
        KeyPath(
            path.iter()
                .filter_map(|s| match s {
                    S::Map { key } => Some(Segment::Key(key.clone())),
                    S::Seq { index } => Some(Segment::Index(*index)),
                    S::Enum { .. } | S::Unknown => None,
                })
                .collect(),
        )
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(document)");
        }
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(k) if i == 0 => f.write_str(k)?,
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_keys_and_indices_like_the_spec_is_written() {
        let path = KeyPath::root()
            .key("network")
            .key("private_subnets")
            .index(1);
        assert_eq!(path.to_string(), "network.private_subnets[1]");
        assert_eq!(KeyPath::root().to_string(), "(document)");
    }
}
