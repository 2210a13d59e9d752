//! Reading an existing VPC's address space from EC2: its IPv4 blocks and its subnets.

use aws_sdk_ec2::types::{Filter, Subnet, Vpc, VpcCidrBlockStateCode};
use aws_sdk_ec2::Client;
use ipnet::Ipv4Net;

use super::{from_sdk, AwsError, AwsOptions};

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
    read_with_client(&client, &session.endpoint, &options.region, vpc_id).await
}

/// The reads themselves, on any client: the SDK's in `read_network`, a mocked one in tests
/// of what a local server cannot show (subnet pages).
async fn read_with_client(
    client: &Client,
    endpoint: &str,
    region: &str,
    vpc_id: &str,
) -> Result<LiveVpc, AwsError> {
    let vpc = describe_vpc(client, endpoint, region, vpc_id).await?;
    let cidrs = vpc_cidrs(&vpc)?;
    let mut subnets = describe_subnets(client, endpoint, vpc_id)
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
    endpoint: &str,
    region: &str,
    vpc_id: &str,
) -> Result<Vpc, AwsError> {
    const OPERATION: &str = "DescribeVpcs";
    let not_found = || AwsError::VpcNotFound {
        vpc_id: vpc_id.to_owned(),
        region: region.to_owned(),
    };
    let output = client
        .describe_vpcs()
        .vpc_ids(vpc_id)
        .send()
        .await
        .map_err(|err| match from_sdk(OPERATION, endpoint, err) {
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
    endpoint: &str,
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
        .map_err(|err| from_sdk("DescribeSubnets", endpoint, err))
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

/// Paging, which moto cannot show (it ignores MaxResults and answers in one page), checked
/// with aws-smithy-mocks: DescribeSubnets answers in two pages joined by a NextToken.
#[cfg(test)]
mod paging {
    use aws_sdk_ec2::operation::describe_subnets::DescribeSubnetsOutput;
    use aws_sdk_ec2::operation::describe_vpcs::DescribeVpcsOutput;
    use aws_sdk_ec2::types::{Subnet, Vpc};
    use aws_sdk_ec2::{Client, Config};
    use aws_smithy_mocks::{create_mock_http_client, mock, MockResponseInterceptor, RuleMode};

    fn subnet(id: &str, cidr: &str, az: &str) -> Subnet {
        Subnet::builder()
            .subnet_id(id)
            .cidr_block(cidr)
            .availability_zone(az)
            .available_ip_address_count(2043)
            .build()
    }

    #[tokio::test]
    async fn every_page_of_subnets_is_read() {
        let vpc = mock!(Client::describe_vpcs).then_output(|| {
            DescribeVpcsOutput::builder()
                .vpcs(
                    Vpc::builder()
                        .vpc_id("vpc-0123456789abcdef0")
                        .cidr_block("10.0.0.0/16")
                        .build(),
                )
                .build()
        });
        let first = mock!(Client::describe_subnets)
            .match_requests(|r| r.next_token().is_none())
            .then_output(|| {
                DescribeSubnetsOutput::builder()
                    .subnets(subnet(
                        "subnet-0000000000000000b",
                        "10.0.8.0/21",
                        "us-east-1b",
                    ))
                    .next_token("page-2")
                    .build()
            });
        let second = mock!(Client::describe_subnets)
            .match_requests(|r| r.next_token() == Some("page-2"))
            .then_output(|| {
                DescribeSubnetsOutput::builder()
                    .subnets(subnet(
                        "subnet-0000000000000000a",
                        "10.0.0.0/21",
                        "us-east-1a",
                    ))
                    .build()
            });
        let interceptor = MockResponseInterceptor::new()
            .rule_mode(RuleMode::MatchAny)
            .with_rule(&vpc)
            .with_rule(&first)
            .with_rule(&second);
        let config = Config::builder()
            .behavior_version_latest()
            .region(aws_sdk_ec2::config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_ec2::config::Credentials::new(
                "a", "b", None, None, "test",
            ))
            .http_client(create_mock_http_client())
            .interceptor(interceptor)
            .build();
        let client = Client::from_conf(config);
        let live = super::read_with_client(&client, "mock", "us-east-1", "vpc-0123456789abcdef0")
            .await
            .unwrap();
        let ids: Vec<&str> = live.subnets.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            ["subnet-0000000000000000a", "subnet-0000000000000000b"]
        );
        assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
    }
}
