//! Counts for the demand rows of the sections beyond the data platform's core: load
//! balancers, Lambda functions, EKS, EFS and MemoryDB. The reasons live in the table.

use super::Count;
use crate::model::Platform;

/// The zones a multi-AZ component spans: every workload subnet's AZ.
fn zones(p: &Platform) -> u32 {
    u32::try_from(p.network.zone_count).unwrap_or(u32::MAX)
}

fn load_balancer_nodes(p: &Platform, internet_facing: bool) -> Option<Count> {
    let count = p
        .load_balancers
        .iter()
        .filter(|lb| lb.internet_facing == internet_facing)
        .count();
    if count == 0 {
        return None;
    }
    let count = u32::try_from(count).unwrap_or(u32::MAX);
    let zones = zones(p);
    Some(Count {
        ips: count.saturating_mul(zones),
        basis: format!("{count} Network Load Balancer(s) x {zones} AZ(s), one node each"),
    })
}

pub(super) fn internal_load_balancers(p: &Platform) -> Option<Count> {
    load_balancer_nodes(p, false)
}

pub(super) fn internet_facing_load_balancers(p: &Platform) -> Option<Count> {
    load_balancer_nodes(p, true)
}

pub(super) fn lambda_enis(p: &Platform) -> Option<Count> {
    if p.functions.is_empty() {
        return None;
    }
    // Every function has its own security group, so no two share a combination.
    let functions = u32::try_from(p.functions.len()).unwrap_or(u32::MAX);
    let zones = zones(p);
    Some(Count {
        ips: functions.saturating_mul(zones),
        basis: format!(
            "{functions} function(s), each with its own security group, x {zones} subnet(s)"
        ),
    })
}

pub(super) fn eks_pods(p: &Platform) -> Option<Count> {
    let k = p.kubernetes.as_ref()?;
    let t = k.node_instance_type;
    let nodes = u32::from(k.max_nodes);
    Some(Count {
        ips: nodes.saturating_mul(t.pod_ips()),
        basis: format!(
            "{nodes} node(s) at the maximum x {} ENIs x ({} IPv4 per ENI - 1) on {}",
            t.enis, t.ips_per_eni, t.name
        ),
    })
}

/// Network interfaces EKS may place in the cluster's subnets for the control plane.
const EKS_CONTROL_PLANE_ENIS: u32 = 4;

pub(super) fn eks_nodes(p: &Platform) -> Option<Count> {
    let k = p.kubernetes.as_ref()?;
    let t = k.node_instance_type;
    let nodes = u32::from(k.max_nodes);
    Some(Count {
        ips: nodes
            .saturating_mul(t.enis)
            .saturating_add(EKS_CONTROL_PLANE_ENIS),
        basis: format!(
            "{nodes} node(s) x {} ENI primary addresses on {} + {EKS_CONTROL_PLANE_ENIS} control-plane ENIs",
            t.enis, t.name
        ),
    })
}

pub(super) fn efs_mount_targets(p: &Platform) -> Option<Count> {
    if p.file_systems.is_empty() {
        return None;
    }
    let systems = u32::try_from(p.file_systems.len()).unwrap_or(u32::MAX);
    let zones = zones(p);
    Some(Count {
        ips: systems.saturating_mul(zones),
        basis: format!("{systems} file system(s) x {zones} AZ(s), one mount target each"),
    })
}

pub(super) fn memorydb(p: &Platform) -> Option<Count> {
    let c = p.cache.as_ref()?;
    let nodes = c.nodes();
    Some(Count {
        ips: nodes,
        basis: format!(
            "{} shard(s) x (1 primary + {} replica(s))",
            c.shards, c.replicas_per_shard
        ),
    })
}

#[cfg(test)]
mod tests {
    use crate::network::demand::demand;
    use crate::network::testkit;

    fn ips(name: &str, example: &str) -> Option<u32> {
        demand(&testkit::example(example))
            .components
            .into_iter()
            .find(|c| c.name == name)
            .map(|c| c.ips)
    }

    #[test]
    fn eks_pods_follow_the_vpc_cni_formula_for_m5_large() {
        // 9 nodes at the maximum x 3 ENIs x (10 IPv4 per ENI - 1).
        assert_eq!(ips("eks-pods", "usage-engine.yaml"), Some(243));
        // 9 nodes x 3 ENI primary addresses + 4 control-plane ENIs.
        assert_eq!(ips("eks-nodes", "usage-engine.yaml"), Some(31));
    }

    #[test]
    fn per_az_components_take_one_address_in_each_of_three_zones() {
        assert_eq!(ips("efs-mount-targets", "usage-engine.yaml"), Some(3));
        assert_eq!(ips("load-balancers", "usage-engine.yaml"), Some(3));
        assert_eq!(ips("load-balancers", "depot.yaml"), Some(3));
        assert_eq!(ips("lambda-enis", "depot.yaml"), Some(3));
    }

    #[test]
    fn memorydb_counts_primaries_and_replicas() {
        // One shard with two replicas.
        assert_eq!(ips("memorydb", "usage-engine.yaml"), Some(3));
    }

    #[test]
    fn sections_the_tdp_example_does_not_declare_take_nothing() {
        for name in [
            "eks-pods",
            "eks-nodes",
            "efs-mount-targets",
            "memorydb",
            "lambda-enis",
        ] {
            assert_eq!(ips(name, "tdp.yaml"), None, "{name}");
        }
    }
}
