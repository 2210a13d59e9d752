//! DynamoDB tables (data stack): on demand, under the environment's key, point-in-time
//! recovery on, deletion protection on unless the environment is being torn down.

use std::collections::BTreeMap;

use serde_json::json;

use super::model::Table;
use crate::components::Platform;
use crate::render::intrinsics::{get_att, r#ref};
use crate::render::link::TableExports;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::{Policy, Resource};

pub fn render(s: &mut StackBuilder, platform: &Platform, tables: &[Table]) -> BTreeMap<String, TableExports> {
    let mut out = BTreeMap::new();
    if tables.is_empty() {
        return out;
    }
    // The data stack imports the key for every section it holds.
    for t in tables {
        let id = format!("{}Table", t.id);
        let mut attributes = vec![json!({ "AttributeName": t.partition_key.0, "AttributeType": t.partition_key.1.letter() })];
        let mut schema = vec![json!({ "AttributeName": t.partition_key.0, "KeyType": "HASH" })];
        if let Some((name, kind)) = &t.sort_key {
            attributes.push(json!({ "AttributeName": name, "AttributeType": kind.letter() }));
            schema.push(json!({ "AttributeName": name, "KeyType": "RANGE" }));
        }
        let mut properties = json!({
            "TableName": format!("{}-{}", platform.name, t.name),
            "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": attributes,
            "KeySchema": schema,
            "SSESpecification": { "SSEEnabled": true, "SSEType": "KMS", "KMSMasterKeyId": r#ref(names::KEY_ARN) },
            "PointInTimeRecoverySpecification": { "PointInTimeRecoveryEnabled": true },
            "DeletionProtectionEnabled": !platform.teardown
        });
        if let Some(ttl) = &t.ttl_attribute {
            properties["TimeToLiveSpecification"] = json!({ "AttributeName": ttl, "Enabled": true });
        }
        s.add(&id, Resource::new("AWS::DynamoDB::Table", properties).keep(Policy::Retain));
        out.insert(
            t.name.clone(),
            TableExports {
                arn: s.export(names::table_arn(&t.id, &t.name), get_att(&id, "Arn")),
                name: s.export(names::table_name(&t.id, &t.name), r#ref(&id)),
            },
        );
    }
    out
}
