//! DynamoDB tables of the environment.

pub mod model;
pub mod render;
pub mod spec;

use super::{Component, Platform, Render, Resolve, Section, Sections, Spec, Stack};
use crate::model::Target;

/// In the data stack: tables hold data.
pub struct Tables;

impl Component for Tables {
    fn name(&self) -> &'static str {
        "tables"
    }

    fn stack(&self) -> Stack {
        Stack::Data
    }

    fn declared(&self, p: &Platform) -> bool {
        !p.tables.is_empty()
    }

    /// Reached through DynamoDB's API: a gateway endpoint without internet egress.
    fn endpoints(&self, spec: &Spec) -> &'static [&'static str] {
        if spec.tables.is_empty() {
            &[]
        } else {
            &["dynamodb"]
        }
    }

    /// To read and write items.
    fn targets(&self, spec: &Spec) -> Vec<Target> {
        spec.tables.iter().map(|t| Target::Table(t.name.clone())).collect()
    }

    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::DynamoDB::Table"]
    }
}

impl Section for Tables {
    type Spec = Vec<spec::TableSpec>;
    type Model = Vec<model::Table>;

    fn resolve(cx: &mut Resolve<'_, '_>, _: &Sections) -> Self::Model {
        model::resolve(&cx.spec.tables, cx.problems)
    }

    fn render(model: &Self::Model, cx: &mut Render<'_>) {
        cx.up.data.tables = render::render(cx.s, cx.platform, model);
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::components;
    use crate::spec;

    fn problems(tables: &str) -> Vec<String> {
        let text = format!("name: t1\nregion: us-east-1\nenvironment_size: Small\ntables:\n{tables}");
        let (spec, source) = spec::load_str::<components::Spec>(Path::new("t.yaml"), &text).unwrap();
        match components::build(&spec, &source) {
            Ok(_) => Vec::new(),
            Err(e) => e.problems().iter().map(|p| p.path.clone().unwrap_or_default()).collect(),
        }
    }

    #[test]
    fn a_sort_key_named_like_the_partition_key_is_located() {
        assert_eq!(
            problems("  - { name: state, partition_key: { name: id }, sort_key: { name: id } }\n"),
            ["tables[0].sort_key.name"]
        );
        assert!(problems("  - { name: state, partition_key: { name: id } }\n").is_empty());
    }

    #[test]
    fn a_table_is_encrypted_recoverable_and_protected() {
        let platform = components::testkit::platform(
            "name: t1\nregion: us-east-1\nenvironment_size: Small\ntables:\n  - { name: state, partition_key: { name: id } }\n",
        );
        let set = components::render(&platform, crate::render::TemplateFormat::Json);
        let data = set.stacks.iter().find(|s| s.name == "data").unwrap();
        let table = &data.template.resources["StateTable"].properties;
        assert_eq!(table["SSESpecification"]["KMSMasterKeyId"]["Ref"], "KeyArn");
        assert_eq!(table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"], true);
        assert_eq!(table["DeletionProtectionEnabled"], true);
        assert_eq!(table["BillingMode"], "PAY_PER_REQUEST");
    }
}
