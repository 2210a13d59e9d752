//! The plan as text (Terraform-like markers), JSON, or Markdown.

use std::fmt::Write as _;

use super::{Action, Plan};

fn marker(action: Action) -> &'static str {
    match action {
        Action::Add => "+",
        Action::Modify => "~",
        Action::Replace => "-/+",
        Action::Remove => "-",
    }
}

/// A terminal report: region, stacks, then changes grouped by stack and a summary line.
pub fn text(plan: &Plan) -> String {
    let mut out = String::new();
    let r = &plan.region;
    let _ = writeln!(
        out,
        "Plan for {} ({}) in {} ({})",
        plan.environment, plan.environment_size, r.region, r.location
    );
    let _ = writeln!(
        out,
        "Region: {} AZs ({} needed); {} resource types checked{}",
        r.availability_zones,
        r.zones_needed,
        r.types_checked,
        if r.unavailable_types.is_empty() {
            ", all available".to_owned()
        } else {
            format!(", unavailable: {}", r.unavailable_types.join(", "))
        }
    );
    let n = &plan.network;
    if n.capacity.subnets.is_empty() && n.demand.total == 0 {
        let _ = writeln!(out, "Network: none (nothing declared needs a VPC)");
    } else {
        let _ = writeln!(
            out,
            "Network: {} ({} usable addresses in the workload subnets, {} demanded at peak)",
            format!("{:?}", n.verdict).to_lowercase(),
            n.capacity.usable,
            n.demand.total
        );
    }
    let _ = writeln!(out, "\nStacks:");
    // Wide enough for the organizations' shards (`organizations-15`).
    let width = plan
        .stacks
        .iter()
        .map(|s| s.stack.len())
        .max()
        .unwrap_or(0)
        .max(12);
    for s in &plan.stacks {
        let q = |i: usize| format!("{}/{}", s.quotas[i].used, s.quotas[i].limit);
        let _ = writeln!(
            out,
            "  {:<width$} resources {:>9}  parameters {:>7}  outputs {:>7}  bytes {:>15}",
            s.stack,
            q(0),
            q(1),
            q(2),
            q(3)
        );
    }
    if let Some(against) = &plan.against {
        let _ = writeln!(out, "\nChanges against {against}:");
        let mut current = "";
        for c in &plan.changes {
            if c.stack != current {
                current = &c.stack;
                let _ = writeln!(out, "  {current}");
            }
            let detail = if c.properties.is_empty() {
                String::new()
            } else {
                format!(": {}", c.properties.join(", "))
            };
            let why = match c.replacement {
                Some("conditional") => " (may replace)",
                _ => "",
            };
            let _ = writeln!(
                out,
                "    {:>3} {} ({}){detail}{why}",
                marker(c.action),
                c.logical_id,
                c.kind
            );
            if let (true, Some(p)) = (c.stateful, &c.policies) {
                let _ = writeln!(
                    out,
                    "        !! holds data: {} with DeletionPolicy {}, UpdateReplacePolicy {}",
                    if c.action == Action::Remove {
                        "removed"
                    } else {
                        "replaced"
                    },
                    p.deletion,
                    p.update_replace
                );
            }
        }
        let s = &plan.summary;
        if s.is_empty() {
            let _ = writeln!(out, "    no changes");
        }
        let _ = writeln!(
            out,
            "\nPlan: {} to add, {} to change, {} to replace, {} to remove.",
            s.add, s.modify, s.replace, s.remove
        );
    }
    if !plan.findings.is_empty() {
        let _ = writeln!(out);
        out.push_str(&crate::diagnostic::render::text(&plan.findings));
    }
    out
}

/// The plan as one JSON object.
pub fn json(plan: &Plan) -> String {
    let mut text = serde_json::to_string_pretty(plan).expect("a plan is plain data");
    text.push('\n');
    text
}

/// The plan as a Markdown pull-request comment.
pub fn markdown(plan: &Plan) -> Result<String, minijinja::Error> {
    crate::markdown::render("plan.md", minijinja::context! { plan => plan })
}
