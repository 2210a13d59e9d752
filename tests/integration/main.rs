//! The integration tests, as one binary: each module runs the built `platformctl` (or
//! the library against a local AWS) the way a user or CI would. One binary links the AWS
//! SDK once and shares one `moto_server` among its tests.

mod support;

mod aws_ec2;
mod aws_secrets;
mod check_network;
mod check_network_live;
mod connector_backfill;
mod connectors;
mod deploy_live;
mod error_contract;
mod external_tools;
mod fleet;
mod fuzz_loaders;
mod hostile_input;
mod lint_ci;
mod lint_cli;
mod lint_corpus;
mod outputs_live;
mod package;
mod plan;
mod plan_live;
mod platform_sections;
mod schema;
mod shell;
mod snapshots;
mod synth;
mod teardown;
mod verify;
mod workers;
