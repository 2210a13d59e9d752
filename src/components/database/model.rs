//! The `database` section: one PostgreSQL instance, sized by the environment unless the
//! spec overrides it.

use crate::components::Spec;
use crate::model::{Problems, Sizing};
use crate::yaml::KeyPath;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Database {
    /// The RDS instance identifier.
    pub identifier: String,
    pub database_name: String,
    pub engine_version: String,
    pub instance_class: String,
    pub storage_gb: u32,
    pub multi_az: bool,
    pub backup_retention_days: u8,
}

/// Resolves `database` against the size's defaults and RDS's limits.
pub(crate) fn resolve(spec: &Spec, sizing: &Sizing, p: &mut Problems) -> Option<Database> {
    spec.database.as_ref().map(|d| {
        let at = KeyPath::root().key("database");
        let backup_retention_days = d.backup_retention_days.unwrap_or(sizing.db_backup_retention_days);
        if !(7..=35).contains(&backup_retention_days) {
            p.error("spec/database", &at.key("backup_retention_days"), format!("{backup_retention_days} days: use 7 to 35 (RDS allows at most 35)"));
        }
        let storage_gb = d.storage_gb.unwrap_or(sizing.db_storage_gb);
        if !(20..=65536).contains(&storage_gb) {
            p.error("spec/database", &at.key("storage_gb"), format!("{storage_gb} GiB: RDS PostgreSQL allows 20 to 65,536"));
        }
        let identifier = d.identifier.clone().unwrap_or_else(|| format!("{}-postgres", spec.name));
        if !valid_identifier(&identifier) {
            // Amazon RDS User Guide, "Naming constraints in Amazon RDS" (DB instance identifier).
            p.error("spec/database", &at.key("identifier"), format!("`{identifier}`: an RDS instance identifier is a letter, then letters, digits and hyphens, at most 63, with no two hyphens in a row and none at the end"));
        }
        let database_name = d.database_name.clone().unwrap_or_else(|| "platform".into());
        let valid_db_name = database_name.len() <= 63
            && database_name.starts_with(|c: char| c.is_ascii_alphabetic())
            && database_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid_db_name {
            p.error("spec/database", &at.key("database_name"), "a letter, then letters, digits or underscores, at most 63");
        }
        let instance_class = d.instance_class.clone().unwrap_or_else(|| sizing.db_instance_class.into());
        if !instance_class.starts_with("db.") {
            p.error("spec/database", &at.key("instance_class"), format!("`{instance_class}` is not an RDS instance class (db.*)"));
        }
        let engine_version = d.engine_version.clone().unwrap_or_else(|| DEFAULT_POSTGRES_VERSION.into());
        let major: Option<u8> = engine_version.split('.').next().and_then(|m| m.parse().ok());
        let well_formed = engine_version.split('.').count() <= 2 && engine_version.split('.').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
        if !well_formed || !major.is_some_and(|m| (14..=18).contains(&m)) {
            p.error("spec/database", &at.key("engine_version"), format!("`{engine_version}` is not a PostgreSQL version this tool deploys (14.x to 18.x, such as 17.6)"));
        }
        Database {
            identifier: identifier.to_ascii_lowercase(),
            database_name,
            engine_version,
            instance_class,
            storage_gb,
            multi_az: d.multi_az.unwrap_or(sizing.db_multi_az),
            backup_retention_days,
        }
    })
}

fn valid_identifier(id: &str) -> bool {
    (1..=63).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !id.contains("--")
        && !id.ends_with('-')
}

/// The PostgreSQL version new databases get: a current minor of the newest widely available major.
pub const DEFAULT_POSTGRES_VERSION: &str = "17.6";

impl Database {
    /// The parameter group family for the engine version (`17.6` → `postgres17`).
    pub fn parameter_group_family(&self) -> String {
        let major = self.engine_version.split('.').next().unwrap_or_default();
        format!("postgres{major}")
    }
}
