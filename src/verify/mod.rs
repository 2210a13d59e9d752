//! `verify`: proves the access graph against templates, offline. For every edge of the
//! graph (a workload that may use a target), each layer AWS evaluates must let it through:
//! the network (a security-group path to the target's port), the identity policy (the
//! verb's actions on the target), the target's resource policy (no Deny in the way, and an
//! Allow where the service needs one), and the KMS key (the key policy delegates to IAM,
//! and the role may use the key). Then every reach nobody declared is listed: a store's
//! group that admits more than its consumers, a role with data rights beyond its edges.
//!
//! The templates are what `synth` writes, or files someone edited: both are judged the
//! same way, through the logical IDs and parameter names in `render::names`.

mod layers;
#[cfg(test)]
mod props;
#[cfg(test)]
mod props_tools;
mod report;
mod templates;
mod undeclared;
mod workloads;

pub use report::{markdown, text};
pub use templates::{Templates, TemplatesError};

use workloads::{consumers, for_edge, shared_role_declares, workload, Group, Workload};

use serde::Serialize;

use crate::components::Platform;
use crate::model::{Access, Consumer, Target, Verb};
use crate::render::names;

/// What `verify` found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub environment: String,
    pub accesses: Vec<Verdict>,
    pub undeclared: Vec<Reach>,
}

impl Report {
    /// Every declared access open on every layer, and nothing undeclared reachable.
    pub fn passes(&self) -> bool {
        self.undeclared.is_empty() && self.accesses.iter().all(|a| a.verdict == "open")
    }
}

/// One declared access and how each layer treats it.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    pub consumer: String,
    pub target: String,
    pub verb: String,
    /// `open` when every layer is open or does not apply, else `blocked`.
    pub verdict: &'static str,
    pub layers: Layers,
}

#[derive(Debug, Clone, Serialize)]
pub struct Layers {
    pub network: Layer,
    pub identity: Layer,
    pub resource: Layer,
    pub key: Layer,
}

/// One layer's answer; a blocked layer names the template, the resource and what is
/// missing from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Layer {
    Open,
    #[serde(rename = "n/a")]
    NotApplicable,
    Blocked {
        template: String,
        logical_id: String,
        missing: String,
    },
}

impl Layer {
    fn blocked(template: &str, logical_id: &str, missing: impl Into<String>) -> Self {
        Layer::Blocked {
            template: template.to_owned(),
            logical_id: logical_id.to_owned(),
            missing: missing.into(),
        }
    }
}

/// A reach no access declares.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Reach {
    pub template: String,
    pub logical_id: String,
    pub target: String,
    pub how: String,
}

/// What an edge needs of the templates.
struct Needs {
    /// The parameter (in the workload's stack) that stands for the target's ARN.
    arn: String,
    /// Identity actions the verb needs on it.
    actions: &'static [&'static str],
    /// Key actions when the target is encrypted with the environment's key.
    key_actions: &'static [&'static str],
    /// The target's port inside the VPC, the parameter for its group in the workload's
    /// stack, and the stack and logical ID of the group.
    port: Option<Port>,
    /// The target's resource policy: stack and logical ID.
    policy: Option<(&'static str, String)>,
}

/// Where a target listens: its port and its security group.
#[derive(Clone)]
struct Port {
    number: u16,
    /// The group's parameter in the stacks that import it.
    param: String,
    /// The stack and logical ID of the group.
    stack: &'static str,
    group: String,
}

/// The actions each verb needs (the service authorization references of S3, SQS, SNS,
/// Secrets Manager, OpenSearch Service; KMS for what reading and writing encrypted data
/// takes).
fn needs(platform: &Platform, edge: &Access) -> Option<Needs> {
    const READ: &[&str] = &["kms:Decrypt"];
    const WRITE: &[&str] = &["kms:GenerateDataKey", "kms:Decrypt"];
    Some(match &edge.target {
        Target::Bucket(name) => {
            let b = platform
                .storage
                .as_ref()?
                .buckets
                .iter()
                .find(|b| &b.name == name)?;
            let write = edge.verb == Verb::Write;
            Needs {
                arn: names::bucket_arn(&b.id, &b.name).name,
                actions: if write {
                    &["s3:PutObject"]
                } else {
                    &["s3:GetObject"]
                },
                key_actions: if write { WRITE } else { READ },
                port: None,
                policy: Some(("data", format!("{}BucketPolicy", b.id))),
            }
        }
        Target::Queue(name) => {
            let q = platform.messaging.queues.iter().find(|q| &q.name == name)?;
            let consume = edge.verb == Verb::Consume;
            Needs {
                arn: names::queue_arn(&q.id, &q.name).name,
                actions: if consume {
                    &["sqs:ReceiveMessage", "sqs:DeleteMessage"]
                } else {
                    &["sqs:SendMessage"]
                },
                key_actions: if consume { READ } else { WRITE },
                port: None,
                policy: Some(("messaging", format!("{}QueuePolicy", q.id))),
            }
        }
        Target::Topic(name) => {
            let t = platform.messaging.topics.iter().find(|t| &t.name == name)?;
            Needs {
                arn: names::topic_arn(&t.id, &t.name).name,
                actions: &["sns:Publish"],
                key_actions: WRITE,
                port: None,
                policy: Some(("messaging", format!("{}TopicPolicy", t.id))),
            }
        }
        Target::Table(name) => {
            let t = platform.tables.iter().find(|t| &t.name == name)?;
            Needs {
                arn: names::table_arn(&t.id, &t.name).name,
                actions: if edge.verb == Verb::Write {
                    &["dynamodb:PutItem"]
                } else {
                    &["dynamodb:GetItem"]
                },
                // DynamoDB uses the table's key under the grant it made when the table
                // was created; callers need no KMS permission of their own (Amazon
                // DynamoDB Developer Guide, "How Amazon DynamoDB uses AWS KMS").
                key_actions: &[],
                port: None,
                policy: None,
            }
        }
        Target::Stream(name) => {
            let x = platform.streams.iter().find(|x| &x.name == name)?;
            let write = edge.verb == Verb::Write;
            Needs {
                arn: names::stream_arn(&x.id, &x.name).name,
                actions: if write {
                    &["kinesis:PutRecord"]
                } else {
                    &["kinesis:GetRecords"]
                },
                // Encrypted with the environment's key (Amazon Kinesis Data Streams
                // Developer Guide, "Permissions to use user-generated KMS keys").
                key_actions: if write {
                    &["kms:GenerateDataKey"]
                } else {
                    READ
                },
                port: None,
                policy: None,
            }
        }
        // Sending is authorized on the identity (and the configuration set); SES holds no
        // data under the key and has no resource policy on the way (Amazon SES Developer
        // Guide, "Controlling access to Amazon SES").
        Target::Email => {
            platform.email.as_ref()?;
            Needs {
                arn: names::EMAIL_IDENTITY_ARN.to_owned(),
                actions: &["ses:SendEmail"],
                key_actions: &[],
                port: None,
                policy: None,
            }
        }
        Target::Secret(name) => {
            let s = platform.secrets.iter().find(|s| &s.name == name)?;
            Needs {
                arn: names::secret_arn(&s.id, &s.name).name,
                actions: &["secretsmanager:GetSecretValue"],
                key_actions: READ,
                port: None,
                policy: None,
            }
        }
        Target::Database => Needs {
            arn: names::DATABASE_SECRET_ARN.to_owned(),
            actions: &["secretsmanager:GetSecretValue"],
            key_actions: READ,
            port: Some(Port {
                number: crate::model::POSTGRES_PORT,
                param: names::DATABASE_SECURITY_GROUP_ID.to_owned(),
                stack: "network",
                group: "DatabaseSecurityGroup".to_owned(),
            }),
            policy: None,
        },
        Target::Search => Needs {
            arn: names::SEARCH_DOMAIN_ARN.to_owned(),
            actions: &["es:ESHttpGet", "es:ESHttpPost"],
            key_actions: &[],
            port: Some(Port {
                number: crate::model::HTTPS_PORT,
                param: names::SEARCH_SECURITY_GROUP_ID.to_owned(),
                stack: "network",
                group: "SearchSecurityGroup".to_owned(),
            }),
            policy: Some(("data", "SearchDomain".to_owned())),
        },
        Target::Cache => Needs {
            arn: names::CACHE_ARN.to_owned(),
            actions: &["memorydb:Connect"],
            key_actions: &[],
            port: Some(Port {
                number: crate::model::REDIS_PORT,
                param: names::CACHE_SECURITY_GROUP_ID.to_owned(),
                stack: "data",
                group: "CacheSecurityGroup".to_owned(),
            }),
            policy: None,
        },
        Target::FileSystem(name) => {
            let f = platform.file_systems.iter().find(|f| &f.name == name)?;
            Needs {
                arn: names::file_system_arn(&f.id, &f.name).name,
                actions: &[
                    "elasticfilesystem:ClientMount",
                    "elasticfilesystem:ClientWrite",
                ],
                key_actions: &[],
                port: Some(Port {
                    number: crate::model::NFS_PORT,
                    param: names::FILE_SYSTEM_SECURITY_GROUP_ID.to_owned(),
                    stack: "data",
                    group: "FileSystemSecurityGroup".to_owned(),
                }),
                policy: Some(("data", format!("{}FileSystem", f.id))),
            }
        }
        // A service answers on its port; who may call it is the network's to say alone,
        // so the other layers do not apply.
        Target::Service(name) => {
            let x = platform.services.iter().find(|x| &x.name == name)?;
            Needs {
                arn: String::new(),
                actions: &[],
                key_actions: &[],
                port: Some(Port {
                    number: x.port?,
                    param: names::service_security_group_id(&x.id, &x.name).name,
                    stack: "compute",
                    group: names::service_security_group(&x.id),
                }),
                policy: None,
            }
        }
    })
}

/// How a target is written in reports: `bucket datalake`, `database`.
fn target_label(target: &Target) -> String {
    match target {
        Target::Bucket(n) => format!("bucket {n}"),
        Target::Queue(n) => format!("queue {n}"),
        Target::Topic(n) => format!("topic {n}"),
        Target::Secret(n) => format!("secret {n}"),
        Target::Database => "database".to_owned(),
        Target::Search => "search".to_owned(),
        Target::Cache => "cache".to_owned(),
        Target::FileSystem(n) => format!("file system {n}"),
        Target::Service(n) => format!("service {n}"),
        Target::Table(n) => format!("table {n}"),
        Target::Stream(n) => format!("stream {n}"),
        Target::Email => "email".to_owned(),
    }
}

fn consumer_label(consumer: &Consumer) -> String {
    match consumer {
        Consumer::Service(n) => format!("service {n}"),
        Consumer::Function(n) => format!("function {n}"),
        Consumer::Workload(n) => format!("workload {n}"),
        Consumer::Spark(n) => format!("spark {n}"),
        Consumer::Pipeline(n) => format!("pipeline task {n}"),
    }
}

/// Judges every edge of `platform`'s access graph against `templates`, then lists what
/// is reachable without an edge.
pub fn verify(platform: &Platform, templates: &Templates) -> Report {
    let mut accesses = Vec::new();
    for edge in platform.access.edges() {
        let layers = match (for_edge(platform, edge), needs(platform, edge)) {
            (Some(w), Some(n)) => layers::judge(templates, &w, &n),
            _ => {
                let missing = Layer::blocked("-", "-", "the spec's target or workload is unknown");
                Layers {
                    network: missing.clone(),
                    identity: missing.clone(),
                    resource: missing.clone(),
                    key: missing,
                }
            }
        };
        let open = [
            &layers.network,
            &layers.identity,
            &layers.resource,
            &layers.key,
        ]
        .iter()
        .all(|l| !matches!(l, Layer::Blocked { .. }));
        accesses.push(Verdict {
            consumer: consumer_label(&edge.consumer),
            target: target_label(&edge.target),
            verb: format!("{:?}", edge.verb).to_lowercase(),
            verdict: if open { "open" } else { "blocked" },
            layers,
        });
    }
    Report {
        environment: platform.name.clone(),
        accesses,
        undeclared: undeclared::find(platform, templates),
    }
}
