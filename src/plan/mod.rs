//! `plan`: whether the environment can exist in a region, what each stack holds, and what a
//! deployment would change against a previous synth (offline) or a deployed stack (live).

pub mod diff;
pub mod inventory;
pub mod live;
pub mod previous;
pub mod region;
pub mod removal;
pub mod report;
pub mod secrets;

use serde::Serialize;

pub use diff::{Action, Change};
pub use previous::{load_previous, PreviousError, PreviousOutput};

use crate::components::Platform;
use crate::diagnostic::Diagnostic;
use crate::network::capacity::{self, NetworkReport, Verdict};
use crate::output;
use crate::regions::Region;
use crate::render::{self, TemplateFormat};

/// Counts of changes by action.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub add: usize,
    pub modify: usize,
    pub replace: usize,
    pub remove: usize,
}

impl Summary {
    pub fn of(changes: &[Change]) -> Self {
        let mut s = Summary::default();
        for c in changes {
            match c.action {
                Action::Add => s.add += 1,
                Action::Modify => s.modify += 1,
                Action::Replace => s.replace += 1,
                Action::Remove => s.remove += 1,
            }
        }
        s
    }

    pub fn is_empty(&self) -> bool {
        *self == Summary::default()
    }
}

/// A whole plan. `changes` is absent when nothing was compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub environment: String,
    pub environment_size: String,
    pub region: region::RegionCheck,
    pub stacks: Vec<inventory::StackInventory>,
    /// The `check-network` verdict of the spec's layout.
    pub network: NetworkReport,
    /// What the changes are measured against: a directory or a stack name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub against: Option<String>,
    pub changes: Vec<Change>,
    pub summary: Summary,
    pub findings: Vec<Diagnostic>,
}

impl Plan {
    /// Stateful replacements that `allowed` does not name: each makes the plan fail.
    pub fn blocked_replacements<'a>(
        &'a self,
        allowed: &'a [String],
    ) -> impl Iterator<Item = &'a Change> + 'a {
        self.changes.iter().filter(move |c| {
            c.action == Action::Replace && c.stateful && !allowed.contains(&c.logical_id)
        })
    }

    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(Diagnostic::is_error)
    }
}

/// Plans `platform` in `region`, against `previous` output when given.
pub fn plan(
    platform: &Platform,
    region: &Region,
    previous: Option<(&str, &PreviousOutput)>,
) -> Plan {
    let set = crate::components::render(platform, TemplateFormat::Json);
    let mut findings = Vec::new();
    let region_check = region::check(platform, &set, region, &mut findings);
    let mut stacks = Vec::new();
    for (name, template) in set.templates() {
        let bytes = output::template_bytes(template, TemplateFormat::Json).len();
        let top_level = render::TopLevel::from_name(name).is_some();
        stacks.push(inventory::inventory(
            name,
            template,
            bytes,
            top_level,
            &mut findings,
        ));
    }
    let network = capacity::check(platform, None);
    if network.verdict == Verdict::Fail {
        findings.push(Diagnostic::error(
            "plan/network",
            format!(
                "the network fails the capacity rule for {} (run check-network for the details and the fix)",
                platform.size
            ),
        ));
    }
    let mut changes = Vec::new();
    if let Some((_, old)) = previous {
        let new = PreviousOutput::from_set(&set);
        for name in old
            .stack_names()
            .chain(new.stack_names())
            .collect::<std::collections::BTreeSet<_>>()
        {
            let stack_changes = diff::stack(name, old.resources(name), new.resources(name));
            for change in &stack_changes {
                if let Some(before) = old.resources(name).get(&change.logical_id) {
                    findings.extend(removal::blockers(change, before));
                }
            }
            changes.extend(stack_changes);
        }
    }
    findings.extend(changes.iter().filter_map(Change::refusal));
    if platform.teardown {
        findings.push(removal::left_behind(&set));
    }
    let summary = Summary::of(&changes);
    Plan {
        environment: platform.name.clone(),
        environment_size: platform.size.to_string(),
        region: region_check,
        stacks,
        network,
        against: previous.map(|(label, _)| label.to_owned()),
        changes,
        summary,
        findings,
    }
}
