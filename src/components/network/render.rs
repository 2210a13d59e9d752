//! The network stack: VPC (or the existing one's ids), subnets, routes, NAT, endpoints,
//! flow logs, and the security groups the other stacks attach to.

use ipnet::Ipv4Net;
use serde_json::{json, Value};

use crate::components::Platform;
use crate::components::Stack;
use crate::model::names::pascal;
use crate::model::{EndpointKind, Subnet, Vpc};
use crate::render::firewall::{https_out, no_egress, vpc_ingress};
use crate::render::iam;
use crate::render::intrinsics::{az, get_att, join_commas, r#ref, sub};
use crate::render::link::{Export, NetworkExports, SecurityExports};
use crate::render::logs;
use crate::render::names;
use crate::render::stack::{NestedStack, StackBuilder};
use crate::render::tags::tag;
use crate::render::template::Resource;
use crate::spec::Egress;

use crate::render::names::zone_letter;

/// A logical-ID-safe name for a block: `10.64.0.0/16` → `10x64x0x0x16`.
fn cidr_id(net: Ipv4Net) -> String {
    net.to_string().replace(['.', '/'], "x")
}

pub fn render(platform: &Platform, security: &SecurityExports) -> (NestedStack, NetworkExports) {
    let net = &platform.network;
    let mut s = StackBuilder::new(Stack::Network.name(), Stack::Network.top_level(), platform, "network");
    s.import(&security.key_arn);

    let (vpc_id, private_ids, private_route_tables) = match &net.vpc {
        // Rendered for its handles only; the stack itself is left out (`stacks::render`).
        _ if !net.declared => (Value::Null, Vec::new(), Vec::new()),
        Vpc::New { cidrs } => new_vpc(&mut s, platform, cidrs),
        Vpc::Existing {
            id,
            route_table_ids,
            ..
        } => (
            Value::String(id.clone()),
            net.private_subnets.iter().map(|sn| json!(sn.id)).collect(),
            route_table_ids.iter().map(|rt| json!(rt)).collect(),
        ),
    };

    let groups = security_groups(&mut s, platform, &vpc_id);
    endpoints(
        &mut s,
        platform,
        &vpc_id,
        &private_ids,
        &private_route_tables,
    );
    flow_logs(&mut s, platform, &vpc_id);

    let vpc_id = s.export(names::vpc_id(), vpc_id);
    let private_subnet_ids = s.export(names::private_subnet_ids(), join_commas(private_ids));
    // Only internet-facing load balancers use the public subnets from other stacks.
    let public_needed = platform.load_balancers.iter().any(|lb| lb.internet_facing);
    let mut public_subnet_ids = None;
    if public_needed && !net.public_subnets.is_empty() && matches!(net.vpc, Vpc::New { .. }) {
        let public_ids = net
            .public_subnets
            .iter()
            .map(|sn| r#ref(&format!("PublicSubnet{}", zone_letter(sn.zone))))
            .collect();
        public_subnet_ids = Some(s.export(names::public_subnet_ids(), join_commas(public_ids)));
    }
    let (workload_security_group_id, database_security_group_id, search_security_group_id) = groups;
    crate::components::monitoring::render::render(
        Stack::Network,
        platform,
        &mut s,
        security.alarm_topic_arn.as_ref(),
    );
    (
        s.finish(),
        NetworkExports {
            vpc_id,
            private_subnet_ids,
            public_subnet_ids,
            workload_security_group_id,
            database_security_group_id,
            search_security_group_id,
        },
    )
}

/// Creates the VPC and everything that routes it; returns the VPC, the workload subnets
/// and their route tables.
fn new_vpc(
    s: &mut StackBuilder,
    platform: &Platform,
    cidrs: &[Ipv4Net],
) -> (Value, Vec<Value>, Vec<Value>) {
    let net = &platform.network;
    s.add(
        "Vpc",
        Resource::new(
            "AWS::EC2::VPC",
            json!({ "CidrBlock": cidrs[0].to_string(), "EnableDnsSupport": true, "EnableDnsHostnames": true }),
        ),
    );
    let mut secondary_ids = Vec::new();
    for block in &cidrs[1..] {
        let id = format!("SecondaryCidr{}", cidr_id(*block));
        s.add(
            &id,
            Resource::new(
                "AWS::EC2::VPCCidrBlock",
                json!({ "VpcId": r#ref("Vpc"), "CidrBlock": block.to_string() }),
            ),
        );
        secondary_ids.push((*block, id));
    }
    // A subnet in a secondary block can only be created once the block is associated.
    let block_dependency = |subnet: &Subnet| -> Vec<&str> {
        secondary_ids
            .iter()
            .filter(|(block, _)| block.contains(&subnet.cidr))
            .map(|(_, id)| id.as_str())
            .collect()
    };

    let nat = net.egress == Egress::Nat;
    if nat {
        s.add(
            "InternetGateway",
            Resource::new("AWS::EC2::InternetGateway", json!({})),
        );
        s.add(
            "InternetGatewayAttachment",
            Resource::new(
                "AWS::EC2::VPCGatewayAttachment",
                json!({ "VpcId": r#ref("Vpc"), "InternetGatewayId": r#ref("InternetGateway") }),
            ),
        );
        s.add(
            "PublicRouteTable",
            Resource::new("AWS::EC2::RouteTable", json!({ "VpcId": r#ref("Vpc") })),
        );
        s.add(
            "PublicDefaultRoute",
            Resource::new(
                "AWS::EC2::Route",
                json!({ "RouteTableId": r#ref("PublicRouteTable"), "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": r#ref("InternetGateway") }),
            )
            .depends_on(&["InternetGatewayAttachment"]),
        );
        for subnet in &net.public_subnets {
            let l = zone_letter(subnet.zone);
            s.add(
                format!("PublicSubnet{l}"),
                Resource::new(
                    "AWS::EC2::Subnet",
                    json!({
                        "VpcId": r#ref("Vpc"),
                        "CidrBlock": subnet.cidr.to_string(),
                        "AvailabilityZone": az(subnet.zone),
                        "MapPublicIpOnLaunch": false,
                        "Tags": [tag("Name", &format!("{}-public-{}", platform.name, l.to_ascii_lowercase()))]
                    }),
                )
                .depends_on(&block_dependency(subnet)),
            );
            s.add(
                format!("PublicSubnet{l}RouteTableAssociation"),
                Resource::new(
                    "AWS::EC2::SubnetRouteTableAssociation",
                    json!({ "SubnetId": r#ref(&format!("PublicSubnet{l}")), "RouteTableId": r#ref("PublicRouteTable") }),
                ),
            );
            s.add(
                format!("NatAddress{l}"),
                Resource::new("AWS::EC2::EIP", json!({ "Domain": "vpc" }))
                    .depends_on(&["InternetGatewayAttachment"]),
            );
            s.add(
                format!("NatGateway{l}"),
                Resource::new(
                    "AWS::EC2::NatGateway",
                    json!({
                        "SubnetId": r#ref(&format!("PublicSubnet{l}")),
                        "AllocationId": get_att(&format!("NatAddress{l}"), "AllocationId")
                    }),
                ),
            );
        }
    }

    let mut subnet_ids = Vec::new();
    let mut route_tables = Vec::new();
    for subnet in &net.private_subnets {
        let l = zone_letter(subnet.zone);
        let subnet_id = format!("PrivateSubnet{l}");
        let table_id = format!("PrivateRouteTable{l}");
        s.add(
            &subnet_id,
            Resource::new(
                "AWS::EC2::Subnet",
                json!({
                    "VpcId": r#ref("Vpc"),
                    "CidrBlock": subnet.cidr.to_string(),
                    "AvailabilityZone": az(subnet.zone),
                    "MapPublicIpOnLaunch": false,
                    "Tags": [tag("Name", &format!("{}-private-{}", platform.name, l.to_ascii_lowercase()))]
                }),
            )
            .depends_on(&block_dependency(subnet)),
        );
        s.add(
            &table_id,
            Resource::new("AWS::EC2::RouteTable", json!({ "VpcId": r#ref("Vpc") })),
        );
        s.add(
            format!("{subnet_id}RouteTableAssociation"),
            Resource::new(
                "AWS::EC2::SubnetRouteTableAssociation",
                json!({ "SubnetId": r#ref(&subnet_id), "RouteTableId": r#ref(&table_id) }),
            ),
        );
        if nat {
            s.add(
                format!("PrivateDefaultRoute{l}"),
                Resource::new(
                    "AWS::EC2::Route",
                    json!({ "RouteTableId": r#ref(&table_id), "DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": r#ref(&format!("NatGateway{l}")) }),
                ),
            );
        }
        subnet_ids.push(r#ref(&subnet_id));
        route_tables.push(r#ref(&table_id));
    }
    (r#ref("Vpc"), subnet_ids, route_tables)
}

/// The groups in front of the database and the search domain, and the vendor's worker
/// tasks' group, each when declared. The stores' groups admit nothing themselves: each
/// edge of the access graph adds the ingress for its consumer's group in the consumer's
/// stack (`render::access::network_paths`), so no workload reaches a store it was not given.
fn security_groups(
    s: &mut StackBuilder,
    platform: &Platform,
    vpc_id: &Value,
) -> (Option<Export>, Option<Export>, Option<Export>) {
    let mut workload = None;
    if platform.workers.is_some() {
        s.add(
            "WorkloadSecurityGroup",
            Resource::new(
                "AWS::EC2::SecurityGroup",
                json!({
                    "GroupDescription": format!("{} workloads (ECS tasks)", platform.name),
                    "VpcId": vpc_id,
                    "SecurityGroupEgress": [https_out()]
                }),
            ),
        );
        workload = Some(s.export(
            names::workload_security_group_id(),
            r#ref("WorkloadSecurityGroup"),
        ));
    }
    let mut store_group = |id: &str, description: String, link| {
        s.add(
            id,
            Resource::new(
                "AWS::EC2::SecurityGroup",
                json!({
                    "GroupDescription": description,
                    "VpcId": vpc_id,
                    "SecurityGroupEgress": no_egress()
                }),
            ),
        );
        s.export(link, r#ref(id))
    };
    let database = platform.database.is_some().then(|| {
        store_group(
            "DatabaseSecurityGroup",
            format!("{} PostgreSQL", platform.name),
            names::database_security_group_id(),
        )
    });
    let search = platform.search.is_some().then(|| {
        store_group(
            "SearchSecurityGroup",
            format!("{} OpenSearch", platform.name),
            names::search_security_group_id(),
        )
    });
    (workload, database, search)
}

fn endpoints(
    s: &mut StackBuilder,
    platform: &Platform,
    vpc_id: &Value,
    subnets: &[Value],
    route_tables: &[Value],
) {
    let net = &platform.network;
    if net.interface_endpoints().next().is_some() {
        s.add(
            "EndpointSecurityGroup",
            Resource::new(
                "AWS::EC2::SecurityGroup",
                json!({
                    "GroupDescription": format!("{} interface endpoints", platform.name),
                    "VpcId": vpc_id,
                    "SecurityGroupIngress": vpc_ingress(platform, 443, "HTTPS"),
                    "SecurityGroupEgress": no_egress()
                }),
            ),
        );
    }
    for endpoint in &net.endpoints {
        let id = format!("{}Endpoint", pascal(&endpoint.service.replace('.', "-")));
        let service = sub(format!(
            "com.amazonaws.${{AWS::Region}}.{}",
            endpoint.service
        ));
        let properties = match endpoint.kind {
            EndpointKind::Gateway => json!({
                "VpcEndpointType": "Gateway",
                "ServiceName": service,
                "VpcId": vpc_id,
                "RouteTableIds": route_tables
            }),
            EndpointKind::Interface => json!({
                "VpcEndpointType": "Interface",
                "ServiceName": service,
                "VpcId": vpc_id,
                "SubnetIds": subnets,
                "SecurityGroupIds": [r#ref("EndpointSecurityGroup")],
                "PrivateDnsEnabled": true
            }),
        };
        s.add(id, Resource::new("AWS::EC2::VPCEndpoint", properties));
    }
}

fn flow_logs(s: &mut StackBuilder, platform: &Platform, vpc_id: &Value) {
    s.add(
        "FlowLogGroup",
        logs::log_group(
            format!("/platformctl/{}/vpc-flow-logs", platform.name),
            platform.network.flow_log_retention_days,
        ),
    );
    s.add(
        "FlowLogRole",
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "AssumeRolePolicyDocument": iam::service_trust("vpc-flow-logs.amazonaws.com"),
                "Policies": [iam::inline_policy("deliver-flow-logs", vec![iam::allow(
                    "WriteFlowLogs",
                    &["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                    vec![get_att("FlowLogGroup", "Arn")],
                )])]
            }),
        ),
    );
    s.add(
        "FlowLog",
        Resource::new(
            "AWS::EC2::FlowLog",
            json!({
                "ResourceId": vpc_id,
                "ResourceType": "VPC",
                "TrafficType": "ALL",
                "LogDestinationType": "cloud-watch-logs",
                "LogGroupName": r#ref("FlowLogGroup"),
                "DeliverLogsPermissionArn": get_att("FlowLogRole", "Arn")
            }),
        ),
    );
}
