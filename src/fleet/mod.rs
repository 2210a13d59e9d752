//! Fleets: many environments handled in one run. Which spec files make the fleet
//! (`discover`), running one job per environment on every core (`parallel`), and the one
//! summary table of the outcomes (`report`).

pub mod discover;
pub mod parallel;
pub mod report;

use std::path::PathBuf;

use serde::Serialize;

pub use discover::{specs, DiscoverError};
pub use parallel::parallel;

/// How one environment came out, ordered from best to worst: the fleet's outcome is its
/// worst environment's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Warn,
    Fail,
    /// The spec could not be read or resolved.
    Invalid,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Warn => "warn",
            Verdict::Fail => "fail",
            Verdict::Invalid => "invalid",
        }
    }
}

/// One environment's row of the summary.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The spec file, as given or found.
    pub file: PathBuf,
    /// The spec's `name`; empty when the spec could not be read.
    pub environment: String,
    pub region: String,
    pub environment_size: String,
    pub verdict: Verdict,
    /// `plan`: what would change (`+add ~modify !replace -remove`), when measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Changes>,
    /// Why the verdict is not a pass: the first problem, one line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Counts of changes, as `plan` summarizes them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    pub add: usize,
    pub modify: usize,
    pub replace: usize,
    pub remove: usize,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.add + self.modify + self.replace + self.remove == 0
    }
}

impl Row {
    /// A row for a spec that could not be read or resolved.
    pub fn invalid(file: PathBuf, reason: String) -> Row {
        Row {
            file,
            environment: String::new(),
            region: String::new(),
            environment_size: String::new(),
            verdict: Verdict::Invalid,
            changes: None,
            reason: Some(reason),
        }
    }
}

/// The worst verdict among `rows`; `Pass` for none.
pub fn worst(rows: &[Row]) -> Verdict {
    rows.iter()
        .map(|r| r.verdict)
        .max()
        .unwrap_or(Verdict::Pass)
}
