//! Stack events and the feed that turns DescribeStackEvents' newest-first pages into
//! each event once, oldest first.

use std::collections::HashSet;

use serde::Serialize;

/// One CloudFormation stack event, as platformctl prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackEvent {
    /// The event's ID, unique across stacks.
    #[serde(skip)]
    pub id: String,
    /// RFC 3339, as CloudFormation stamped it.
    pub timestamp: String,
    /// Milliseconds since the epoch, for ordering across stacks.
    #[serde(skip)]
    pub at_ms: i64,
    /// The stack's name in platformctl's terms: `foundation`, `application`, or a nested
    /// stack's synth name (`compute`).
    pub stack: String,
    /// The ARN of the stack the event belongs to.
    #[serde(skip)]
    pub stack_id: String,
    pub logical_id: String,
    /// For a nested stack's resource in its parent: the nested stack's ARN.
    #[serde(skip)]
    pub physical_id: String,
    pub resource_type: String,
    pub status: String,
    pub reason: Option<String>,
}

impl StackEvent {
    /// Whether the event is about the stack itself rather than one of its resources.
    pub fn is_stack_itself(&self) -> bool {
        self.physical_id == self.stack_id
    }

    /// A nested stack this event reveals: a resource of type AWS::CloudFormation::Stack
    /// whose physical ID is the nested stack's ARN (AWS CloudFormation User Guide,
    /// "Working with nested stacks").
    pub fn nested_stack(&self) -> Option<&str> {
        (self.resource_type == "AWS::CloudFormation::Stack"
            && !self.is_stack_itself()
            && self.physical_id.starts_with("arn:"))
        .then_some(self.physical_id.as_str())
    }

    pub fn is_failed(&self) -> bool {
        self.status.ends_with("_FAILED")
    }
}

/// Whether a stack status ends an operation. Statuses ending in `_IN_PROGRESS` (the
/// cleanup and rollback phases included) do not; `REVIEW_IN_PROGRESS` is a stack that a
/// change set created and nothing executed yet (AWS CloudFormation API Reference,
/// "Stack", StackStatus).
pub fn is_terminal(status: &str) -> bool {
    !status.ends_with("_IN_PROGRESS")
        && (status.ends_with("_COMPLETE") || status.ends_with("_FAILED"))
}

/// Whether a terminal stack status means the operation did not do what was asked: it
/// failed or was rolled back.
pub fn is_failure(status: &str) -> bool {
    status.ends_with("_FAILED") || status.contains("ROLLBACK")
}

/// One stack's events read so far. The first read stops at the event seen last before
/// the operation (`last_seen`) or, for a stack met during the operation, at anything
/// older than the operation's start (`not_before`), so an update prints none of the
/// stack's history.
#[derive(Debug, Clone)]
pub struct Feed {
    pub stack_id: String,
    pub name: String,
    /// The stack's resources in its template, for the progress line.
    pub total: usize,
    last_seen: Option<String>,
    not_before: Option<i64>,
    seen: HashSet<String>,
}

impl Feed {
    pub fn new(
        stack_id: impl Into<String>,
        name: impl Into<String>,
        total: usize,
        last_seen: Option<String>,
        not_before: Option<i64>,
    ) -> Feed {
        Feed {
            stack_id: stack_id.into(),
            name: name.into(),
            total,
            last_seen,
            not_before,
            seen: HashSet::new(),
        }
    }

    /// Takes one newest-first page: the events not read before, newest first, and
    /// whether the page reached what was read before (no need for the next page).
    pub fn page(&self, page: Vec<StackEvent>) -> (Vec<StackEvent>, bool) {
        let mut fresh = Vec::new();
        for event in page {
            let old = self.last_seen.as_deref() == Some(event.id.as_str())
                || self.not_before.is_some_and(|t| event.at_ms < t)
                || self.seen.contains(&event.id);
            if old {
                return (fresh, true);
            }
            fresh.push(event);
        }
        (fresh, false)
    }

    /// Records `fresh` (newest first, the pages of one read joined) as read and returns
    /// them oldest first, named after this feed's stack.
    pub fn advance(&mut self, fresh: Vec<StackEvent>) -> Vec<StackEvent> {
        if let Some(newest) = fresh.first() {
            self.last_seen = Some(newest.id.clone());
        }
        let mut out: Vec<StackEvent> = fresh
            .into_iter()
            .rev()
            .filter(|e| self.seen.insert(e.id.clone()))
            .collect();
        for e in &mut out {
            e.stack.clone_from(&self.name);
        }
        out
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn event(id: &str, at_ms: i64, logical: &str, status: &str) -> StackEvent {
        StackEvent {
            id: id.into(),
            timestamp: format!("t{at_ms}"),
            at_ms,
            stack: String::new(),
            stack_id: "arn:stack/p".into(),
            logical_id: logical.into(),
            physical_id: String::new(),
            resource_type: "AWS::SQS::Queue".into(),
            status: status.into(),
            reason: None,
        }
    }

    #[test]
    fn a_read_stops_at_the_last_seen_event_and_comes_out_oldest_first() {
        let mut feed = Feed::new("arn:stack/p", "compute", 3, Some("e1".into()), None);
        let (fresh, done) = feed.page(vec![
            event("e3", 30, "B", "CREATE_COMPLETE"),
            event("e2", 20, "A", "CREATE_COMPLETE"),
            event("e1", 10, "A", "CREATE_IN_PROGRESS"),
            event("e0", 5, "Z", "CREATE_IN_PROGRESS"),
        ]);
        assert!(done);
        let out = feed.advance(fresh);
        let ids: Vec<&str> = out.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["e2", "e3"]);
        assert!(out.iter().all(|e| e.stack == "compute"));
        // The next poll sees only what is newer than e3.
        let (fresh, done) = feed.page(vec![
            event("e4", 40, "C", "CREATE_COMPLETE"),
            event("e3", 30, "B", "CREATE_COMPLETE"),
        ]);
        assert!(done);
        assert_eq!(feed.advance(fresh).len(), 1);
    }

    #[test]
    fn a_stack_met_during_the_operation_shows_nothing_older_than_its_start() {
        let feed = Feed::new("arn:stack/n", "data", 2, None, Some(100));
        let (fresh, done) = feed.page(vec![
            event("n2", 120, "Db", "UPDATE_IN_PROGRESS"),
            event("n1", 50, "Db", "CREATE_COMPLETE"),
        ]);
        assert!(done);
        assert_eq!(fresh.len(), 1);
        // A page that never reaches the cutoff asks for the next one.
        let (_, done) = feed.page(vec![event("n3", 130, "Db", "UPDATE_COMPLETE")]);
        assert!(!done);
    }

    #[test]
    fn an_event_read_twice_across_pages_is_printed_once() {
        let mut feed = Feed::new("arn:stack/p", "p", 1, None, None);
        let out = feed.advance(vec![
            event("e2", 20, "A", "CREATE_COMPLETE"),
            event("e2", 20, "A", "CREATE_COMPLETE"),
        ]);
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn terminal_and_failed_statuses() {
        for s in [
            "CREATE_COMPLETE",
            "UPDATE_COMPLETE",
            "UPDATE_ROLLBACK_COMPLETE",
            "ROLLBACK_COMPLETE",
            "CREATE_FAILED",
            "UPDATE_ROLLBACK_FAILED",
        ] {
            assert!(is_terminal(s), "{s}");
        }
        for s in [
            "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
            "UPDATE_ROLLBACK_IN_PROGRESS",
            "REVIEW_IN_PROGRESS",
            "CREATE_IN_PROGRESS",
        ] {
            assert!(!is_terminal(s), "{s}");
        }
        assert!(is_failure("UPDATE_ROLLBACK_COMPLETE"));
        assert!(is_failure("ROLLBACK_COMPLETE"));
        assert!(!is_failure("UPDATE_COMPLETE"));
    }
}
