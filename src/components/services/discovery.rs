//! How services find each other: every service that listens on a port and has no load
//! balancer in front registers its tasks in the environment's private DNS namespace, and a
//! consumer that names it in `access.services` is told its address.

use serde_json::{json, Value};

use super::model::discovery_namespace;
use crate::components::{Platform, Service};
use crate::model::Grants;
use crate::render::intrinsics::{get_att, r#ref};
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;

/// Seconds resolvers may cache a task's address: short, since tasks come and go with
/// deployments.
const DNS_TTL_SECONDS: u32 = 10;

/// Whether `service` registers in the namespace: it listens on a port and no load
/// balancer fronts it.
pub fn discoverable(platform: &Platform, service: &Service) -> bool {
    service.port.is_some()
        && !platform
            .load_balancers
            .iter()
            .any(|lb| lb.service == service.name)
}

/// The namespace, when a service registers in it: a private DNS namespace is a Route 53
/// private hosted zone on the VPC (AWS Cloud Map Developer Guide, "Creating an AWS Cloud
/// Map namespace"), so it resolves only inside the VPC.
pub fn namespace(s: &mut StackBuilder, platform: &Platform) {
    if !platform.services.iter().any(|x| discoverable(platform, x)) {
        return;
    }
    s.add(
        names::DISCOVERY_NAMESPACE,
        Resource::new(
            "AWS::ServiceDiscovery::PrivateDnsNamespace",
            json!({
                "Name": discovery_namespace(&platform.name),
                "Description": format!("{} services", platform.name),
                "Vpc": r#ref(names::VPC_ID)
            }),
        ),
    );
}

/// The service's Cloud Map service and the ECS service's `ServiceRegistries`, when it
/// registers. ECS registers each task's address as an A record and deregisters it when
/// the task stops; tasks in awsvpc mode take A records, with health reported by ECS
/// through the custom health check (Amazon ECS Developer Guide, "Use service discovery to
/// connect Amazon ECS services with DNS names").
pub fn register(s: &mut StackBuilder, platform: &Platform, service: &Service) -> Option<Value> {
    if !discoverable(platform, service) {
        return None;
    }
    let id = names::discovery_service(&service.id);
    s.add(
        &id,
        Resource::new(
            "AWS::ServiceDiscovery::Service",
            json!({
                "Name": service.name,
                "Description": format!("Tasks of service {}", service.name),
                "NamespaceId": get_att(names::DISCOVERY_NAMESPACE, "Id"),
                "DnsConfig": {
                    "RoutingPolicy": "MULTIVALUE",
                    "DnsRecords": [{ "Type": "A", "TTL": DNS_TTL_SECONDS }]
                },
                "HealthCheckCustomConfig": { "FailureThreshold": 1 }
            }),
        ),
    );
    Some(json!([{ "RegistryArn": get_att(&id, "Arn") }]))
}

/// `SERVICE_ADDRESS_<NAME>` = `<name>.<environment>.internal:<port>` for each service a
/// workload may call.
pub fn addresses(platform: &Platform, access: &Grants) -> Vec<Value> {
    access
        .services
        .iter()
        .filter_map(|name| platform.services.iter().find(|x| &x.name == name))
        .filter_map(|x| {
            let port = x.port?;
            Some(json!({
                "Name": crate::components::access::env_name("SERVICE_ADDRESS", &x.name),
                "Value": format!("{}.{}:{port}", x.name, discovery_namespace(&platform.name))
            }))
        })
        .collect()
}
