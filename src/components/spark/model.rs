//! Resolves the `spark` section: EMR Serverless Spark applications in the workload
//! subnets, each with a job runtime role that is a consumer of the access graph.

use crate::components::Spec;
use crate::model::access::{self, Grants, Offered};
use crate::model::names::named;
use crate::model::Problems;
use crate::spec::EnvironmentSize;
use crate::yaml::KeyPath;

/// An EMR Serverless Spark application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spark {
    pub name: String,
    /// Logical-ID stem (`Compaction`).
    pub id: String,
    pub release_label: String,
    pub max_vcpu: u32,
    pub max_memory_gb: u32,
    pub idle_stop_minutes: u32,
    /// What its `access:` block grants its job runtime role.
    pub grants: Grants,
}

/// The release used when the spec names none.
pub const DEFAULT_RELEASE: &str = "emr-7.9.0";

/// The first release EMR Serverless runs (Amazon EMR Serverless User Guide, "Amazon EMR
/// Serverless release versions").
const FIRST_RELEASE: (u32, u32, u32) = (6, 6, 0);

/// The smallest worker: 1 vCPU with 2 to 8 GB of memory; the largest, 16 vCPUs with 32
/// to 120 GB (Amazon EMR Serverless User Guide, "Understanding application behavior",
/// supported worker configurations).
pub const MIN_GB_PER_VCPU: u32 = 2;
pub const MAX_GB_PER_VCPU: u32 = 8;

/// The maximum capacity when the spec gives none, by size.
pub fn default_max_vcpu(size: EnvironmentSize) -> u32 {
    match size {
        EnvironmentSize::Small => 16,
        EnvironmentSize::Medium => 64,
        EnvironmentSize::Large => 256,
        EnvironmentSize::XLarge => 512,
    }
}

/// The most workers the application can run at once: every worker takes at least one
/// vCPU and 2 GB, so the smaller of the two bounds.
pub fn max_workers(s: &Spark) -> u32 {
    s.max_vcpu.min(s.max_memory_gb / MIN_GB_PER_VCPU)
}

/// `emr-7.9.0` → `(7, 9, 0)`.
pub fn parse_release(label: &str) -> Option<(u32, u32, u32)> {
    let rest = label.strip_prefix("emr-")?;
    let mut parts = rest.split('.').map(|p| {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    });
    let v = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(v)
}

pub(crate) fn resolve(
    spec: &Spec,
    size: EnvironmentSize,
    offered: &Offered,
    p: &mut Problems,
) -> Vec<Spark> {
    let at = KeyPath::root().key("spark");
    named(&spec.spark, |s| &s.name, &at, p)
        .into_iter()
        .map(|(s, id, here)| {
            // The application is named `<environment>-<name>`; EMR Serverless allows 64
            // characters (API Reference, CreateApplication).
            if spec.name.len() + 1 + s.name.len() > 64 {
                p.error("spec/spark", &here.key("name"), format!("`{}-{}` is longer than the 64 characters EMR Serverless allows in an application name", spec.name, s.name));
            }
            let release_label = s.release_label.clone().unwrap_or_else(|| DEFAULT_RELEASE.to_owned());
            match parse_release(&release_label) {
                None => p.error("spec/spark", &here.key("release_label"), format!("`{release_label}` is not an EMR release label: write `emr-<major>.<minor>.<patch>`, such as `{DEFAULT_RELEASE}`")),
                Some(v) if v < FIRST_RELEASE => p.error("spec/spark", &here.key("release_label"), format!("`{release_label}` predates EMR Serverless, which runs emr-6.6.0 and later")),
                Some(_) => {}
            }
            let max_vcpu = s.max_vcpu.unwrap_or_else(|| default_max_vcpu(size));
            if !(1..=10_000).contains(&max_vcpu) {
                p.error("spec/spark", &here.key("max_vcpu"), format!("{max_vcpu} vCPUs: give 1 to 10,000"));
            }
            let max_memory_gb = s.max_memory_gb.unwrap_or_else(|| max_vcpu.saturating_mul(4));
            let (low, high) = (max_vcpu.saturating_mul(MIN_GB_PER_VCPU), max_vcpu.saturating_mul(MAX_GB_PER_VCPU));
            if !(low..=high).contains(&max_memory_gb) {
                p.error("spec/spark", &here.key("max_memory_gb"), format!("{max_memory_gb} GB for {max_vcpu} vCPUs: EMR Serverless workers take 2 to 8 GB per vCPU, so give {low} to {high}"));
            }
            let idle_stop_minutes = s.idle_stop_minutes.unwrap_or(15);
            if !(1..=10_080).contains(&idle_stop_minutes) {
                p.error("spec/spark", &here.key("idle_stop_minutes"), format!("{idle_stop_minutes} minutes: EMR Serverless stops an idle application after 1 to 10,080"));
            }
            if !s.access.file_systems.is_empty() {
                p.error("spec/spark", &here.key("access").key("file_systems"), "EMR Serverless workers cannot mount EFS file systems; read and write buckets instead");
            }
            let grants = access::resolve(&s.access, &here.key("access"), offered, p);
            crate::components::services::model::check_reachable(spec, &s.access, None, &here.key("access"), p);
            Spark {
                name: s.name.clone(),
                id,
                release_label,
                max_vcpu,
                max_memory_gb,
                idle_stop_minutes,
                grants,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_labels_have_three_numbers() {
        assert_eq!(parse_release("emr-7.9.0"), Some((7, 9, 0)));
        assert_eq!(parse_release("emr-6.10.1"), Some((6, 10, 1)));
        assert_eq!(parse_release("emr-7.9"), None);
        assert_eq!(parse_release("7.9.0"), None);
        assert_eq!(parse_release("emr-7.9.0.1"), None);
        assert_eq!(parse_release("emr-7.x.0"), None);
        assert_eq!(parse_release("emr-7..0"), None);
    }
}
