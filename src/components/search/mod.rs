//! The OpenSearch domain.

mod admin;
mod function;
pub mod mapping;
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

    fn needs_vpc(&self, spec: &Spec) -> Option<&'static str> {
        (spec.search.is_some()).then_some("the domain takes addresses in the private subnets")
    }

    fn demand(&self) -> &'static [DemandRow] {
        &[DemandRow {
            name: "opensearch",
            pool: Pool::Workload,
            why: "a VPC domain needs three addresses per data node so that blue/green configuration changes can run a second fleet (Amazon OpenSearch Service Developer Guide, reserving IP addresses in a VPC subnet); this model adds one per dedicated cluster-manager node as margin",
            ips: opensearch,
        }]
    }

    /// To query.
    fn targets(&self, spec: &Spec) -> Vec<Target> {
        spec.search.iter().map(|_| Target::Search).collect()
    }

    fn data_types(&self) -> &'static [&'static str] {
        &[
            "AWS::OpenSearchService::Domain",
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
        model::resolve(cx.spec, cx.sizing, cx.zones, cx.problems)
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::components::{self, testkit};
    use crate::render::TemplateFormat;
    use crate::spec;

    fn large_in_two_zones(search: &str) -> String {
        format!("name: two-zones\nregion: us-east-1\nenvironment_size: Large\nnetwork:\n  vpc_cidr: 10.0.0.0/16\n  availability_zones: 2\nsearch: {search}\n")
    }

    /// Regression: a Large environment in two AZs rendered 3 data nodes across 2 zones,
    /// which OpenSearch refuses.
    #[test]
    fn a_default_domain_in_two_zones_has_an_even_node_count_and_one_subnet_per_zone() {
        let platform = testkit::platform(&large_in_two_zones("{}"));
        let set = components::render(&platform, TemplateFormat::Json);
        let data = set.stacks.iter().find(|s| s.name == "data").unwrap();
        let config = &data.template.resources["SearchDomain"].properties;
        assert_eq!(config["ClusterConfig"]["InstanceCount"], 4);
        assert_eq!(
            config["ClusterConfig"]["ZoneAwarenessConfig"]["AvailabilityZoneCount"],
            2
        );
        assert_eq!(
            config["VPCOptions"]["SubnetIds"].as_array().map(Vec::len),
            Some(2)
        );
    }

    #[test]
    fn explicit_data_nodes_that_cannot_spread_are_an_error_naming_the_valid_counts() {
        let yaml = large_in_two_zones("{ data_nodes: 5 }");
        let (spec, source) =
            spec::load_str::<components::Spec>(Path::new("s.yaml"), &yaml).unwrap();
        let problems = components::build(&spec, &source).unwrap_err().problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path.as_deref(), Some("search.data_nodes"));
        assert!(problems[0].message.contains("use 4 or 6"), "{}", problems[0].message);
    }
}
