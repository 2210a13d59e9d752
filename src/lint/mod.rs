//! `platformctl lint`: CloudFormation templates (ours or anyone's, JSON or YAML with
//! short-form tags) checked for what CloudFormation would reject, what an audit would
//! flag, and what breaks at deploy time, with a file, line and column on every finding.
//!
//! The engine reads each template once into a located tree, rewrites short-form tags to
//! the long form, indexes its named parts, and walks it once for intrinsic functions; the
//! rule families (see [`rules`](mod@rules)) read that. Findings become [`Diagnostic`]s, the one type
//! every command reports, so the renderers are shared.

pub mod call;
pub mod codes;
pub mod config;
pub mod date;
pub mod glob;
pub mod load;
pub mod normalize;
pub mod rule;
pub mod rules;
pub mod suppress;
pub mod template;
pub mod walk;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Location};
use config::Config;
use rule::{Findings, RuleDoc};
use suppress::Suppressions;
use template::Template;

/// Why a lint run could not start (exit 2). Files that cannot be read are findings
/// instead, so that they never hide the other files' findings.
#[derive(Debug, thiserror::Error)]
pub enum LintError {
    #[error("{}", crate::regions::unsupported_message(.0))]
    UnknownRegion(String),
}

/// What a run checks beyond the rules themselves.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Regions whose resource type availability is checked (PC6xxx).
    pub regions: Vec<String>,
    pub config: Config,
    /// The day date-dependent rules judge by (Lambda runtimes, retired services); today
    /// (UTC) when unset.
    pub today: Option<date::Day>,
}

/// The findings of one run.
#[derive(Debug, Default)]
pub struct Report {
    /// Every finding, sorted by file, line, column and rule.
    pub diagnostics: Vec<Diagnostic>,
    /// How many templates were linted.
    pub templates: usize,
    /// Whether some path could not be read or parsed at all (the run exits 2).
    pub unparsable: bool,
    /// Problems with the walk that are not findings (symbolic link loops skipped).
    pub warnings: Vec<String>,
}

/// Every rule `lint` runs (`--list-rules`), sorted by ID.
pub fn rules() -> Vec<RuleDoc> {
    rules::all()
}

/// Lints the templates at `paths` (files, or directories searched for templates).
pub fn lint(paths: &[PathBuf], options: &Options) -> Result<Report, LintError> {
    let mut regions = options.regions.clone();
    regions.extend(options.config.lint.regions.iter().cloned());
    regions.sort();
    regions.dedup();
    if let Some(bad) = regions.iter().find(|r| crate::regions::get(r).is_none()) {
        return Err(LintError::UnknownRegion(bad.clone()));
    }
    let exclude = &options.config.lint.exclude;
    let excluded = |p: &Path| {
        let shown = p.to_string_lossy().replace('\\', "/");
        exclude.iter().any(|g| glob::matches(g, &shown))
    };
    let loaded = load::load_all(paths, &excluded);
    let by_path: HashMap<PathBuf, &Template> = loaded
        .templates
        .iter()
        .map(|t| (t.file.clone(), t))
        .collect();
    let known: Vec<&str> = rules().iter().map(|r| r.id).collect();
    let is_known = |id: &str| known.contains(&id);
    let today = options.today.unwrap_or_else(date::Day::today);
    let mut diagnostics = loaded.unreadable.clone();
    diagnostics.extend(config_problems(&options.config, &is_known));
    let ignored: Vec<&str> = options
        .config
        .lint
        .ignore
        .iter()
        .filter(|i| !i.reason.trim().is_empty())
        .map(|i| i.rule.as_str())
        .collect();
    // One template per job, on every core: a template's rules read only it and the
    // templates it names, never another job's findings.
    let per_template = crate::parallel::parallel(&loaded.templates, |template| {
        let mut out = Findings::default();
        rules::run(template, &by_path, &regions, today, &mut out);
        let suppressions = Suppressions::read(template, &is_known, &mut out);
        out.into_vec()
            .into_iter()
            .filter(|f| {
                !suppressions.covers(f)
                    && (!ignored.contains(&f.rule) || is_suppression_rule(f.rule))
            })
            .map(|f| rule::into_diagnostic(f, &template.file))
            .collect::<Vec<_>>()
    });
    diagnostics.extend(per_template.into_iter().flatten());
    diagnostics
        .sort_by(|a, b| (&a.location, a.code, &a.message).cmp(&(&b.location, b.code, &b.message)));
    Ok(Report {
        diagnostics,
        templates: loaded.templates.len(),
        unparsable: !loaded.unreadable.is_empty(),
        warnings: loaded.warnings,
    })
}

/// Problems with suppressions cannot themselves be suppressed: every silenced rule keeps
/// its reason.
fn is_suppression_rule(id: &str) -> bool {
    suppress::RULES.iter().any(|r| r.id == id)
}

/// Findings about the config file's own ignore entries: unknown rules, missing reasons.
fn config_problems(config: &Config, known: &dyn Fn(&str) -> bool) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (i, entry) in config.lint.ignore.iter().enumerate() {
        let location = config.ignore_locations.get(i).cloned();
        let (rule, message) = if !known(&entry.rule) {
            (&suppress::PC0002, format!("{} is not a rule", entry.rule))
        } else if entry.reason.trim().is_empty() {
            (
                &suppress::PC0001,
                format!("the suppression of {} needs a reason", entry.rule),
            )
        } else {
            continue;
        };
        let mut d = Diagnostic::error(rule.id, message);
        d.location = location.or_else(|| {
            config.path.as_ref().map(|p| Location {
                file: p.clone(),
                line: None,
                column: None,
            })
        });
        found.push(d);
    }
    found
}

#[cfg(test)]
pub(crate) mod testkit;
