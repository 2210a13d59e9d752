//! `platformctl synth SPEC -o DIR`: the templates and manifest, written atomically.

use std::io::Write;

use super::errors::ErrorEntry;
use super::{Outcome, Ui};
use crate::cli::{SynthArgs, SynthFormat};
use crate::network::capacity::{self, Verdict};
use crate::render::TemplateFormat;
use crate::verify::{self, Templates};
use crate::{components, drift, output, spec};

pub fn run(args: &SynthArgs, ui: &Ui, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let (spec, source) = spec::load(&args.spec)?;
    let platform = components::build(&spec, &source)?;
    let network = capacity::check(&platform, None);
    if network.verdict == Verdict::Fail && !args.allow_network_risk {
        if args.format == SynthFormat::Json {
            let errors: Vec<ErrorEntry> = network
                .findings
                .iter()
                .filter(|f| f.is_error())
                .map(|f| {
                    let mut entry = ErrorEntry::from(f);
                    entry.file = Some(args.spec.display().to_string());
                    entry
                })
                .collect();
            out.write_all(super::errors::json(&errors).as_bytes())?;
            return Ok(Outcome::Findings);
        }
        let mut stderr = std::io::stderr().lock();
        writeln!(
            stderr,
            "synth: the network cannot hold a {} environment, so nothing was written:",
            platform.size
        )?;
        for finding in network.findings.iter().filter(|f| f.is_error()) {
            writeln!(
                stderr,
                "  {}[{}]: {}",
                finding.severity, finding.code, finding.message
            )?;
        }
        writeln!(
            stderr,
            "Run `platformctl check-network {}` for the fix, or pass --allow-network-risk to write the templates anyway.",
            args.spec.display()
        )?;
        return Ok(Outcome::Findings);
    }
    let set = components::render(&platform, TemplateFormat::Json);
    components::check_release_outputs(&platform, &set, &source)?;
    // What synth writes must let every declared access through and nothing else: a
    // failure here is a defect of the renderer, reported instead of written.
    let access = verify::verify(&platform, &Templates::from_set(&set));
    if !access.passes() {
        let mut stderr = std::io::stderr().lock();
        writeln!(
            stderr,
            "synth: the templates would not let the spec's accesses through as declared, so nothing was written:"
        )?;
        stderr.write_all(verify::text(&access).as_bytes())?;
        return Ok(Outcome::Findings);
    }
    let (manifest, files) = output::files(&platform, &set, args.format == SynthFormat::Yaml);
    if args.check {
        return check(
            &args.output,
            &files,
            args.format == SynthFormat::Json,
            ui,
            out,
        );
    }
    output::write_atomically(&args.output, &files)?;
    match args.format {
        SynthFormat::Json => {
            writeln!(out, "{}", serde_json::to_string_pretty(&manifest)?)?;
        }
        SynthFormat::Text | SynthFormat::Yaml if ui.quiet => {}
        SynthFormat::Text | SynthFormat::Yaml => {
            let tops: Vec<String> = manifest
                .parents
                .iter()
                .map(|p| {
                    let n = manifest
                        .stacks
                        .iter()
                        .filter(|s| s.parent == Some(p.stack.as_str()))
                        .count();
                    format!("{} ({n} nested)", p.stack)
                })
                .collect();
            writeln!(
                out,
                "{} ({} in {}): {} written to {}",
                manifest.environment,
                manifest.environment_size,
                manifest.region,
                tops.join(" and "),
                args.output.display()
            )?;
            // Each parent, then its nested stacks.
            let entries: Vec<_> = manifest
                .parents
                .iter()
                .flat_map(|p| {
                    let own = manifest
                        .stacks
                        .iter()
                        .filter(|s| s.parent == Some(p.stack.as_str()));
                    std::iter::once(p).chain(own)
                })
                .collect();
            // Wide enough for `organizations-15.template.json` when shards are written.
            let width = entries
                .iter()
                .map(|e| e.file.len())
                .max()
                .unwrap_or(0)
                .max(28);
            for entry in entries {
                writeln!(
                    out,
                    "  {:<width$} {:>4} resources {:>8} bytes",
                    entry.file, entry.resources, entry.bytes
                )?;
            }
        }
    }
    Ok(Outcome::Clean)
}

/// `--check`: compares DIR with what would be written, writing nothing.
fn check(
    dir: &std::path::Path,
    files: &[output::File],
    json: bool,
    ui: &Ui,
    out: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let differences = drift::compare(dir, files)?;
    if json {
        let listed: Vec<serde_json::Value> = differences
            .iter()
            .map(|d| {
                let (kind, name) = match d {
                    drift::Drift::Changed(n) => ("changed", n),
                    drift::Drift::Missing(n) => ("missing", n),
                    drift::Drift::Extra(n) => ("extra", n),
                };
                serde_json::json!({ "file": name, "difference": kind })
            })
            .collect();
        let body = serde_json::json!({
            "dir": dir.display().to_string(),
            "up_to_date": differences.is_empty(),
            "differences": listed,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&body)?)?;
        return Ok(if differences.is_empty() {
            Outcome::Clean
        } else {
            Outcome::Findings
        });
    }
    if differences.is_empty() {
        if ui.quiet {
            return Ok(Outcome::Clean);
        }
        writeln!(
            out,
            "{} is up to date ({} files)",
            dir.display(),
            files.len()
        )?;
        return Ok(Outcome::Clean);
    }
    writeln!(
        out,
        "{} differs from what synth would write now:",
        dir.display()
    )?;
    for d in &differences {
        writeln!(out, "  {d}")?;
    }
    writeln!(out, "Run `platformctl synth` without --check to update it.")?;
    Ok(Outcome::Findings)
}
