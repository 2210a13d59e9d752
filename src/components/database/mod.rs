//! The PostgreSQL database on RDS.

pub mod model;
pub mod render;
pub mod spec;

use super::demand::{Count, DemandRow, Pool};
use super::Platform;
use super::Spec;
use super::{Component, Render, Resolve, Section, Sections, Stack};
use crate::model::Target;

pub struct Database;

impl Component for Database {
    fn name(&self) -> &'static str {
        "database"
    }

    fn stack(&self) -> Stack {
        Stack::Data
    }

    fn declared(&self, p: &Platform) -> bool {
        p.database.is_some()
    }

    fn needs_vpc(&self, spec: &Spec) -> Option<&'static str> {
        (spec.database.is_some()).then_some("the instance takes addresses in the private subnets")
    }

    fn demand(&self) -> &'static [DemandRow] {
        &[DemandRow {
            name: "rds",
            pool: Pool::Workload,
            why: "a DB instance takes one address in the DB subnet group, a Multi-AZ standby a second (Amazon RDS User Guide, Multi-AZ deployments), and a blue/green deployment runs a full green copy beside it until switchover (Amazon RDS User Guide, blue/green deployments)",
            ips: rds,
        }]
    }

    /// Its credentials are a managed secret.
    fn endpoints(&self, spec: &Spec) -> &'static [&'static str] {
        if spec.database.is_some() {
            &["secretsmanager"]
        } else {
            &[]
        }
    }

    /// To connect to.
    fn targets(&self, spec: &Spec) -> Vec<Target> {
        spec.database.iter().map(|_| Target::Database).collect()
    }

    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::RDS::DBInstance", "AWS::Logs::LogGroup"]
    }
}

fn rds(p: &Platform) -> Option<Count> {
    let db = p.database.as_ref()?;
    let instances: u32 = if db.multi_az { 2 } else { 1 };
    Some(Count {
        ips: instances * 2,
        basis: format!(
            "{instances} instance(s) ({}) x 2 during blue/green",
            if db.multi_az {
                "primary and Multi-AZ standby"
            } else {
                "single-AZ"
            }
        ),
    })
}

impl Section for Database {
    type Spec = Option<spec::DatabaseSpec>;
    type Model = Option<model::Database>;

    fn resolve(cx: &mut Resolve<'_, '_>, _: &Sections) -> Self::Model {
        model::resolve(cx.spec, cx.sizing, cx.problems)
    }

    /// Behind the database security group from the network stack.
    fn render(model: &Self::Model, cx: &mut Render<'_>) {
        let (Some(db), Some(group)) = (model, cx.up.network.database_security_group_id.clone())
        else {
            return;
        };
        cx.s.import(&group);
        cx.up.data.database = Some(render::render(cx.s, cx.platform, db));
    }
}
