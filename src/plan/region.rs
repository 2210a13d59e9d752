//! Can the environment exist in a region: supported, enough AZs, every resource type there.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::cfn;
use crate::components::Platform;
use crate::diagnostic::Diagnostic;
use crate::regions::Region;
use crate::render::TemplateSet;

/// The region verdict of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionCheck {
    pub region: String,
    pub location: String,
    pub availability_zones: usize,
    pub zones_needed: usize,
    /// Resource types the templates use that the region does not offer, sorted.
    pub unavailable_types: Vec<String>,
    pub types_checked: usize,
}

/// Checks `set` (rendered for `platform`) against `region`, adding findings.
pub fn check(
    platform: &Platform,
    set: &TemplateSet,
    region: &Region,
    findings: &mut Vec<Diagnostic>,
) -> RegionCheck {
    let types: BTreeSet<&str> = set
        .templates()
        .flat_map(|(_, t)| t.resources.values().map(|r| r.kind.as_str()))
        .collect();
    let unavailable: Vec<String> = types
        .iter()
        // A custom resource is served by the template's own function: wherever
        // CloudFormation runs, its type exists.
        .filter(|kind| !kind.starts_with("Custom::"))
        .filter(|kind| !cfn::types::available_in(kind, &region.name))
        .map(|kind| (*kind).to_owned())
        .collect();
    for kind in &unavailable {
        findings.push(Diagnostic::error(
            "plan/region-type",
            format!("{kind} is not available in {}", region.name),
        ));
    }
    let zones_needed = platform.network.zone_count;
    if zones_needed > region.availability_zones.len() {
        findings.push(Diagnostic::error(
            "plan/region-zones",
            format!(
                "the spec needs {zones_needed} AZs; {} has {}",
                region.name,
                region.availability_zones.len()
            ),
        ));
    }
    for subnet in &platform.network.private_subnets {
        if let Some(az) = &subnet.az_name {
            if !region.availability_zones.contains(az) {
                findings.push(Diagnostic::error(
                    "plan/region-zones",
                    format!("subnet AZ {az} is not an AZ of {}", region.name),
                ));
            }
        }
    }
    RegionCheck {
        region: region.name.clone(),
        location: region.location.clone(),
        availability_zones: region.availability_zones.len(),
        zones_needed,
        unavailable_types: unavailable,
        types_checked: types.len(),
    }
}
