//! `platformctl plan SPEC`: region support, inventory, and the change a deployment makes.

use std::io::Write;

use anyhow::{anyhow, bail};

use super::Outcome;
use crate::cli::{PlanArgs, ReportFormat};
use crate::plan::{self, report};
use crate::{model, regions, spec};

pub fn run(args: &PlanArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let (spec, source) = spec::load(&args.spec)?;
    let platform = model::build(&spec, &source)?;
    let region_name = args.region.as_deref().unwrap_or(&platform.region.name);
    let region = regions::get(region_name)
        .ok_or_else(|| anyhow!(regions::unsupported_message(region_name)))?;
    if args.stack_name.is_some() {
        bail!("plan --stack-name (a live change set) is not available in this build; compare with an earlier synth output with --against DIR");
    }
    let previous = match &args.against {
        Some(dir) => Some((dir.display().to_string(), plan::load_previous(dir)?)),
        None => None,
    };
    let plan = plan::plan(
        &platform,
        region,
        previous.as_ref().map(|(label, p)| (label.as_str(), p)),
    );
    let text = match args.format {
        ReportFormat::Text => report::text(&plan),
        ReportFormat::Json => report::json(&plan),
        ReportFormat::Markdown => report::markdown(&plan)?,
    };
    out.write_all(text.as_bytes())?;
    let blocked: Vec<&str> = plan
        .blocked_replacements(&args.allow_replace)
        .map(|c| c.logical_id.as_str())
        .collect();
    if !blocked.is_empty() {
        out.flush()?;
        eprintln!(
            "error: the plan replaces resources that hold data: {}; if that is intended, name each with --allow-replace",
            blocked.join(", ")
        );
        return Ok(Outcome::Findings);
    }
    if plan.has_errors() {
        return Ok(Outcome::Findings);
    }
    Ok(if args.detailed_exitcode && !plan.summary.is_empty() {
        Outcome::Changes
    } else {
        Outcome::Clean
    })
}
