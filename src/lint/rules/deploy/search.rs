//! OpenSearch (and legacy Elasticsearch) domains: node and subnet counts the service
//! accepts for the zones a domain spans.

use super::shared::{literal_bool, literal_int};
use super::{PC8001, PC8002};
use crate::lint::rule::Findings;
use crate::yaml::{KeyPath, Node, Value};

/// Zones a zone-aware domain spans when `AvailabilityZoneCount` is not set.
const DEFAULT_ZONES: i64 = 2;

/// `cluster_key` is `ClusterConfig` (OpenSearch) or `ElasticsearchClusterConfig`.
pub fn check(props: &Node, cluster_key: &str, path: &KeyPath, out: &mut Findings) {
    let cluster = props.get(cluster_key);
    let cluster_path = path.key(cluster_key);
    let zone_aware = match cluster.and_then(|c| c.get("ZoneAwarenessEnabled")) {
        None => false,
        Some(node) => match literal_bool(Some(node)) {
            Some(b) => b,
            None => return, // set by a function: unknown until deploy
        },
    };
    let zones = if zone_aware {
        let config = cluster.and_then(|c| c.get("ZoneAwarenessConfig"));
        match config.and_then(|c| c.get("AvailabilityZoneCount")) {
            None => DEFAULT_ZONES,
            // Out of range (the schema rules report it) or computed: nothing to divide by.
            Some(n) => match literal_int(Some(n)) {
                Some(n) if n >= 1 => n,
                _ => return,
            },
        }
    } else {
        1
    };
    if zone_aware {
        if let Some(count) = cluster.and_then(|c| c.get("InstanceCount")) {
            if let Some(n) = literal_int(Some(count)) {
                if n % zones != 0 {
                    let lower = (n / zones).max(1) * zones;
                    out.push(&PC8001, count.pos, &cluster_path.key("InstanceCount"), format!(
                        "{n} data nodes cannot be spread evenly across {zones} Availability Zones; OpenSearch rejects the domain. Use a multiple of {zones}, such as {lower} or {}",
                        lower + zones
                    ));
                }
            }
        }
    }
    let subnets = props
        .get("VPCOptions")
        .and_then(|v| v.get("SubnetIds"))
        .filter(|s| matches!(s.value, Value::Seq(_)));
    if let Some(
        node @ Node {
            value: Value::Seq(ids),
            ..
        },
    ) = subnets
    {
        let given = ids.len() as i64;
        if given != zones {
            let why = if zone_aware {
                format!("the domain spans {zones} Availability Zones, so it takes exactly {zones} subnets, one per zone")
            } else {
                "a domain without zone awareness takes exactly one subnet".to_string()
            };
            out.push(
                &PC8002,
                node.pos,
                &path.key("VPCOptions").key("SubnetIds"),
                format!("{given} subnet(s) given, but {why}"),
            );
        }
    }
}
