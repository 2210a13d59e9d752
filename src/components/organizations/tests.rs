//! Model rules and rendering of `organizations`.

use std::path::Path;

use super::shard::{self, SHARDS};
use crate::components::testkit;
use crate::render::TemplateFormat;

const BASE: &str = "name: acme\nregion: us-east-1\nenvironment_size: Small\n";

fn errors(yaml: &str) -> String {
    let (spec, source) = crate::spec::load_str(Path::new("t.yaml"), yaml).unwrap();
    match crate::components::build(&spec, &source) {
        Ok(_) => String::new(),
        Err(e) => format!("{e:?}"),
    }
}

fn orgs(names: impl IntoIterator<Item = String>) -> String {
    let mut yaml = String::from("organizations:\n");
    for n in names {
        yaml.push_str(&format!("  - name: {n}\n"));
    }
    yaml
}

#[test]
fn organizations_need_one_bucket_named_or_alone() {
    let two = "storage:\n  buckets:\n    - name: datalake\n    - name: raw\n";
    let list = orgs(["acme-labs".to_owned()]);
    assert!(errors(&format!("{BASE}{list}")).contains("storage.buckets"));
    assert!(errors(&format!("{BASE}{two}{list}")).contains("organizations: true"));
    let marked = two.replace("- name: raw", "- name: raw\n      organizations: true");
    assert_eq!(errors(&format!("{BASE}{marked}{list}")), "");
    let both = marked.replace("- name: datalake", "- name: datalake\n      organizations: true");
    assert!(errors(&format!("{BASE}{both}{list}")).contains("storage.buckets[1].organizations"));
    let one = "storage:\n  buckets:\n    - name: datalake\n";
    assert_eq!(errors(&format!("{BASE}{one}{list}")), "");
}

#[test]
fn names_and_deletion_windows_are_checked_at_their_keys() {
    let one = "storage:\n  buckets:\n    - name: datalake\n";
    let dup = orgs(["acme".to_owned(), "acme".to_owned()]);
    assert!(errors(&format!("{BASE}{one}{dup}")).contains("organizations[1].name"));
    let window = "organizations:\n  - name: acme\n    key_deletion_window_days: 3\n";
    assert!(errors(&format!("{BASE}{one}{window}")).contains("organizations[0].key_deletion_window_days"));
}

/// Enough organizations in one shard to pass 80% of 500 resources is refused, at the
/// first organization that would not fit.
#[test]
fn a_shard_above_eighty_percent_of_the_quota_is_refused() {
    let limit = shard::resource_limit() / shard::RESOURCES_PER_ORGANIZATION;
    let crowded: Vec<String> = (0..)
        .map(|i| format!("org-{i}"))
        .filter(|n| shard::shard_of(n) == 3)
        .take(limit + 1)
        .collect();
    let one = "storage:\n  buckets:\n    - name: datalake\n";
    let fits = orgs(crowded[..limit].to_vec());
    assert_eq!(errors(&format!("{BASE}{one}{fits}")), "");
    let over = orgs(crowded.clone());
    let e = errors(&format!("{BASE}{one}{over}"));
    assert!(e.contains(&format!("organizations[{limit}].name")), "{e}");
    assert!(e.contains("organizations-3"), "{e}");
}

#[test]
fn three_hundred_organizations_render_into_sixteen_stacks_under_the_limit() {
    let one = "storage:\n  buckets:\n    - name: datalake\n";
    let list = orgs((0..300).map(|i| format!("org-{i:03}")));
    let platform = testkit::platform(&format!("{BASE}{one}{list}"));
    let set = crate::components::render(&platform, TemplateFormat::Json);
    let shards: Vec<_> = set
        .stacks
        .iter()
        .filter(|s| s.name.starts_with("organizations-"))
        .collect();
    assert_eq!(shards.len(), SHARDS);
    let total: usize = shards.iter().map(|s| s.template.resources.len()).sum();
    assert_eq!(total, 300 * shard::RESOURCES_PER_ORGANIZATION);
    for s in &shards {
        assert!(s.template.resources.len() <= shard::resource_limit(), "{}", s.name);
        assert!(s.template.outputs.is_empty(), "{}: the parent's 200 outputs", s.name);
    }
    assert_eq!(platform.organizations.busiest_shard(), shards.iter().map(|s| s.template.resources.len()).max().unwrap());
}

#[test]
fn an_organization_keeps_its_stack_and_ids_whatever_else_is_declared() {
    let one = "storage:\n  buckets:\n    - name: datalake\n";
    let alone = testkit::platform(&format!("{BASE}{one}{}", orgs(["acme".to_owned()])));
    let crowd = testkit::platform(&format!(
        "{BASE}{one}{}",
        orgs((0..50).map(|i| format!("org-{i}")).chain(["acme".to_owned()]))
    ));
    let find = |p: &crate::components::Platform| {
        let set = crate::components::render(p, TemplateFormat::Json);
        let stack = set.stacks.into_iter().find(|s| s.template.resources.contains_key("OrgAcmeKey")).unwrap();
        let ids: Vec<(String, serde_json::Value)> = stack
            .template
            .resources
            .iter()
            .filter(|(id, _)| id.starts_with("OrgAcme"))
            .map(|(id, r)| (id.clone(), serde_json::to_value(r).unwrap()))
            .collect();
        (stack.name, ids)
    };
    assert_eq!(find(&alone), find(&crowd));
}
