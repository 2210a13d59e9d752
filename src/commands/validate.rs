//! `platformctl validate SPEC`: every problem in the spec, or that it is valid.

use std::io::Write;

use serde_json::json;

use super::{Outcome, Reported, Ui};
use crate::cli::{Format, ValidateArgs};
use crate::{components, spec};

pub fn run(args: &ValidateArgs, ui: &Ui, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let result =
        spec::load(&args.spec).and_then(|(spec, source)| components::build(&spec, &source));
    match (result, args.format) {
        (Ok(_), Format::Text) if ui.quiet => {}
        (Ok(platform), Format::Text) => writeln!(
            out,
            "{}: valid ({} {}, {} in {})",
            args.spec.display(),
            platform.name,
            platform.size,
            if platform.network.vpc.is_new() {
                "new VPC"
            } else {
                "existing VPC"
            },
            platform.region.name,
        )?,
        (Ok(_), Format::Json) => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json!({ "valid": true, "problems": [] }))?
        )?,
        (Err(err), Format::Text) => return Err(err.into()),
        (Err(err), Format::Json) => {
            let body = json!({ "valid": false, "problems": err.problems() });
            writeln!(out, "{}", serde_json::to_string_pretty(&body)?)?;
            out.flush()?;
            return Err(Reported.into());
        }
    }
    Ok(Outcome::Clean)
}
