//! The command layer: runs a parsed command line, prints, and says how it went.
//! anyhow lives here and in `main`, nowhere below.

mod check_network;
mod connector;
mod lint;
mod live;
mod plan;
mod schema;
mod shell;
mod synth;
mod ui;
mod validate;

pub use ui::Ui;

use std::io::Write;

use crate::cli::{Cli, Command};

/// How a command that ran to the end went; `main` turns it into an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing wrong (exit 0).
    Clean,
    /// The command ran and found errors (exit 1).
    Findings,
    /// `plan --detailed-exitcode` found changes (exit 2).
    Changes,
}

/// An error that the command already reported in the format asked for; `main` only exits 2.
#[derive(Debug, thiserror::Error)]
#[error("already reported")]
pub struct Reported;

/// Runs `cli`, writing reports to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let ui = Ui::from_cli(&cli);
    match cli.command {
        Command::Synth(args) => synth::run(&args, &ui, out),
        Command::CheckNetwork(args) => check_network::run(&args, out),
        Command::Plan(args) => plan::run(&args, &ui, out),
        Command::Validate(args) => validate::run(&args, &ui, out),
        Command::Schema => schema::run(out),
        Command::Connector(command) => connector::run(&command, &ui, out),
        Command::Lint(args) => lint::run(&args, &ui, out),
        Command::Completions { shell } => shell::completions(shell, out),
        Command::Man => shell::man(out),
    }
}
