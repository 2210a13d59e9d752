//! `deploy`'s model of a running deployment, free of AWS types: stack events as plain
//! values, the feed that reads each stack's events once and in order, the per-stack
//! progress, the choice of the failure to show first, and the lines printed for them.
//! The calls live in `aws::deploy`, the command in `commands::deploy`.

pub mod board;
pub mod event;
pub mod failure;
pub mod follow;
pub mod line;

pub use event::{Feed, StackEvent};
