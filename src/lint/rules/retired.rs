//! Resource types of AWS services that AWS has shut down or is retiring ("Full shutdown
//! services", AWS General Reference). After the shutdown date their resources can no
//! longer be created, although the provider schemas may still list their types for a
//! while. The status and date per type are AWS's, kept in `schemas/service-lifecycle.json`
//! (its `source` says how they were compiled) and refreshed by `scripts/refresh-schemas`;
//! the day they are judged against is the run's (`Options::today`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::runtimes::WARN_DAYS;
use crate::diagnostic::Severity::{Error, Warning};
use crate::lint::date::Day;
use crate::lint::rule::{Findings, RuleDoc};
use crate::lint::template::{as_str, entries, Template};
use crate::yaml::KeyPath;

/// A resource of a service past its end of support: the stack cannot create it.
pub const PC3905: RuleDoc = RuleDoc {
    id: "PC3905",
    severity: Error,
    summary: "resource of a retired AWS service",
    help: "AWS General Reference, AWS service and feature end of support (shutdown dates)",
};
/// A resource of a service whose end of support is at most 90 days away.
pub const PC3906: RuleDoc = RuleDoc {
    id: "PC3906",
    severity: Warning,
    summary: "resource of an AWS service about to be retired",
    help: "AWS General Reference, AWS service and feature end of support (shutdown dates)",
};

pub const RULES: &[RuleDoc] = &[PC3905, PC3906];

#[derive(Deserialize)]
struct File {
    source: String,
    types: BTreeMap<String, Lifecycle>,
}

#[derive(Deserialize)]
struct Lifecycle {
    /// `shutdown` (done, or on the date) or `sunset` (announced).
    status: String,
    date: Option<String>,
}

fn data() -> &'static File {
    static DATA: OnceLock<File> = OnceLock::new();
    DATA.get_or_init(|| {
        serde_json::from_str(include_str!("../../../schemas/service-lifecycle.json"))
            .expect("schemas/service-lifecycle.json is checked by the test suite")
    })
}

/// Where the statuses and dates come from, for reports.
pub fn source() -> &'static str {
    &data().source
}

/// The finding a resource of `kind` deserves on `today`, if any: an error once the
/// service's shutdown date has passed, a warning within [`WARN_DAYS`] of it, or when AWS
/// announced the retirement without a date.
pub fn judge(kind: &str, today: Day) -> Option<(&'static RuleDoc, String)> {
    let life = data().types.get(kind)?;
    let Some(date) = life.date.as_deref().and_then(|d| d.parse::<Day>().ok()) else {
        let message = format!(
            "`{kind}` belongs to a service AWS is retiring ({}, no date announced); plan its replacement",
            life.status
        );
        return Some((&PC3906, message));
    };
    let days = today.until(date);
    if days <= 0 {
        let message = format!(
            "`{kind}` belongs to a service AWS shut down on {date}; it can no longer be created"
        );
        Some((&PC3905, message))
    } else if days <= WARN_DAYS {
        let message = format!(
            "`{kind}` belongs to a service AWS shuts down on {date}, in {days} day(s); it cannot be created after that"
        );
        Some((&PC3906, message))
    } else {
        None
    }
}

/// Every resource whose type belongs to a retired or retiring service.
pub fn check(template: &Template, today: Day, out: &mut Findings) {
    let section = KeyPath::root().key("Resources");
    for (id, resource) in entries(template.root.get("Resources")) {
        let Some(t) = resource.get("Type") else {
            continue;
        };
        if let Some((rule, message)) = as_str(t).and_then(|kind| judge(kind, today)) {
            out.push(rule, t.pos, &section.key(&id.name).key("Type"), message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(kind: &str, today: &str) -> Option<&'static str> {
        judge(kind, today.parse().unwrap()).map(|(rule, _)| rule.id)
    }

    #[test]
    fn retirement_follows_the_calendar() {
        // AWS Proton: shut down on 2026-10-07.
        assert_eq!(
            on("AWS::Proton::EnvironmentTemplate", "2026-07-09"),
            Some("PC3906")
        );
        assert_eq!(on("AWS::Proton::EnvironmentTemplate", "2026-07-08"), None); // 91 days before
        assert_eq!(
            on("AWS::Proton::EnvironmentTemplate", "2026-10-07"),
            Some("PC3905")
        );
        assert_eq!(on("AWS::QLDB::Ledger", "2026-12-02"), Some("PC3905"));
        // WAF Classic: retiring, no date in the data.
        assert_eq!(
            on("AWS::WAFRegional::RegexPatternSet", "2026-12-02"),
            Some("PC3906")
        );
        assert_eq!(on("AWS::S3::Bucket", "2026-12-02"), None);
    }

    #[test]
    fn every_listed_type_is_published_and_every_date_parses() {
        assert!(source().contains("full_shutdown_services.html"));
        for (kind, life) in &data().types {
            assert!(crate::cfn::types::is_known(kind), "{kind}");
            assert!(
                ["shutdown", "sunset"].contains(&life.status.as_str()),
                "{kind}"
            );
            if let Some(date) = &life.date {
                assert!(date.parse::<Day>().is_ok(), "{kind}: {date}");
            }
        }
    }
}
