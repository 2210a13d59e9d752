//! Facts about CloudFormation resource types, from the provider schemas AWS publishes
//! (trimmed into `schemas/cloudformation/` by `scripts/refresh-schemas`, embedded at build
//! time): which types exist in which region, their properties, and which property changes
//! replace a resource.

pub mod schema;
pub mod shape;
pub mod store;
pub mod tags;
pub mod types;
