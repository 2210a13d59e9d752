//! Reading an existing VPC from EC2: its IPv4 blocks and subnets (for the capacity
//! check), its VPC endpoints and DNS attributes (for the endpoint check).

mod endpoints;
mod query;
mod xml;

use ipnet::Ipv4Net;

pub use endpoints::{read_endpoints, LiveEndpoint, LiveEndpoints};
use query::Ec2Query;
use xml::Element;

use super::{AwsError, AwsOptions};

/// EC2's own error code for a VPC ID that is well formed but not in this account and region.
const VPC_NOT_FOUND: &str = "InvalidVpcID.NotFound";

/// Items per page of a Describe call; 1,000 is EC2's maximum. Asking for pages at all
/// keeps a VPC with very many subnets from turning into one response too slow to arrive
/// within the attempt timeout.
const PAGE_SIZE: u32 = 1000;

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
    super::runtime()?.block_on(async {
        let client = client(options).await?;
        read_with_client(&client, &options.region, vpc_id).await
    })
}

/// A Query client with the session's credentials, endpoint and HTTPS connector.
async fn client(options: &AwsOptions) -> Result<Ec2Query, AwsError> {
    let session = super::session(options).await?;
    Ok(Ec2Query::new(
        super::https_connector(),
        &session.endpoint,
        &options.region,
        session.credentials,
    ))
}

/// The reads themselves, on any connector: the HTTPS one in `read_network`, a replaying
/// one in tests of what a local server cannot show (subnet pages).
async fn read_with_client(
    client: &Ec2Query,
    region: &str,
    vpc_id: &str,
) -> Result<LiveVpc, AwsError> {
    let vpc = describe_vpc(client, region, vpc_id).await?;
    let cidrs = vpc_cidrs(&vpc)?;
    let mut subnets = describe_all(client, "DescribeSubnets", vpc_filter(vpc_id), "subnetSet")
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
async fn describe_vpc(client: &Ec2Query, region: &str, vpc_id: &str) -> Result<Element, AwsError> {
    const OPERATION: &str = "DescribeVpcs";
    let not_found = || AwsError::VpcNotFound {
        vpc_id: vpc_id.to_owned(),
        region: region.to_owned(),
    };
    let params = [("VpcId.1".to_owned(), vpc_id.to_owned())];
    let root = client
        .call(OPERATION, &params)
        .await
        .map_err(|err| match err {
            AwsError::Service { code, .. } if code == VPC_NOT_FOUND => not_found(),
            other => other,
        })?;
    let vpc = root
        .items("vpcSet")
        .find(|vpc| vpc.text_of("vpcId") == Some(vpc_id))
        .cloned();
    vpc.ok_or_else(not_found)
}

/// The Query parameters of a `vpc-id` filter.
fn vpc_filter(vpc_id: &str) -> Vec<(String, String)> {
    vec![
        ("Filter.1.Name".to_owned(), "vpc-id".to_owned()),
        ("Filter.1.Value.1".to_owned(), vpc_id.to_owned()),
    ]
}

/// Every item of list `list` across all pages of `action`, following `nextToken`.
async fn describe_all(
    client: &Ec2Query,
    action: &'static str,
    params: Vec<(String, String)>,
    list: &str,
) -> Result<Vec<Element>, AwsError> {
    let mut items = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut page = params.clone();
        page.push(("MaxResults".to_owned(), PAGE_SIZE.to_string()));
        if let Some(token) = token.take() {
            page.push(("NextToken".to_owned(), token));
        }
        let root = client.call(action, &page).await?;
        items.extend(root.items(list).cloned());
        match root.text_of("nextToken").filter(|t| !t.is_empty()) {
            Some(next) => token = Some(next.to_owned()),
            None => return Ok(items),
        }
    }
}

/// The VPC's associated IPv4 blocks, primary first.
fn vpc_cidrs(vpc: &Element) -> Result<Vec<Ipv4Net>, AwsError> {
    let primary = vpc.text_of("cidrBlock").map(parse_cidr).transpose()?;
    let mut secondary = Vec::new();
    for association in vpc.items("cidrBlockAssociationSet") {
        let associated = association
            .child("cidrBlockState")
            .and_then(|state| state.text_of("state"))
            == Some("associated");
        if !associated {
            continue;
        }
        if let Some(text) = association.text_of("cidrBlock") {
            let cidr = parse_cidr(text)?;
            if Some(cidr) != primary && !secondary.contains(&cidr) {
                secondary.push(cidr);
            }
        }
    }
    secondary.sort();
    Ok(primary.into_iter().chain(secondary).collect())
}

fn subnet_info(subnet: &Element) -> Result<LiveSubnetInfo, AwsError> {
    // A missing field is named as the API documents it: `subnetId` in XML, `SubnetId` there.
    let field = |name: &str| {
        subnet
            .text_of(name)
            .ok_or_else(|| AwsError::UnexpectedResponse {
                operation: "DescribeSubnets",
                detail: format!(
                    "a subnet without {}{}",
                    name[..1].to_uppercase(),
                    &name[1..]
                ),
            })
    };
    let id = field("subnetId")?;
    let cidr = field("cidrBlock")?;
    let az = field("availabilityZone")?;
    let available = field("availableIpAddressCount")?;
    Ok(LiveSubnetInfo {
        id: id.to_owned(),
        cidr: parse_cidr(cidr)?,
        az: az.to_owned(),
        available_ips: available
            .parse()
            .map_err(|_| AwsError::UnexpectedResponse {
                operation: "DescribeSubnets",
                detail: format!("subnet {id} has `{available}` available addresses"),
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
    use super::*;

    fn element(text: &str) -> Element {
        xml::parse(text).unwrap()
    }

    #[test]
    fn cidrs_keep_the_primary_first_and_drop_blocks_not_associated() {
        let association = |cidr: &str, state: &str| {
            format!("<item><cidrBlock>{cidr}</cidrBlock><cidrBlockState><state>{state}</state></cidrBlockState></item>")
        };
        let vpc = element(&format!(
            "<item><vpcId>vpc-1</vpcId><cidrBlock>10.0.0.0/16</cidrBlock><cidrBlockAssociationSet>{}{}{}{}{}</cidrBlockAssociationSet></item>",
            association("10.0.0.0/16", "associated"),
            association("100.64.0.0/20", "associated"),
            association("10.1.0.0/20", "associated"),
            association("10.2.0.0/20", "disassociated"),
            association("10.3.0.0/20", "associating"),
        ));
        let cidrs: Vec<String> = vpc_cidrs(&vpc)
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(cidrs, ["10.0.0.0/16", "10.1.0.0/20", "100.64.0.0/20"]);
    }

    #[test]
    fn a_subnet_without_a_count_is_reported_not_guessed() {
        let subnet = element(
            "<item><subnetId>subnet-1</subnetId><cidrBlock>10.0.0.0/24</cidrBlock>\
             <availabilityZone>us-east-1a</availabilityZone></item>",
        );
        let err = subnet_info(&subnet).unwrap_err();
        assert!(err.to_string().contains("AvailableIpAddressCount"), "{err}");
    }
}

/// Paging, which moto cannot show (it ignores MaxResults and answers in one page), checked
/// with the smithy HTTP client's replaying connector: DescribeSubnets answers in two pages
/// joined by a NextToken, and the second request must carry it.
#[cfg(test)]
mod paging {
    use aws_credential_types::Credentials;
    use aws_smithy_http_client::test_util::{ReplayEvent, StaticReplayClient};
    use aws_smithy_runtime_api::client::http::SharedHttpConnector;
    use aws_smithy_types::body::SdkBody;

    use super::query::Ec2Query;

    fn exchange(request_body: &str, response_body: &str) -> ReplayEvent {
        ReplayEvent::new(
            http::Request::builder()
                .method("POST")
                .uri("https://ec2.us-east-1.amazonaws.com/")
                .body(SdkBody::from(request_body.to_owned()))
                .unwrap(),
            http::Response::builder()
                .status(200)
                .body(SdkBody::from(response_body.to_owned()))
                .unwrap(),
        )
    }

    fn subnet(id: &str, cidr: &str, az: &str) -> String {
        format!(
            "<item><subnetId>{id}</subnetId><cidrBlock>{cidr}</cidrBlock>\
             <availabilityZone>{az}</availabilityZone>\
             <availableIpAddressCount>2043</availableIpAddressCount></item>"
        )
    }

    #[tokio::test]
    async fn every_page_of_subnets_is_read() {
        let vpc = "vpc-0123456789abcdef0";
        let replay = StaticReplayClient::new(vec![
            exchange(
                &format!("Action=DescribeVpcs&Version=2016-11-15&VpcId.1={vpc}"),
                &format!("<DescribeVpcsResponse><vpcSet><item><vpcId>{vpc}</vpcId><cidrBlock>10.0.0.0/16</cidrBlock></item></vpcSet></DescribeVpcsResponse>"),
            ),
            exchange(
                &format!("Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=vpc-id&Filter.1.Value.1={vpc}&MaxResults=1000"),
                &format!(
                    "<DescribeSubnetsResponse><subnetSet>{}</subnetSet><nextToken>page-2</nextToken></DescribeSubnetsResponse>",
                    subnet("subnet-0000000000000000b", "10.0.8.0/21", "us-east-1b")
                ),
            ),
            exchange(
                &format!("Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=vpc-id&Filter.1.Value.1={vpc}&MaxResults=1000&NextToken=page-2"),
                &format!(
                    "<DescribeSubnetsResponse><subnetSet>{}</subnetSet></DescribeSubnetsResponse>",
                    subnet("subnet-0000000000000000a", "10.0.0.0/21", "us-east-1a")
                ),
            ),
        ]);
        let client = Ec2Query::new(
            SharedHttpConnector::new(replay.clone()),
            "https://ec2.us-east-1.amazonaws.com",
            "us-east-1",
            Credentials::for_tests(),
        );
        let live = super::read_with_client(&client, "us-east-1", vpc)
            .await
            .unwrap();
        let ids: Vec<&str> = live.subnets.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            ["subnet-0000000000000000a", "subnet-0000000000000000b"]
        );
        // Bodies compared exactly; the signature headers change with the clock.
        replay.assert_requests_match(&[
            "authorization",
            "x-amz-date",
            "content-length",
            "content-type",
            "x-amz-security-token",
        ]);
    }
}
