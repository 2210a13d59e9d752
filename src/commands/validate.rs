//! `platformctl validate SPEC`: every problem in the spec, or that it is valid.

use std::io::Write;

use serde_json::json;

use super::{Outcome, Ui};
use crate::cli::{Format, ValidateArgs};
use crate::{components, spec};

pub fn run(args: &ValidateArgs, ui: &Ui, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    // An invalid spec is bad input: reported by the command layer, as text or as
    // `{"errors": [...]}`.
    let platform = spec::load(&args.spec).and_then(|(spec, source)| {
        let platform = components::build(&spec, &source)?;
        // Helm values may name outputs of the parent stack, known only once rendered.
        if platform
            .kubernetes
            .as_ref()
            .is_some_and(|k| !k.releases.is_empty())
        {
            let set = components::render(&platform, crate::render::TemplateFormat::Json);
            components::check_release_outputs(&platform, &set, &source)?;
        }
        Ok(platform)
    })?;
    match args.format {
        Format::Text if ui.quiet => {}
        Format::Text => writeln!(
            out,
            "{}: valid ({} {}, {} in {})",
            args.spec.display(),
            platform.name,
            platform.size,
            if !platform.network.declared {
                "no VPC"
            } else if platform.network.vpc.is_new() {
                "new VPC"
            } else {
                "existing VPC"
            },
            platform.region.name,
        )?,
        Format::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json!({ "valid": true, "problems": [] }))?
        )?,
    }
    Ok(Outcome::Clean)
}
