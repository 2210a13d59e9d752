//! `platformctl deploy SPEC --stack-name NAME`: for the foundation, then the application,
//! the change set `plan` shows, confirmed, executed and followed to its end.
//!
//! Exit codes: 0 deployed, nothing to change, or declined at the prompt; 1 the plan was
//! refused or a stack failed (rolled back); 2 bad input, no `--yes` without a terminal,
//! or an AWS call failed; 130 Ctrl-C stopped following (the deployment goes on).

mod run;
mod view;

use std::io::{IsTerminal, Write};

use anyhow::{anyhow, bail};

use super::{Outcome, Ui};
use crate::aws::deploy::{Deployer, StackState};
use crate::cli::{DeployArgs, Format};
use crate::components::Platform;
use crate::deploy::event::is_failure;
use crate::deploy::failure::first_failure;
use crate::deploy::follow::{self, Ending, Followed};
use crate::deploy::line::{self, StackResult};
use crate::deploy::Feed;
use crate::render::{self, TemplateSet, TopLevel};
use crate::{components, regions, spec, verify};

use view::View;

pub fn run(args: &DeployArgs, ui: &Ui, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    // Refused before anything is created: a CI job without --yes must not leave a change
    // set (or, for a new environment, an empty stack) behind.
    if !args.follow && !args.yes && !std::io::stdin().is_terminal() {
        bail!(
            "not deploying {} without confirmation: stdin is not a terminal; pass --yes to deploy without asking",
            args.stack_name
        );
    }
    let (spec, source) = spec::load(&args.spec)?;
    let platform = components::build(&spec, &source)?;
    let region = regions::get(&platform.region.name)
        .ok_or_else(|| anyhow!(regions::unsupported_message(&platform.region.name)))?;
    let set = components::render(&platform, render::TemplateFormat::Json);
    if !args.follow {
        // What synth refuses to write, deploy refuses to execute.
        components::check_release_outputs(&platform, &set, &source)?;
        let access = verify::verify(&platform, &verify::Templates::from_set(&set));
        if !access.passes() {
            let mut stderr = std::io::stderr().lock();
            writeln!(
                stderr,
                "deploy: the templates would not let the spec's accesses through as declared, so nothing was deployed:"
            )?;
            stderr.write_all(verify::text(&access).as_bytes())?;
            return Ok(Outcome::Findings);
        }
    }
    let mut deployer = Deployer::connect(&super::live::options(&platform, &args.aws))?;
    let mut ctx = Context {
        args,
        ui,
        platform: &platform,
        set: &set,
        results: Vec::new(),
    };
    let outcome = if args.follow {
        ctx.follow_only(&mut deployer, out)?
    } else {
        run::deploy_all(&mut ctx, region, &mut deployer, out)?
    };
    Ok(outcome)
}

/// What every step of one run shares.
pub(super) struct Context<'a> {
    args: &'a DeployArgs,
    ui: &'a Ui,
    platform: &'a Platform,
    set: &'a TemplateSet,
    /// Each top-level stack's end state so far, for the summary.
    results: Vec<StackResult>,
}

impl Context<'_> {
    fn json(&self) -> bool {
        self.args.format == Format::Json
    }

    /// `--follow`: each top-level stack's running operation, in order; no change set.
    fn follow_only(
        &mut self,
        deployer: &mut Deployer,
        out: &mut dyn Write,
    ) -> anyhow::Result<Outcome> {
        let mut followed = false;
        for top in TopLevel::ALL {
            let name = top.stack_name(&self.args.stack_name);
            let Some(state) = deployer.stack(&name)? else {
                continue;
            };
            if crate::deploy::event::is_terminal(&state.status) || state.awaits_creation() {
                self.results.push(StackResult {
                    stack: name,
                    status: format!("{} (nothing running)", state.status),
                });
                continue;
            }
            let since = deployer.operation_start(&state.id)?.unwrap_or(0);
            let feed = Feed::new(
                &state.id,
                top.name(),
                self.resource_count(top),
                None,
                Some(since),
            );
            followed = true;
            if let Some(outcome) = self.follow(deployer, &name, feed, since, out)? {
                return Ok(outcome);
            }
        }
        let result = if followed {
            line::Result::Deployed
        } else {
            line::Result::NoChanges
        };
        self.finish(result, None, out)
    }

    /// Follows one top-level stack's operation to its end; `Some` outcome ends the run
    /// (a failure, Ctrl-C), `None` goes on to the next stack.
    fn follow(
        &mut self,
        deployer: &mut Deployer,
        stack_name: &str,
        feed: Feed,
        since: i64,
        out: &mut dyn Write,
    ) -> anyhow::Result<Option<Outcome>> {
        let set = self.set;
        let nested = |logical_id: &str| -> (String, usize) {
            set.stacks
                .iter()
                .find(|s| render::parent_stack_id(s.name) == logical_id)
                .map_or((logical_id.to_owned(), 0), |s| {
                    (s.name.to_owned(), s.template.resources.len())
                })
        };
        let progress = !self.json() && self.ui.progress() && std::io::stdout().is_terminal();
        let followed: Followed = {
            let mut view = if self.json() {
                View::Json {
                    out: &mut *out,
                    error: None,
                }
            } else if progress {
                View::progress()
            } else {
                View::Lines {
                    out: &mut *out,
                    error: None,
                }
            };
            let followed = follow::follow(deployer, feed, since, &nested, &mut view)?;
            view.finish()?;
            followed
        };
        match followed.ending {
            Ending::Interrupted => {
                eprintln!(
                    "Stopped following; the deployment of {stack_name} goes on. Follow it again with:\n  platformctl deploy {} --stack-name {} --follow",
                    self.args.spec.display(),
                    self.args.stack_name
                );
                self.results.push(StackResult {
                    stack: stack_name.to_owned(),
                    status: "in progress".to_owned(),
                });
                self.finish(line::Result::Interrupted, None, out)?;
                Ok(Some(Outcome::Interrupted))
            }
            Ending::Finished(status) => {
                let failure = first_failure(&followed.events);
                self.results.push(StackResult {
                    stack: stack_name.to_owned(),
                    status: status.clone(),
                });
                if is_failure(&status) || failure.is_some() {
                    self.finish(line::Result::Failed, failure, out)?;
                    Ok(Some(Outcome::Findings))
                } else {
                    Ok(None)
                }
            }
        }
    }

    /// Resources in the top-level template, for its progress line.
    fn resource_count(&self, top: TopLevel) -> usize {
        self.set.parent(top).map_or(0, |t| t.resources.len())
    }

    /// Prints the summary (text) or the result line (JSON).
    fn finish(
        &self,
        result: line::Result,
        failure: Option<&crate::deploy::StackEvent>,
        out: &mut dyn Write,
    ) -> anyhow::Result<Outcome> {
        if self.json() {
            writeln!(out, "{}", line::result_json(result, &self.results, failure))?;
        } else {
            out.write_all(line::summary(&self.results, failure).as_bytes())?;
        }
        out.flush()?;
        Ok(match result {
            line::Result::Failed | line::Result::Refused => Outcome::Findings,
            line::Result::Interrupted => Outcome::Interrupted,
            _ => Outcome::Clean,
        })
    }
}

/// The bucket for a stack's templates: `--artifact-bucket`, or the deployed stack's.
fn bucket(
    args: &DeployArgs,
    stack_name: &str,
    state: Option<&StackState>,
) -> anyhow::Result<String> {
    args.artifact_bucket
        .clone()
        .or_else(|| state.and_then(|s| s.artifact_bucket.clone()))
        .ok_or_else(|| match state {
            None => anyhow!("--artifact-bucket is needed to create stack {stack_name}: its templates are uploaded there"),
            Some(_) => anyhow!("--artifact-bucket is needed: stack {stack_name} has no ArtifactBucket parameter to reuse"),
        })
}
