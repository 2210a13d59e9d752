//! The command layer: runs a parsed command line, prints, and says how it went.
//! anyhow lives here and in `main`, nowhere below.

mod artifacts;
mod check_network;
mod connector;
mod deploy;
mod errors;
mod fleet;
mod lint;
mod live;
mod outputs;
mod package;
mod plan;
mod schema;
mod shell;
mod synth;
mod ui;
mod validate;
mod verify;

pub use ui::Ui;

use std::io::Write;

use crate::cli::{Cli, Command, ConnectorCommand, Format, LintFormat, ReportFormat, SynthFormat};

pub use errors::{asks_for_json, report_text, usage_json};

/// How a command that ran to the end went; `main` turns it into an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing wrong (exit 0).
    Clean,
    /// The command ran and found errors (exit 1).
    Findings,
    /// `plan --detailed-exitcode` found changes (exit 2).
    Changes,
    /// `plan --detailed-exitcode` failed, already reported (exit 1: under that flag 2
    /// means changes, so every error is 1).
    Failed,
    /// Ctrl-C stopped `deploy` following; the deployment goes on (exit 130, as a shell
    /// reports a process SIGINT ended).
    Interrupted,
}

/// An error that the command already reported in the format asked for; `main` only exits 2.
#[derive(Debug, thiserror::Error)]
#[error("already reported")]
pub struct Reported;

/// Runs `cli`, writing reports to `out`. A failure is reported here, in the format asked
/// for (see [`errors`]), and comes back as [`Reported`]; only a closed stdout is left to
/// the caller.
pub fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let json = wants_json(&cli.command);
    let detailed = matches!(&cli.command, Command::Plan(args) if args.detailed_exitcode);
    let err = match dispatch(cli, out) {
        Ok(outcome) => return Ok(outcome),
        Err(err) => err,
    };
    if is_broken_pipe(&err) {
        return Err(err);
    }
    if err.downcast_ref::<Reported>().is_none() {
        if json {
            out.write_all(errors::json(&errors::entries(&err)).as_bytes())?;
            out.flush()?;
        } else {
            errors::report_text(&err);
        }
    }
    if detailed {
        return Ok(Outcome::Failed);
    }
    Err(Reported.into())
}

/// Whether the command was asked for JSON on stdout.
fn wants_json(command: &Command) -> bool {
    match command {
        Command::Synth(args) => args.format == SynthFormat::Json,
        Command::CheckNetwork(args) => args.format == ReportFormat::Json,
        Command::Plan(args) => args.format == ReportFormat::Json,
        Command::Validate(args) => args.format == Format::Json,
        Command::Outputs(args) => args.format == Format::Json,
        Command::Verify(args) => args.format == ReportFormat::Json,
        Command::Connector(ConnectorCommand::Backfill(args)) => args.format == Format::Json,
        Command::Lint(args) => args.format == LintFormat::Json,
        Command::Schema | Command::Completions { .. } | Command::Man => false,
        Command::Deploy(args) => args.format == Format::Json,
        Command::Package(_) => false,
    }
}

/// Whether `err` is stdout closed under us (`| head`), which is not a failure.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

fn dispatch(cli: Cli, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let ui = Ui::from_cli(&cli);
    match cli.command {
        Command::Synth(args) if fleet::is_fleet(&args.spec, &args.rest) => {
            fleet::synth(&args, &ui, out)
        }
        Command::Synth(args) => synth::run(&args, &ui, out),
        Command::CheckNetwork(args) if fleet::is_fleet(&args.spec, &args.rest) => {
            fleet::check_network(&args, out)
        }
        Command::CheckNetwork(args) => check_network::run(&args, out),
        Command::Plan(args) if fleet::is_fleet(&args.spec, &args.rest) => fleet::plan(&args, out),
        Command::Plan(args) => plan::run(&args, &ui, out),
        Command::Validate(args) => validate::run(&args, &ui, out),
        Command::Verify(args) => verify::run(&args, out),
        Command::Outputs(args) => outputs::run(&args, out),
        Command::Schema => schema::run(out),
        Command::Connector(command) => connector::run(&command, &ui, out),
        Command::Lint(args) => lint::run(&args, &ui, out),
        Command::Completions { shell } => shell::completions(shell, out),
        Command::Man => shell::man(out),
        Command::Deploy(args) => deploy::run(&args, &ui, out),
        Command::Package(args) => package::run(&args, &ui, out),
    }
}
