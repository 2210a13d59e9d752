//! Reading live AWS state for the commands, mapped into the pure modules' types.

use crate::cli::AwsArgs;
use crate::model::Platform;
use crate::network::capacity::LiveNetwork;

/// The live VPC `vpc_id` in the spec's region, its workload subnets picked: the subnets the
/// spec names when it names any, otherwise every subnet of the VPC.
pub fn read_network(
    platform: &Platform,
    vpc_id: &str,
    aws: &AwsArgs,
) -> anyhow::Result<LiveNetwork> {
    let _ = (platform, vpc_id, aws);
    anyhow::bail!("live mode is being wired")
}
