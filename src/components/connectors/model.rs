//! Resolves the `connectors` section: names, the trusted role ARN, the source bucket, and
//! the path configuration the connector receives, every problem with its key path.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::components::{ConnectorSpec, PathConfigSpec, Spec};
use crate::model::glob::{check_path, Glob};
use crate::model::names::check_component_name;
use crate::model::Problems;
use crate::yaml::KeyPath;

/// The default visibility timeout: the connector may spend minutes uploading a large file,
/// and a message that reappears meanwhile is uploaded twice (the S3 connector operational guide suggests about 10 minutes).
pub const DEFAULT_VISIBILITY_TIMEOUT_SECONDS: u32 = 600;

/// Events wait in the queue while the connector is idle; keep them as long as SQS allows.
pub const QUEUE_RETENTION_SECONDS: u32 = 1_209_600;

/// The longest name of a supported region (`ap-northeast-1`): created bucket names embed
/// the region, and `plan --region` may pick any supported one.
const LONGEST_REGION: usize = 14;

/// One S3 connector, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connector {
    pub name: String,
    /// Logical-ID stem (`Instruments`).
    pub id: String,
    pub bucket: SourceBucket,
    pub trusted_role_arn: String,
    pub visibility_timeout_seconds: u32,
    pub max_receive_count: u16,
    /// In the order written: the connector applies them in that order.
    pub paths: Vec<PathConfig>,
    /// A generated credential and a configuration parameter (`credential.rs`).
    pub credential: bool,
}

/// Where the connector's objects live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceBucket {
    /// Created by the stack, named `<env>-<connector>-<account>-<region>` so that the
    /// topic policy can name it before it exists.
    New { name_prefix: String },
    /// An existing bucket, by name.
    Existing(String),
}

impl SourceBucket {
    /// The bucket's name in `account` and `region`: the template passes
    /// `${AWS::AccountId}` and `${AWS::Region}`, `connector backfill` the real ones, so
    /// both spell the name alike.
    pub fn name(&self, account: &str, region: &str) -> String {
        match self {
            SourceBucket::New { name_prefix } => format!("{name_prefix}-{account}-{region}"),
            SourceBucket::Existing(name) => name.clone(),
        }
    }
}

/// One entry of the path configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathConfig {
    pub path: String,
    pub source_type: String,
    pub pattern: String,
    pub glob: Glob,
    pub labels: BTreeMap<String, String>,
}

impl Connector {
    /// Whether the connector uploads the object at `key`: any path configuration selects
    /// it, or there is none (then every object goes).
    pub fn selects(&self, key: &str) -> bool {
        self.paths.is_empty()
            || self.paths.iter().any(|p| {
                key.strip_prefix(p.path.as_str())
                    .is_some_and(|rest| p.glob.matches(rest))
            })
    }

    /// [`Connector::path_configuration`] as one line, for a stack output.
    pub fn path_configuration_json(&self) -> String {
        self.path_configuration().to_string()
    }

    /// The path configuration as the connector takes it (a JSON array, labels as
    /// name/value pairs), in the order written.
    pub fn path_configuration(&self) -> Value {
        Value::Array(
            self.paths
                .iter()
                .map(|p| {
                    let labels: Vec<Value> = p
                        .labels
                        .iter()
                        .map(|(name, value)| json!({ "name": name, "value": value }))
                        .collect();
                    json!({ "path": p.path, "sourceType": p.source_type, "pattern": p.pattern, "labels": labels })
                })
                .collect(),
        )
    }
}

/// The event queue's name, `<env>-<connector>`: fixed, so that `connector backfill` finds
/// the queue without the stack's outputs.
pub fn queue_name(environment: &str, connector: &str) -> String {
    format!("{environment}-{connector}")
}

pub(crate) fn resolve(spec: &Spec, p: &mut Problems) -> Vec<Connector> {
    let at = KeyPath::root().key("connectors");
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, c) in spec.connectors.iter().enumerate() {
        let here = at.index(i);
        if let Err(msg) = check_component_name(&c.name) {
            p.error("spec/name", &here.key("name"), msg);
            continue;
        }
        let id = crate::model::names::pascal(&c.name);
        if let Some(first) = seen.insert(id.clone(), i) {
            p.error(
                "spec/name",
                &here.key("name"),
                format!("`{}` clashes with the name at {}", c.name, at.index(first)),
            );
            continue;
        }
        out.push(connector(spec, c, id, &here, p));
    }
    out
}

fn connector(
    spec: &Spec,
    c: &ConnectorSpec,
    id: String,
    at: &KeyPath,
    p: &mut Problems,
) -> Connector {
    if let Err(msg) = check_role_arn(&c.trusted_role_arn) {
        p.error("spec/connector", &at.key("trusted_role_arn"), msg);
    }
    let bucket = match &c.existing_bucket {
        Some(name) => {
            if let Err(msg) = check_bucket_name(name) {
                p.error("spec/connector", &at.key("existing_bucket"), msg);
            }
            SourceBucket::Existing(name.clone())
        }
        None => {
            let name_prefix = format!("{}-{}", spec.name, c.name);
            // `<prefix>-<12-digit account>-<region>` must fit S3's 63 characters.
            let longest = name_prefix.len() + 1 + 12 + 1 + LONGEST_REGION;
            if longest > 63 {
                p.error("spec/connector", &at.key("name"), format!(
                    "the bucket `{name_prefix}-<account>-<region>` could reach {longest} characters, over S3's 63: shorten the connector or environment name, or use `existing_bucket`"
                ));
            }
            SourceBucket::New { name_prefix }
        }
    };
    let visibility_timeout_seconds = c
        .visibility_timeout_seconds
        .unwrap_or(DEFAULT_VISIBILITY_TIMEOUT_SECONDS);
    if visibility_timeout_seconds > 43_200 {
        p.error(
            "spec/connector",
            &at.key("visibility_timeout_seconds"),
            "SQS allows at most 43,200 seconds (12 hours)",
        );
    }
    let max_receive_count = c.max_receive_count.unwrap_or(5);
    if !(1..=1000).contains(&max_receive_count) {
        p.error(
            "spec/connector",
            &at.key("max_receive_count"),
            "SQS allows 1 to 1,000 receives before dead-lettering",
        );
    }
    let mut paths = Vec::new();
    let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (j, pc) in c.paths.iter().enumerate() {
        let here = at.key("paths").index(j);
        if let Some(first) = seen.insert((&pc.path, &pc.pattern), j) {
            p.error(
                "spec/connector",
                &here,
                format!(
                    "the same path and pattern as {}",
                    at.key("paths").index(first)
                ),
            );
        }
        if let Some(config) = path_config(pc, &here, p) {
            paths.push(config);
        }
    }
    Connector {
        name: c.name.clone(),
        id,
        bucket,
        trusted_role_arn: c.trusted_role_arn.clone(),
        visibility_timeout_seconds,
        max_receive_count,
        paths,
        credential: c.credential,
    }
}

fn path_config(pc: &PathConfigSpec, at: &KeyPath, p: &mut Problems) -> Option<PathConfig> {
    let mut ok = true;
    if let Err(msg) = check_path(&pc.path) {
        p.error("spec/connector", &at.key("path"), msg);
        ok = false;
    }
    let valid_source_type = (1..=64).contains(&pc.source_type.len())
        && pc.source_type.starts_with(|c: char| c.is_ascii_lowercase())
        && pc
            .source_type
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !valid_source_type {
        p.error("spec/connector", &at.key("source_type"), format!(
            "`{}` is not a source type: 1 to 64 characters, a lowercase letter first, then lowercase letters, digits, `-` and `_`",
            pc.source_type
        ));
    }
    for (name, value) in &pc.labels {
        let valid_name = (1..=128).contains(&name.len())
            && name.starts_with(|c: char| c.is_ascii_alphanumeric())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !valid_name {
            p.error("spec/connector", &at.key("labels").key(name), format!(
                "`{name}` is not a label name: 1 to 128 characters, a letter or digit first, then letters, digits, `-`, `_` and `.`"
            ));
        }
        if value.trim().is_empty() || value.len() > 256 || value.chars().any(char::is_control) {
            p.error(
                "spec/connector",
                &at.key("labels").key(name),
                "label values are 1 to 256 characters, not only spaces, without control characters",
            );
        }
    }
    let glob = match Glob::parse(&pc.pattern) {
        Ok(glob) => Some(glob),
        Err(msg) => {
            p.error("spec/connector", &at.key("pattern"), msg);
            None
        }
    };
    Some(PathConfig {
        path: pc.path.clone(),
        source_type: pc.source_type.clone(),
        pattern: pc.pattern.clone(),
        glob: glob.filter(|_| ok)?,
        labels: pc.labels.clone(),
    })
}

/// An IAM role ARN: `arn:<partition>:iam::<12 digits>:role/[<path>/]<name>`, with the
/// character set and lengths IAM allows (IAM User Guide, "IAM identifiers").
pub fn check_role_arn(arn: &str) -> Result<(), String> {
    let bad = || {
        format!("`{arn}` is not an IAM role ARN like arn:aws:iam::123456789012:role/connector-role")
    };
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(partition), Some("iam"), Some(""), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(bad());
    };
    if !matches!(partition, "aws" | "aws-cn" | "aws-us-gov") {
        return Err(format!("`{arn}`: `{partition}` is not an AWS partition"));
    }
    if !is_account_id(account) {
        return Err(format!("`{arn}`: `{account}` is not a 12-digit account ID"));
    }
    let Some(rest) = resource.strip_prefix("role/") else {
        return Err(bad());
    };
    let name_chars = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
    };
    let mut segments: Vec<&str> = rest.split('/').collect();
    let name = segments.pop().unwrap_or_default();
    if name.is_empty() || name.len() > 64 || !name_chars(name) {
        return Err(format!(
            "`{arn}`: role names are 1 to 64 letters, digits and `+=,.@_-`"
        ));
    }
    if segments.iter().any(|s| s.is_empty() || !name_chars(s)) || rest.len() > 512 + 64 {
        return Err(bad());
    }
    Ok(())
}

/// Twelve digits: an AWS account ID.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// A general purpose bucket name as S3 allows it (S3 User Guide, "Bucket naming rules"):
/// 3 to 63 lowercase letters, digits, dots and hyphens, a letter or digit at both ends.
pub fn check_bucket_name(name: &str) -> Result<(), String> {
    let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    let valid = (3..=63).contains(&name.len())
        && name.starts_with(alnum)
        && name.ends_with(alnum)
        && name.chars().all(|c| alnum(c) || c == '.' || c == '-')
        && !name.contains("..")
        && !name.split('.').all(|part| part.parse::<u8>().is_ok());
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{name}` is not an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, a letter or digit at both ends"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arns_are_checked_part_by_part() {
        assert!(
            check_role_arn("arn:aws:iam::123456789012:role/ts-con-role-us-east-1-prod-acme")
                .is_ok()
        );
        assert!(check_role_arn("arn:aws:iam::123456789012:role/service/connector").is_ok());
        assert!(check_role_arn("arn:aws:iam::12345:role/x")
            .unwrap_err()
            .contains("12-digit"));
        assert!(check_role_arn("arn:aws:iam::123456789012:user/x").is_err());
        assert!(check_role_arn("arn:aws:s3:::bucket").is_err());
        assert!(check_role_arn("arn:aws:iam::123456789012:role/").is_err());
        assert!(check_role_arn("arn:azure:iam::123456789012:role/x")
            .unwrap_err()
            .contains("partition"));
    }

    #[test]
    fn bucket_names_follow_s3_rules() {
        assert!(check_bucket_name("acme-lab-raw").is_ok());
        assert!(check_bucket_name("ab").is_err());
        assert!(check_bucket_name("Acme").is_err());
        assert!(check_bucket_name("a..b").is_err());
        assert!(check_bucket_name("192.168.1.1").is_err());
        assert!(check_bucket_name("-abc").is_err());
    }
}
