//! Lambda runtimes against their lifecycle ("Lambda runtimes" in the AWS Lambda Developer
//! Guide, "Runtime deprecation"): after a runtime is deprecated, Lambda first blocks
//! creating functions on it, then updating them. The dates are AWS's, kept in
//! `schemas/lambda-runtimes.json` (its `source` names the page) and refreshed by
//! `scripts/refresh-schemas`; the day they are judged against is the run's
//! (`Options::today`), so the verdict of a template changes with the calendar, not the code.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::diagnostic::Severity::{Error, Warning};
use crate::lint::date::Day;
use crate::lint::rule::{Findings, RuleDoc};
use crate::lint::template::{as_str, entries, Template};
use crate::yaml::{KeyPath, Node};

/// A runtime AWS has deprecated, or whose block-create date is at most
/// [`WARN_DAYS`] away: the next deploy that creates a function on it will fail soon.
pub const PC3903: RuleDoc = RuleDoc {
    id: "PC3903",
    severity: Warning,
    summary: "Lambda runtime deprecated or about to be blocked",
    help: "AWS Lambda Developer Guide, Lambda runtimes (deprecation and block dates)",
};
/// A runtime on which Lambda no longer creates functions: a stack that creates (or
/// replaces) the function fails.
pub const PC3904: RuleDoc = RuleDoc {
    id: "PC3904",
    severity: Error,
    summary: "Lambda runtime blocked for new functions",
    help: "AWS Lambda Developer Guide, Lambda runtimes (deprecation and block dates)",
};

pub const RULES: &[RuleDoc] = &[PC3903, PC3904];

/// How long before a block-create date the warning starts.
pub const WARN_DAYS: i64 = 90;

#[derive(Deserialize)]
struct File {
    source: String,
    runtimes: BTreeMap<String, Lifecycle>,
}

/// One runtime's dates (`None`: not announced).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Lifecycle {
    deprecated: Option<String>,
    block_create: Option<String>,
    block_update: Option<String>,
    successor: Option<String>,
}

fn data() -> &'static File {
    static DATA: OnceLock<File> = OnceLock::new();
    DATA.get_or_init(|| {
        serde_json::from_str(include_str!("../../../schemas/lambda-runtimes.json"))
            .expect("schemas/lambda-runtimes.json is checked by the test suite")
    })
}

/// Where the dates come from, for reports.
pub fn source() -> &'static str {
    &data().source
}

/// The finding `runtime` deserves on `today`, if any: its rule and message.
pub fn judge(runtime: &str, today: Day) -> Option<(&'static RuleDoc, String)> {
    let life = data().runtimes.get(runtime)?;
    let day = |d: &Option<String>| d.as_deref().and_then(|d| d.parse::<Day>().ok());
    let (deprecated, create, update) = (
        day(&life.deprecated),
        day(&life.block_create),
        day(&life.block_update),
    );
    let advice = life
        .successor
        .as_deref()
        .map(|s| format!("; move to {s}"))
        .unwrap_or_default();
    if let Some(create) = create.filter(|c| *c <= today) {
        let update = match update {
            Some(u) if u <= today => format!(", and updating them since {u}"),
            Some(u) => format!(", and blocks updating them from {u}"),
            None => String::new(),
        };
        let message = format!(
            "`{runtime}`: Lambda has blocked creating functions on it since {create}{update}{advice}"
        );
        return Some((&PC3904, message));
    }
    if let Some(create) = create.filter(|c| today.until(*c) <= WARN_DAYS) {
        let days = today.until(create);
        let message = format!(
            "`{runtime}`: Lambda blocks creating functions on it from {create}, in {days} day(s){advice}"
        );
        return Some((&PC3903, message));
    }
    let deprecated = deprecated.filter(|d| *d <= today)?;
    let blocked = create
        .map(|c| format!("; Lambda blocks creating functions on it from {c}"))
        .unwrap_or_default();
    let message = format!("`{runtime}`: deprecated since {deprecated}{blocked}{advice}");
    Some((&PC3903, message))
}

/// Every literal runtime of a Lambda or SAM function, and of SAM's `Globals`.
pub fn check(template: &Template, today: Day, out: &mut Findings) {
    let mut judge_at = |node: &Node, path: KeyPath| {
        if let Some((rule, message)) = as_str(node).and_then(|r| judge(r, today)) {
            out.push(rule, node.pos, &path, message);
        }
    };
    let section = KeyPath::root().key("Resources");
    for (id, resource) in entries(template.root.get("Resources")) {
        let kind = resource.get("Type").and_then(as_str);
        if !matches!(
            kind,
            Some("AWS::Lambda::Function" | "AWS::Serverless::Function")
        ) {
            continue;
        }
        if let Some(runtime) = resource.get("Properties").and_then(|p| p.get("Runtime")) {
            judge_at(
                runtime,
                section.key(&id.name).key("Properties").key("Runtime"),
            );
        }
    }
    let globals = template.root.get("Globals").and_then(|g| g.get("Function"));
    if let Some(runtime) = globals.and_then(|f| f.get("Runtime")) {
        let path = KeyPath::root()
            .key("Globals")
            .key("Function")
            .key("Runtime");
        judge_at(runtime, path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(runtime: &str, today: &str) -> Option<&'static str> {
        judge(runtime, today.parse().unwrap()).map(|(rule, _)| rule.id)
    }

    /// python3.10: deprecated 2026-10-31, creation blocked from 2027-02-01.
    #[test]
    fn the_verdict_follows_the_calendar() {
        assert_eq!(on("python3.10", "2026-06-01"), None);
        assert_eq!(on("python3.10", "2026-11-01"), Some("PC3903")); // deprecated
        assert_eq!(on("python3.10", "2026-11-03"), Some("PC3903")); // 90 days before
        assert_eq!(on("python3.10", "2027-01-31"), Some("PC3903"));
        assert_eq!(on("python3.10", "2027-02-01"), Some("PC3904"));
        assert_eq!(on("python3.13", "2026-12-02"), None);
        assert_eq!(on("not-a-runtime", "2026-12-02"), None);
    }

    #[test]
    fn the_warning_starts_ninety_days_before_the_block() {
        // python3.13 is deprecated 2029-06-30 and blocked 2029-07-31: the 90 days come first.
        assert_eq!(on("python3.13", "2029-05-01"), None); // 91 days before
        assert_eq!(on("python3.13", "2029-05-02"), Some("PC3903"));
        let (_, message) = judge("python3.13", "2029-05-02".parse().unwrap()).unwrap();
        assert!(message.contains("in 90 day(s)"), "{message}");
    }

    #[test]
    fn a_blocked_runtime_names_its_dates_and_successor() {
        let (rule, message) = judge("python3.7", "2026-12-02".parse().unwrap()).unwrap();
        assert_eq!(rule.id, "PC3904");
        assert!(message.contains("since 2024-01-09"), "{message}");
        assert!(message.contains("from 2027-03-03"), "{message}");
        assert!(message.contains("move to python3.14"), "{message}");
    }

    #[test]
    fn every_date_in_the_data_parses() {
        assert!(source().contains("lambda-runtimes.html"));
        for (name, life) in &data().runtimes {
            for date in [&life.deprecated, &life.block_create, &life.block_update]
                .into_iter()
                .flatten()
            {
                assert!(date.parse::<Day>().is_ok(), "{name}: {date}");
            }
        }
    }
}
