//! Region availability: resource types a `--region` does not offer, from the per-region
//! type lists in `schemas/cloudformation/resource-types.json`. CloudFormation only finds
//! out when the stack is created there.

use crate::diagnostic::Severity::Error;
use crate::lint::rule::{Findings, RuleDoc};
use crate::lint::template::{as_str, entries, Template};
use crate::yaml::KeyPath;

/// A resource type that exists but not in one of the regions linted for.
pub const PC6001: RuleDoc = RuleDoc {
    id: "PC6001",
    severity: Error,
    summary: "resource type not available in the region",
    help: "",
};

pub const RULES: &[RuleDoc] = &[PC6001];

pub fn check(template: &Template, regions: &[String], out: &mut Findings) {
    if regions.is_empty() {
        return;
    }
    let section = KeyPath::root().key("Resources");
    for (id, resource) in entries(template.root.get("Resources")) {
        let Some(t) = resource.get("Type") else {
            continue;
        };
        let Some(kind) = as_str(t) else { continue };
        // Unknown types are the schema rules' to report; here only known ones are judged.
        if !crate::cfn::types::is_known(kind) {
            continue;
        }
        for region in regions {
            if !crate::cfn::types::available_in(kind, region) {
                out.push(
                    &PC6001,
                    t.pos,
                    &section.key(&id.name).key("Type"),
                    format!("{kind} is not available in {region}"),
                );
            }
        }
    }
}
