//! Resolves the `streams` section: capacity, retention, and where Firehose delivers.

use super::spec::{DeliverySpec, StreamSpec};
use crate::components::{Spec, Storage};
use crate::model::names::named;
use crate::model::Problems;
use crate::yaml::KeyPath;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stream {
    pub name: String,
    /// Logical-ID stem.
    pub id: String,
    /// Provisioned shards; `None` is on demand.
    pub shards: Option<u32>,
    pub retention_hours: u32,
    pub delivery: Option<Delivery>,
}

/// Firehose delivery into a data-lake bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub bucket: String,
    /// The bucket's logical-ID stem in the data stack.
    pub bucket_id: String,
    /// Ends in `/`.
    pub prefix: String,
    pub buffer_seconds: u32,
    pub buffer_mib: u32,
}

/// Amazon Kinesis Data Streams Developer Guide, "Quotas and limits": an account holds 500
/// shards by default in the largest regions, fewer elsewhere.
const MAX_SHARDS: u32 = 500;
/// Amazon Kinesis Data Streams Developer Guide, "Change the data retention period": 24
/// hours to 365 days.
const RETENTION_HOURS: std::ops::RangeInclusive<u32> = 24..=8760;
/// Amazon Data Firehose API Reference, `CreateDeliveryStream`: a delivery stream's name is
/// 1 to 64 characters.
const MAX_DELIVERY_NAME: usize = 64;

/// `storage` is the resolved `storage` section: a delivery names one of its buckets.
pub(crate) fn resolve(spec: &Spec, storage: Option<&Storage>, p: &mut Problems) -> Vec<Stream> {
    let at = KeyPath::root().key("streams");
    named(&spec.streams, |x| &x.name, &at, p)
        .into_iter()
        .map(|(x, id, here)| stream(&spec.name, storage, x, id, &here, p))
        .collect()
}

fn stream(env: &str, storage: Option<&Storage>, x: &StreamSpec, id: String, here: &KeyPath, p: &mut Problems) -> Stream {
    if let Some(shards) = x.shards {
        if !(1..=MAX_SHARDS).contains(&shards) {
            p.error("spec/streams", &here.key("shards"), format!("{shards}: use 1 to {MAX_SHARDS} shards, or leave it out for on demand"));
        }
    }
    let retention_hours = x.retention_hours.unwrap_or(24);
    if !RETENTION_HOURS.contains(&retention_hours) {
        p.error("spec/streams", &here.key("retention_hours"), format!("{retention_hours}: a stream keeps records 24 to 8,760 hours"));
    }
    let delivery = x.deliver_to.as_ref().and_then(|d| {
        let at = here.key("deliver_to");
        let name = format!("{env}-{}", x.name);
        if name.len() > MAX_DELIVERY_NAME {
            p.error("spec/streams", &here.key("name"), format!("{name}: with deliver_to, `<environment>-<name>` names the delivery stream, at most 64 characters"));
        }
        delivery(storage, x, d, &at, p)
    });
    Stream {
        name: x.name.clone(),
        id,
        shards: x.shards,
        retention_hours,
        delivery,
    }
}

fn delivery(storage: Option<&Storage>, x: &StreamSpec, d: &DeliverySpec, at: &KeyPath, p: &mut Problems) -> Option<Delivery> {
    let buffer_seconds = d.buffer_seconds.unwrap_or(300);
    if buffer_seconds > 900 {
        p.error("spec/streams", &at.key("buffer_seconds"), format!("{buffer_seconds}: Firehose buffers 0 to 900 seconds"));
    }
    let buffer_mib = d.buffer_mib.unwrap_or(64);
    if !(1..=128).contains(&buffer_mib) {
        p.error("spec/streams", &at.key("buffer_mib"), format!("{buffer_mib}: Firehose buffers 1 to 128 MiB"));
    }
    let prefix = d.prefix.clone().unwrap_or_else(|| format!("{}/", x.name));
    // Object keys are up to 1,024 bytes (Amazon S3 User Guide, "Naming Amazon S3
    // objects"); Firehose's expressions and the object's own name need room after it.
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_.=/".contains(c);
    if prefix.is_empty() || prefix.starts_with('/') || !prefix.ends_with('/') || prefix.contains("//") || !prefix.chars().all(plain) || prefix.len() > 512 {
        p.error("spec/streams", &at.key("prefix"), format!("{prefix:?}: a prefix is up to 512 of a-z A-Z 0-9 - _ . = /, ends in `/` and neither starts with one nor holds `//`"));
    }
    let buckets = storage.iter().flat_map(|s| &s.buckets);
    let Some(bucket) = buckets.clone().find(|b| b.name == d.bucket) else {
        let known: Vec<&str> = buckets.map(|b| b.name.as_str()).collect();
        p.error("spec/reference", &at.key("bucket"), format!("no bucket {:?} in storage.buckets (declared: {})", d.bucket, if known.is_empty() { "none".to_owned() } else { known.join(", ") }));
        return None;
    };
    Some(Delivery {
        bucket: bucket.name.clone(),
        bucket_id: bucket.id.clone(),
        prefix,
        buffer_seconds,
        buffer_mib,
    })
}
