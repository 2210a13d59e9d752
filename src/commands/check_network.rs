//! `platformctl check-network SPEC`: the environment size against the network's capacity.

use std::io::Write;

use anyhow::bail;

use super::Outcome;
use crate::cli::{CheckNetworkArgs, ReportFormat};
use crate::network::capacity::{self, Verdict};
use crate::network::report;
use crate::render::{names, TopLevel};
use crate::{components, spec};

pub fn run(args: &CheckNetworkArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let (spec, source) = spec::load(&args.spec)?;
    let platform = components::build(&spec, &source)?;
    if let Some(region) = &args.region {
        if region != &platform.region.name {
            bail!("--region {region} does not match the spec's region {}; check-network judges the spec's environment", platform.region.name);
        }
    }
    if (args.vpc_id.is_some() || args.stack_name.is_some()) && !platform.network.declared {
        bail!("--vpc-id or --stack-name was given, but the spec declares no network to judge against it");
    }
    let vpc_id = match (&args.vpc_id, &args.stack_name) {
        (Some(vpc_id), _) => Some(vpc_id.clone()),
        (None, Some(name)) => Some(deployed_vpc(&platform, name, args)?),
        (None, None) => None,
    };
    let live = match &vpc_id {
        Some(vpc_id) => Some(super::live::read_network(&platform, vpc_id, &args.aws)?),
        None => None,
    };
    let mut report = capacity::check(&platform, live.as_ref());
    if let Some(vpc_id) = &vpc_id {
        if let Some(found) = super::live::read_endpoints(&platform, Some(vpc_id), &args.aws)? {
            report.findings.extend(crate::network::endpoints::check(
                &platform.network,
                super::live::has_private_zone(&platform),
                &found,
            ));
            report.verdict = Verdict::of(&report.findings);
        }
    }
    let vpc_id = vpc_id.as_deref();
    let text = match args.format {
        ReportFormat::Text => report::text(&platform, &report, vpc_id),
        ReportFormat::Json => report::json(&report),
        ReportFormat::Markdown => report::markdown(&platform, &report, vpc_id)?,
    };
    out.write_all(text.as_bytes())?;
    Ok(if report.verdict == Verdict::Fail {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// The VPC the deployed environment runs in: the `VpcId` output of its foundation stack,
/// where the network stack's outputs surface.
fn deployed_vpc(
    platform: &components::Platform,
    name: &str,
    args: &CheckNetworkArgs,
) -> anyhow::Result<String> {
    let stack = TopLevel::Foundation.stack_name(name);
    let options = super::live::options(platform, &args.aws);
    let outputs = crate::aws::cloudformation::stack_outputs(&options, &stack)?;
    match outputs.get(names::VPC_ID) {
        Some(id) => Ok(id.clone()),
        None => bail!(
            "stack {stack} has no {} output; pass the VPC with --vpc-id",
            names::VPC_ID
        ),
    }
}
