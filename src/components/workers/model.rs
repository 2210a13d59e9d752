//! Resolves the `workers` section: the vendor's account and external ID, and the bounds
//! of the compute the vendor may scale.

use crate::components::connectors::model::is_account_id;
use crate::components::Spec;
use crate::model::Problems;
use crate::spec::{Egress, EnvironmentSize};
use crate::yaml::KeyPath;

/// Self-hosted workers, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workers {
    pub vendor_account_id: String,
    pub external_id: String,
    pub instance_type: String,
    pub max_instances: u16,
}

/// Instances the vendor may scale to by default: enough for the size's workload, small
/// enough that a runaway scheduler cannot run up an unbounded bill.
fn default_max_instances(size: EnvironmentSize) -> u16 {
    match size {
        EnvironmentSize::Small => 4,
        EnvironmentSize::Medium => 8,
        EnvironmentSize::Large => 16,
        EnvironmentSize::XLarge => 32,
    }
}

pub(crate) fn resolve(spec: &Spec, p: &mut Problems) -> Option<Workers> {
    let w = spec.workers.as_ref()?;
    let at = KeyPath::root().key("workers");
    if !is_account_id(&w.vendor_account_id) {
        p.error(
            "spec/workers",
            &at.key("vendor_account_id"),
            format!("`{}` is not a 12-digit AWS account ID", w.vendor_account_id),
        );
    }
    // IAM's rule for sts:ExternalId (IAM User Guide, "Access to AWS accounts owned by third parties").
    let valid_external_id = (2..=1224).contains(&w.external_id.len())
        && w.external_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@:/-_".contains(c));
    if !valid_external_id {
        p.error(
            "spec/workers",
            &at.key("external_id"),
            "2 to 1,224 letters, digits and `+=,.@:/-_`",
        );
    }
    let instance_type = w
        .instance_type
        .clone()
        .unwrap_or_else(|| "m6i.xlarge".into());
    let well_formed = instance_type.split_once('.').is_some_and(|(family, size)| {
        !family.is_empty()
            && !size.is_empty()
            && instance_type
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
    });
    if !well_formed || instance_type.ends_with(".search") || instance_type.starts_with("db.") {
        p.error(
            "spec/workers",
            &at.key("instance_type"),
            format!("`{instance_type}` is not an EC2 instance type such as m6i.xlarge"),
        );
    }
    let max_instances = w
        .max_instances
        .unwrap_or_else(|| default_max_instances(spec.environment_size));
    if !(1..=500).contains(&max_instances) {
        p.error(
            "spec/workers",
            &at.key("max_instances"),
            format!("{max_instances}: use 1 to 500"),
        );
    }
    if spec.network.as_ref().is_some_and(|n| n.egress == Some(Egress::None)) {
        p.error(
            "spec/workers",
            &at,
            "workers reach the vendor's scheduler over the internet: they need `network.egress: nat`",
        );
    }
    Some(Workers {
        vendor_account_id: w.vendor_account_id.clone(),
        external_id: w.external_id.clone(),
        instance_type,
        max_instances,
    })
}
