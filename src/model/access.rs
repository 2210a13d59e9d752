//! Who may use what: the access graph. Every `access:` block (services, Lambda functions,
//! Kubernetes workloads, Spark applications) is checked against what the spec declares and becomes edges `Access { consumer, target,
//! verb }` in one graph on the platform, the one record of who may use what. Renderers ask
//! it for a workload's [`Grants`]; checks of the rendered templates read the edges.

use std::collections::BTreeSet;

use super::Problems;
use crate::spec::AccessSpec;
use crate::yaml::KeyPath;

/// A workload that is granted access.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Consumer {
    Service(String),
    Function(String),
    /// A Kubernetes workload: pods of one service account in the EKS cluster.
    Workload(String),
    /// The jobs of an EMR Serverless Spark application, as its job runtime role.
    Spark(String),
    /// A pipeline task (a parser, a converter), as its ECS task role.
    Pipeline(String),
}

impl Consumer {
    /// The workload's name in the spec.
    pub fn name(&self) -> &str {
        match self {
            Consumer::Service(name)
            | Consumer::Function(name)
            | Consumer::Workload(name)
            | Consumer::Spark(name)
            | Consumer::Pipeline(name) => name,
        }
    }
}

/// What a workload uses, by component name where the spec may declare several.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Bucket(String),
    Queue(String),
    Topic(String),
    Database,
    Search,
    /// The MemoryDB cluster, over TLS with IAM authentication.
    Cache,
    Secret(String),
    /// An EFS file system, mounted over NFS.
    FileSystem(String),
    /// A service's port, found through the environment's Cloud Map namespace; its port is
    /// the service's own, so it is not among [`Target::port`]'s fixed ones.
    Service(String),
    /// A DynamoDB table, through its API.
    Table(String),
    /// A Kinesis data stream, through its API.
    Stream(String),
    /// The SES identity of the `email` section, through the SES API.
    Email,
}

impl Target {
    /// The TCP port a consumer connects to inside the VPC, for targets reached there
    /// rather than through AWS APIs (which take HTTPS to an endpoint).
    pub fn port(&self) -> Option<u16> {
        match self {
            Target::Database => Some(POSTGRES_PORT),
            // The domain's network interfaces sit in the private subnets behind a group of
            // their own (OpenSearch Developer Guide, "Launching your domains within a VPC").
            Target::Search => Some(HTTPS_PORT),
            Target::FileSystem(_) => Some(NFS_PORT),
            Target::Cache => Some(REDIS_PORT),
            _ => None,
        }
    }

    /// The logical-ID stem of the target in rule names: `Database`, `Search`.
    pub fn stem(&self) -> &'static str {
        match self {
            Target::Bucket(_) => "Bucket",
            Target::Queue(_) => "Queue",
            Target::Topic(_) => "Topic",
            Target::Database => "Database",
            Target::Search => "Search",
            Target::Cache => "Cache",
            Target::Secret(_) => "Secret",
            Target::FileSystem(_) => "FileSystem",
            Target::Service(_) => "Service",
            Target::Table(_) => "Table",
            Target::Stream(_) => "Stream",
            Target::Email => "Email",
        }
    }

    /// What the target is, for rule descriptions.
    pub fn protocol(&self) -> &'static str {
        match self {
            Target::Database => "PostgreSQL",
            Target::Search => "HTTPS",
            Target::FileSystem(_) => "NFS",
            Target::Cache => "Redis",
            Target::Service(_) => "TCP",
            _ => "AWS API",
        }
    }
}

/// The port PostgreSQL listens on; the database stack keeps the engine's default.
pub const POSTGRES_PORT: u16 = 5432;

/// HTTPS, the port of every AWS API and of the search domain.
pub const HTTPS_PORT: u16 = 443;

/// The port the MemoryDB cluster listens on.
pub const REDIS_PORT: u16 = 6379;

/// NFS, the only port EFS mount targets listen on.
pub const NFS_PORT: u16 = 2049;

/// How a workload uses its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verb {
    /// Buckets: get objects. Secrets: get the value.
    Read,
    /// Buckets: put objects.
    Write,
    /// Queues: receive and delete messages.
    Consume,
    /// Queues: send messages.
    Send,
    /// Topics: publish.
    Publish,
    /// The database: connect with its credentials. The cache: connect as its IAM user.
    Connect,
    /// The search domain: HTTP requests.
    Query,
    /// File systems: mount and write.
    Mount,
    /// Services: open a TCP connection to the service's port.
    Call,
}

/// One edge of the graph: `consumer` may `verb` `target`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Access {
    pub consumer: Consumer,
    pub target: Target,
    pub verb: Verb,
}

/// Every access the spec declares, sorted, each once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccessGraph {
    edges: Vec<Access>,
}

impl AccessGraph {
    /// The graph of every workload's grants.
    pub fn new<'a>(grants: impl IntoIterator<Item = (Consumer, &'a Grants)>) -> Self {
        let mut edges: Vec<Access> = grants
            .into_iter()
            .flat_map(|(consumer, g)| g.edges(&consumer))
            .collect();
        edges.sort();
        edges.dedup();
        AccessGraph { edges }
    }

    pub fn edges(&self) -> &[Access] {
        &self.edges
    }

    /// The edges of `consumer`.
    pub fn of<'a>(&'a self, consumer: &'a Consumer) -> impl Iterator<Item = &'a Access> + 'a {
        self.edges.iter().filter(move |e| &e.consumer == consumer)
    }

    /// What `consumer` may use, grouped the way the renderer grants it.
    pub fn grants(&self, consumer: &Consumer) -> Grants {
        let mut g = Grants::default();
        for edge in self.edges.iter().filter(|e| &e.consumer == consumer) {
            match (&edge.target, edge.verb) {
                (Target::Bucket(name), Verb::Read) => g.read_buckets.push(name.clone()),
                (Target::Bucket(name), _) => g.write_buckets.push(name.clone()),
                (Target::Queue(name), Verb::Consume) => g.consume_queues.push(name.clone()),
                (Target::Queue(name), _) => g.send_queues.push(name.clone()),
                (Target::Topic(name), _) => g.publish_topics.push(name.clone()),
                (Target::Database, _) => g.database = true,
                (Target::Search, _) => g.search = true,
                (Target::Cache, _) => g.cache = true,
                (Target::Secret(name), _) => g.secrets.push(name.clone()),
                (Target::FileSystem(name), _) => g.file_systems.push(name.clone()),
                (Target::Service(name), _) => g.services.push(name.clone()),
                (Target::Table(name), Verb::Read) => g.read_tables.push(name.clone()),
                (Target::Table(name), _) => g.write_tables.push(name.clone()),
                (Target::Stream(name), Verb::Read) => g.read_streams.push(name.clone()),
                (Target::Stream(name), _) => g.write_streams.push(name.clone()),
                (Target::Email, _) => g.send_email = true,
            }
        }
        g
    }
}

/// One workload's grants, by component name, each list sorted: an `access:` block once
/// checked, and the graph's view of one consumer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grants {
    pub read_buckets: Vec<String>,
    pub write_buckets: Vec<String>,
    pub consume_queues: Vec<String>,
    pub send_queues: Vec<String>,
    pub publish_topics: Vec<String>,
    pub database: bool,
    pub search: bool,
    pub cache: bool,
    /// Secret names.
    pub secrets: Vec<String>,
    /// File systems mounted read-write.
    pub file_systems: Vec<String>,
    /// Services whose port this workload connects to.
    pub services: Vec<String>,
    pub read_tables: Vec<String>,
    pub write_tables: Vec<String>,
    pub read_streams: Vec<String>,
    pub write_streams: Vec<String>,
    /// Send mail from the `email` section's identity.
    pub send_email: bool,
}

impl Grants {
    fn edges(&self, consumer: &Consumer) -> Vec<Access> {
        let named = |names: &[String], target: fn(String) -> Target, verb: Verb| {
            names
                .iter()
                .map(move |n| (target(n.clone()), verb))
                .collect::<Vec<_>>()
        };
        let mut out = Vec::new();
        out.extend(named(&self.read_buckets, Target::Bucket, Verb::Read));
        out.extend(named(&self.write_buckets, Target::Bucket, Verb::Write));
        out.extend(named(&self.consume_queues, Target::Queue, Verb::Consume));
        out.extend(named(&self.send_queues, Target::Queue, Verb::Send));
        out.extend(named(&self.publish_topics, Target::Topic, Verb::Publish));
        out.extend(named(&self.secrets, Target::Secret, Verb::Read));
        out.extend(named(&self.file_systems, Target::FileSystem, Verb::Mount));
        out.extend(named(&self.services, Target::Service, Verb::Call));
        out.extend(named(&self.read_tables, Target::Table, Verb::Read));
        out.extend(named(&self.write_tables, Target::Table, Verb::Write));
        out.extend(named(&self.read_streams, Target::Stream, Verb::Read));
        out.extend(named(&self.write_streams, Target::Stream, Verb::Write));
        if self.database {
            out.push((Target::Database, Verb::Connect));
        }
        if self.search {
            out.push((Target::Search, Verb::Query));
        }
        if self.cache {
            out.push((Target::Cache, Verb::Connect));
        }
        if self.send_email {
            out.push((Target::Email, Verb::Send));
        }
        out.into_iter()
            .map(|(target, verb)| Access {
                consumer: consumer.clone(),
                target,
                verb,
            })
            .collect()
    }
}

/// Every target the declared components offer to `access:` blocks, in registry order,
/// each once. The component registry gathers it from the spec, so a block is checked
/// against what the components say they offer, not a hand list of sections.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Offered {
    targets: Vec<Target>,
}

impl Offered {
    pub fn new(targets: impl IntoIterator<Item = Target>) -> Self {
        let mut out: Vec<Target> = Vec::new();
        for t in targets {
            if !out.contains(&t) {
                out.push(t);
            }
        }
        Offered { targets: out }
    }

    /// The names of the offered targets `name` picks out (buckets, queues...), in order.
    fn names(&self, name: fn(&Target) -> Option<&String>) -> Vec<String> {
        self.targets.iter().filter_map(name).cloned().collect()
    }

    fn has(&self, target: &Target) -> bool {
        self.targets.contains(target)
    }
}

/// Resolves an `access:` block: every name it lists must be offered by a declared
/// component.
pub(crate) fn resolve(a: &AccessSpec, at: &KeyPath, offered: &Offered, p: &mut Problems) -> Grants {
    if a.database && !offered.has(&Target::Database) {
        p.error(
            "spec/reference",
            &at.key("database"),
            "no `database` section is declared",
        );
    }
    if a.search && !offered.has(&Target::Search) {
        p.error(
            "spec/reference",
            &at.key("search"),
            "no `search` section is declared",
        );
    }
    if a.cache && !offered.has(&Target::Cache) {
        p.error(
            "spec/reference",
            &at.key("cache"),
            "no `cache` section is declared",
        );
    }
    if a.send_email && !offered.has(&Target::Email) {
        p.error(
            "spec/reference",
            &at.key("send_email"),
            "no `email` section is declared",
        );
    }
    let buckets = offered.names(|t| match t {
        Target::Bucket(n) => Some(n),
        _ => None,
    });
    let queues = offered.names(|t| match t {
        Target::Queue(n) => Some(n),
        _ => None,
    });
    let topics = offered.names(|t| match t {
        Target::Topic(n) => Some(n),
        _ => None,
    });
    let secrets = offered.names(|t| match t {
        Target::Secret(n) => Some(n),
        _ => None,
    });
    let file_systems = offered.names(|t| match t {
        Target::FileSystem(n) => Some(n),
        _ => None,
    });
    let services = offered.names(|t| match t {
        Target::Service(n) => Some(n),
        _ => None,
    });
    let tables = offered.names(|t| match t {
        Target::Table(n) => Some(n),
        _ => None,
    });
    let streams = offered.names(|t| match t {
        Target::Stream(n) => Some(n),
        _ => None,
    });
    Grants {
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
        cache: a.cache,
        secrets: refs(&a.secrets, secrets.iter(), "secret", &at.key("secrets"), p),
        file_systems: refs(
            &a.file_systems,
            file_systems.iter(),
            "file system",
            &at.key("file_systems"),
            p,
        ),
        services: refs(
            &a.services,
            services.iter(),
            "service",
            &at.key("services"),
            p,
        ),
        read_tables: refs(
            &a.read_tables,
            tables.iter(),
            "table",
            &at.key("read_tables"),
            p,
        ),
        write_tables: refs(
            &a.write_tables,
            tables.iter(),
            "table",
            &at.key("write_tables"),
            p,
        ),
        read_streams: refs(
            &a.read_streams,
            streams.iter(),
            "stream",
            &at.key("read_streams"),
            p,
        ),
        write_streams: refs(
            &a.write_streams,
            streams.iter(),
            "stream",
            &at.key("write_streams"),
            p,
        ),
        send_email: a.send_email,
    }
}

/// Checks that every name in `list` is among `known`; returns them sorted and deduplicated.
pub(crate) fn refs<'a>(
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
