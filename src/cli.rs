//! Command-line types (clap). Kept apart from the logic in `commands`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Synthesizes CloudFormation for a data platform environment from one YAML spec, and
/// checks it before you deploy.
#[derive(Debug, Parser)]
#[command(name = "platformctl", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the parent template, nested templates and manifest.json to DIR.
    Synth(SynthArgs),
    /// Check a spec and report every problem in it.
    Validate(ValidateArgs),
    /// Print the JSON Schema of the spec.
    Schema,
}

/// Output formats of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Output formats of `synth`: the report on stdout, or YAML templates beside the JSON ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SynthFormat {
    /// JSON templates; a summary on stdout.
    Text,
    /// JSON templates; the manifest on stdout.
    Json,
    /// JSON templates and YAML renderings of each; a summary on stdout.
    Yaml,
}

#[derive(Debug, clap::Args)]
pub struct SynthArgs {
    /// The environment spec (YAML).
    pub spec: PathBuf,
    /// Directory to write; replaced whole if it holds earlier output.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    #[arg(long, value_enum, default_value_t = SynthFormat::Text)]
    pub format: SynthFormat,
}

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// The environment spec (YAML).
    pub spec: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}
