//! Reading the VPC endpoints a VPC already has and its DNS attributes: a VPC without
//! internet access often has endpoints before platformctl arrives, and a second gateway
//! endpoint for one service on the same route tables, or a second interface endpoint with
//! private DNS, fails to create (Amazon VPC User Guide, "Gateway endpoints" and "Access an
//! AWS service using an interface VPC endpoint", private DNS).

use super::{client, describe_all, vpc_filter, Ec2Query};
use crate::aws::{AwsError, AwsOptions};

/// A VPC endpoint as EC2 reports it, reduced to what the endpoint check needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveEndpoint {
    pub id: String,
    /// `Gateway`, `Interface`, `GatewayLoadBalancer`, ...
    pub kind: String,
    /// The full service name, e.g. `com.amazonaws.us-east-1.s3`.
    pub service_name: String,
    /// `available`, `pending`, `deleting`, ...
    pub state: String,
    /// Whether the endpoint answers the service's default DNS name inside the VPC. Only
    /// interface endpoints have private DNS; the flag is read as false for the others
    /// whatever the answer says.
    pub private_dns: bool,
    /// The route tables a gateway endpoint is attached to, sorted.
    pub route_table_ids: Vec<String>,
    /// The value of its `platformctl:environment` tag: which environment's stacks made it.
    pub environment: Option<String>,
}

impl LiveEndpoint {
    /// The service's short name (`s3`, `ecr.api`): the service name less its
    /// `com.amazonaws.<region>.` prefix.
    pub fn short_service(&self) -> &str {
        let mut parts = self.service_name.splitn(4, '.');
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(_), Some(_), Some(_), Some(rest)) => rest,
            _ => &self.service_name,
        }
    }
}

/// A VPC's endpoints (those not being deleted, ordered by service then ID) and whether its
/// DNS attributes allow private DNS names (both `enableDnsSupport` and
/// `enableDnsHostnames` must be on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveEndpoints {
    pub endpoints: Vec<LiveEndpoint>,
    pub dns_support: bool,
    pub dns_hostnames: bool,
}

/// Reads the endpoints and DNS attributes of VPC `vpc_id`. Blocking, like
/// [`super::read_network`].
pub fn read_endpoints(options: &AwsOptions, vpc_id: &str) -> Result<LiveEndpoints, AwsError> {
    crate::aws::runtime()?.block_on(async {
        let client = client(options).await?;
        read_with_client(&client, vpc_id).await
    })
}

async fn read_with_client(client: &Ec2Query, vpc_id: &str) -> Result<LiveEndpoints, AwsError> {
    let items = describe_all(
        client,
        "DescribeVpcEndpoints",
        vpc_filter(vpc_id),
        "vpcEndpointSet",
    )
    .await?;
    let mut endpoints: Vec<LiveEndpoint> = items
        .iter()
        .map(|item| {
            let text = |name: &str| item.text_of(name).unwrap_or_default().to_owned();
            let mut route_table_ids: Vec<String> = item
                .items("routeTableIdSet")
                .map(|rt| rt.text.clone())
                .collect();
            route_table_ids.sort();
            let kind = text("vpcEndpointType");
            LiveEndpoint {
                id: text("vpcEndpointId"),
                private_dns: kind.eq_ignore_ascii_case("interface")
                    && item.text_of("privateDnsEnabled") == Some("true"),
                kind,
                service_name: text("serviceName"),
                state: text("state").to_ascii_lowercase(),
                route_table_ids,
                environment: item
                    .items("tagSet")
                    .find(|tag| tag.text_of("key") == Some(crate::render::tags::ENVIRONMENT_TAG))
                    .and_then(|tag| tag.text_of("value"))
                    .map(str::to_owned),
            }
        })
        .filter(|e| {
            !matches!(
                e.state.as_str(),
                "deleting" | "deleted" | "rejected" | "failed"
            )
        })
        .collect();
    endpoints.sort_by(|a, b| (&a.service_name, &a.id).cmp(&(&b.service_name, &b.id)));
    Ok(LiveEndpoints {
        endpoints,
        dns_support: attribute(client, vpc_id, "enableDnsSupport").await?,
        dns_hostnames: attribute(client, vpc_id, "enableDnsHostnames").await?,
    })
}

/// One boolean VPC attribute through DescribeVpcAttribute.
async fn attribute(client: &Ec2Query, vpc_id: &str, name: &str) -> Result<bool, AwsError> {
    let params = [
        ("VpcId".to_owned(), vpc_id.to_owned()),
        ("Attribute".to_owned(), name.to_owned()),
    ];
    let root = client.call("DescribeVpcAttribute", &params).await?;
    Ok(root.child(name).and_then(|a| a.text_of("value")) == Some("true"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_short_service_name_drops_the_regional_prefix() {
        let endpoint = |service: &str| LiveEndpoint {
            id: "vpce-1".into(),
            kind: "Interface".into(),
            service_name: service.into(),
            state: "available".into(),
            private_dns: true,
            route_table_ids: vec![],
            environment: None,
        };
        assert_eq!(
            endpoint("com.amazonaws.us-east-1.ecr.api").short_service(),
            "ecr.api"
        );
        assert_eq!(endpoint("com.amazonaws.us-east-1.s3").short_service(), "s3");
        assert_eq!(endpoint("odd").short_service(), "odd");
    }
}
