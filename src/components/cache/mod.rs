//! MemoryDB for Redis OSS.

pub mod model;
pub mod render;
pub mod spec;

use super::demand::{Count, DemandRow, Pool};
use super::{Platform, Spec};
use crate::model::Target;
use super::{Component, Render, Resolve, Section, Sections, Stack};

pub struct Cache;

impl Component for Cache {
    fn name(&self) -> &'static str {
        "cache"
    }

    fn stack(&self) -> Stack {
        Stack::Data
    }

    fn declared(&self, p: &Platform) -> bool {
        p.cache.is_some()
    }

    fn needs_vpc(&self, spec: &Spec) -> Option<&'static str> {
        (spec.cache.is_some()).then_some("its nodes take addresses in the private subnets")
    }

    fn demand(&self) -> &'static [DemandRow] {
        &[DemandRow {
            name: "memorydb",
            pool: Pool::Workload,
            why: "every MemoryDB node, primary or replica, takes one address in the subnet group (MemoryDB Developer Guide, subnets and subnet groups)",
            ips: memorydb,
        }]
    }

    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::MemoryDB::Cluster"]
    }

    /// The cluster, to connect to.
    fn targets(&self, spec: &Spec) -> Vec<Target> {
        if spec.cache.is_some() {
            vec![Target::Cache]
        } else {
            Vec::new()
        }
    }
}

fn memorydb(p: &Platform) -> Option<Count> {
    let c = p.cache.as_ref()?;
    Some(Count {
        ips: c.nodes(),
        basis: format!(
            "{} shard(s) x (1 primary + {} replica(s))",
            c.shards, c.replicas_per_shard
        ),
    })
}

impl Section for Cache {
    type Spec = Option<spec::CacheSpec>;
    type Model = Option<model::Cache>;

    fn resolve(cx: &mut Resolve<'_, '_>, _: &Sections) -> Self::Model {
        model::resolve(cx.spec, cx.size, cx.problems)
    }

    fn render(model: &Self::Model, cx: &mut Render<'_>) {
        if let Some(cache) = model {
            cx.up.data.cache = Some(render::render(cx.s, cx.platform, cache, cx.up));
        }
    }
}
