//! `platformctl plan SPEC`: region support, inventory, and the change a deployment makes.

use std::io::Write;

use anyhow::anyhow;

use super::{Outcome, Ui};
use crate::aws::cloudformation::{self, Preview, RemoteChange};
use crate::cli::{PlanArgs, ReportFormat};
use crate::components::Platform;
use crate::plan::{self, report};
use crate::regions::Region;
use crate::render::{TemplateFormat, TopLevel};
use crate::{components, regions, spec};

pub fn run(args: &PlanArgs, ui: &Ui, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let (spec, source) = spec::load(&args.spec)?;
    let platform = components::build(&spec, &source)?;
    let region_name = args.region.as_deref().unwrap_or(&platform.region.name);
    let region = regions::get(region_name)
        .ok_or_else(|| anyhow!(regions::unsupported_message(region_name)))?;
    let previous = match &args.against {
        Some(dir) => Some((dir.display().to_string(), plan::load_previous(dir)?)),
        None => None,
    };
    let mut plan = plan::plan(
        &platform,
        region,
        previous.as_ref().map(|(label, p)| (label.as_str(), p)),
    );
    if let Some(stack_name) = &args.stack_name {
        let remote = preview(&platform, region, stack_name, args, ui)?;
        let set = crate::components::render(&platform, TemplateFormat::Json);
        plan.changes = plan::live::changes(&set, &remote);
        plan.findings
            .extend(plan.changes.iter().filter_map(plan::Change::refusal));
        plan.summary = plan::Summary::of(&plan.changes);
        let names: Vec<String> = set
            .parents
            .iter()
            .map(|p| p.top.stack_name(stack_name))
            .collect();
        plan.against = Some(format!("stacks {}", names.join(" and ")));
        if let Some(found) = super::live::read_endpoints(&platform, None, &args.aws)? {
            plan.findings.extend(crate::network::endpoints::check(
                &platform.network,
                super::live::has_private_zone(&platform),
                &found,
            ));
        }
    }
    let supplied = plan::secrets::supplied(&platform);
    if !supplied.is_empty() {
        let states = match &args.stack_name {
            Some(_) => {
                let mut options = super::live::options(&platform, &args.aws);
                options.region.clone_from(&region.name);
                Some(crate::aws::secrets::describe_secrets(&options, &supplied)?)
            }
            None => None,
        };
        plan.findings
            .extend(plan::secrets::findings(&supplied, states.as_deref()));
    }
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

/// Previews each top-level stack (`<stack_name>-foundation`, `<stack_name>-application`)
/// against the templates: uploaded under a prefix named by their content, compared
/// through a change set that is deleted afterwards.
fn preview(
    platform: &Platform,
    region: &Region,
    stack_name: &str,
    args: &PlanArgs,
    ui: &Ui,
) -> anyhow::Result<Vec<(TopLevel, Vec<RemoteChange>)>> {
    let set = crate::components::render(platform, crate::render::TemplateFormat::Json);
    let artifacts = super::artifacts::of(platform, &set);
    let digest = &artifacts.digest;
    let prefix = artifacts.prefix(platform);
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut options = super::live::options(platform, &args.aws);
    options.region.clone_from(&region.name);
    let mut out = Vec::new();
    // Each parent first, then the nested templates it points at.
    for (top, templates) in artifacts.stacks {
        let request = Preview {
            stack_name: top.stack_name(stack_name),
            artifact_bucket: args.artifact_bucket.clone(),
            artifact_prefix: prefix.clone(),
            files: templates,
            change_set_name: format!("platformctl-plan-{digest}-{seconds}"),
        };
        let bar = indicatif::ProgressBar::new_spinner();
        if !ui.progress() {
            bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
        }
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        let label = top.name();
        let result = cloudformation::preview(&options, &request, &mut |status| {
            bar.set_message(format!("{label}: {status}"));
        });
        bar.finish_and_clear();
        out.push((top, result?));
    }
    Ok(out)
}
