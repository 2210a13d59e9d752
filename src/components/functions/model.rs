//! Resolves the `functions` section: Lambda functions in the workload subnets.

use std::collections::BTreeMap;

use crate::components::Spec;
use crate::model::access::{self, Grants, Offered};
use crate::model::names::named;
use crate::model::Problems;
use crate::spec::EnvironmentSize;
use crate::yaml::KeyPath;

/// A Lambda function attached to the VPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    pub name: String,
    /// Logical-ID stem (`Gateway`).
    pub id: String,
    pub runtime: String,
    pub handler: String,
    pub s3_bucket: String,
    pub s3_key: String,
    pub s3_object_version: Option<String>,
    pub memory_mb: u32,
    pub timeout_seconds: u16,
    pub reserved_concurrency: u32,
    pub environment: BTreeMap<String, String>,
    /// What its `access:` block grants; the access graph holds these as edges.
    pub grants: Grants,
}

/// Runtimes AWS supports and has not announced for deprecation (Lambda Developer Guide,
/// "Lambda runtimes"); deprecated ones cannot be updated, so they are refused up front.
pub const RUNTIMES: &[&str] = &[
    "dotnet8",
    "java17",
    "java21",
    "nodejs20.x",
    "nodejs22.x",
    "provided.al2023",
    "python3.11",
    "python3.12",
    "python3.13",
    "ruby3.3",
    "ruby3.4",
];

/// Concurrency reserved for each function when the spec does not say, by size: enough for
/// the platform's internal operations, capped so one function cannot starve the account.
pub fn default_reserved_concurrency(size: EnvironmentSize) -> u32 {
    match size {
        EnvironmentSize::Small => 5,
        EnvironmentSize::Medium => 10,
        EnvironmentSize::Large => 25,
        EnvironmentSize::XLarge => 50,
    }
}

pub(crate) fn resolve(
    spec: &Spec,
    size: EnvironmentSize,
    offered: &Offered,
    p: &mut Problems,
) -> Vec<Function> {
    let at = KeyPath::root().key("functions");
    named(&spec.functions, |f| &f.name, &at, p)
        .into_iter()
        .map(|(f, id, here)| {
            // The function is named `<environment>-<name>`; Lambda allows 64 characters.
            if spec.name.len() + 1 + f.name.len() > 64 {
                p.error("spec/function", &here.key("name"), format!("`{}-{}` is longer than the 64 characters Lambda allows in a function name", spec.name, f.name));
            }
            if !RUNTIMES.contains(&f.runtime.as_str()) {
                p.error("spec/function", &here.key("runtime"), format!("`{}` is not a supported Lambda runtime; use one of {}", f.runtime, RUNTIMES.join(", ")));
            }
            if f.handler.trim().is_empty() || f.handler.len() > 128 || f.handler.contains(char::is_whitespace) {
                p.error("spec/function", &here.key("handler"), "give the handler, such as `app.handler` (at most 128 characters, no spaces)");
            }
            let bucket_ok = (3..=63).contains(&f.code.s3_bucket.len())
                && f.code.s3_bucket.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
            if !bucket_ok {
                p.error("spec/function", &here.key("code").key("s3_bucket"), format!("`{}` is not an S3 bucket name", f.code.s3_bucket));
            }
            if f.code.s3_key.is_empty() || f.code.s3_key.len() > 1024 {
                p.error("spec/function", &here.key("code").key("s3_key"), "give the object key of the .zip, at most 1,024 characters");
            }
            let memory_mb = f.memory_mb.unwrap_or(512);
            if !(128..=10_240).contains(&memory_mb) {
                p.error("spec/function", &here.key("memory_mb"), format!("{memory_mb} MiB: Lambda allows 128 to 10,240"));
            }
            let timeout_seconds = f.timeout_seconds.unwrap_or(30);
            if !(1..=900).contains(&timeout_seconds) {
                p.error("spec/function", &here.key("timeout_seconds"), format!("{timeout_seconds} seconds: Lambda allows 1 to 900"));
            }
            let reserved_concurrency = f.reserved_concurrency.unwrap_or_else(|| default_reserved_concurrency(size));
            if !(1..=1000).contains(&reserved_concurrency) {
                p.error("spec/function", &here.key("reserved_concurrency"), format!("{reserved_concurrency}: reserve 1 to 1,000 (the default account concurrency quota)"));
            }
            for key in f.environment.keys() {
                let valid = key.starts_with(|c: char| c.is_ascii_alphabetic()) && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !valid || key.starts_with("AWS_") {
                    p.error("spec/function", &here.key("environment").key(key), "environment variable names are a letter, then letters, digits and underscores, not starting with AWS_ (reserved by Lambda)");
                }
            }
            if !f.access.file_systems.is_empty() {
                // Lambda mounts EFS only through an access point (Lambda Developer Guide,
                // "Configuring file system access for Lambda functions").
                p.error("spec/function", &here.key("access").key("file_systems"), "functions cannot mount file systems yet: Lambda needs an EFS access point; give the file system to a service");
            }
            let grants = access::resolve_function(&f.access, &here.key("access"), offered, p);
            crate::components::services::model::check_reachable(spec, &f.access, None, &here.key("access"), p);
            Function {
                name: f.name.clone(),
                id,
                runtime: f.runtime.clone(),
                handler: f.handler.clone(),
                s3_bucket: f.code.s3_bucket.clone(),
                s3_key: f.code.s3_key.clone(),
                s3_object_version: f.code.s3_object_version.clone(),
                memory_mb,
                timeout_seconds,
                reserved_concurrency,
                environment: f.environment.clone(),
                grants,
            }
        })
        .collect()
}
