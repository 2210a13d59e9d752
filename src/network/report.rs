//! The `check-network` report as text (tables an operator reads), JSON (the fixed fields),
//! or Markdown (a pull-request comment, from `templates/check-network.md.j2`).

use std::fmt::Write as _;

use serde::Serialize;

use super::capacity::{NetworkReport, Verdict};
use super::remediation;
use crate::components::Platform;

/// `4086` → `4,086`: counts of addresses read better grouped.
fn grouped(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "PASS",
        Verdict::Warn => "WARN",
        Verdict::Fail => "FAIL",
    }
}

fn where_it_runs(platform: &Platform, vpc_id: Option<&str>) -> String {
    match (vpc_id, &platform.network.vpc) {
        (Some(id), _) => format!("live VPC {id}"),
        (None, crate::model::Vpc::Existing { id, .. }) => {
            format!("existing VPC {id}, as the spec describes it")
        }
        (None, crate::model::Vpc::New { cidrs }) => match cidrs.first() {
            Some(cidr) => format!("new VPC {cidr}"),
            None => "no VPC".to_owned(),
        },
    }
}

/// The report for a terminal: verdict, capacity table, demand table, findings, fix.
pub fn text(platform: &Platform, report: &NetworkReport, vpc_id: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}) in {}, {}: {}",
        platform.name,
        report.environment_size,
        platform.region.name,
        where_it_runs(platform, vpc_id),
        verdict_word(report.verdict)
    );
    if !platform.network.declared {
        let _ = writeln!(
            out,
            "\nThe spec declares no network, and nothing it declares needs a VPC."
        );
        return out;
    }
    let live = report.capacity.available.is_some();
    let _ = writeln!(out, "\nCapacity of the workload subnets");
    let _ = writeln!(
        out,
        "  {:<18} {:<16} {:>8}{}",
        "subnet",
        "az",
        "usable",
        if live { "  available" } else { "" }
    );
    for s in &report.capacity.subnets {
        let available = s
            .available
            .map(|a| format!("  {:>9}", grouped(a)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {:<18} {:<16} {:>8}{available}",
            s.cidr.to_string(),
            s.az,
            grouped(s.usable)
        );
    }
    let total_available = report
        .capacity
        .available
        .map(|a| format!("  {:>9}", grouped(a)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "  {:<35} {:>8}{total_available}",
        "total",
        grouped(report.capacity.usable)
    );
    if let Some(loss) = &report.capacity.az_loss {
        let _ = writeln!(
            out,
            "  {:<35} {:>8}",
            format!("with {} lost", loss.az),
            grouped(loss.usable)
        );
    }
    let _ = writeln!(out, "\nDemand at peak (addresses)");
    for c in &report.demand.components {
        let _ = writeln!(out, "  {:<20} {:>7}  {}", c.name, grouped(c.ips), c.basis);
    }
    let _ = writeln!(out, "  {:<20} {:>7}", "total", grouped(report.demand.total));
    for c in &report.demand.public {
        let _ = writeln!(
            out,
            "  {:<20} {:>7}  {} (public subnets, not in the total)",
            c.name,
            grouped(c.ips),
            c.basis
        );
    }
    if !report.findings.is_empty() {
        let _ = writeln!(out, "\nFindings");
        for f in &report.findings {
            let _ = writeln!(out, "  {}[{}]: {}", f.severity, f.code, f.message);
        }
    }
    if let Some(fix) = &report.remediation {
        let _ = writeln!(out, "\nRemediation: put this in the spec's network section");
        for line in remediation::to_spec_yaml(platform, fix).lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
    let _ = writeln!(out, "\nWhy each component takes addresses:");
    for c in &report.demand.components {
        let _ = writeln!(out, "  {}: {}", c.name, c.why);
    }
    out
}

/// The report as one JSON object with the fields DESIGN.md fixes.
pub fn json(report: &NetworkReport) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("a report is plain data");
    text.push('\n');
    text
}

#[derive(Serialize)]
struct MarkdownContext<'a> {
    environment: &'a str,
    region: &'a str,
    place: String,
    verdict: &'static str,
    report: &'a NetworkReport,
    usable: String,
    demand: String,
    fix_yaml: Option<String>,
}

/// The report as a Markdown pull-request comment.
pub fn markdown(
    platform: &Platform,
    report: &NetworkReport,
    vpc_id: Option<&str>,
) -> Result<String, minijinja::Error> {
    crate::markdown::render(
        "check-network.md",
        MarkdownContext {
            environment: &platform.name,
            region: &platform.region.name,
            place: where_it_runs(platform, vpc_id),
            verdict: verdict_word(report.verdict),
            report,
            usable: grouped(report.capacity.usable),
            demand: grouped(report.demand.total),
            fix_yaml: report
                .remediation
                .as_ref()
                .map(|fix| remediation::to_spec_yaml(platform, fix)),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(4086), "4,086");
        assert_eq!(grouped(507), "507");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }
}
