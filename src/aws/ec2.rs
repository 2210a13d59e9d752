//! Reading an existing VPC's address space from EC2: its IPv4 blocks and its subnets.

use aws_sdk_ec2::types::{Filter, Subnet, Vpc, VpcCidrBlockStateCode};
use aws_sdk_ec2::Client;
use ipnet::Ipv4Net;

use super::{from_sdk, AwsError, AwsOptions, Session};

/// EC2's own error code for a VPC ID that is well formed but not in this account and region.
const VPC_NOT_FOUND: &str = "InvalidVpcID.NotFound";

/// Subnets per DescribeSubnets page; 1,000 is EC2's maximum. Asking for pages at all keeps
/// a VPC with very many subnets from turning into one response too slow to arrive within
/// the attempt timeout.
const SUBNET_PAGE_SIZE: i32 = 1000;

/// A VPC as EC2 reports it now, reduced to what capacity checks need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveVpc {
    pub vpc_id: String,
    /// The IPv4 blocks in state `associated`: the primary block first, then the secondary
    /// ones in address order. Blocks being associated or removed hold no usable addresses.
    pub cidrs: Vec<Ipv4Net>,
    /// Every subnet of the VPC, ordered by availability zone and then CIDR, so that
    /// reports built from it are the same run after run.
    pub subnets: Vec<LiveSubnetInfo>,
}

/// One subnet of a [`LiveVpc`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveSubnetInfo {
    pub id: String,
    pub cidr: Ipv4Net,
    pub az: String,
    /// Addresses still free (`AvailableIpAddressCount`): the subnet's size less AWS's five
    /// reserved addresses and every address already taken by an interface.
    pub available_ips: u32,
}

/// Reads VPC `vpc_id` and all its subnets.
///
/// Blocking: it runs its own single-threaded runtime, so call it from synchronous code
/// (the CLI), never from inside another tokio runtime.
pub fn read_network(options: &AwsOptions, vpc_id: &str) -> Result<LiveVpc, AwsError> {
    super::runtime()?.block_on(read_network_async(options, vpc_id))
}

async fn read_network_async(options: &AwsOptions, vpc_id: &str) -> Result<LiveVpc, AwsError> {
    let session = super::session(options).await?;
    let client = Client::new(&session.config);
    let vpc = describe_vpc(&client, &session, options, vpc_id).await?;
    let cidrs = vpc_cidrs(&vpc)?;
    let mut subnets = describe_subnets(&client, &session, vpc_id)
        .await?
        .iter()
        .map(subnet_info)
        .collect::<Result<Vec<_>, _>>()?;
    subnets.sort_by(|a, b| (&a.az, a.cidr, &a.id).cmp(&(&b.az, b.cidr, &b.id)));
    Ok(LiveVpc {
        vpc_id: vpc_id.to_owned(),
        cidrs,
        subnets,
    })
}

/// One DescribeVpcs call by ID. It is not paged: EC2 refuses MaxResults together with
/// VpcIds, and one ID gives at most one VPC.
async fn describe_vpc(
    client: &Client,
    session: &Session,
    options: &AwsOptions,
    vpc_id: &str,
) -> Result<Vpc, AwsError> {
    const OPERATION: &str = "DescribeVpcs";
    let not_found = || AwsError::VpcNotFound {
        vpc_id: vpc_id.to_owned(),
        region: options.region.clone(),
    };
    let output = client
        .describe_vpcs()
        .vpc_ids(vpc_id)
        .send()
        .await
        .map_err(|err| match from_sdk(OPERATION, &session.endpoint, err) {
            AwsError::Service { code, .. } if code == VPC_NOT_FOUND => not_found(),
            other => other,
        })?;
    output
        .vpcs
        .unwrap_or_default()
        .into_iter()
        .find(|vpc| vpc.vpc_id() == Some(vpc_id))
        .ok_or_else(not_found)
}

/// Every subnet whose `vpc-id` is `vpc_id`, across all pages.
async fn describe_subnets(
    client: &Client,
    session: &Session,
    vpc_id: &str,
) -> Result<Vec<Subnet>, AwsError> {
    let by_vpc = Filter::builder().name("vpc-id").values(vpc_id).build();
    client
        .describe_subnets()
        .filters(by_vpc)
        .into_paginator()
        .page_size(SUBNET_PAGE_SIZE)
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| from_sdk("DescribeSubnets", &session.endpoint, err))
}

/// The VPC's associated IPv4 blocks, primary first.
fn vpc_cidrs(vpc: &Vpc) -> Result<Vec<Ipv4Net>, AwsError> {
    let primary = vpc.cidr_block().map(parse_cidr).transpose()?;
    let mut secondary = Vec::new();
    for association in vpc.cidr_block_association_set() {
        let associated = association
            .cidr_block_state()
            .and_then(|state| state.state())
            .is_some_and(|state| *state == VpcCidrBlockStateCode::Associated);
        if !associated {
            continue;
        }
        if let Some(text) = association.cidr_block() {
            let cidr = parse_cidr(text)?;
            if Some(cidr) != primary && !secondary.contains(&cidr) {
                secondary.push(cidr);
            }
        }
    }
    secondary.sort();
    Ok(primary.into_iter().chain(secondary).collect())
}

fn subnet_info(subnet: &Subnet) -> Result<LiveSubnetInfo, AwsError> {
    let missing = |field: &str| AwsError::UnexpectedResponse {
        operation: "DescribeSubnets",
        detail: format!("a subnet without {field}"),
    };
    let id = subnet.subnet_id().ok_or_else(|| missing("SubnetId"))?;
    let cidr = subnet.cidr_block().ok_or_else(|| missing("CidrBlock"))?;
    let az = subnet
        .availability_zone()
        .ok_or_else(|| missing("AvailabilityZone"))?;
    let available = subnet
        .available_ip_address_count()
        .ok_or_else(|| missing("AvailableIpAddressCount"))?;
    Ok(LiveSubnetInfo {
        id: id.to_owned(),
        cidr: parse_cidr(cidr)?,
        az: az.to_owned(),
        available_ips: u32::try_from(available).map_err(|_| AwsError::UnexpectedResponse {
            operation: "DescribeSubnets",
            detail: format!("subnet {id} has {available} available addresses"),
        })?,
    })
}

fn parse_cidr(text: &str) -> Result<Ipv4Net, AwsError> {
    text.parse().map_err(|_| AwsError::UnexpectedResponse {
        operation: "DescribeVpcs/DescribeSubnets",
        detail: format!("`{text}` is not an IPv4 CIDR block"),
    })
}

#[cfg(test)]
mod tests {
    use aws_sdk_ec2::types::{VpcCidrBlockAssociation, VpcCidrBlockState};

    use super::*;

    fn association(cidr: &str, state: VpcCidrBlockStateCode) -> VpcCidrBlockAssociation {
        VpcCidrBlockAssociation::builder()
            .cidr_block(cidr)
            .cidr_block_state(VpcCidrBlockState::builder().state(state).build())
            .build()
    }

    #[test]
    fn cidrs_keep_the_primary_first_and_drop_blocks_not_associated() {
        let vpc = Vpc::builder()
            .cidr_block("10.0.0.0/16")
            .cidr_block_association_set(association(
                "10.0.0.0/16",
                VpcCidrBlockStateCode::Associated,
            ))
            .cidr_block_association_set(association(
                "100.64.0.0/20",
                VpcCidrBlockStateCode::Associated,
            ))
            .cidr_block_association_set(association(
                "10.1.0.0/20",
                VpcCidrBlockStateCode::Associated,
            ))
            .cidr_block_association_set(association(
                "10.2.0.0/20",
                VpcCidrBlockStateCode::Disassociated,
            ))
            .cidr_block_association_set(association(
                "10.3.0.0/20",
                VpcCidrBlockStateCode::Associating,
            ))
            .build();
        let cidrs: Vec<String> = vpc_cidrs(&vpc)
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(cidrs, ["10.0.0.0/16", "10.1.0.0/20", "100.64.0.0/20"]);
    }

    #[test]
    fn a_subnet_without_a_count_is_reported_not_guessed() {
        let subnet = Subnet::builder()
            .subnet_id("subnet-1")
            .cidr_block("10.0.0.0/24")
            .availability_zone("us-east-1a")
            .build();
        let err = subnet_info(&subnet).unwrap_err();
        assert!(err.to_string().contains("AvailableIpAddressCount"), "{err}");
    }
}
