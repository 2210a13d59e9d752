//! The network check: the capacity rule, the demand model, the judgement of one layout,
//! the computed remediation and the report. Pure functions, no AWS calls; IPv4 arithmetic
//! and subnet layout live in [`crate::cidr`].

pub mod capacity;
pub mod demand;
pub mod endpoints;
pub mod judge;
pub mod remediation;
pub mod report;
pub mod rule;
