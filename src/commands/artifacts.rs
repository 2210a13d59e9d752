//! The templates of each top-level stack and the content-addressed prefix they are
//! uploaded under, for `plan --stack-name` and `deploy` alike.

use sha2::{Digest, Sha256};

use crate::components::Platform;
use crate::output;
use crate::render::{TemplateSet, TopLevel};

/// `(file name, bytes)`, the parent first.
pub type Files = Vec<(String, Vec<u8>)>;

/// Every top-level stack's files, the parent first, and the digest of the whole set.
pub struct Artifacts {
    /// The first 8 bytes of the SHA-256 over every template's name and bytes, in hex.
    pub digest: String,
    pub stacks: Vec<(TopLevel, Files)>,
}

impl Artifacts {
    /// Key prefix under which the set is uploaded: a new set never overwrites a file a
    /// deployed stack may still read.
    pub fn prefix(&self, platform: &Platform) -> String {
        format!("platformctl/{}/{}/", platform.name, self.digest)
    }
}

pub fn of(platform: &Platform, set: &TemplateSet) -> Artifacts {
    let (manifest, files) = output::files(platform, set, false);
    let mut hash = Sha256::new();
    for f in files.iter().filter(|f| f.name != output::MANIFEST) {
        hash.update(f.name.as_bytes());
        hash.update(&f.bytes);
    }
    let digest: String = hash
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    let stacks = manifest
        .parents
        .iter()
        .zip(set.parents.iter().map(|p| p.top))
        .map(|(parent, top)| {
            let own = manifest
                .stacks
                .iter()
                .filter(|s| s.parent == Some(top.name()))
                .map(|s| s.file.as_str());
            let templates = std::iter::once(parent.file.as_str())
                .chain(own)
                .filter_map(|name| files.iter().find(|f| f.name == name))
                .map(|f| (f.name.clone(), f.bytes.clone()))
                .collect();
            (top, templates)
        })
        .collect();
    Artifacts { digest, stacks }
}
