//! Network arithmetic and planning: pure functions over IPv4 blocks, no AWS calls.

pub mod capacity;
pub mod cidr;
pub mod demand;
pub mod plan;
pub mod remediation;
pub mod report;
pub mod rule;
#[cfg(test)]
pub(crate) mod testkit;
