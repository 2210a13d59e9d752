//! `platformctl lint PATH...`: reads the config, runs the engine, renders, picks the exit.

use std::io::Write;

use anyhow::Context;

use super::{Outcome, Reported, Ui};
use crate::cli::{LintArgs, LintFormat};
use crate::diagnostic::sarif::{sarif, SarifRule};
use crate::diagnostic::{render, Severity};
use crate::lint::{self, config};

pub fn run(args: &LintArgs, ui: &Ui, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let rules = lint::rules();
    if args.list_rules {
        for r in &rules {
            // The AWS page a rule relies on follows its summary, so the listing is its help.
            let source = if r.help.is_empty() {
                String::new()
            } else {
                format!(" (source: {})", r.help)
            };
            writeln!(
                out,
                "{:<7} {:<8} {}{source}",
                r.id,
                r.severity.to_string(),
                r.summary
            )?;
        }
        return Ok(Outcome::Clean);
    }
    let config_path = match &args.config {
        Some(path) => Some(path.clone()),
        None => config::find(&std::env::current_dir().context("reading the current directory")?),
    };
    let config = match config_path {
        Some(path) => config::read(&path)?,
        None => config::Config::default(),
    };
    let warnings_fail = args.warnings_as_errors || config.lint.warnings_as_errors;
    let options = lint::Options {
        regions: args.regions.clone(),
        config,
        today: args.today,
    };
    let report = lint::lint(&args.paths, &options)?;
    for warning in &report.warnings {
        writeln!(std::io::stderr(), "warning: {warning}")?;
    }
    let found = &report.diagnostics;
    let rendered = match args.format {
        LintFormat::Text => {
            let mut text = render::text_coloured(found, ui.colour_stdout());
            if found.is_empty() && !ui.quiet {
                text = format!("{} template(s) linted: no findings\n", report.templates);
            }
            text
        }
        LintFormat::Json => render::json(found),
        LintFormat::Github => render::github(found),
        LintFormat::Sarif => {
            // Only the rules that have results: the log stays small and stable.
            let listed: Vec<SarifRule> = rules
                .iter()
                .filter(|r| found.iter().any(|d| d.code == r.id))
                .map(|r| SarifRule {
                    id: r.id,
                    severity: r.severity,
                    summary: r.summary,
                    help: r.help,
                })
                .collect();
            sarif(found, &listed)
        }
    };
    out.write_all(rendered.as_bytes())?;
    if report.unparsable {
        out.flush()?;
        return Err(Reported.into());
    }
    let fails = |s: Severity| s == Severity::Error || (warnings_fail && s == Severity::Warning);
    Ok(if found.iter().any(|d| fails(d.severity)) {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
