//! CloudFormation quotas (User Guide, "CloudFormation quotas"): counts per template, the
//! template size, and logical ID form. Crossing one is a rejected template; nearing one
//! (90%) is a warning, because the next feature will cross it.

use crate::diagnostic::Severity::{Error, Info, Warning};
use crate::lint::rule::{Findings, RuleDoc};
use crate::lint::template::{entries, Template};
use crate::yaml::KeyPath;

/// More resources, parameters, outputs or mappings than one template may declare.
pub const PC4001: RuleDoc = RuleDoc {
    id: "PC4001",
    severity: Error,
    summary: "template exceeds a count quota (500 resources, 200 parameters/outputs/mappings)",
    help: "",
};
/// At 90% or more of a count quota.
pub const PC4002: RuleDoc = RuleDoc {
    id: "PC4002",
    severity: Warning,
    summary: "template is near a count quota",
    help: "",
};
/// Larger than 1 MB, the most CloudFormation accepts even from S3.
pub const PC4003: RuleDoc = RuleDoc {
    id: "PC4003",
    severity: Error,
    summary: "template larger than 1 MB",
    help: "",
};
/// Larger than 51,200 bytes: fine from S3 (as nested stacks always are), too large to
/// pass inline in a request body. Informational, since S3 deployment is normal, and not
/// reported for a template a parent of the same run deploys as a nested stack.
pub const PC4004: RuleDoc = RuleDoc {
    id: "PC4004",
    severity: Info,
    summary: "template larger than 51,200 bytes must be deployed from S3",
    help: "",
};
/// A logical ID longer than 255 characters or not purely alphanumeric.
pub const PC4005: RuleDoc = RuleDoc {
    id: "PC4005",
    severity: Error,
    summary: "logical ID not alphanumeric or longer than 255 characters",
    help: "",
};

pub const RULES: &[RuleDoc] = &[PC4001, PC4002, PC4003, PC4004, PC4005];

const COUNTS: &[(&str, usize)] = &[
    ("Resources", 500),
    ("Parameters", 200),
    ("Outputs", 200),
    ("Mappings", 200),
];

/// `nested` says whether a parent of the run deploys `template` as a nested stack, which
/// CloudFormation always reads from S3 (asked only of templates above 51,200 bytes).
pub fn check(template: &Template, nested: impl Fn() -> bool, out: &mut Findings) {
    let root = &template.root;
    for &(section, quota) in COUNTS {
        let items = entries(root.get(section));
        let path = KeyPath::root().key(section);
        let pos = root.locate(&path);
        let n = items.len();
        if n > quota {
            out.push(
                &PC4001,
                pos,
                &path,
                format!("{n} {} exceed the quota of {quota}", section.to_lowercase()),
            );
        } else if n * 10 >= quota * 9 {
            out.push(
                &PC4002,
                pos,
                &path,
                format!(
                    "{n} {} are near the quota of {quota}",
                    section.to_lowercase()
                ),
            );
        }
        for (k, _) in items {
            let id = k.name.as_str();
            let valid =
                !id.is_empty() && id.len() <= 255 && id.bytes().all(|b| b.is_ascii_alphanumeric());
            // Fn::ForEach loops (AWS::LanguageExtensions) are keys of their own form.
            if !valid && !id.starts_with("Fn::ForEach::") {
                out.push(
                    &PC4005,
                    k.pos,
                    &path.key(id),
                    format!("{id} must be 1 to 255 letters and digits"),
                );
            }
        }
    }
    let kb = |b: usize| b.div_ceil(1024);
    if template.bytes > 1_048_576 {
        out.push(
            &PC4003,
            root.pos,
            &KeyPath::root(),
            format!(
                "the template is {} KB; the quota is 1 MB",
                kb(template.bytes)
            ),
        );
    } else if template.bytes > 51_200 && !nested() {
        out.push(
            &PC4004,
            root.pos,
            &KeyPath::root(),
            format!(
                "the template is {} bytes; above 51,200 it must be deployed from S3",
                template.bytes
            ),
        );
    }
}
