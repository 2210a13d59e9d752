//! `package`: a versioned, content-addressed artifact set of one environment.
//!
//! `DIR/<version>/` holds synth's files (the parents' `ArtifactPrefix` defaulting to the
//! version's own key prefix, so a launched product reads its own version's nested
//! templates), the organization's two setup templates (see [`setup`]) and `package.json`:
//! every file's SHA-256 and one digest over all of them, which is what makes a version
//! immutable once published.

pub mod services;
pub mod setup;

use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::components::Platform;
use crate::output::{self, File};
use crate::render::TemplateSet;

/// Name of the package manifest.
pub const PACKAGE_MANIFEST: &str = "package.json";
pub const SERVICE_CATALOG_TEMPLATE: &str = "service-catalog.template.json";
pub const STACKSET_TEMPLATE: &str = "stackset.template.json";

/// Why a version or prefix is refused; the message names the option.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackageError {
    #[error("--version {0:?}: {1}")]
    Version(String, &'static str),
    #[error("--prefix {0:?}: empty, or a key prefix ending in / of letters, digits and !_.*'()-")]
    Prefix(String),
    #[error("--product-name {0:?}: 1 to 80 letters, digits and - (the stack name follows it)")]
    ProductName(String),
}

/// A version is semantic-version-like: letters, digits, `.` and `-`, starting with a
/// letter or digit, at most 100 characters. `+` (semantic versioning's build metadata) is
/// refused: it is outside the key pattern of the parents' `ArtifactPrefix` parameter and
/// S3 reads `+` in some URLs as a space (Amazon S3 User Guide, "Naming Amazon S3 objects",
/// characters that might require special handling).
pub fn validate_version(version: &str) -> Result<(), PackageError> {
    let bad = |why| Err(PackageError::Version(version.to_owned(), why));
    if version.is_empty() || version.len() > 100 {
        return bad("1 to 100 characters");
    }
    if !version.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return bad("must start with a letter or digit");
    }
    if version.contains('+') {
        return bad("no `+`: S3 keys and template URLs cannot carry it safely; use `-`");
    }
    if !version
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    {
        return bad("only letters, digits, `.` and `-` (e.g. 1.4.0 or 2.0.0-rc.1)");
    }
    Ok(())
}

/// The key prefix, as the parents' `ArtifactPrefix` pattern accepts it.
pub fn validate_prefix(prefix: &str) -> Result<(), PackageError> {
    let ok = prefix.is_empty()
        || (prefix.ends_with('/')
            && prefix[..prefix.len() - 1].split('/').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "!_.*'()-".contains(c))
            }));
    if ok {
        Ok(())
    } else {
        Err(PackageError::Prefix(prefix.to_owned()))
    }
}

/// Product names become `<name>-foundation`; Service Catalog allows 8,191 characters, the
/// launch role name (64) is the real bound.
pub fn validate_product_name(name: &str) -> Result<(), PackageError> {
    if !name.is_empty()
        && name.len() <= 80
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        Ok(())
    } else {
        Err(PackageError::ProductName(name.to_owned()))
    }
}

/// One file of the package as `package.json` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackagedFile {
    pub file: String,
    pub bytes: usize,
    pub sha256: String,
}

/// `package.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageManifest {
    pub generator: String,
    pub environment: String,
    pub region: String,
    pub version: String,
    /// The product name the setup template and `--publish` use.
    pub product_name: String,
    /// SHA-256 over every file's `<sha256>  <file>\n` line in file order (the format of
    /// `sha256sum`): equal digests, equal packages.
    pub digest: String,
    pub files: Vec<PackagedFile>,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The digest over `files` (sorted by name first, so order never matters).
pub fn digest(files: &[PackagedFile]) -> String {
    let mut sorted: Vec<&PackagedFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.file.cmp(&b.file));
    let text: String = sorted
        .iter()
        .map(|f| format!("{}  {}\n", f.sha256, f.file))
        .collect();
    sha256_hex(text.as_bytes())
}

/// What `package` was asked for.
pub struct Request<'a> {
    pub version: &'a str,
    pub prefix: &'a str,
    pub product_name: &'a str,
    /// When known, the parents' `ArtifactBucket` defaults to it.
    pub bucket: Option<&'a str>,
}

/// The package's files (`package.json` last) and its manifest.
pub fn build(
    platform: &Platform,
    mut set: TemplateSet,
    request: &Request<'_>,
) -> (PackageManifest, Vec<File>) {
    let key_prefix = format!("{}{}/", request.prefix, request.version);
    for parent in &mut set.parents {
        if let Some(p) = parent.template.parameters.get_mut("ArtifactPrefix") {
            p.default = Some(json!(key_prefix));
        }
        if let (Some(bucket), Some(p)) = (
            request.bucket,
            parent.template.parameters.get_mut("ArtifactBucket"),
        ) {
            p.default = Some(json!(bucket));
        }
    }
    let types: Vec<&str> = set
        .parents
        .iter()
        .map(|p| &p.template)
        .chain(set.stacks.iter().map(|s| &s.template))
        .flat_map(|t| t.resources.values().map(|r| r.kind.as_str()))
        .collect();
    let setup = setup::Setup {
        name: request.product_name,
        version: request.version,
        prefix: request.prefix,
        tops: set.parents.iter().map(|p| p.top.name()).collect(),
        services: services::prefixes(types),
    };
    let (_, mut files) = output::files(platform, &set, false);
    for (name, template) in [
        (SERVICE_CATALOG_TEMPLATE, setup.service_catalog()),
        (STACKSET_TEMPLATE, setup.stackset()),
    ] {
        let mut text = serde_json::to_string_pretty(&template).expect("templates are JSON");
        text.push('\n');
        files.push(File {
            name: name.to_owned(),
            bytes: text.into_bytes(),
        });
    }
    let listed: Vec<PackagedFile> = files
        .iter()
        .map(|f| PackagedFile {
            file: f.name.clone(),
            bytes: f.bytes.len(),
            sha256: sha256_hex(&f.bytes),
        })
        .collect();
    let manifest = PackageManifest {
        generator: format!("platformctl {}", env!("CARGO_PKG_VERSION")),
        environment: platform.name.clone(),
        region: platform.region.name.clone(),
        version: request.version.to_owned(),
        product_name: request.product_name.to_owned(),
        digest: digest(&listed),
        files: listed,
    };
    let mut text = serde_json::to_string_pretty(&manifest).expect("the manifest is plain data");
    text.push('\n');
    files.push(File {
        name: PACKAGE_MANIFEST.to_owned(),
        bytes: text.into_bytes(),
    });
    (manifest, files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_semantic_version_like() {
        for good in ["1.0.0", "2.0.0-rc.1", "v3", "2026.12.03"] {
            assert_eq!(validate_version(good), Ok(()), "{good}");
        }
        for bad in ["", "-1", ".1", "../x", "1/2", "1.0 ", "1.0.0+build", "é"] {
            let err = validate_version(bad).unwrap_err();
            assert!(err.to_string().starts_with("--version"), "{bad}: {err}");
        }
        assert!(validate_version(&"1".repeat(101)).is_err());
    }

    #[test]
    fn prefixes_are_empty_or_end_in_a_slash() {
        for good in ["", "platform/", "a/b-c/"] {
            assert_eq!(validate_prefix(good), Ok(()), "{good}");
        }
        for bad in ["platform", "/", "a//", "a b/", "/a/"] {
            assert!(validate_prefix(bad).is_err(), "{bad}");
        }
    }

    fn file(name: &str, sha: &str) -> PackagedFile {
        PackagedFile {
            file: name.into(),
            bytes: 1,
            sha256: sha.into(),
        }
    }

    #[test]
    fn the_digest_ignores_order_and_sees_every_byte() {
        let a = [file("a.json", "11"), file("b.json", "22")];
        let b = [file("b.json", "22"), file("a.json", "11")];
        assert_eq!(digest(&a), digest(&b));
        assert_ne!(
            digest(&a),
            digest(&[file("a.json", "11"), file("b.json", "23")])
        );
        assert_ne!(digest(&a), digest(&[file("a.json", "11")]));
        // The digest of sha256sum's output for those two lines.
        assert_eq!(digest(&a), sha256_hex(b"11  a.json\n22  b.json\n"));
    }
}
