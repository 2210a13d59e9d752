//! The resolved `audit` section.

use crate::components::Spec;
use crate::model::{check_retention, Problems};
use crate::render::logs::RETENTION_DAYS;
use crate::yaml::KeyPath;

/// The environment's trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audit {
    /// CloudTrail's name, fixed because the bucket policy must name the trail before it
    /// exists: CloudTrail checks that policy when the trail is created.
    pub trail_name: String,
    pub retention_days: u32,
    pub multi_region: bool,
}

pub(crate) fn resolve(spec: &Spec, p: &mut Problems) -> Option<Audit> {
    let a = spec.audit.as_ref()?;
    let retention_days = a.retention_days.unwrap_or(RETENTION_DAYS);
    check_retention(
        retention_days,
        &KeyPath::root().key("audit").key("retention_days"),
        p,
    );
    Some(Audit {
        trail_name: format!("{}-audit", spec.name),
        retention_days,
        multi_region: a.multi_region.unwrap_or(true),
    })
}
