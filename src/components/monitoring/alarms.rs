//! The alarms of every component that can fail quietly: each in the stack of the resource
//! it watches (so its dimensions are plain `Ref`s and `GetAtt`s), named after the
//! environment so the dashboard can list them by ARN.
//!
//! Metrics and thresholds follow the services' own monitoring guides and the CloudWatch
//! User Guide's "Recommended alarms" page, named at each alarm.

use serde_json::{json, Value};

use crate::components::{Platform, Stack};
use crate::model::Vpc;
use crate::render::intrinsics::{get_att, r#ref};
use crate::spec::Egress;

/// One alarm: where it lives, its names, and its metric (or metric math) fields.
#[derive(Debug, Clone)]
pub struct Alarm {
    pub stack: Stack,
    /// Logical ID.
    pub id: String,
    /// `AlarmName`: `<environment>-<suffix>`, unique in the account and region.
    pub name: String,
    pub description: String,
    /// The fields that say what is measured and when it breaches.
    pub fields: Value,
}

impl Alarm {
    fn new(stack: Stack, p: &Platform, id: String, suffix: &str, what: String) -> Alarm {
        Alarm {
            stack,
            id,
            name: format!("{}-{suffix}", p.name),
            description: format!("{}: {what}", p.name),
            fields: Value::Null,
        }
    }

    fn fields(mut self, fields: Value) -> Alarm {
        self.fields = fields;
        self
    }
}

/// A metric statistic over `periods` periods of `period` seconds against `threshold`.
fn metric(
    namespace: &str,
    name: &str,
    dimensions: Value,
    statistic: &str,
    (period, periods): (u32, u32),
    (operator, threshold): (&str, f64),
) -> Value {
    json!({
        "Namespace": namespace,
        "MetricName": name,
        "Dimensions": dimensions,
        "Statistic": statistic,
        "Period": period,
        "EvaluationPeriods": periods,
        "Threshold": threshold,
        "ComparisonOperator": operator
    })
}

/// Every alarm of `platform`, in stack order.
pub fn all(p: &Platform) -> Vec<Alarm> {
    let mut out = Vec::new();
    nat_gateways(p, &mut out);
    database(p, &mut out);
    search(p, &mut out);
    queues(p, &mut out);
    services(p, &mut out);
    functions(p, &mut out);
    out
}

/// NAT gateways that cannot allocate a source port drop connections silently (Amazon VPC
/// User Guide, "Monitor NAT gateways with CloudWatch": `ErrorPortAllocation`).
fn nat_gateways(p: &Platform, out: &mut Vec<Alarm>) {
    let net = &p.network;
    if !net.declared || net.egress != Egress::Nat || !matches!(net.vpc, Vpc::New { .. }) {
        return;
    }
    for subnet in &net.public_subnets {
        let l = crate::render::names::zone_letter(subnet.zone);
        let gateway = format!("NatGateway{l}");
        out.push(
            Alarm::new(
                Stack::Network,
                p,
                format!("{gateway}PortAllocationAlarm"),
                &format!("nat-{}-port-allocation", l.to_ascii_lowercase()),
                format!("NAT gateway {l} could not allocate a source port"),
            )
            .fields(metric(
                "AWS/NATGateway",
                "ErrorPortAllocation",
                json!([{ "Name": "NatGatewayId", "Value": r#ref(&gateway) }]),
                "Sum",
                (300, 1),
                ("GreaterThanOrEqualToThreshold", 1.0),
            )),
        );
    }
}

/// CPU, free storage and connections of the PostgreSQL instance (Amazon RDS User Guide,
/// "Amazon CloudWatch metrics for Amazon RDS"; the connection limit from "Maximum number
/// of database connections": LEAST(DBInstanceClassMemory/9531392, 5000) for PostgreSQL).
fn database(p: &Platform, out: &mut Vec<Alarm>) {
    let Some(db) = &p.database else {
        return;
    };
    let dims = json!([{ "Name": "DBInstanceIdentifier", "Value": db.identifier }]);
    out.push(
        Alarm::new(Stack::Data, p, "DatabaseCpuAlarm".into(), "database-cpu", "database CPU above 80% for 15 minutes".into())
            .fields(metric("AWS/RDS", "CPUUtilization", dims.clone(), "Average", (300, 3), ("GreaterThanThreshold", 80.0))),
    );
    // FreeStorageSpace is in bytes; alarm below a tenth of the allocated storage.
    let tenth = f64::from(db.storage_gb) * 1024.0 * 1024.0 * 1024.0 / 10.0;
    out.push(
        Alarm::new(Stack::Data, p, "DatabaseStorageAlarm".into(), "database-storage", format!("database free storage below 10% of {} GiB", db.storage_gb))
            .fields(metric("AWS/RDS", "FreeStorageSpace", dims.clone(), "Minimum", (300, 1), ("LessThanThreshold", tenth))),
    );
    if let Some(limit) = max_connections(&db.instance_class) {
        let threshold = f64::from(limit * 8 / 10);
        out.push(
            Alarm::new(Stack::Data, p, "DatabaseConnectionsAlarm".into(), "database-connections", format!("database connections above 80% of the {limit} the instance class allows"))
                .fields(metric("AWS/RDS", "DatabaseConnections", dims, "Maximum", (300, 2), ("GreaterThanThreshold", threshold))),
        );
    }
}

/// PostgreSQL's default `max_connections` on RDS for an instance class, from its memory
/// (EC2 memory per size; `None` for a class this table does not know).
pub fn max_connections(class: &str) -> Option<u32> {
    let rest = class.strip_prefix("db.")?;
    let (family, size) = rest.split_once('.')?;
    let base_gib: u32 = match size {
        "micro" => 1,
        "small" => 2,
        "medium" => 4,
        "large" => 8,
        "xlarge" => 16,
        "2xlarge" => 32,
        "4xlarge" => 64,
        "8xlarge" => 128,
        "12xlarge" => 192,
        "16xlarge" => 256,
        _ => return None,
    };
    let gib = match family.chars().next()? {
        't' | 'm' => base_gib,
        'r' => base_gib * 2,
        _ => return None,
    };
    let bytes = u64::from(gib) * 1024 * 1024 * 1024;
    Some(u32::try_from((bytes / 9_531_392).min(5000)).unwrap_or(5000))
}

/// A red cluster (a primary shard unassigned) and low free storage on the OpenSearch
/// domain (OpenSearch Service Developer Guide, "Recommended CloudWatch alarms": red status
/// for one minute; free storage at or below 25% of a node's volume).
fn search(p: &Platform, out: &mut Vec<Alarm>) {
    let Some(search) = &p.search else {
        return;
    };
    let dims = json!([
        { "Name": "DomainName", "Value": r#ref("SearchDomain") },
        { "Name": "ClientId", "Value": r#ref("AWS::AccountId") }
    ]);
    out.push(
        Alarm::new(Stack::Data, p, "SearchRedAlarm".into(), "search-red", "search cluster status red".into())
            .fields(metric("AWS/ES", "ClusterStatus.red", dims.clone(), "Maximum", (60, 1), ("GreaterThanOrEqualToThreshold", 1.0))),
    );
    // FreeStorageSpace is in MiB, per node.
    let quarter = f64::from(search.volume_gb) * 1024.0 / 4.0;
    out.push(
        Alarm::new(Stack::Data, p, "SearchStorageAlarm".into(), "search-storage", format!("a search node's free storage at or below 25% of {} GiB", search.volume_gb))
            .fields(metric("AWS/ES", "FreeStorageSpace", dims, "Minimum", (60, 1), ("LessThanOrEqualToThreshold", quarter))),
    );
}

/// A message in a dead-letter queue is work that failed every retry (Amazon SQS
/// Developer Guide, "Using dead-letter queues": alarm on `ApproximateNumberOfMessagesVisible`).
fn queues(p: &Platform, out: &mut Vec<Alarm>) {
    let queues = p.messaging.queues.iter().map(|q| (Stack::Messaging, &q.id, &q.name, "DeadLetterQueue"));
    let connectors = p.connectors.iter().map(|c| (Stack::Connectors, &c.id, &c.name, "DeadLetterQueue"));
    let functions = p.functions.iter().map(|f| (Stack::Compute, &f.id, &f.name, "FunctionDeadLetterQueue"));
    for (stack, id, name, suffix) in queues.chain(connectors).chain(functions) {
        let kind = if suffix == "DeadLetterQueue" { "" } else { "function-" };
        let dlq = format!("{id}{suffix}");
        out.push(
            Alarm::new(stack, p, format!("{dlq}DepthAlarm"), &format!("{kind}{name}-dlq-depth"), format!("messages in the dead-letter queue of {kind}{name}"))
                .fields(metric(
                    "AWS/SQS",
                    "ApproximateNumberOfMessagesVisible",
                    json!([{ "Name": "QueueName", "Value": get_att(&dlq, "QueueName") }]),
                    "Maximum",
                    (300, 1),
                    ("GreaterThanOrEqualToThreshold", 1.0),
                )),
        );
    }
}

/// Fewer tasks running than desired for 15 minutes: a service that cannot start or keep its
/// tasks (Amazon ECS Developer Guide, "Amazon ECS Container Insights metrics":
/// `RunningTaskCount` and `DesiredTaskCount`; the cluster has Container Insights on).
fn services(p: &Platform, out: &mut Vec<Alarm>) {
    for s in &p.services {
        let dims = json!([
            { "Name": "ClusterName", "Value": r#ref("Cluster") },
            { "Name": "ServiceName", "Value": get_att(&format!("{}Service", s.id), "Name") }
        ]);
        let stat = |id: &str, metric: &str| {
            json!({ "Id": id, "ReturnData": false, "MetricStat": {
                "Metric": { "Namespace": "ECS/ContainerInsights", "MetricName": metric, "Dimensions": dims },
                "Period": 300, "Stat": "Average" } })
        };
        out.push(
            Alarm::new(Stack::Compute, p, format!("{}ServiceTasksAlarm", s.id), &format!("service-{}-tasks", s.name), format!("service {} running fewer tasks than desired", s.name))
                .fields(json!({
                    "Metrics": [
                        stat("desired", "DesiredTaskCount"),
                        stat("running", "RunningTaskCount"),
                        { "Id": "missing", "Expression": "desired - running", "Label": "tasks missing", "ReturnData": true }
                    ],
                    "EvaluationPeriods": 3,
                    "Threshold": 0,
                    "ComparisonOperator": "GreaterThanThreshold"
                })),
        );
    }
}

/// Invocation errors and throttles of each function (AWS Lambda Developer Guide, "Types
/// of metrics for Lambda functions": `Errors`, `Throttles`).
fn functions(p: &Platform, out: &mut Vec<Alarm>) {
    for f in &p.functions {
        let dims = json!([{ "Name": "FunctionName", "Value": r#ref(&format!("{}Function", f.id)) }]);
        for (metric_name, suffix) in [("Errors", "errors"), ("Throttles", "throttles")] {
            out.push(
                Alarm::new(Stack::Compute, p, format!("{}Function{metric_name}Alarm", f.id), &format!("function-{}-{suffix}", f.name), format!("function {} {suffix}", f.name))
                    .fields(metric("AWS/Lambda", metric_name, dims.clone(), "Sum", (300, 1), ("GreaterThanOrEqualToThreshold", 1.0))),
            );
        }
    }
}
