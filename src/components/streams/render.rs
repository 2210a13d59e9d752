//! Kinesis data streams (data stack): on demand or provisioned, encrypted with the
//! environment's key, kept when the stack lets them go; a delivery, when declared, is
//! `firehose`'s.

use std::collections::BTreeMap;

use serde_json::json;

use super::firehose;
use super::model::Stream;
use crate::components::Platform;
use crate::render::intrinsics::{get_att, r#ref};
use crate::render::link::StreamExports;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::{Policy, Resource};

/// The logical ID of a stream.
pub fn stream_id(x: &Stream) -> String {
    format!("{}Stream", x.id)
}

pub fn render(s: &mut StackBuilder, platform: &Platform, streams: &[Stream]) -> BTreeMap<String, StreamExports> {
    let mut out = BTreeMap::new();
    // The data stack imports the key for every section it holds.
    for x in streams {
        let id = stream_id(x);
        // Server-side encryption with a customer managed key (Amazon Kinesis Data Streams
        // Developer Guide, "Data protection in Amazon Kinesis Data Streams"); on-demand
        // streams take no shard count (AWS::Kinesis::Stream, `StreamModeDetails`).
        let mut properties = json!({
            "Name": format!("{}-{}", platform.name, x.name),
            "RetentionPeriodHours": x.retention_hours,
            "StreamEncryption": { "EncryptionType": "KMS", "KeyId": r#ref(names::KEY_ARN) }
        });
        match x.shards {
            Some(n) => {
                properties["StreamModeDetails"] = json!({ "StreamMode": "PROVISIONED" });
                properties["ShardCount"] = json!(n);
            }
            None => properties["StreamModeDetails"] = json!({ "StreamMode": "ON_DEMAND" }),
        }
        s.add(&id, Resource::new("AWS::Kinesis::Stream", properties).keep(Policy::Retain));
        if let Some(d) = &x.delivery {
            firehose::render(s, platform, x, &id, d);
        }
        out.insert(
            x.name.clone(),
            StreamExports {
                arn: s.export(names::stream_arn(&x.id, &x.name), get_att(&id, "Arn")),
                name: s.export(names::stream_name(&x.id, &x.name), r#ref(&id)),
            },
        );
    }
    out
}
