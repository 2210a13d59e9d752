//! What `deploy` prints: one line per event (text or JSON), the progress line of a stack,
//! the failure line, and the final JSON result.

use serde::Serialize;
use serde_json::json;

use super::board::Row;
use super::event::StackEvent;

/// `time stack logical-id status reason`, for logs and pipes.
pub fn text(event: &StackEvent) -> String {
    let mut line = format!(
        "{} {} {} {}",
        event.timestamp, event.stack, event.logical_id, event.status
    );
    if let Some(reason) = event.reason.as_deref().filter(|r| !r.is_empty()) {
        line.push(' ');
        line.push_str(&one_line(reason));
    }
    line
}

/// Reasons may wrap lines; every printed event is one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One JSON object, on one line.
pub fn json(event: &StackEvent) -> String {
    serde_json::to_string(event).unwrap_or_default()
}

/// `compute  34/56  UPDATE_IN_PROGRESS`, the stack name padded to `width`.
pub fn progress(row: &Row, width: usize) -> String {
    format!(
        "{:<width$}  {:>3}/{:<3}  {}",
        row.name,
        row.done(),
        row.total,
        row.status
    )
}

/// The line that opens a failed deployment's summary: where it failed and why.
pub fn failure(event: &StackEvent) -> String {
    format!(
        "error: {} {} ({}) {}: {}",
        event.stack,
        event.logical_id,
        event.resource_type,
        event.status,
        event
            .reason
            .as_deref()
            .map_or_else(|| "no reason given".to_owned(), one_line)
    )
}

/// How a deployment ended, for the summary and the JSON result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Result {
    /// Every stack reached a complete status.
    Deployed,
    /// No stack had anything to change.
    NoChanges,
    /// A stack failed or rolled back.
    Failed,
    /// The plan was refused (a stateful replacement, a plan error).
    Refused,
    /// The operator answered no.
    Declined,
    /// Ctrl-C: following stopped, the deployment goes on.
    Interrupted,
}

/// A top-level stack's end state, for the JSON result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackResult {
    pub stack: String,
    pub status: String,
}

/// The text summary: the first failure's line on top when there is one, then each
/// top-level stack's end state.
pub fn summary(stacks: &[StackResult], failure: Option<&StackEvent>) -> String {
    let mut out = String::new();
    if let Some(event) = failure {
        out.push_str(&self::failure(event));
        out.push('\n');
    }
    for s in stacks {
        out.push_str(&format!("{}: {}\n", s.stack, s.status));
    }
    out
}

/// The last JSON line: `{"result": ..., "stacks": [...], "failure": {...}|null}`.
pub fn result_json(result: Result, stacks: &[StackResult], failure: Option<&StackEvent>) -> String {
    json!({"result": result, "stacks": stacks, "failure": failure}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::event::tests::event;

    #[test]
    fn the_json_event_has_the_documented_fields_only() {
        let mut e = event("1", 1, "Queue", "CREATE_FAILED");
        e.stack = "messaging".into();
        e.reason = Some("Access\n denied".into());
        let v: serde_json::Value = serde_json::from_str(&json(&e)).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "timestamp",
                "stack",
                "logical_id",
                "resource_type",
                "status",
                "reason"
            ]
        );
        assert_eq!(text(&e), "t1 messaging Queue CREATE_FAILED Access denied");
        assert!(failure(&e)
            .starts_with("error: messaging Queue (AWS::SQS::Queue) CREATE_FAILED: Access denied"));
        let r: serde_json::Value =
            serde_json::from_str(&result_json(Result::NoChanges, &[], None)).unwrap();
        assert_eq!(r["result"], "no_changes");
    }
}
