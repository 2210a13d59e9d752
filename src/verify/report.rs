//! `verify`'s report as text and Markdown (JSON is the [`Report`] serialized).

use std::fmt::Write;

use super::{Layer, Report, Verdict};

fn failures(v: &Verdict) -> Vec<String> {
    [
        ("network", &v.layers.network),
        ("identity", &v.layers.identity),
        ("resource", &v.layers.resource),
        ("key", &v.layers.key),
    ]
    .iter()
    .filter_map(|(name, layer)| match layer {
        Layer::Blocked {
            template,
            logical_id,
            missing,
        } => Some(format!("{name}: {template}/{logical_id} lacks {missing}")),
        _ => None,
    })
    .collect()
}

fn headline(r: &Report) -> String {
    let blocked = r.accesses.iter().filter(|a| a.verdict != "open").count();
    format!(
        "{}: {} access(es), {} blocked; {} undeclared reach(es)",
        r.environment,
        r.accesses.len(),
        blocked,
        r.undeclared.len()
    )
}

pub fn text(r: &Report) -> String {
    let mut out = headline(r);
    out.push('\n');
    for a in &r.accesses {
        let mark = if a.verdict == "open" {
            "ok     "
        } else {
            "BLOCKED"
        };
        let _ = writeln!(out, "  {mark} {} {} {}", a.consumer, a.verb, a.target);
        for f in failures(a) {
            let _ = writeln!(out, "          {f}");
        }
    }
    if !r.undeclared.is_empty() {
        out.push_str("undeclared reach:\n");
        for u in &r.undeclared {
            let _ = writeln!(
                out,
                "  {}/{} reaches {}: {}",
                u.template, u.logical_id, u.target, u.how
            );
        }
    }
    out
}

pub fn markdown(r: &Report) -> String {
    let mut out = format!("## verify: {}\n\n", headline(r));
    out.push_str(
        "| consumer | verb | target | verdict | blocked layers |\n|---|---|---|---|---|\n",
    );
    for a in &r.accesses {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            a.consumer,
            a.verb,
            a.target,
            a.verdict,
            failures(a).join("; ")
        );
    }
    if !r.undeclared.is_empty() {
        out.push_str("\n### Undeclared reach\n\n| template | logical ID | target | how |\n|---|---|---|---|\n");
        for u in &r.undeclared {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                u.template, u.logical_id, u.target, u.how
            );
        }
    }
    out
}
