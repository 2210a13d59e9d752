//! Network arithmetic and planning: pure functions over IPv4 blocks, no AWS calls.

pub mod cidr;
pub mod plan;
