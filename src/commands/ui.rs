//! How chatty and how colourful a run is: the global `--quiet` and `--color` flags.

use std::io::IsTerminal;

use crate::cli::{Cli, ColorChoice};

/// Presentation settings shared by every command, fixed for the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ui {
    /// Results and errors only: no progress indicators, no success summaries.
    pub quiet: bool,
    colour: ColorChoice,
}

impl Ui {
    pub fn from_cli(cli: &Cli) -> Ui {
        Ui {
            quiet: cli.quiet,
            colour: cli.color,
        }
    }

    /// Whether text written to stdout is coloured. `auto` follows the NO_COLOR
    /// convention (no-color.org): any non-empty value turns colour off.
    pub fn colour_stdout(&self) -> bool {
        match self.colour {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                crate::diagnostic::render::use_colour(std::io::stdout().is_terminal())
            }
        }
    }

    /// Whether a progress indicator may draw on stderr: a terminal, and not `--quiet`.
    pub fn progress(&self) -> bool {
        !self.quiet && std::io::stderr().is_terminal()
    }
}

impl Default for Ui {
    fn default() -> Ui {
        Ui {
            quiet: false,
            colour: ColorChoice::Auto,
        }
    }
}
