//! `platformctl package SPEC --version V -o DIR [--publish --artifact-bucket B]`.

use std::io::Write;

use anyhow::bail;

use super::{Outcome, Ui};
use crate::aws::publish::{self, ProductChange, Publication, Uploaded};
use crate::aws::AwsOptions;
use crate::cli::PackageArgs;
use crate::network::capacity::{self, Verdict};
use crate::package::{self, Request};
use crate::render::TemplateFormat;
use crate::verify::{self, Templates};
use crate::{components, output, spec};

pub fn run(args: &PackageArgs, ui: &Ui, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    package::validate_version(&args.version)?;
    package::validate_prefix(&args.prefix)?;
    if let Some(name) = &args.product_name {
        package::validate_product_name(name)?;
    }
    let (spec, source) = spec::load(&args.spec)?;
    let platform = components::build(&spec, &source)?;
    // The same gates as synth: a package is what synth would write.
    if capacity::check(&platform, None).verdict == Verdict::Fail {
        bail!(
            "the network cannot hold a {} environment; run `platformctl check-network {}`",
            platform.size,
            args.spec.display()
        );
    }
    let set = components::render(&platform, TemplateFormat::Json);
    components::check_release_outputs(&platform, &set, &source)?;
    if !verify::verify(&platform, &Templates::from_set(&set)).passes() {
        bail!(
            "the templates would not let the spec's accesses through; run `platformctl verify {}`",
            args.spec.display()
        );
    }
    let product_name = args.product_name.clone().unwrap_or(platform.name.clone());
    let tops: Vec<&'static str> = set.parents.iter().map(|p| p.top.name()).collect();
    let (manifest, files) = package::build(
        &platform,
        set,
        &Request {
            version: &args.version,
            prefix: &args.prefix,
            product_name: &product_name,
            bucket: args.artifact_bucket.as_deref(),
        },
    );
    let dir = args.output.join(&args.version);
    output::write_atomically(&dir, &files)?;
    if !ui.quiet {
        writeln!(
            out,
            "{} {}: {} files written to {} (digest {})",
            manifest.environment,
            manifest.version,
            files.len(),
            dir.display(),
            &manifest.digest[..16]
        )?;
    }
    if !args.publish {
        return Ok(Outcome::Clean);
    }
    let Some(bucket) = args.artifact_bucket.as_deref() else {
        bail!("--publish needs --artifact-bucket");
    };
    let region = args.region.clone().unwrap_or(platform.region.name.clone());
    let key_prefix = format!("{}{}/", args.prefix, args.version);
    let products = tops
        .iter()
        .map(|top| {
            (
                format!("{product_name}-{top}"),
                format!(
                    "https://{bucket}.s3.{region}.amazonaws.com/{key_prefix}{top}.template.json"
                ),
            )
        })
        .collect();
    let publication = Publication {
        bucket,
        key_prefix: key_prefix.clone(),
        manifest: &manifest,
        files: files
            .iter()
            .map(|f| (f.name.as_str(), f.bytes.as_slice()))
            .collect(),
        products,
        owner: "platformctl",
    };
    let options = AwsOptions {
        region,
        profile: args.aws.profile.clone(),
        endpoint_url: args.aws.endpoint_url.clone(),
    };
    let (uploaded, skipped) = match publish::upload(&options, &publication)? {
        Uploaded::Conflict { key, detail } => {
            eprintln!(
                "package: version {} is already published with other content: s3://{bucket}/{key} {detail}. \
                 Versions are immutable; publish this content as a new --version.",
                args.version
            );
            return Ok(Outcome::Findings);
        }
        Uploaded::Done { uploaded, skipped } => (uploaded, skipped),
    };
    let products = publish::register(&options, &publication)?;
    if ui.quiet {
        return Ok(Outcome::Clean);
    }
    let nothing_new = uploaded.is_empty()
        && products
            .iter()
            .all(|(_, c)| matches!(c, ProductChange::Unchanged { .. }));
    if nothing_new {
        writeln!(
            out,
            "s3://{bucket}/{key_prefix}: unchanged ({} files already published)",
            skipped.len()
        )?;
    } else {
        writeln!(
            out,
            "s3://{bucket}/{key_prefix}: {} uploaded, {} already there",
            uploaded.len(),
            skipped.len()
        )?;
    }
    for (name, change) in products {
        let (what, id) = match &change {
            ProductChange::Created { id } => ("created with version", id),
            ProductChange::VersionAdded { id } => ("version added:", id),
            ProductChange::Unchanged { id } => ("unchanged, already has version", id),
        };
        writeln!(out, "  product {name} ({id}): {what} {}", args.version)?;
    }
    Ok(Outcome::Clean)
}
