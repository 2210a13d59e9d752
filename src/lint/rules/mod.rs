//! The rule families, one module each, and the order they run in on one template.
//!
//! IDs by family: PC0xxx suppressions (`lint::suppress`), PC1xxx structure and parameters,
//! PC2xxx references, cycles and intrinsic functions (the last checked during the one walk,
//! `lint::walk::intrinsics`), PC3xxx resource properties against the provider schemas
//! (`properties`, with its cross-property, IAM policy and EC2 ID rules; `subnets`,
//! `pod_identity` and `ingress` across resources), PC4xxx quotas, PC5xxx nested stacks,
//! PC6xxx regions, PC7xxx security, PC8xxx deploy-time (what CloudFormation or the service
//! rejects while creating the stack, or what deploys and cannot work).

pub mod cidr;
pub mod cycles;
pub mod deploy;
pub mod ingress;
pub mod limits;
pub mod literals;
pub mod nested;
pub mod parameters;
pub mod pod_identity;
pub mod properties;
pub mod references;
pub mod region;
pub mod retired;
pub mod runtimes;
pub mod security;
pub mod structure;
pub mod subnets;

use std::collections::HashMap;
use std::path::PathBuf;

use crate::lint::date::Day;
use crate::lint::rule::{Findings, RuleDoc};
use crate::lint::template::{Index, Template};

/// Every rule this engine runs, sorted by ID.
pub fn all() -> Vec<RuleDoc> {
    let mut rules: Vec<RuleDoc> = [
        crate::lint::suppress::RULES,
        structure::RULES,
        parameters::RULES,
        references::RULES,
        cycles::RULES,
        crate::lint::walk::intrinsics::RULES,
        limits::RULES,
        literals::RULES,
        subnets::RULES,
        pod_identity::RULES,
        ingress::RULES,
        nested::RULES,
        region::RULES,
        security::RULES,
        properties::RULES,
        properties::cross::RULES,
        properties::iam::RULES,
        properties::ids::RULES,
        properties::route53::RULES,
        runtimes::RULES,
        retired::RULES,
        deploy::RULES,
    ]
    .concat();
    rules.sort_by_key(|r| r.id);
    rules
}

/// Runs every family on `template`. `loaded` holds the run's templates by path (for
/// nested stacks); `regions` the regions to check availability in; `today` the day the
/// date-dependent rules judge by.
pub fn run(
    template: &Template,
    loaded: &HashMap<PathBuf, &Template>,
    regions: &[String],
    today: Day,
    out: &mut Findings,
) {
    structure::check(template, out);
    parameters::check(template, out);
    let index = Index::new(template);
    let refs = crate::lint::walk::walk(template, &index, out);
    references::check(template, &index, &refs, out);
    cycles::check(template, &index, &refs, out);
    literals::check(template, &index, out);
    limits::check(template, || nested::is_child(template, loaded), out);
    nested::check(template, loaded, out);
    region::check(template, regions, out);
    security::check(template, out);
    properties(template, out);
    subnets::check(template, out);
    pod_identity::check(template, out);
    ingress::check(template, out);
    runtimes::check(template, today, out);
    retired::check(template, today, out);
    deploy::check(template, &index, out);
}

/// Resource properties against the provider schemas (PC3xxx), one resource at a time.
fn properties(template: &Template, out: &mut Findings) {
    let section = crate::yaml::KeyPath::root().key("Resources");
    for (id, resource) in crate::lint::template::entries(template.root.get("Resources")) {
        let Some(kind) = resource.get("Type").and_then(crate::lint::template::as_str) else {
            continue;
        };
        let path = section.key(&id.name);
        out.extend(properties::check_resource(kind, resource, &path));
    }
    out.extend(properties::sam::check_globals(template));
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_beyond;
#[cfg(test)]
mod tests_wild;
