//! The OpenSearch domain.

pub mod model;
pub mod render;
pub mod spec;

use super::demand::{Count, DemandRow, Pool};
use super::Platform;
use super::Spec;
use super::{Component, Render, Resolve, Section, Sections, Stack};
use crate::model::Target;

pub struct Search;

impl Component for Search {
    fn name(&self) -> &'static str {
        "search"
    }

    fn stack(&self) -> Stack {
        Stack::Data
    }

    fn declared(&self, p: &Platform) -> bool {
        p.search.is_some()
    }

    fn demand(&self) -> &'static [DemandRow] {
        &[DemandRow {
            name: "opensearch",
            pool: Pool::Workload,
            why: "a VPC domain needs three addresses per data node so that blue/green configuration changes can run a second fleet (Amazon OpenSearch Service Developer Guide, reserving IP addresses in a VPC subnet); this model adds one per dedicated cluster-manager node as margin",
            ips: opensearch,
        }]
    }

    /// Its master user's password is a generated secret.
    fn endpoints(&self, spec: &Spec) -> &'static [&'static str] {
        if spec.search.is_some() {
            &["secretsmanager"]
        } else {
            &[]
        }
    }

    /// To query.
    fn targets(&self, spec: &Spec) -> Vec<Target> {
        spec.search.iter().map(|_| Target::Search).collect()
    }

    fn data_types(&self) -> &'static [&'static str] {
        &[
            "AWS::OpenSearchService::Domain",
            "AWS::SecretsManager::Secret",
            "AWS::Logs::LogGroup",
        ]
    }
}

/// Dedicated cluster-manager nodes the model always gives a domain.
const CLUSTER_MANAGER_NODES: u32 = 3;

fn opensearch(p: &Platform) -> Option<Count> {
    let search = p.search.as_ref()?;
    let data = u32::from(search.data_nodes);
    Some(Count {
        ips: data.saturating_mul(3).saturating_add(CLUSTER_MANAGER_NODES),
        basis: format!("3 x {data} data node(s) + {CLUSTER_MANAGER_NODES} cluster-manager nodes"),
    })
}

impl Section for Search {
    type Spec = Option<spec::SearchSpec>;
    type Model = Option<model::Search>;

    fn resolve(cx: &mut Resolve<'_, '_>, _: &Sections) -> Self::Model {
        model::resolve(cx.spec, cx.sizing, cx.problems)
    }

    /// Behind the search security group from the network stack.
    fn render(model: &Self::Model, cx: &mut Render<'_>) {
        let (Some(search), Some(group)) = (model, cx.up.network.search_security_group_id.clone())
        else {
            return;
        };
        cx.s.import(&group);
        cx.up.data.search = Some(render::render(cx.s, cx.platform, search));
    }
}
