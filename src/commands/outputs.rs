//! `platformctl outputs SPEC --stack-name NAME [--helm-dir DIR]`: the outputs of the
//! deployed top-level stacks (`NAME-foundation`, `NAME-application`), and the Helm values
//! files filled in from them.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::Outcome;
use crate::cli::{Format, OutputsArgs};
use crate::{aws, components, spec};

pub fn run(args: &OutputsArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let (spec, source) = spec::load(&args.spec)?;
    let platform = components::build(&spec, &source)?;
    let options = super::live::options(&platform, &args.aws);
    let set = components::render(&platform, crate::render::TemplateFormat::Json);
    let mut outputs = std::collections::BTreeMap::new();
    // Output names are unique across the two: each names one nested stack's value.
    for parent in &set.parents {
        let name = parent.top.stack_name(&args.stack_name);
        outputs.extend(aws::cloudformation::stack_outputs(&options, &name)?);
    }
    if let Some(dir) = &args.helm_dir {
        let releases = platform.kubernetes.iter().flat_map(|k| &k.releases);
        // Every file resolved before any is written: a missing output writes nothing.
        let files = releases
            .map(|r| Ok((r.file_name(), r.resolved(&outputs)?)))
            .collect::<Result<Vec<_>, components::kubernetes::releases::MissingOutput>>()?;
        for (name, text) in &files {
            write_file(&dir.join(name), text)?;
        }
    }
    match args.format {
        Format::Text => {
            let width = outputs.keys().map(String::len).max().unwrap_or(0);
            for (name, value) in &outputs {
                writeln!(out, "{name:<width$}  {value}")?;
            }
        }
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&outputs)?)?,
    }
    Ok(Outcome::Clean)
}

/// Writes `text` to `path` through a temporary file renamed over it, so a reader never
/// sees half a values file.
fn write_file(path: &Path, text: &str) -> anyhow::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("writing into {}", dir.display()))?;
    tmp.write_all(text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))?;
    tmp.persist(path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
