//! Entry point: parse the command line, run it, and map the result to an exit code.
//!
//! 0: nothing wrong. 1: the command ran and found errors. 2: bad input or invocation, or
//! an AWS call failed. A closed stdout (`| head`) is not an error: exit 0. 130: Ctrl-C
//! stopped `deploy` following a deployment, which goes on.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use platformctl::cli::Cli;
use platformctl::commands::{self, Outcome, Reported};

/// mimalloc instead of glibc's malloc: rendering builds and drops many small JSON values,
/// and glibc's consolidation of freed chunks took a fifth of a large synth (measured with
/// `perf` on `examples/tdp-organizations.yaml`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let args: Vec<_> = std::env::args_os().collect();
            if err.use_stderr() && commands::asks_for_json(&args) {
                print!("{}", commands::usage_json(&err.render().to_string()));
            }
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = commands::run(cli, &mut out).and_then(|outcome| {
        out.flush()?;
        Ok(outcome)
    });
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Changes) => ExitCode::from(2),
        Ok(Outcome::Failed) => ExitCode::from(1),
        Ok(Outcome::Interrupted) => ExitCode::from(130),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            report(&err);
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

fn report(err: &anyhow::Error) {
    if err.downcast_ref::<Reported>().is_some() {
        return;
    }
    commands::report_text(err);
}
