//! `platformctl verify SPEC [--templates DIR]`: the access graph proved against templates.

use std::io::Write;

use super::Outcome;
use crate::cli::{ReportFormat, VerifyArgs};
use crate::render::TemplateFormat;
use crate::verify::{self, Templates};
use crate::{components, spec};

pub fn run(args: &VerifyArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let platform =
        spec::load(&args.spec).and_then(|(spec, source)| components::build(&spec, &source))?;
    let templates = match &args.templates {
        Some(dir) => Templates::load(dir)?,
        None => Templates::from_set(&components::render(&platform, TemplateFormat::Json)),
    };
    let report = verify::verify(&platform, &templates);
    let text = match args.format {
        ReportFormat::Text => verify::text(&report),
        ReportFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
        ReportFormat::Markdown => verify::markdown(&report),
    };
    out.write_all(text.as_bytes())?;
    Ok(if report.passes() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}
