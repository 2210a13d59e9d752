//! The `search` section: one OpenSearch domain across the workload subnets.

use crate::components::Spec;
use crate::model::{Problems, Sizing};
use crate::yaml::KeyPath;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub engine_version: String,
    pub data_nodes: u8,
    pub instance_type: String,
    pub volume_gb: u32,
    pub master_instance_type: String,
    /// The AZs the domain spans (2 or 3): its data nodes divide evenly across them, and it
    /// takes one workload subnet in each.
    pub zones: usize,
}

/// The zones a domain spans in an environment of `zones` AZs: all of them up to three,
/// the most OpenSearch's zone awareness takes (OpenSearch Service Developer Guide,
/// "Configuring a multi-AZ domain"; `AvailabilityZoneCount` is 2 or 3 and, in a VPC,
/// equals the number of subnets).
pub fn domain_zones(zones: usize) -> usize {
    zones.clamp(2, 3)
}

/// `nodes` rounded up to a multiple of `zones`: OpenSearch refuses an odd data node count
/// across two zones, and spreads nodes evenly only in multiples of the zone count.
fn spread(nodes: u8, zones: usize) -> u8 {
    let zones = u8::try_from(zones).unwrap_or(3);
    nodes.div_ceil(zones).saturating_mul(zones)
}

/// Resolves `search` against the size's defaults.
pub(crate) fn resolve(
    spec: &Spec,
    sizing: &Sizing,
    zones: Option<usize>,
    p: &mut Problems,
) -> Option<Search> {
    spec.search.as_ref().map(|s| {
        let at = KeyPath::root().key("search");
        // Without a resolved network the zone count is unknown: the network's own problem
        // is reported, and two zones (the least) keep this section's checks meaningful.
        let zones = domain_zones(zones.unwrap_or(2));
        let data_nodes = match s.data_nodes {
            None => spread(sizing.search_data_nodes, zones),
            Some(n) => {
                if !(2..=80).contains(&n) {
                    p.error(
                        "spec/search",
                        &at.key("data_nodes"),
                        format!("{n} data nodes: use 2 to 80 so the domain spans two AZs"),
                    );
                } else if usize::from(n) % zones != 0 {
                    let lower = n / zones as u8 * zones as u8;
                    let upper = spread(n, zones);
                    let valid = if lower >= 2 { format!("{lower} or {upper}") } else { upper.to_string() };
                    p.error(
                        "spec/search",
                        &at.key("data_nodes"),
                        format!("{n} data nodes cannot spread evenly across the domain's {zones} zones (OpenSearch refuses an odd count across two); use {valid}"),
                    );
                }
                n
            }
        };
        let instance_type = s
            .instance_type
            .clone()
            .unwrap_or_else(|| sizing.search_instance_type.into());
        if !instance_type.ends_with(".search") {
            p.error(
                "spec/search",
                &at.key("instance_type"),
                format!("`{instance_type}` is not an OpenSearch instance type (*.search)"),
            );
        }
        Search {
            engine_version: s
                .engine_version
                .clone()
                .unwrap_or_else(|| "OpenSearch_2.17".into()),
            data_nodes,
            instance_type,
            volume_gb: s.volume_gb.unwrap_or(sizing.search_volume_gb),
            master_instance_type: sizing.search_master_instance_type.into(),
            zones,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_spread_evenly_across_the_zones_they_span() {
        assert_eq!(domain_zones(2), 2);
        assert_eq!(domain_zones(6), 3);
        assert_eq!(spread(3, 2), 4, "a Large default in two AZs");
        assert_eq!(spread(2, 3), 3, "a Small default in three AZs");
        assert_eq!(spread(6, 3), 6);
        assert_eq!(spread(6, 2), 6);
    }
}
