//! `platformctl connector backfill`: existing objects a connector would upload, queued as
//! the ObjectCreated messages S3 would have sent. Dry run unless `--execute`.

use std::io::Write;

use anyhow::{anyhow, Context};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;

use super::{Outcome, Ui};
use crate::aws::backfill::{Backfill, QueueRef};
use crate::aws::AwsOptions;
use crate::backfill::{account_of_queue_url, event_body, select};
use crate::cli::{BackfillArgs, ConnectorCommand, Format};
use crate::components::connectors::model::queue_name;
use crate::components::SourceBucket;
use crate::{components, spec};

pub fn run(command: &ConnectorCommand, ui: &Ui, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    match command {
        ConnectorCommand::Backfill(args) => backfill(args, ui, out),
    }
}

/// A spinner, then a bar, on stderr; hidden when stderr is not a terminal (CI logs, pipes).
fn progress(ui: &Ui) -> ProgressBar {
    let bar = ProgressBar::no_length();
    if !ui.progress() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar
}

fn backfill(args: &BackfillArgs, ui: &Ui, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let (spec, source) = spec::load(&args.spec)?;
    let platform = components::build(&spec, &source)?;
    let connector = platform
        .connectors
        .iter()
        .find(|c| c.name == args.connector)
        .ok_or_else(|| {
            let names: Vec<&str> = platform
                .connectors
                .iter()
                .map(|c| c.name.as_str())
                .collect();
            anyhow!(
                "{} declares no connector `{}` (declared: {})",
                args.spec.display(),
                args.connector,
                if names.is_empty() {
                    "none".into()
                } else {
                    names.join(", ")
                }
            )
        })?;
    let region = args
        .region
        .clone()
        .unwrap_or_else(|| platform.region.name.clone());
    let options = AwsOptions {
        region: region.clone(),
        profile: args.aws.profile.clone(),
        endpoint_url: args.aws.endpoint_url.clone(),
    };
    let aws = Backfill::connect(&options)?;
    let default_queue = queue_name(&platform.name, &connector.name);
    let queue_url = aws.queue_url(match &args.queue_url {
        Some(url) => QueueRef::Url(url),
        None => QueueRef::Name(&default_queue),
    })?;
    let bucket = match (&args.bucket, &connector.bucket) {
        (Some(bucket), _) => bucket.clone(),
        (None, SourceBucket::Existing(name)) => name.clone(),
        (None, new @ SourceBucket::New { .. }) => {
            let account = account_of_queue_url(&queue_url).with_context(|| {
                format!("no account ID in queue URL {queue_url}; pass --bucket")
            })?;
            new.name(account, &region)
        }
    };

    let bar = progress(ui);
    bar.set_style(
        ProgressStyle::with_template("{spinner} listing s3://{msg}: {pos} objects")
            .expect("a valid template"),
    );
    bar.set_message(bucket.clone());
    let objects = aws.list_objects(&bucket, &mut |n| bar.set_position(n as u64))?;
    bar.finish_and_clear();
    let selected = select(connector, &objects);
    let bodies: Vec<String> = selected
        .iter()
        .map(|o| event_body(&bucket, &region, o))
        .collect();

    let sent = if args.execute {
        let bar = progress(ui);
        bar.set_length(bodies.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} messages sent")
                .expect("a valid template"),
        );
        let sent = aws.send(&queue_url, &bodies, &mut |n| bar.set_position(n as u64))?;
        bar.finish_and_clear();
        sent
    } else {
        0
    };

    match args.format {
        Format::Json => {
            let report = json!({
                "connector": connector.name,
                "bucket": bucket,
                "queue_url": queue_url,
                "execute": args.execute,
                "objects_listed": objects.len(),
                "matching": selected.len(),
                "sent": sent,
                "keys": selected.iter().map(|o| &o.key).collect::<Vec<_>>(),
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        }
        Format::Text => {
            writeln!(
                out,
                "connector {}: {} of {} objects in s3://{bucket} match its path configuration",
                connector.name,
                selected.len(),
                objects.len()
            )?;
            for object in &selected {
                writeln!(out, "  {} ({} bytes)", object.key, object.size)?;
            }
            if args.execute {
                writeln!(out, "sent {sent} ObjectCreated message(s) to {queue_url}")?;
            } else {
                writeln!(
                    out,
                    "dry run: would send {} ObjectCreated message(s) to {queue_url}; pass --execute to send them",
                    bodies.len()
                )?;
            }
        }
    }
    Ok(Outcome::Clean)
}
