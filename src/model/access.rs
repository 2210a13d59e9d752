//! `access:` blocks: which buckets, queues, topics, database, search domain and secrets a
//! workload may use, checked against what the spec declares.

use std::collections::BTreeSet;

use super::Problems;
use crate::spec::AccessSpec;
use crate::yaml::KeyPath;

/// A workload's grants (a service's or a function's), by component name, each list sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Access {
    pub read_buckets: Vec<String>,
    pub write_buckets: Vec<String>,
    pub consume_queues: Vec<String>,
    pub send_queues: Vec<String>,
    pub publish_topics: Vec<String>,
    pub database: bool,
    pub search: bool,
    /// Secret names, filled in once the `secrets` section is resolved.
    pub secrets: Vec<String>,
}

/// Resolves an `access:` block: every name it lists must be declared.
#[allow(clippy::too_many_arguments)]
pub(super) fn resolve(
    a: &AccessSpec,
    at: &KeyPath,
    buckets: &[String],
    queues: &[String],
    topics: &[String],
    has_database: bool,
    has_search: bool,
    p: &mut Problems,
) -> Access {
    if a.database && !has_database {
        p.error(
            "spec/reference",
            &at.key("database"),
            "no `database` section is declared",
        );
    }
    if a.search && !has_search {
        p.error(
            "spec/reference",
            &at.key("search"),
            "no `search` section is declared",
        );
    }
    Access {
        read_buckets: refs(
            &a.read_buckets,
            buckets.iter(),
            "bucket",
            &at.key("read_buckets"),
            p,
        ),
        write_buckets: refs(
            &a.write_buckets,
            buckets.iter(),
            "bucket",
            &at.key("write_buckets"),
            p,
        ),
        consume_queues: refs(
            &a.consume_queues,
            queues.iter(),
            "queue",
            &at.key("consume_queues"),
            p,
        ),
        send_queues: refs(
            &a.send_queues,
            queues.iter(),
            "queue",
            &at.key("send_queues"),
            p,
        ),
        publish_topics: refs(
            &a.publish_topics,
            topics.iter(),
            "topic",
            &at.key("publish_topics"),
            p,
        ),
        database: a.database,
        search: a.search,
        secrets: Vec::new(),
    }
}

/// Checks that every name in `list` is among `known`; returns them sorted and deduplicated.
pub(super) fn refs<'a>(
    list: &[String],
    known: impl Iterator<Item = &'a String> + Clone,
    what: &str,
    at: &KeyPath,
    p: &mut Problems,
) -> Vec<String> {
    let mut out = BTreeSet::new();
    for (i, name) in list.iter().enumerate() {
        if known.clone().any(|k| k == name) {
            out.insert(name.clone());
        } else {
            let names: Vec<&str> = known.clone().map(String::as_str).collect();
            let hint = if names.is_empty() {
                format!("no {what} is declared")
            } else {
                format!("declared: {}", names.join(", "))
            };
            p.error(
                "spec/reference",
                &at.index(i),
                format!("no {what} named `{name}` ({hint})"),
            );
        }
    }
    out.into_iter().collect()
}
