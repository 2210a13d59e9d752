//! The resolved `encryption` section.

use super::spec::EncryptionSpec;
use crate::model::Problems;
use crate::yaml::KeyPath;

/// The environment's key, as the security stack renders it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// Days KMS waits before deleting the key once deletion is scheduled.
    pub deletion_window_days: u8,
}

impl Default for Key {
    fn default() -> Self {
        Key {
            deletion_window_days: DEFAULT_DELETION_WINDOW_DAYS,
        }
    }
}

/// KMS's own default and maximum waiting period.
const DEFAULT_DELETION_WINDOW_DAYS: u8 = 30;

pub(crate) fn resolve(spec: &EncryptionSpec, p: &mut Problems) -> Key {
    let days = spec
        .deletion_window_days
        .unwrap_or(DEFAULT_DELETION_WINDOW_DAYS);
    if !(7..=30).contains(&days) {
        p.error(
            "spec/encryption",
            &KeyPath::root()
                .key("encryption")
                .key("deletion_window_days"),
            format!("{days} days: KMS allows 7 to 30"),
        );
    }
    Key {
        deletion_window_days: days,
    }
}
