//! `synth`, `check-network` and `plan` over many specs (files or directories): one job per
//! environment on every core, one summary table, the exit code of the worst outcome.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::bail;

use super::Outcome;
use crate::cli::{CheckNetworkArgs, PlanArgs, ReportFormat, SynthArgs, SynthFormat};
use crate::components::{self, Platform};
use crate::fleet::{self, report, Changes, Row, Verdict};
use crate::network::capacity::{self, Verdict as NetworkVerdict};
use crate::render::TemplateFormat;
use crate::verify::{self, Templates};
use crate::{output, plan, regions, spec};

/// Whether the command line names a fleet rather than one spec file.
pub fn is_fleet(first: &Path, rest: &[PathBuf]) -> bool {
    !rest.is_empty() || first.is_dir()
}

fn files(first: &Path, rest: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let paths: Vec<PathBuf> = std::iter::once(first.to_owned())
        .chain(rest.iter().cloned())
        .collect();
    Ok(fleet::specs(&paths)?)
}

/// A spec loaded and resolved, or the row that says why not (boxed: a row is large, and
/// the error path is the rare one).
fn build(file: &Path) -> Result<(Platform, spec::Source), Box<Row>> {
    let invalid = |e: spec::SpecError| {
        let problems = e.problems();
        let more = match problems.len() {
            0 | 1 => String::new(),
            n => format!(" (and {} more; run `platformctl validate`)", n - 1),
        };
        let first = problems
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        Box::new(Row::invalid(file.to_owned(), format!("{first}{more}")))
    };
    let (spec, source) = spec::load::<components::Spec>(file).map_err(invalid)?;
    let platform = components::build(&spec, &source).map_err(invalid)?;
    Ok((platform, source))
}

fn row(file: &Path, platform: &Platform, verdict: Verdict) -> Row {
    Row {
        file: file.to_owned(),
        environment: platform.name.clone(),
        region: platform.region.name.clone(),
        environment_size: platform.size.to_string(),
        verdict,
        changes: None,
        reason: None,
    }
}

fn network_verdict(v: NetworkVerdict) -> Verdict {
    match v {
        NetworkVerdict::Pass => Verdict::Pass,
        NetworkVerdict::Warn => Verdict::Warn,
        NetworkVerdict::Fail => Verdict::Fail,
    }
}

fn print(rows: &[Row], json: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    let text = if json {
        report::json(rows)
    } else {
        report::text(rows)
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// Exit 2 for any invalid spec, 1 for any failure, else 0.
fn outcome(rows: &[Row]) -> anyhow::Result<Outcome> {
    match fleet::worst(rows) {
        Verdict::Invalid => Err(super::Reported.into()),
        Verdict::Fail => Ok(Outcome::Findings),
        Verdict::Pass | Verdict::Warn => Ok(Outcome::Clean),
    }
}

/// `check-network` for each environment: the capacity verdict of its spec's layout.
pub fn check_network(args: &CheckNetworkArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    if args.vpc_id.is_some() || args.stack_name.is_some() || args.region.is_some() {
        bail!("--vpc-id, --stack-name and --region judge one environment; name one spec");
    }
    if args.format == ReportFormat::Markdown {
        bail!("--format markdown reports one environment; a fleet prints text or json");
    }
    let files = files(&args.spec, &args.rest)?;
    let rows = fleet::parallel(&files, |file| judged(file).0);
    print(&rows, args.format == ReportFormat::Json, out)?;
    outcome(&rows)
}

/// One environment resolved and its network judged: its row, and what synth renders from
/// when it resolved.
fn judged(file: &Path) -> (Row, Option<(Platform, spec::Source)>) {
    let (platform, source) = match build(file) {
        Ok(built) => built,
        Err(row) => return (*row, None),
    };
    let report = capacity::check(&platform, None);
    let mut r = row(file, &platform, network_verdict(report.verdict));
    r.reason = first_finding(&report.findings, report.verdict);
    (r, Some((platform, source)))
}

fn first_finding(
    findings: &[crate::diagnostic::Diagnostic],
    verdict: NetworkVerdict,
) -> Option<String> {
    if verdict == NetworkVerdict::Pass {
        return None;
    }
    let worst = findings
        .iter()
        .find(|f| f.is_error())
        .or_else(|| findings.first())?;
    Some(format!(
        "{}[{}]: {}",
        worst.severity, worst.code, worst.message
    ))
}

/// `plan` for each environment; with `--against DIR`, each against `DIR/<file stem>/`
/// (an environment without one there is new: everything is added).
pub fn plan(args: &PlanArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    if args.stack_name.is_some() || args.region.is_some() {
        bail!("--stack-name and --region plan one environment; name one spec");
    }
    if args.format == ReportFormat::Markdown {
        bail!("--format markdown reports one environment; a fleet prints text or json");
    }
    let files = files(&args.spec, &args.rest)?;
    let rows = fleet::parallel(&files, |file| plan_one(file, args));
    print(&rows, args.format == ReportFormat::Json, out)?;
    if args.detailed_exitcode {
        let changed = rows
            .iter()
            .any(|r| r.changes.is_some_and(|c| !c.is_empty()));
        return Ok(match fleet::worst(&rows) {
            Verdict::Invalid | Verdict::Fail => Outcome::Failed,
            _ if changed => Outcome::Changes,
            _ => Outcome::Clean,
        });
    }
    outcome(&rows)
}

fn plan_one(file: &Path, args: &PlanArgs) -> Row {
    let (platform, _) = match build(file) {
        Ok(built) => built,
        Err(row) => return *row,
    };
    let Some(region) = regions::get(&platform.region.name) else {
        let reason = regions::unsupported_message(&platform.region.name);
        return Row::invalid(file.to_owned(), reason);
    };
    let previous = match args.against.as_ref().map(|dir| dir.join(stem(file))) {
        Some(dir) if dir.exists() => match plan::load_previous(&dir) {
            Ok(p) => Some((dir.display().to_string(), p)),
            Err(e) => return Row::invalid(file.to_owned(), e.to_string()),
        },
        Some(_) => Some(("nothing".to_owned(), plan::PreviousOutput::default())),
        None => None,
    };
    let p = plan::plan(
        &platform,
        region,
        previous.as_ref().map(|(label, p)| (label.as_str(), p)),
    );
    let blocked: Vec<&str> = p
        .blocked_replacements(&args.allow_replace)
        .map(|c| c.logical_id.as_str())
        .collect();
    let warned = p
        .findings
        .iter()
        .any(|f| f.severity == crate::diagnostic::Severity::Warning);
    let mut r = row(file, &platform, Verdict::Pass);
    if let Some(e) = p.findings.iter().find(|f| f.is_error()) {
        r.verdict = Verdict::Fail;
        r.reason = Some(format!("{}: {}", e.code, e.message));
    } else if !blocked.is_empty() {
        r.verdict = Verdict::Fail;
        r.reason = Some(format!(
            "replaces resources that hold data: {}",
            blocked.join(", ")
        ));
    } else if warned {
        r.verdict = Verdict::Warn;
    }
    if previous.is_some() {
        r.changes = Some(Changes {
            add: p.summary.add,
            modify: p.summary.modify,
            replace: p.summary.replace,
            remove: p.summary.remove,
        });
    }
    r
}

/// `synth` for each environment into `DIR/<file stem>/`. Every spec is resolved and its
/// network judged first; when any is invalid (or its network fails without
/// `--allow-network-risk`) nothing is written, so a fleet's output never mixes releases.
pub fn synth(args: &SynthArgs, ui: &super::Ui, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    if args.check {
        bail!("--check compares one environment's output; name one spec");
    }
    let files = files(&args.spec, &args.rest)?;
    let mut stems = std::collections::BTreeMap::new();
    for file in &files {
        if let Some(other) = stems.insert(stem(file), file) {
            bail!(
                "{} and {} would both write {}; rename one",
                other.display(),
                file.display(),
                args.output.join(stem(file)).display()
            );
        }
    }
    let checked = fleet::parallel(&files, |file| {
        let (mut r, built) = judged(file);
        if r.verdict == Verdict::Fail && args.allow_network_risk && built.is_some() {
            r.verdict = Verdict::Warn;
        }
        (r, built)
    });
    let stop = checked
        .iter()
        .any(|(r, _)| matches!(r.verdict, Verdict::Invalid | Verdict::Fail));
    let json = args.format == SynthFormat::Json;
    if stop {
        let rows: Vec<Row> = checked.into_iter().map(|(r, _)| r).collect();
        print(&rows, json, out)?;
        eprintln!("synth: nothing was written: fix the environments above first");
        return outcome(&rows);
    }
    std::fs::create_dir_all(&args.output)?;
    let yaml = args.format == SynthFormat::Yaml;
    let rows = fleet::parallel(&checked, |(row, platform)| {
        let mut row = row.clone();
        if let Some((platform, source)) = platform {
            let dir = args.output.join(stem(&row.file));
            if let Err(reason) = write_one(platform, source, &dir, yaml) {
                row.verdict = Verdict::Fail;
                row.reason = Some(reason);
            }
        }
        row
    });
    // `--quiet`: a table of successes is a success summary; failures still print.
    if !(ui.quiet && !json && fleet::worst(&rows) <= Verdict::Warn) {
        print(&rows, json, out)?;
    }
    outcome(&rows)
}

/// Renders, proves and writes one environment, as `synth` does for one spec.
fn write_one(
    platform: &Platform,
    source: &spec::Source,
    dir: &Path,
    yaml: bool,
) -> Result<(), String> {
    let set = components::render(platform, TemplateFormat::Json);
    components::check_release_outputs(platform, &set, source).map_err(|e| {
        let problems = e.problems();
        problems
            .first()
            .map_or_else(|| e.to_string(), ToString::to_string)
    })?;
    let access = verify::verify(platform, &Templates::from_set(&set));
    if !access.passes() {
        return Err("the templates would not let the spec's accesses through as declared; run `platformctl synth` on it alone for the list".to_owned());
    }
    let (_, files) = output::files(platform, &set, yaml);
    output::write_atomically(dir, &files).map_err(|e| e.to_string())
}

/// An environment's directory name in fleet output: its spec file's stem.
fn stem(file: &Path) -> String {
    file.file_stem()
        .map_or_else(|| "spec".to_owned(), |s| s.to_string_lossy().into_owned())
}
