//! MemoryDB for Redis OSS (data stack): TLS only, encrypted with the environment's key, in
//! the workload subnets, with an IAM-authenticated user instead of the open default ACL.

use serde_json::json;

use crate::components::{Cache, Platform};
use crate::model::REDIS_PORT;
use crate::render::firewall::no_egress;
use crate::render::intrinsics::{get_att, r#ref};
use crate::render::link::{CacheExports, Upstream};
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::{Policy, Resource};

/// Renders the cluster and returns what consumers import; its group admits no one by
/// itself: each workload whose `access.cache` is set adds its own rule.
pub fn render(
    s: &mut StackBuilder,
    platform: &Platform,
    cache: &Cache,
    up: &Upstream,
) -> CacheExports {
    s.import(&up.network.vpc_id);
    let name = format!("{}-cache", platform.name);
    s.add(
        "CacheSecurityGroup",
        Resource::new(
            "AWS::EC2::SecurityGroup",
            json!({
                "GroupDescription": format!("{} MemoryDB", platform.name),
                "VpcId": r#ref(names::VPC_ID),
                "SecurityGroupIngress": [],
                "SecurityGroupEgress": no_egress()
            }),
        ),
    );
    s.add(
        "CacheSubnetGroup",
        Resource::new(
            "AWS::MemoryDB::SubnetGroup",
            json!({
                "SubnetGroupName": name,
                "Description": format!("Workload subnets of {}", platform.name),
                "SubnetIds": r#ref(names::PRIVATE_SUBNET_IDS)
            }),
        ),
    );
    // IAM authentication: clients sign in with their role (memorydb:Connect), so no
    // password exists to leak (MemoryDB Developer Guide, "Authenticating with IAM").
    let user = format!("{}-app", platform.name);
    s.add(
        "CacheUser",
        Resource::new(
            "AWS::MemoryDB::User",
            json!({
                "UserName": user,
                "AccessString": "on ~* &* +@all -@dangerous",
                "AuthenticationMode": { "Type": "iam" }
            }),
        ),
    );
    s.add(
        "CacheAcl",
        Resource::new(
            "AWS::MemoryDB::ACL",
            json!({ "ACLName": name, "UserNames": [r#ref("CacheUser")] }),
        ),
    );
    let mut cluster = json!({
        "ClusterName": name,
        "Description": format!("Redis OSS of {}", platform.name),
        "NodeType": cache.node_type,
        "EngineVersion": cache.engine_version,
        "NumShards": cache.shards,
        "NumReplicasPerShard": cache.replicas_per_shard,
        "ACLName": r#ref("CacheAcl"),
        "SubnetGroupName": r#ref("CacheSubnetGroup"),
        "SecurityGroupIds": [r#ref("CacheSecurityGroup")],
        "TLSEnabled": true,
        "KmsKeyId": r#ref(names::KEY_ARN),
        "SnapshotRetentionLimit": cache.snapshot_retention_days,
        "SnapshotWindow": "03:00-04:00",
        "MaintenanceWindow": "sun:05:00-sun:06:00",
        "AutoMinorVersionUpgrade": true,
        "Port": REDIS_PORT
    });
    if platform.teardown {
        // Deleted under teardown (see `Resource::keep_in_vpc`), so the data leaves as a
        // final snapshot (MemoryDB Developer Guide, "Deleting a cluster").
        cluster["FinalSnapshotName"] = json!(format!("{name}-final"));
    }
    s.add(
        "Cache",
        Resource::new("AWS::MemoryDB::Cluster", cluster)
            .keep_in_vpc(Policy::Retain, platform.teardown),
    );
    CacheExports {
        arn: s.export(names::cache_arn(), get_att("Cache", "ARN")),
        user_arn: s.export(names::cache_user_arn(), get_att("CacheUser", "Arn")),
        user_name: s.export(names::cache_user_name(), r#ref("CacheUser")),
        endpoint: s.export(
            names::cache_endpoint(),
            get_att("Cache", "ClusterEndpoint.Address"),
        ),
        group: s.export(
            names::cache_security_group_id(),
            r#ref("CacheSecurityGroup"),
        ),
    }
}
