//! The fleet's summary: one row per environment, as a text table or JSON.

use std::fmt::Write as _;

use serde::Serialize;

use super::{worst, Changes, Row, Verdict};

/// `+2 ~1 !0 -0`: adds, modifications, replacements, removals.
pub fn changes_cell(c: &Changes) -> String {
    format!("+{} ~{} !{} -{}", c.add, c.modify, c.replace, c.remove)
}

/// The table, then the reason of every row that did not pass, then the count per verdict.
pub fn text(rows: &[Row]) -> String {
    let header = [
        "ENVIRONMENT",
        "REGION",
        "SIZE",
        "VERDICT",
        "CHANGES",
        "FILE",
    ];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                or_dash(&r.environment),
                or_dash(&r.region),
                or_dash(&r.environment_size),
                r.verdict.as_str().to_owned(),
                r.changes
                    .as_ref()
                    .map_or_else(|| "-".to_owned(), changes_cell),
                r.file.display().to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, cells: &[&str]| {
        let mut text = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                let _ = write!(text, "{cell:<w$}  ");
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&mut out, &header);
    for row in &cells {
        let refs: Vec<&str> = row.iter().map(String::as_str).collect();
        line(&mut out, &refs);
    }
    let failing: Vec<&Row> = rows.iter().filter(|r| r.reason.is_some()).collect();
    if !failing.is_empty() {
        out.push('\n');
        for r in failing {
            let _ = writeln!(
                out,
                "{} ({}): {}",
                r.file.display(),
                r.verdict.as_str(),
                r.reason.as_deref().unwrap_or_default()
            );
        }
    }
    let count = |v: Verdict| rows.iter().filter(|r| r.verdict == v).count();
    let _ = writeln!(
        out,
        "\n{} environments: {} pass, {} warn, {} fail, {} invalid",
        rows.len(),
        count(Verdict::Pass),
        count(Verdict::Warn),
        count(Verdict::Fail),
        count(Verdict::Invalid)
    );
    out
}

#[derive(Serialize)]
struct Document<'a> {
    verdict: Verdict,
    environments: &'a [Row],
}

/// `{"verdict": <worst>, "environments": [rows]}`.
pub fn json(rows: &[Row]) -> String {
    let doc = Document {
        verdict: worst(rows),
        environments: rows,
    };
    let mut text = serde_json::to_string_pretty(&doc).expect("rows are plain data");
    text.push('\n');
    text
}

fn or_dash(s: &str) -> String {
    if s.is_empty() {
        "-".to_owned()
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn row(env: &str, verdict: Verdict) -> Row {
        Row {
            file: PathBuf::from(format!("fleet/{env}.yaml")),
            environment: env.to_owned(),
            region: "us-east-1".into(),
            environment_size: "Medium".into(),
            verdict,
            changes: Some(Changes {
                add: 3,
                ..Changes::default()
            }),
            reason: (verdict != Verdict::Pass).then(|| "why".to_owned()),
        }
    }

    #[test]
    fn the_table_aligns_and_counts_and_gives_each_reason() {
        let rows = [row("acme-prod", Verdict::Pass), row("b", Verdict::Fail)];
        let text = text(&rows);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "ENVIRONMENT  REGION     SIZE    VERDICT  CHANGES      FILE"
        );
        assert_eq!(
            lines[1],
            "acme-prod    us-east-1  Medium  pass     +3 ~0 !0 -0  fleet/acme-prod.yaml"
        );
        assert!(text.contains("fleet/b.yaml (fail): why"), "{text}");
        assert!(
            text.ends_with("2 environments: 1 pass, 0 warn, 1 fail, 0 invalid\n"),
            "{text}"
        );
    }

    #[test]
    fn json_says_the_worst_verdict() {
        let rows = [row("a", Verdict::Warn), row("b", Verdict::Pass)];
        let doc: serde_json::Value = serde_json::from_str(&json(&rows)).unwrap();
        assert_eq!(doc["verdict"], "warn");
        assert_eq!(doc["environments"][0]["changes"]["add"], 3);
    }
}
