//! `platformctl synth SPEC -o DIR`: the templates and manifest, written atomically.

use std::io::Write;

use super::{Outcome, Ui};
use crate::cli::{SynthArgs, SynthFormat};
use crate::network::capacity::{self, Verdict};
use crate::{components, drift, output, spec};

pub fn run(args: &SynthArgs, ui: &Ui, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let (spec, source) = spec::load(&args.spec)?;
    let platform = components::build(&spec, &source)?;
    let network = capacity::check(&platform, None);
    if network.verdict == Verdict::Fail && !args.allow_network_risk {
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
    let (manifest, files) = output::files(&platform, args.format == SynthFormat::Yaml);
    if args.check {
        return check(&args.output, &files, ui, out);
    }
    output::write_atomically(&args.output, &files)?;
    match args.format {
        SynthFormat::Json => {
            writeln!(out, "{}", serde_json::to_string_pretty(&manifest)?)?;
        }
        SynthFormat::Text | SynthFormat::Yaml if ui.quiet => {}
        SynthFormat::Text | SynthFormat::Yaml => {
            writeln!(
                out,
                "{} ({} in {}): {} stacks written to {}",
                manifest.environment,
                manifest.environment_size,
                manifest.region,
                manifest.stacks.len() + 1,
                args.output.display()
            )?;
            for entry in std::iter::once(&manifest.parent).chain(&manifest.stacks) {
                writeln!(
                    out,
                    "  {:<28} {:>4} resources {:>8} bytes",
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
    ui: &Ui,
    out: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let differences = drift::compare(dir, files)?;
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
