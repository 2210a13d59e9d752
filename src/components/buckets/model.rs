//! The `storage` section: data-lake buckets, each with versioning, lifecycle and the
//! environment's key, plus the access-log bucket that always comes with them.

use crate::components::Spec;
use crate::model::names::named;
use crate::model::Problems;
use crate::yaml::KeyPath;

/// The data-lake buckets plus the access-log bucket that always comes with them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Storage {
    pub buckets: Vec<Bucket>,
    pub access_log_retention_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    pub name: String,
    /// Logical-ID stem (`Datalake`).
    pub id: String,
    pub glacier_after_days: Option<u32>,
    pub noncurrent_expiry_days: u32,
}

/// Resolves `storage`: bucket names (unique, also as logical IDs) and retention.
pub(crate) fn resolve(spec: &Spec, p: &mut Problems) -> Option<Storage> {
    spec.storage.as_ref().map(|s| {
        let at = KeyPath::root().key("storage");
        let buckets = named(&s.buckets, |b| &b.name, &at.key("buckets"), p)
            .into_iter()
            .map(|(b, id, _)| {
                let noncurrent_expiry_days = b.noncurrent_expiry_days.unwrap_or(90);
                Bucket {
                    name: b.name.clone(),
                    id,
                    glacier_after_days: b.glacier_after_days,
                    noncurrent_expiry_days,
                }
            })
            .collect();
        let access_log_retention_days = s.access_log_retention_days.unwrap_or(365);
        if access_log_retention_days < 365 {
            p.error(
                "spec/retention",
                &at.key("access_log_retention_days"),
                "access logs are kept at least 365 days",
            );
        }
        Storage {
            buckets,
            access_log_retention_days,
        }
    })
}
