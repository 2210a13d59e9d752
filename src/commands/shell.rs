//! `platformctl completions SHELL` and `platformctl man`: generated from the clap types,
//! so they never fall behind the flags.

use std::io::Write;

use clap::CommandFactory;

use super::Outcome;
use crate::cli::{Cli, Shell};

pub fn completions(shell: Shell, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    use clap_complete::Shell as Target;
    let target = match shell {
        Shell::Bash => Target::Bash,
        Shell::Zsh => Target::Zsh,
        Shell::Fish => Target::Fish,
        Shell::Powershell => Target::PowerShell,
        Shell::Elvish => Target::Elvish,
    };
    let mut command = Cli::command();
    clap_complete::generate(target, &mut command, "platformctl", out);
    Ok(Outcome::Clean)
}

pub fn man(out: &mut dyn Write) -> anyhow::Result<Outcome> {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    Ok(Outcome::Clean)
}
