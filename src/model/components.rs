//! Resolves the component sections, checking names, ranges and cross-references.

use std::collections::{BTreeMap, BTreeSet};

use super::names::{check_component_name, pascal};
use super::{Problems, Sizing};
use crate::spec::{AccessSpec, Spec};
use crate::yaml::KeyPath;

/// The data-lake buckets plus the access-log bucket that always comes with them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Storage {
    pub buckets: Vec<Bucket>,
    pub access_log_retention_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    pub name: String,
    /// Logical-ID stem (`Datalake`).
    pub id: String,
    pub glacier_after_days: Option<u32>,
    pub noncurrent_expiry_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Database {
    pub database_name: String,
    pub engine_version: String,
    pub instance_class: String,
    pub storage_gb: u32,
    pub multi_az: bool,
    pub backup_retention_days: u8,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub engine_version: String,
    pub data_nodes: u8,
    pub instance_type: String,
    pub volume_gb: u32,
    pub master_instance_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub name: String,
    pub id: String,
    /// Queue names, sorted, so that reordering never changes the output.
    pub subscribers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queue {
    pub name: String,
    pub id: String,
    pub visibility_timeout_seconds: u32,
    pub retention_seconds: u32,
    pub max_receive_count: u16,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub name: String,
    pub id: String,
    pub image: String,
    pub cpu: u32,
    pub memory: u32,
    pub desired_count: u16,
    pub port: Option<u16>,
    pub environment: BTreeMap<String, String>,
    pub access: Access,
}

/// A service's grants, by component name, each list sorted.
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

/// Everything but the network, resolved.
pub(super) struct Parts {
    pub storage: Option<Storage>,
    pub database: Option<Database>,
    pub search: Option<Search>,
    pub topics: Vec<Topic>,
    pub queues: Vec<Queue>,
    pub services: Vec<Service>,
}

impl Parts {
    /// Interface and gateway endpoints these components need when there is no internet egress.
    pub fn endpoints_needed(&self) -> Vec<&'static str> {
        let mut needed = BTreeSet::from(["kms", "logs", "monitoring", "s3", "sts"]);
        if !self.services.is_empty() {
            needed.extend(["ecr.api", "ecr.dkr"]);
        }
        if self.database.is_some() || self.search.is_some() {
            needed.insert("secretsmanager");
        }
        if !self.queues.is_empty() {
            needed.insert("sqs");
        }
        if !self.topics.is_empty() {
            needed.insert("sns");
        }
        needed.into_iter().collect()
    }
}

pub(super) fn resolve(spec: &Spec, sizing: &Sizing, p: &mut Problems) -> Parts {
    let root = KeyPath::root();
    let storage = spec.storage.as_ref().map(|s| {
        let at = root.key("storage");
        let buckets = named(&s.buckets, |b| &b.name, &at.key("buckets"), p)
            .into_iter()
            .map(|(b, id)| {
                let noncurrent_expiry_days = b.noncurrent_expiry_days.unwrap_or(90);
                Bucket {
                    name: b.name.clone(),
                    id,
                    glacier_after_days: b.glacier_after_days,
                    noncurrent_expiry_days,
                }
            })
            .collect();
        let access_log_retention_days = s.access_log_retention_days.unwrap_or(365);
        if access_log_retention_days < 365 {
            p.error(
                "spec/retention",
                &at.key("access_log_retention_days"),
                "access logs are kept at least 365 days",
            );
        }
        Storage {
            buckets,
            access_log_retention_days,
        }
    });
    let database = spec.database.as_ref().map(|d| {
        let at = root.key("database");
        let backup_retention_days = d.backup_retention_days.unwrap_or(sizing.db_backup_retention_days);
        if !(7..=35).contains(&backup_retention_days) {
            p.error("spec/database", &at.key("backup_retention_days"), format!("{backup_retention_days} days: use 7 to 35 (RDS allows at most 35)"));
        }
        let storage_gb = d.storage_gb.unwrap_or(sizing.db_storage_gb);
        if !(20..=65536).contains(&storage_gb) {
            p.error("spec/database", &at.key("storage_gb"), format!("{storage_gb} GiB: RDS PostgreSQL allows 20 to 65,536"));
        }
        let database_name = d.database_name.clone().unwrap_or_else(|| "platform".into());
        let valid_db_name = database_name.len() <= 63
            && database_name.starts_with(|c: char| c.is_ascii_alphabetic())
            && database_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid_db_name {
            p.error("spec/database", &at.key("database_name"), "a letter, then letters, digits or underscores, at most 63");
        }
        let instance_class = d.instance_class.clone().unwrap_or_else(|| sizing.db_instance_class.into());
        if !instance_class.starts_with("db.") {
            p.error("spec/database", &at.key("instance_class"), format!("`{instance_class}` is not an RDS instance class (db.*)"));
        }
        let engine_version = d.engine_version.clone().unwrap_or_else(|| DEFAULT_POSTGRES_VERSION.into());
        let major: Option<u8> = engine_version.split('.').next().and_then(|m| m.parse().ok());
        let well_formed = engine_version.split('.').count() <= 2 && engine_version.split('.').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
        if !well_formed || !major.is_some_and(|m| (14..=18).contains(&m)) {
            p.error("spec/database", &at.key("engine_version"), format!("`{engine_version}` is not a PostgreSQL version this tool deploys (14.x to 18.x, such as 17.6)"));
        }
        Database {
            database_name,
            engine_version,
            instance_class,
            storage_gb,
            multi_az: d.multi_az.unwrap_or(sizing.db_multi_az),
            backup_retention_days,
        }
    });
    let search = spec.search.as_ref().map(|s| {
        let at = root.key("search");
        let data_nodes = s.data_nodes.unwrap_or(sizing.search_data_nodes);
        if !(2..=80).contains(&data_nodes) {
            p.error(
                "spec/search",
                &at.key("data_nodes"),
                format!("{data_nodes} data nodes: use 2 to 80 so the domain spans two AZs"),
            );
        }
        let instance_type = s
            .instance_type
            .clone()
            .unwrap_or_else(|| sizing.search_instance_type.into());
        if !instance_type.ends_with(".search") {
            p.error(
                "spec/search",
                &at.key("instance_type"),
                format!("`{instance_type}` is not an OpenSearch instance type (*.search)"),
            );
        }
        Search {
            engine_version: s
                .engine_version
                .clone()
                .unwrap_or_else(|| "OpenSearch_2.17".into()),
            data_nodes,
            instance_type,
            volume_gb: s.volume_gb.unwrap_or(sizing.search_volume_gb),
            master_instance_type: sizing.search_master_instance_type.into(),
        }
    });
    let (topics, queues) = messaging(spec, p);
    let services = services(
        spec,
        sizing,
        &storage,
        &topics,
        &queues,
        database.is_some(),
        search.is_some(),
        p,
    );
    Parts {
        storage,
        database,
        search,
        topics,
        queues,
        services,
    }
}

/// Checks each item's name and uniqueness (also of the derived logical-ID stem) and pairs
/// the valid ones with that stem.
pub(super) fn named<'a, T>(
    items: &'a [T],
    name: impl Fn(&T) -> &String,
    at: &KeyPath,
    p: &mut Problems,
) -> Vec<(&'a T, String)> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let here = at.index(i).key("name");
        let n = name(item);
        if let Err(msg) = check_component_name(n) {
            p.error("spec/name", &here, msg);
            continue;
        }
        let id = pascal(n);
        if let Some(first) = seen.get(&id) {
            p.error(
                "spec/name",
                &here,
                format!("`{n}` clashes with the name at {}", at.index(*first)),
            );
            continue;
        }
        seen.insert(id.clone(), i);
        out.push((item, id));
    }
    out
}

fn messaging(spec: &Spec, p: &mut Problems) -> (Vec<Topic>, Vec<Queue>) {
    let Some(m) = &spec.messaging else {
        return (Vec::new(), Vec::new());
    };
    let at = KeyPath::root().key("messaging");
    let queues: Vec<Queue> = named(&m.queues, |q| &q.name, &at.key("queues"), p)
        .into_iter()
        .enumerate()
        .map(|(i, (q, id))| {
            let here = at.key("queues").index(i);
            let visibility_timeout_seconds = q.visibility_timeout_seconds.unwrap_or(300);
            if visibility_timeout_seconds > 43_200 {
                p.error(
                    "spec/queue",
                    &here.key("visibility_timeout_seconds"),
                    "SQS allows at most 43,200 seconds (12 hours)",
                );
            }
            let retention_days = q.retention_days.unwrap_or(4);
            if !(1..=14).contains(&retention_days) {
                p.error(
                    "spec/queue",
                    &here.key("retention_days"),
                    "SQS keeps messages 1 to 14 days",
                );
            }
            let max_receive_count = q.max_receive_count.unwrap_or(5);
            if !(1..=1000).contains(&max_receive_count) {
                p.error(
                    "spec/queue",
                    &here.key("max_receive_count"),
                    "SQS allows 1 to 1,000 receives before dead-lettering",
                );
            }
            Queue {
                name: q.name.clone(),
                id,
                visibility_timeout_seconds,
                retention_seconds: u32::from(retention_days) * 86_400,
                max_receive_count,
            }
        })
        .collect();
    let topics = named(&m.topics, |t| &t.name, &at.key("topics"), p)
        .into_iter()
        .enumerate()
        .map(|(i, (t, id))| {
            let here = at.key("topics").index(i).key("subscribers");
            let subscribers = refs(
                &t.subscribers,
                queues.iter().map(|q| &q.name),
                "queue",
                &here,
                p,
            );
            Topic {
                name: t.name.clone(),
                id,
                subscribers,
            }
        })
        .collect();
    (topics, queues)
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

/// Fargate's valid CPU units and the memory (MiB) range and step each allows.
const FARGATE_SIZES: &[(u32, u32, u32, u32)] = &[
    (256, 512, 2048, 512),
    (512, 1024, 4096, 1024),
    (1024, 2048, 8192, 1024),
    (2048, 4096, 16384, 1024),
    (4096, 8192, 30720, 1024),
    (8192, 16384, 61440, 4096),
    (16384, 32768, 122880, 8192),
];

#[allow(clippy::too_many_arguments)]
fn services(
    spec: &Spec,
    sizing: &Sizing,
    storage: &Option<Storage>,
    topics: &[Topic],
    queues: &[Queue],
    has_database: bool,
    has_search: bool,
    p: &mut Problems,
) -> Vec<Service> {
    let at = KeyPath::root().key("services");
    let bucket_names: Vec<String> = storage
        .iter()
        .flat_map(|s| s.buckets.iter().map(|b| b.name.clone()))
        .collect();
    let queue_names: Vec<String> = queues.iter().map(|q| q.name.clone()).collect();
    let topic_names: Vec<String> = topics.iter().map(|t| t.name.clone()).collect();
    named(&spec.services, |s| &s.name, &at, p)
        .into_iter()
        .enumerate()
        .map(|(i, (s, id))| {
            let here = at.index(i);
            let cpu = s.cpu.unwrap_or(512);
            let memory = s.memory.unwrap_or(1024);
            match FARGATE_SIZES.iter().find(|(c, ..)| *c == cpu) {
                None => p.error("spec/service", &here.key("cpu"), format!("{cpu} is not a Fargate CPU size (256, 512, 1024, 2048, 4096, 8192, 16384)")),
                Some((_, lo, hi, step)) => {
                    if memory < *lo || memory > *hi || (memory - lo) % step != 0 {
                        p.error("spec/service", &here.key("memory"), format!("{memory} MiB does not go with {cpu} CPU units: Fargate allows {lo} to {hi} in steps of {step}"));
                    }
                }
            }
            if s.image.trim().is_empty() || s.image.contains(char::is_whitespace) {
                p.error("spec/service", &here.key("image"), "give a container image reference");
            }
            for key in s.environment.keys() {
                let valid = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !valid {
                    p.error("spec/service", &here.key("environment").key(key), "environment variable names are letters, digits and underscores");
                }
            }
            let access = access(&s.access, &here.key("access"), &bucket_names, &queue_names, &topic_names, has_database, has_search, p);
            Service {
                name: s.name.clone(),
                id,
                image: s.image.clone(),
                cpu,
                memory,
                desired_count: s.desired_count.unwrap_or(sizing.service_desired_count),
                port: s.port,
                environment: s.environment.clone(),
                access,
            }
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
pub(super) fn access(
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

/// The PostgreSQL version new databases get: a current minor of the newest widely available major.
pub const DEFAULT_POSTGRES_VERSION: &str = "17.6";

impl Database {
    /// The parameter group family for the engine version (`17.6` → `postgres17`).
    pub fn parameter_group_family(&self) -> String {
        let major = self.engine_version.split('.').next().unwrap_or_default();
        format!("postgres{major}")
    }
}
