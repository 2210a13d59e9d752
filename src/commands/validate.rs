//! `platformctl validate SPEC`: every problem in the spec, or that it is valid.

use std::io::Write;

use serde_json::json;

use super::Outcome;
use crate::cli::{Format, ValidateArgs};
use crate::{model, spec};

pub fn run(args: &ValidateArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let (spec, source) = spec::load(&args.spec)?;
    let platform = model::build(&spec, &source)?;
    match args.format {
        Format::Text => writeln!(
            out,
            "{}: valid ({} {}, {} in {})",
            args.spec.display(),
            platform.name,
            platform.size,
            platform.region.name,
            if platform.network.vpc.is_new() { "new VPC" } else { "existing VPC" }
        )?,
        Format::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json!({ "valid": true, "problems": [] }))?
        )?,
    }
    Ok(Outcome::Clean)
}
