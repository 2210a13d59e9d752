//! The lint corpus judged against cfn-lint, so that it stays honest: every good template is
//! clean under both linters, every bad one carries a defect both flag (with the named
//! rules), and every beyond-cfn-lint one a defect platformctl flags and cfn-lint misses.

mod corpus;

use self::corpus::{cfn_lint_all, entries};
use crate::support::platformctl;

#[test]
fn the_corpus_spans_every_rule_family() {
    let bad = entries("bad");
    assert!(bad.len() >= 30, "{} bad entries", bad.len());
    for entry in bad.iter().chain(&entries("beyond-cfn-lint")) {
        assert_eq!(
            entry.platformctl.len(),
            1,
            "{}: one platformctl rule expected",
            entry.name()
        );
    }
    for entry in &bad {
        assert!(
            !entry.cfn_lint.is_empty(),
            "{}: names no cfn-lint rule",
            entry.name()
        );
    }
    let prefixes: std::collections::BTreeSet<String> = bad
        .iter()
        .chain(&entries("beyond-cfn-lint"))
        .map(|e| e.platformctl[0][..3].to_owned())
        .collect();
    for family in [
        "PC0", "PC1", "PC2", "PC3", "PC4", "PC5", "PC6", "PC7", "PC8",
    ] {
        assert!(prefixes.contains(family), "no corpus entry for {family}xxx");
    }
    assert!(entries("good").len() >= 4);
}

#[test]
fn cfn_lint_reports_nothing_on_good_templates() {
    let good = entries("good");
    for (file, rules) in cfn_lint_all(&good) {
        assert!(
            rules.is_empty(),
            "cfn-lint flags {}: {rules:?}",
            file.display()
        );
    }
}

#[test]
fn cfn_lint_flags_every_bad_template_with_its_rule() {
    let bad = entries("bad");
    let found = cfn_lint_all(&bad);
    for entry in &bad {
        let rules = &found[&entry.path];
        for want in &entry.cfn_lint {
            assert!(
                rules.contains(want),
                "{}: cfn-lint reports {rules:?}, not {want}",
                entry.name()
            );
        }
    }
}

#[test]
fn cfn_lint_misses_every_beyond_cfn_lint_template() {
    let beyond = entries("beyond-cfn-lint");
    let found = cfn_lint_all(&beyond);
    for entry in &beyond {
        let rules = &found[&entry.path];
        assert!(
            rules.is_empty(),
            "{}: cfn-lint does catch it ({rules:?}): move it to bad/",
            entry.name()
        );
    }
}

/// The property rules, straight from the library: good templates have no property finding,
/// each PC3xxx entry has its rule (independent of the lint engine's other families).
#[test]
fn property_rules_pass_good_templates_and_flag_their_bad_ones() {
    use platformctl::lint::rules::properties::check_resource;
    use platformctl::yaml::{load, KeyPath, Value};
    let property_findings = |path: &std::path::Path| -> Vec<&'static str> {
        let root = load(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut rules = Vec::new();
        if let Some(Value::Map(resources)) = root.get("Resources").map(|r| &r.value) {
            for (id, resource) in resources {
                let Some(Value::Str(kind)) = resource.get("Type").map(|t| &t.value) else {
                    continue;
                };
                let path = KeyPath::root().key("Resources").key(&id.name);
                rules.extend(
                    check_resource(kind, resource, &path)
                        .into_iter()
                        .map(|f| f.rule),
                );
            }
        }
        rules
    };
    for entry in entries("good") {
        assert_eq!(
            property_findings(&entry.path),
            Vec::<&str>::new(),
            "{}",
            entry.name()
        );
    }
    // Lambda runtimes and retired services (PC3903-PC3906) are judged by date, and
    // overlapping subnets (PC3950), Pod Identity wiring (PC3960, PC3961) and repeated
    // ingress rules (PC3962) across resources, by the engine, not per resource.
    let by_engine = |id: &str| {
        use platformctl::lint::rules::{ingress, pod_identity, retired, runtimes, subnets};
        runtimes::RULES
            .iter()
            .chain(retired::RULES)
            .chain(subnets::RULES)
            .chain(pod_identity::RULES)
            .chain(ingress::RULES)
            .any(|r| r.id == id)
    };
    for entry in entries("bad").iter().chain(&entries("beyond-cfn-lint")) {
        if entry.platformctl[0].starts_with("PC3") && !by_engine(&entry.platformctl[0]) {
            let rules = property_findings(&entry.path);
            assert!(
                rules.contains(&entry.platformctl[0].as_str()),
                "{}: {rules:?}",
                entry.name()
            );
        }
    }
}

/// What `platformctl lint --format json` says about one entry: its (rule, severity) pairs,
/// after checking that the exit code agrees (1 exactly when there is an error) and that
/// every finding is located in the entry's file.
fn platformctl_findings(entry: &corpus::Entry) -> Vec<(String, String)> {
    let mut cmd = platformctl();
    cmd.args(["lint", "--format", "json"]);
    if let Some(region) = &entry.region {
        cmd.args(["--region", region]);
    }
    let output = cmd.arg(&entry.path).output().unwrap();
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: no JSON ({e}): {}",
            entry.name(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let found: Vec<(String, String)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let line = f["location"]["line"].as_u64().unwrap_or(0);
            assert!(line > 0, "{}: finding without a line: {f}", entry.name());
            let file = f["location"]["file"].as_str().unwrap_or_default();
            assert!(
                entry.path.ends_with(file),
                "{}: finding in {file}",
                entry.name()
            );
            (
                f["code"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let errors = found.iter().any(|(_, severity)| severity == "error");
    assert_eq!(
        output.status.code(),
        Some(i32::from(errors)),
        "{}: exit code with {found:?}",
        entry.name()
    );
    found
}

#[test]
fn platformctl_reports_nothing_on_good_templates() {
    for entry in entries("good") {
        assert_eq!(platformctl_findings(&entry), [], "{}", entry.name());
    }
}

#[test]
fn platformctl_flags_every_bad_template_with_its_rule() {
    for entry in entries("bad") {
        let found = platformctl_findings(&entry);
        let want = &entry.platformctl[0];
        assert!(
            found.iter().any(|(rule, _)| rule == want),
            "{}: {found:?}, not {want}",
            entry.name()
        );
    }
}

#[test]
fn platformctl_flags_what_cfn_lint_misses() {
    for entry in entries("beyond-cfn-lint") {
        let found = platformctl_findings(&entry);
        let want = &entry.platformctl[0];
        assert_eq!(
            found
                .iter()
                .map(|(rule, _)| rule.as_str())
                .collect::<Vec<_>>(),
            [want.as_str()],
            "{}: exactly its one defect",
            entry.name()
        );
    }
}
