//! platformctl: one YAML spec per environment in; CloudFormation (a parent stack and nested
//! stacks) and the checks an operator needs before deploying out.
//!
//! Stages, in the order data flows: [`yaml`] (located tree) → [`spec`] (shape) →
//! [`model`] (resolved and validated) → [`network`] (capacity, pure) and [`render`]
//! (typed CloudFormation) → [`output`] (files on disk). Every AWS call lives in [`aws`],
//! behind plain types, so nothing else needs a network to be tested. [`components`] is the
//! registry of a platform's parts that those stages iterate.

pub mod aws;
pub mod backfill;
pub mod cfn;
pub mod cidr;
pub mod cli;
pub mod commands;
pub mod components;
pub mod deploy;
pub mod diagnostic;
pub mod drift;
pub mod fleet;
pub mod lint;
pub mod markdown;
pub mod model;
pub mod network;
pub mod output;
pub mod package;
pub mod parallel;
pub mod plan;
pub mod regions;
pub mod render;
pub mod schema;
pub mod spec;
pub mod verify;
pub mod yaml;
