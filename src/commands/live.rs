//! Reading live AWS state for the commands, mapped into the pure modules' types.

use anyhow::bail;

use crate::aws::{ec2, AwsOptions};
use crate::cli::AwsArgs;
use crate::components::Platform;
use crate::model::Vpc;
use crate::network::capacity::{LiveNetwork, LiveSubnet};
use crate::network::endpoints::{FoundEndpoint, VpcEndpoints};

/// AWS options for the platform's region from the command line's AWS flags.
pub fn options(platform: &Platform, aws: &AwsArgs) -> AwsOptions {
    AwsOptions {
        region: platform.region.name.clone(),
        profile: aws.profile.clone(),
        endpoint_url: aws.endpoint_url.clone(),
    }
}

/// The live VPC `vpc_id`, with its workload subnets picked:
/// - the spec's own existing VPC: exactly the subnets the spec names (each must exist);
/// - a new VPC's deployment: the subnets whose blocks the spec plans as workload subnets;
/// - otherwise (a candidate VPC): every subnet of the VPC.
pub fn read_network(
    platform: &Platform,
    vpc_id: &str,
    aws: &AwsArgs,
) -> anyhow::Result<LiveNetwork> {
    let live = ec2::read_network(&options(platform, aws), vpc_id)?;
    let named: Vec<&str> = match &platform.network.vpc {
        Vpc::Existing { id, .. } if id == vpc_id => platform
            .network
            .private_subnets
            .iter()
            .filter_map(|s| s.id.as_deref())
            .collect(),
        _ => Vec::new(),
    };
    for id in &named {
        if !live.subnets.iter().any(|s| s.id == *id) {
            bail!("subnet {id} named in the spec is not in {vpc_id}");
        }
    }
    let planned: Vec<_> = platform
        .network
        .private_subnets
        .iter()
        .map(|s| s.cidr)
        .collect();
    let picked: Vec<&ec2::LiveSubnetInfo> = if !named.is_empty() {
        live.subnets
            .iter()
            .filter(|s| named.contains(&s.id.as_str()))
            .collect()
    } else if platform.network.vpc.is_new()
        && live.subnets.iter().any(|s| planned.contains(&s.cidr))
    {
        live.subnets
            .iter()
            .filter(|s| planned.contains(&s.cidr))
            .collect()
    } else {
        live.subnets.iter().collect()
    };
    Ok(LiveNetwork {
        vpc_id: live.vpc_id.clone(),
        cidrs: live.cidrs.clone(),
        subnets: picked
            .into_iter()
            .map(|s| LiveSubnet {
                id: s.id.clone(),
                cidr: s.cidr,
                az: s.az.clone(),
                available_ips: s.available_ips,
            })
            .collect(),
    })
}

/// The endpoints and DNS attributes of the spec's existing VPC, when it has one and
/// `vpc_id` (if given) is that VPC: only there does the spec say which endpoints exist.
pub fn read_endpoints(
    platform: &Platform,
    vpc_id: Option<&str>,
    aws: &AwsArgs,
) -> anyhow::Result<Option<VpcEndpoints>> {
    let Vpc::Existing { id, .. } = &platform.network.vpc else {
        return Ok(None);
    };
    if vpc_id.is_some_and(|v| v != id) {
        return Ok(None);
    }
    let live = ec2::read_endpoints(&options(platform, aws), id)?;
    Ok(Some(VpcEndpoints {
        endpoints: live
            .endpoints
            .iter()
            .map(|e| FoundEndpoint {
                id: e.id.clone(),
                service: e.short_service().to_owned(),
                gateway: e.kind.eq_ignore_ascii_case("gateway"),
                private_dns: e.private_dns,
                route_table_ids: e.route_table_ids.clone(),
                ours: e.environment.as_deref() == Some(platform.name.as_str()),
            })
            .collect(),
        dns_support: live.dns_support,
        dns_hostnames: live.dns_hostnames,
    }))
}

/// Whether the platform puts a private hosted zone on its VPC: the service discovery
/// namespace, or a private `dns` zone.
pub fn has_private_zone(platform: &Platform) -> bool {
    let discovery = platform
        .services
        .iter()
        .any(|s| crate::components::services::discovery::discoverable(platform, s));
    discovery || platform.dns.as_ref().is_some_and(|d| d.private)
}
