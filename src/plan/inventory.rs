//! Per-stack inventory: resource counts by type, measured against CloudFormation's quotas.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::render::Template;

/// CloudFormation quotas per template (AWS CloudFormation User Guide, "Understand
/// CloudFormation quotas"): resources, parameters, outputs, and body size. Templates a
/// parent references are read from S3 (1 MB); the parent itself is often passed inline.
pub const MAX_RESOURCES: usize = 500;
pub const MAX_PARAMETERS: usize = 200;
pub const MAX_OUTPUTS: usize = 200;
pub const MAX_BYTES_S3: usize = 1_048_576;
pub const MAX_BYTES_INLINE: usize = 51_200;

/// Share of a quota at which the plan warns, so that growth is noticed before it fails.
const WARN_AT_PERCENT: usize = 90;

/// One quota and how much of it a template uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuotaUse {
    pub quota: &'static str,
    pub used: usize,
    pub limit: usize,
    pub percent: usize,
}

/// A stack's inventory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackInventory {
    pub stack: String,
    pub resources: usize,
    pub by_type: BTreeMap<String, usize>,
    pub quotas: Vec<QuotaUse>,
}

/// Counts `template`'s resources and checks its quotas; `inline` for a template that may
/// be passed in the request body (the parent).
pub fn inventory(
    stack: &str,
    template: &Template,
    bytes: usize,
    inline: bool,
    findings: &mut Vec<Diagnostic>,
) -> StackInventory {
    let mut by_type = BTreeMap::new();
    for resource in template.resources.values() {
        *by_type.entry(resource.kind.clone()).or_insert(0) += 1;
    }
    let (size_quota, size_limit) = if inline {
        ("template bytes (inline)", MAX_BYTES_INLINE)
    } else {
        ("template bytes (from S3)", MAX_BYTES_S3)
    };
    let quotas: Vec<QuotaUse> = [
        ("resources", template.resources.len(), MAX_RESOURCES),
        ("parameters", template.parameters.len(), MAX_PARAMETERS),
        ("outputs", template.outputs.len(), MAX_OUTPUTS),
        (size_quota, bytes, size_limit),
    ]
    .into_iter()
    .map(|(quota, used, limit)| QuotaUse {
        quota,
        used,
        limit,
        percent: used * 100 / limit,
    })
    .collect();
    for q in &quotas {
        if q.used > q.limit {
            findings.push(Diagnostic::error(
                "plan/quota",
                format!(
                    "stack {stack}: {} {} exceed the quota of {}",
                    q.used, q.quota, q.limit
                ),
            ));
        } else if q.percent >= WARN_AT_PERCENT {
            findings.push(Diagnostic::warning(
                "plan/quota",
                format!(
                    "stack {stack}: {} {} is {}% of the quota of {}",
                    q.used, q.quota, q.percent, q.limit
                ),
            ));
        }
    }
    StackInventory {
        stack: stack.to_owned(),
        resources: template.resources.len(),
        by_type,
        quotas,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Resource;

    fn template_with(resources: usize) -> Template {
        let mut t = Template::new("t");
        for i in 0..resources {
            t.resources.insert(
                format!("Q{i}"),
                Resource::new("AWS::SQS::Queue", serde_json::json!({})),
            );
        }
        t
    }

    #[test]
    fn warns_at_ninety_percent_and_fails_over_the_quota() {
        let mut findings = Vec::new();
        let inv = inventory("big", &template_with(450), 1000, false, &mut findings);
        assert_eq!(inv.by_type["AWS::SQS::Queue"], 450);
        assert_eq!(findings.len(), 1);
        assert!(!findings[0].is_error());
        let mut findings = Vec::new();
        inventory("huge", &template_with(501), 1000, false, &mut findings);
        assert!(findings[0].is_error());
    }

    #[test]
    fn the_inline_size_quota_applies_to_the_parent() {
        let mut findings = Vec::new();
        inventory("parent", &template_with(1), 60_000, true, &mut findings);
        assert!(
            findings[0].message.contains("inline"),
            "{}",
            findings[0].message
        );
    }
}
