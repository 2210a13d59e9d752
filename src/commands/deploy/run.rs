//! The change-set path of `deploy`: per top-level stack, prepare, show the plan, confirm,
//! execute, follow.

use std::io::{BufRead, Write};

use anyhow::bail;

use super::{bucket, Context};
use crate::aws::deploy::{ChangeSetRequest, Deployer};
use crate::commands::artifacts;
use crate::commands::Outcome;
use crate::deploy::line::{self, StackResult};
use crate::deploy::Feed;
use crate::plan::{self, report, Plan};
use crate::regions::Region;

/// Deploys the foundation, then the application; a stack that fails, is refused or is
/// declined ends the run, so the application never runs on a foundation that failed.
pub(super) fn deploy_all(
    ctx: &mut Context<'_>,
    region: &Region,
    deployer: &mut Deployer,
    out: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let artifacts = artifacts::of(ctx.platform, ctx.set);
    let base = plan::plan(ctx.platform, region, None);
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let change_set_name = format!("platformctl-deploy-{}-{seconds}", artifacts.digest);
    let mut changed = false;
    for (top, files) in &artifacts.stacks {
        let stack_name = top.stack_name(&ctx.args.stack_name);
        let state = deployer.stack(&stack_name)?;
        let request = ChangeSetRequest {
            stack_name: stack_name.clone(),
            change_set_name: change_set_name.clone(),
            create: state.as_ref().is_none_or(|s| s.awaits_creation()),
            bucket: bucket(ctx.args, &stack_name, state.as_ref())?,
            prefix: artifacts.prefix(ctx.platform),
            files: files.clone(),
        };
        let bar = indicatif::ProgressBar::new_spinner();
        if !ctx.ui.progress() {
            bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
        }
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        let label = top.name();
        let remote = deployer.prepare(&request, &mut |status| {
            bar.set_message(format!("{label}: {status}"));
        });
        bar.finish_and_clear();
        let remote = remote?;
        if remote.is_empty() {
            // CloudFormation keeps a change set with nothing to change, marked FAILED.
            deployer.delete_change_set(&stack_name, &change_set_name)?;
            ctx.results.push(StackResult {
                stack: stack_name,
                status: "no changes".to_owned(),
            });
            continue;
        }
        let mut plan = base.clone();
        plan.changes = plan::live::changes(ctx.set, &[(*top, remote)]);
        plan.findings
            .extend(plan.changes.iter().filter_map(plan::Change::refusal));
        plan.summary = plan::Summary::of(&plan.changes);
        plan.against = Some(format!("stack {stack_name}"));
        show(ctx, &stack_name, &plan, out)?;
        if let Some(outcome) = refuse(ctx, deployer, &request, &plan, out)? {
            return Ok(outcome);
        }
        if !ctx.args.yes && !confirm(&stack_name, plan.changes.len())? {
            deployer.delete_change_set(&stack_name, &change_set_name)?;
            eprintln!("Not deployed: the change set for {stack_name} was deleted.");
            ctx.results.push(StackResult {
                stack: stack_name,
                status: "declined".to_owned(),
            });
            return ctx.finish(line::Result::Declined, None, out);
        }
        let Some(created) = deployer.stack(&stack_name)? else {
            bail!("stack {stack_name} disappeared before its change set was executed");
        };
        let before = deployer.newest_event(&created.id)?;
        let since = before.as_ref().map_or(0, |e| e.at_ms + 1);
        if let Err(err) = deployer.execute(&stack_name, &change_set_name) {
            // Nothing ran: the change set would only linger in the stack's list.
            let _ = deployer.delete_change_set(&stack_name, &change_set_name);
            return Err(err.into());
        }
        changed = true;
        let feed = Feed::new(
            &created.id,
            top.name(),
            ctx.resource_count(*top),
            before.map(|e| e.id),
            None,
        );
        if let Some(outcome) = ctx.follow(deployer, &stack_name, feed, since, out)? {
            return Ok(outcome);
        }
    }
    let result = if changed {
        line::Result::Deployed
    } else {
        line::Result::NoChanges
    };
    ctx.finish(result, None, out)
}

/// The plan as `plan` prints it (text), or one JSON line `{"stack": ..., "plan": ...}`.
fn show(
    ctx: &Context<'_>,
    stack_name: &str,
    plan: &Plan,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if ctx.json() {
        let line = serde_json::json!({"stack": stack_name, "plan": plan});
        writeln!(out, "{line}")?;
    } else {
        out.write_all(report::text(plan).as_bytes())?;
    }
    out.flush()?;
    Ok(())
}

/// What `plan` refuses, `deploy` does not execute: the change set is deleted and the run
/// ends with exit 1.
fn refuse(
    ctx: &mut Context<'_>,
    deployer: &Deployer,
    request: &ChangeSetRequest,
    plan: &Plan,
    out: &mut dyn Write,
) -> anyhow::Result<Option<Outcome>> {
    let Some(reason) = refusal(plan, &ctx.args.allow_replace) else {
        return Ok(None);
    };
    deployer.delete_change_set(&request.stack_name, &request.change_set_name)?;
    eprintln!("error: {reason}");
    ctx.results.push(StackResult {
        stack: request.stack_name.clone(),
        status: "refused".to_owned(),
    });
    ctx.finish(line::Result::Refused, None, out).map(Some)
}

/// Why `plan` would fail: a stateful replacement `allowed` does not name, or an error.
fn refusal(plan: &Plan, allowed: &[String]) -> Option<String> {
    let blocked: Vec<&str> = plan
        .blocked_replacements(allowed)
        .map(|c| c.logical_id.as_str())
        .collect();
    if !blocked.is_empty() {
        Some(format!(
            "the plan replaces resources that hold data: {}; if that is intended, name each with --allow-replace",
            blocked.join(", ")
        ))
    } else if plan.has_errors() {
        Some("the plan has errors (above); nothing was deployed".to_owned())
    } else {
        None
    }
}

/// Asks on the terminal (`run` refused already when stdin is not one).
fn confirm(stack_name: &str, changes: usize) -> anyhow::Result<bool> {
    let stdin = std::io::stdin();
    eprint!("Deploy {changes} changes to {stack_name}? [y/N] ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::cloudformation::RemoteChange;
    use crate::render::{TemplateFormat, TopLevel};

    /// moto reports no replacements, so the refusal is tested on the plan a change set
    /// replacing the database gives.
    #[test]
    fn a_stateful_replacement_is_refused_unless_allowed() {
        let platform = crate::components::testkit::example("tdp.yaml");
        let set = crate::components::render(&platform, TemplateFormat::Json);
        let region = crate::regions::get(&platform.region.name).unwrap();
        let mut plan = plan::plan(&platform, region, None);
        plan.changes = plan::live::changes(
            &set,
            &[(
                TopLevel::Foundation,
                vec![RemoteChange {
                    path: vec!["DataStack".into()],
                    logical_id: "Database".into(),
                    resource_type: "AWS::RDS::DBInstance".into(),
                    action: "Modify".into(),
                    replacement: Some("True".into()),
                    properties: vec!["DBName".into()],
                }],
            )],
        );
        let refused = refusal(&plan, &[]).unwrap();
        assert!(
            refused.contains("Database") && refused.contains("--allow-replace"),
            "{refused}"
        );
        assert_eq!(refusal(&plan, &["Database".to_owned()]), None);
    }
}
