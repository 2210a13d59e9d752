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
}

/// Resolves `search` against the size's defaults.
pub(crate) fn resolve(spec: &Spec, sizing: &Sizing, p: &mut Problems) -> Option<Search> {
    spec.search.as_ref().map(|s| {
        let at = KeyPath::root().key("search");
        let data_nodes = s.data_nodes.unwrap_or(sizing.search_data_nodes);
        if !(2..=80).contains(&data_nodes) {
            p.error(
                "spec/search",
                &at.key("data_nodes"),
                format!("{data_nodes} data nodes: use 2 to 80 so the domain spans two AZs"),
            );
        }
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
        }
    })
}
