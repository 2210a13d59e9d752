//! MemoryDB for Redis OSS.

use super::demand::{Count, DemandRow, Pool};
use super::{Component, Stack};
use crate::model::Platform;

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
