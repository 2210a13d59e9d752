//! Where each consumer of the access graph stands in the templates: services, functions,
//! pipeline tasks and Spark applications in the compute stack with groups of their own, Kubernetes workloads in the kubernetes
//! stack behind the group EKS creates for the cluster.

use super::templates;
use crate::components::{Platform, Stack};
use crate::model::{Access, Consumer, Target, Verb};
use crate::render::names;

/// Where a consumer stands in the templates: the stack its roles and group are in, its
/// roles, and its security group.
pub(super) struct Workload {
    pub(super) stack: &'static str,
    pub(super) roles: Vec<String>,
    pub(super) group: Group,
}

/// A workload's security group.
pub(super) enum Group {
    /// A group resource of the workload's own (a service's, a function's).
    Own(String),
    /// The group EKS creates for the cluster of this logical ID, which the pods of its
    /// managed nodes use: not in the template, and open outbound as EKS creates it.
    Cluster(String),
}

impl Group {
    /// How reports name the group.
    pub(super) fn label(&self) -> String {
        match self {
            Group::Own(id) => id.clone(),
            Group::Cluster(id) => format!("{id}.{}", names::PODS_GROUP_ATTRIBUTE),
        }
    }

    /// Whether `value` (a rule's `SourceSecurityGroupId`) is this group.
    pub(super) fn is(&self, value: &serde_json::Value) -> bool {
        match self {
            Group::Own(id) => templates::names(value, id),
            Group::Cluster(id) => {
                let dotted = format!("{id}.{}", names::PODS_GROUP_ATTRIBUTE);
                let att = &value["Fn::GetAtt"];
                (att[0].as_str() == Some(id)
                    && att[1].as_str() == Some(names::PODS_GROUP_ATTRIBUTE))
                    || att.as_str() == Some(dotted.as_str())
            }
        }
    }
}

pub(super) fn workload(platform: &Platform, consumer: &Consumer) -> Option<Workload> {
    let compute = Stack::Compute.name();
    match consumer {
        Consumer::Service(name) => {
            let s = platform.services.iter().find(|s| &s.name == name)?;
            Some(Workload {
                stack: compute,
                roles: vec![
                    names::service_task_role(&s.id),
                    names::service_execution_role(&s.id),
                ],
                group: Group::Own(names::service_security_group(&s.id)),
            })
        }
        Consumer::Function(name) => {
            let f = platform.functions.iter().find(|f| &f.name == name)?;
            Some(Workload {
                stack: compute,
                roles: vec![names::function_role(&f.id)],
                group: Group::Own(names::function_security_group(&f.id)),
            })
        }
        Consumer::Spark(name) => {
            let a = platform.spark.iter().find(|a| &a.name == name)?;
            Some(Workload {
                stack: compute,
                roles: vec![names::spark_role(&a.id)],
                group: Group::Own(names::spark_security_group(&a.id)),
            })
        }
        Consumer::Pipeline(name) => {
            let t = platform
                .pipelines
                .as_ref()?
                .tasks
                .iter()
                .find(|t| &t.name == name)?;
            Some(Workload {
                stack: compute,
                roles: vec![
                    names::pipeline_task_role(&t.id),
                    names::pipeline_execution_role(&t.id),
                ],
                group: Group::Own(names::pipeline_security_group(&t.id)),
            })
        }
        Consumer::Workload(name) => {
            let w = platform
                .kubernetes
                .as_ref()?
                .workloads
                .iter()
                .find(|w| &w.name == name)?;
            Some(Workload {
                stack: Stack::Kubernetes.name(),
                roles: vec![names::workload_role(&w.id)],
                group: Group::Cluster(names::KUBERNETES_CLUSTER.to_owned()),
            })
        }
    }
}

/// Where `edge`'s consumer stands for that edge: a Kubernetes workload's file system is
/// mounted by the EFS CSI driver's node pod, so its role stands in for the pods' own
/// (Amazon EKS User Guide, "Store an elastic file system with Amazon EFS").
pub(super) fn for_edge(platform: &Platform, edge: &Access) -> Option<Workload> {
    let mut w = workload(platform, &edge.consumer)?;
    if let (Consumer::Workload(_), Target::FileSystem(_)) = (&edge.consumer, &edge.target) {
        w.roles = vec![names::EFS_CSI_NODE_ROLE.to_owned()];
    }
    Some(w)
}

/// Whether the role `id` of `stack` is one the spec grants `verb` on `target` other than
/// through a workload's edge: the EFS CSI driver's node role, which several workloads
/// share, for the file systems Kubernetes workloads mount; the pipeline's source role,
/// for the queue `pipelines.workflow.source_queue` names.
pub(super) fn shared_role_declares(
    platform: &Platform,
    stack: &str,
    id: &str,
    target: &Target,
    verb: Verb,
) -> bool {
    let source_queue = platform
        .pipelines
        .as_ref()
        .and_then(|p| p.workflow.as_ref())
        .and_then(|w| w.source_queue.as_ref());
    if let (Some(queue), Target::Queue(name), Verb::Consume) = (source_queue, target, verb) {
        if stack == Stack::Compute.name() && id == names::PIPELINE_SOURCE_ROLE && queue == name {
            return true;
        }
    }
    stack == Stack::Kubernetes.name()
        && id == names::EFS_CSI_NODE_ROLE
        && platform.access.edges().iter().any(|e| {
            matches!(e.consumer, Consumer::Workload(_)) && &e.target == target && e.verb == verb
        })
}

/// Every workload the platform declares.
pub(super) fn consumers(platform: &Platform) -> Vec<Consumer> {
    let services = platform
        .services
        .iter()
        .map(|s| Consumer::Service(s.name.clone()));
    let functions = platform
        .functions
        .iter()
        .map(|f| Consumer::Function(f.name.clone()));
    let workloads = platform
        .kubernetes
        .iter()
        .flat_map(|k| &k.workloads)
        .map(|w| Consumer::Workload(w.name.clone()));
    let spark = platform
        .spark
        .iter()
        .map(|a| Consumer::Spark(a.name.clone()));
    let pipelines = platform
        .pipelines
        .iter()
        .flat_map(|p| &p.tasks)
        .map(|t| Consumer::Pipeline(t.name.clone()));
    services
        .chain(functions)
        .chain(spark)
        .chain(pipelines)
        .chain(workloads)
        .collect()
}
