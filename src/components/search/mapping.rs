//! The role mapping and the function that serves it ([`super::function`]), rendered in the stack that holds the workloads' roles (the compute
//! stack comes after the data stack, so only it can name both the roles and the domain):
//! a custom resource whose properties carry every role that declares `search: true`, so a
//! change of consumers runs the mapping again.

use serde_json::{json, Value};

use crate::components::Platform;
use crate::model::{Consumer, Target};
use crate::render::intrinsics::{arn, get_att, r#ref};
use crate::render::link::Upstream;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::Resource;

/// The roles of every workload that may query the domain, as the mapping names them: a
/// service's or function's role by `Fn::GetAtt` (same stack), a Kubernetes workload's by
/// the ARN of its fixed name (its stack comes later). Sorted, so the output is stable.
pub fn consumer_roles(platform: &Platform) -> Vec<Value> {
    let mut roles: Vec<(String, Value)> = platform
        .access
        .edges()
        .iter()
        .filter(|e| e.target == Target::Search)
        .filter_map(|e| match &e.consumer {
            Consumer::Service(name) => platform
                .services
                .iter()
                .find(|s| &s.name == name)
                .map(|s| names::service_task_role(&s.id))
                .map(|id| (id.clone(), get_att(&id, "Arn"))),
            Consumer::Function(name) => platform
                .functions
                .iter()
                .find(|f| &f.name == name)
                .map(|f| names::function_role(&f.id))
                .map(|id| (id.clone(), get_att(&id, "Arn"))),
            Consumer::Spark(name) => platform
                .spark
                .iter()
                .find(|a| &a.name == name)
                .map(|a| names::spark_role(&a.id))
                .map(|id| (id.clone(), get_att(&id, "Arn"))),
            Consumer::Pipeline(name) => platform
                .pipelines
                .iter()
                .flat_map(|p| &p.tasks)
                .find(|t| &t.name == name)
                .map(|t| names::pipeline_task_role(&t.id))
                .map(|id| (id.clone(), get_att(&id, "Arn"))),
            Consumer::Workload(name) => {
                let role = names::workload_role_name(&platform.name, name);
                Some((role.clone(), arn(&format!("iam::${{AWS::AccountId}}:role/{role}"))))
            }
        })
        .collect();
    roles.sort_by(|a, b| a.0.cmp(&b.0));
    roles.dedup_by(|a, b| a.0 == b.0);
    roles.into_iter().map(|(_, v)| v).collect()
}

/// Whether the platform needs the mapping: a domain, and a workload that queries it. The
/// compute stack is rendered for it even when no service or function is declared, since
/// Kubernetes workloads' roles are mapped from there too.
pub fn needed(platform: &Platform) -> bool {
    platform.search.is_some() && !consumer_roles(platform).is_empty()
}

/// Whether the compute stack maps the roles of workloads that declare `search: true`: the
/// domain was rendered, behind its group.
pub fn renders(up: &Upstream) -> bool {
    up.data.search.is_some() && up.network.search_security_group_id.is_some()
}

/// Adds the mapping when the platform has a domain and a workload that queries it.
pub fn render(s: &mut StackBuilder, platform: &Platform, up: &Upstream) {
    let (Some(search), roles) = (&up.data.search, consumer_roles(platform)) else {
        return;
    };
    if roles.is_empty() || !renders(up) {
        return;
    }
    s.import(&search.endpoint);
    super::function::render(s, platform, search, up);
    s.add(
        names::SEARCH_ROLE_MAPPING,
        Resource::new(
            "Custom::SearchRoleMapping",
            json!({
                "ServiceToken": get_att(super::function::FUNCTION, "Arn"),
                "Endpoint": r#ref(names::SEARCH_DOMAIN_ENDPOINT),
                "BackendRoles": roles
            }),
        ),
    );
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::components::{self, testkit};
    use crate::render::TemplateFormat;

    fn stack(platform: &crate::components::Platform, name: &str) -> Option<crate::render::template::Template> {
        components::render(platform, TemplateFormat::Json)
            .stacks
            .into_iter()
            .find(|s| s.name == name)
            .map(|s| s.template)
    }

    #[test]
    fn every_role_that_declares_search_is_mapped_and_no_other() {
        let platform = testkit::example("tdp.yaml");
        let compute = stack(&platform, "compute").unwrap();
        let mapping = &compute.resources["SearchRoleMapping"].properties;
        assert_eq!(
            mapping["BackendRoles"],
            json!([
                { "Fn::GetAtt": ["ApiTaskRole", "Arn"] },
                { "Fn::GetAtt": ["IndexerTaskRole", "Arn"] }
            ])
        );
        assert_eq!(
            mapping["ServiceToken"],
            json!({ "Fn::GetAtt": ["SearchRoleMappingFunction", "Arn"] })
        );
        // Tasks that query the domain start after the mapping; others do not wait for it.
        let waits = |id: &str| {
            compute.resources[id]
                .depends_on
                .contains(&"SearchRoleMapping".to_owned())
        };
        assert!(waits("ApiService") && waits("IndexerService"));
        assert!(!waits("PipelineWorkerService"));
        let data = stack(&platform, "data").unwrap();
        let security = &data.resources["SearchDomain"].properties["AdvancedSecurityOptions"];
        assert_eq!(security["InternalUserDatabaseEnabled"], false);
        assert_eq!(
            security["MasterUserOptions"]["MasterUserARN"],
            json!({ "Fn::GetAtt": ["SearchAdminRole", "Arn"] })
        );
        let function = &compute.resources["SearchRoleMappingFunction"].properties;
        assert_eq!(function["Role"], json!({ "Ref": "SearchAdminRoleArn" }));
        let policy = data.resources["SearchDomain"].properties["AccessPolicies"].to_string();
        assert!(!policy.contains(r#""AWS":"*""#), "{policy}");
    }

    #[test]
    fn a_domain_nobody_queries_gets_no_mapping() {
        let platform = testkit::platform(
            "name: quiet\nregion: us-east-1\nenvironment_size: Small\nnetwork:\n  vpc_cidr: 10.0.0.0/16\n  availability_zones: 2\nsearch: {}\nservices:\n  - name: api\n    image: nginx:1\n    cpu: 256\n    memory: 512\n",
        );
        let compute = stack(&platform, "compute");
        assert!(compute.is_none_or(|t| !t.resources.contains_key("SearchRoleMapping")));
    }

    /// Regression: a Kubernetes workload's role lives in a stack deployed after the
    /// mapping's, so the mapping names it by the ARN of its fixed name, and the role
    /// carries the tag the domain's access policy admits.
    #[test]
    fn a_kubernetes_workload_that_queries_search_is_mapped_by_its_role_name() {
        let platform = testkit::platform(
            "name: pods\nregion: us-east-1\nenvironment_size: Small\nnetwork:\n  vpc_cidr: 10.0.0.0/16\n  availability_zones: 2\nsearch: {}\nkubernetes:\n  workloads:\n    - name: indexer\n      namespace: search\n      service_account: indexer\n      access:\n        search: true\n",
        );
        let compute = stack(&platform, "compute").unwrap();
        assert_eq!(
            compute.resources["SearchRoleMapping"].properties["BackendRoles"],
            json!([{ "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/pods-indexer-pods" }])
        );
        let pods = stack(&platform, "kubernetes").unwrap();
        let role = &pods.resources["IndexerWorkloadRole"].properties;
        assert_eq!(role["RoleName"], "pods-indexer-pods");
        assert!(role["Tags"].to_string().contains("platformctl:search-consumer"));
        let set = components::render(&platform, TemplateFormat::Json);
        let report = crate::verify::verify(&platform, &crate::verify::Templates::from_set(&set));
        assert!(report.passes(), "{}", crate::verify::text(&report));
    }
}
