//! Resolves the `file_systems` section: EFS with AWS Backup.

use crate::components::{Spec, ThroughputMode};
use crate::model::names::named;
use crate::model::{Problems, Sizing};
use crate::yaml::KeyPath;

/// An EFS file system and its backup plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSystem {
    pub name: String,
    /// Logical-ID stem (`Shared`).
    pub id: String,
    pub elastic_throughput: bool,
    pub backup_retention_days: u16,
    pub infrequent_access_after_days: u16,
}

/// The transition ages EFS lifecycle management accepts (EFS User Guide, "Managing storage
/// lifecycle"), as `AFTER_<n>_DAY(S)`.
pub const IA_DAYS: &[u16] = &[1, 7, 14, 30, 60, 90, 180, 270, 365];

impl FileSystem {
    /// The lifecycle policy value EFS expects for the transition age.
    pub fn transition_to_ia(&self) -> String {
        match self.infrequent_access_after_days {
            1 => "AFTER_1_DAY".into(),
            n => format!("AFTER_{n}_DAYS"),
        }
    }
}

pub(crate) fn resolve(spec: &Spec, sizing: &Sizing, p: &mut Problems) -> Vec<FileSystem> {
    let at = KeyPath::root().key("file_systems");
    named(&spec.file_systems, |f| &f.name, &at, p)
        .into_iter()
        .map(|(f, id, here)| {
            // Recovery points live as long as the database's point-in-time window at least.
            let backup_retention_days = f
                .backup_retention_days
                .unwrap_or(u16::from(sizing.db_backup_retention_days));
            if !(7..=3650).contains(&backup_retention_days) {
                p.error(
                    "spec/file-system",
                    &here.key("backup_retention_days"),
                    format!("{backup_retention_days} days: keep recovery points 7 to 3,650 days"),
                );
            }
            let infrequent_access_after_days = f.infrequent_access_after_days.unwrap_or(30);
            if !IA_DAYS.contains(&infrequent_access_after_days) {
                p.error(
                    "spec/file-system",
                    &here.key("infrequent_access_after_days"),
                    format!("{infrequent_access_after_days} days: EFS accepts {IA_DAYS:?}"),
                );
            }
            FileSystem {
                name: f.name.clone(),
                id,
                elastic_throughput: f.throughput_mode == ThroughputMode::Elastic,
                backup_retention_days,
                infrequent_access_after_days,
            }
        })
        .collect()
}
