//! The resolved `organizations` section: each organization with its shard, and the
//! data-lake bucket they all keep their data and query results in.

use super::shard::{self, RESOURCES_PER_ORGANIZATION, SHARDS};
use crate::components::Spec;
use crate::model::names::named;
use crate::model::Problems;
use crate::yaml::KeyPath;

/// Every organization, and the bucket they share (by its name in `storage.buckets`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Organizations {
    pub organizations: Vec<Organization>,
    /// The `storage.buckets` entry that holds each organization's prefix; set whenever
    /// `organizations` is not empty.
    pub bucket: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    pub name: String,
    /// Logical-ID stem (`Acme`).
    pub id: String,
    /// Index into [`shard::NAMES`].
    pub shard: usize,
    pub key_deletion_window_days: u8,
}

impl Organizations {
    /// The organizations of shard `n`, in spec order.
    pub fn in_shard(&self, n: usize) -> impl Iterator<Item = &Organization> {
        self.organizations.iter().filter(move |o| o.shard == n)
    }

    /// Resources in the busiest shard.
    pub fn busiest_shard(&self) -> usize {
        (0..SHARDS)
            .map(|n| self.in_shard(n).count() * RESOURCES_PER_ORGANIZATION)
            .max()
            .unwrap_or(0)
    }
}

/// KMS's own default and maximum waiting period.
const DEFAULT_DELETION_WINDOW_DAYS: u8 = 30;

pub(crate) fn resolve(spec: &Spec, p: &mut Problems) -> Organizations {
    let at = KeyPath::root().key("organizations");
    if spec.organizations.is_empty() {
        return Organizations::default();
    }
    let bucket = bucket(spec, &at, p).unwrap_or_default();
    let mut per_shard = [0usize; SHARDS];
    let mut organizations = Vec::new();
    for (o, id, here) in named(&spec.organizations, |o| &o.name, &at, p) {
        let days = o
            .key_deletion_window_days
            .unwrap_or(DEFAULT_DELETION_WINDOW_DAYS);
        if !(7..=30).contains(&days) {
            p.error(
                "spec/organizations",
                &here.key("key_deletion_window_days"),
                format!("{days} days: KMS allows 7 to 30"),
            );
        }
        let shard = shard::shard_of(&o.name);
        per_shard[shard] += RESOURCES_PER_ORGANIZATION;
        if per_shard[shard] > shard::resource_limit() {
            p.error(
                "spec/organizations",
                &here.key("name"),
                format!(
                    "`{}` would bring stack {} to {} resources, above {}% of CloudFormation's {} per stack",
                    o.name,
                    shard::NAMES[shard],
                    per_shard[shard],
                    shard::MAX_SHARE_PERCENT,
                    shard::STACK_RESOURCE_QUOTA
                ),
            );
        }
        organizations.push(Organization {
            name: o.name.clone(),
            id,
            shard,
            key_deletion_window_days: days,
        });
    }
    Organizations {
        organizations,
        bucket,
    }
}

/// The bucket marked `organizations: true` in `storage.buckets`, or the only bucket.
/// Never "the first": reordering the list must not move every organization's data.
fn bucket(spec: &Spec, at: &KeyPath, p: &mut Problems) -> Option<String> {
    let buckets = spec
        .storage
        .as_ref()
        .map(|s| s.buckets.as_slice())
        .unwrap_or_default();
    let marked: Vec<(usize, &String)> = buckets
        .iter()
        .enumerate()
        .filter(|(_, b)| b.organizations == Some(true))
        .map(|(i, b)| (i, &b.name))
        .collect();
    match (marked.as_slice(), buckets) {
        ([(_, name)], _) => Some((*name).clone()),
        ([], [only]) => Some(only.name.clone()),
        ([], []) => {
            p.error(
                "spec/organizations",
                at,
                "organizations keep their data in a bucket: declare one in `storage.buckets`",
            );
            None
        }
        ([], _) => {
            p.error(
                "spec/organizations",
                at,
                "storage declares several buckets: mark the organizations' one with `organizations: true`",
            );
            None
        }
        ([_, (second, _), ..], _) => {
            p.error(
                "spec/organizations",
                &KeyPath::root()
                    .key("storage")
                    .key("buckets")
                    .index(*second)
                    .key("organizations"),
                "only one bucket holds the organizations",
            );
            None
        }
    }
}
