//! Which failure to show first. A failing resource sets off a cascade: its siblings are
//! cancelled ("Resource creation cancelled"), its stack fails ("The following resource(s)
//! failed to create: [...]") and so does the nested-stack resource in the parent
//! ("Embedded stack ... was not successfully created"). Only the first cause says what
//! to fix.

use super::event::StackEvent;

/// Reasons CloudFormation gives to failures caused by another one.
const FOLLOW_UPS: [&str; 5] = [
    "Resource creation cancelled",
    "Resource update cancelled",
    "The following resource(s) failed",
    "Embedded stack",
    "Stack creation cancelled",
];

fn is_follow_up(reason: Option<&str>) -> bool {
    reason.is_none_or(|r| FOLLOW_UPS.iter().any(|f| r.starts_with(f)))
}

/// The earliest failed event whose reason is a cause, not a follow-up; failing that, the
/// earliest failed event. Events of equal time keep the order they were read in.
pub fn first_failure(events: &[StackEvent]) -> Option<&StackEvent> {
    let mut failed: Vec<&StackEvent> = events.iter().filter(|e| e.is_failed()).collect();
    failed.sort_by_key(|e| e.at_ms);
    failed
        .iter()
        .find(|e| !is_follow_up(e.reason.as_deref()))
        .or(failed.first())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::event::tests::event;

    fn failed(id: &str, at: i64, stack: &str, logical: &str, reason: &str) -> StackEvent {
        let mut e = event(id, at, logical, "CREATE_FAILED");
        e.stack = stack.into();
        e.reason = Some(reason.into());
        e
    }

    #[test]
    fn the_cause_wins_over_cancellations_and_the_parents_follow_ups() {
        let events = vec![
            failed("p1", 40, "application", "ComputeStack", "Embedded stack arn:x was not successfully created: The following resource(s) failed to create: [Service]."),
            failed("c2", 20, "compute", "Worker", "Resource creation cancelled"),
            event("c0", 5, "Service", "CREATE_IN_PROGRESS"),
            failed("c1", 21, "compute", "Service", "Invalid request provided: image not found"),
            failed("c3", 30, "compute", "compute-stack", "The following resource(s) failed to create: [Service]."),
        ];
        let first = first_failure(&events).unwrap();
        assert_eq!(
            (first.stack.as_str(), first.logical_id.as_str()),
            ("compute", "Service")
        );
    }

    #[test]
    fn only_follow_ups_gives_the_earliest_and_no_failure_gives_none() {
        let events = vec![
            failed("b", 20, "p", "B", "Resource creation cancelled"),
            failed(
                "a",
                10,
                "p",
                "A",
                "The following resource(s) failed to create: [X].",
            ),
        ];
        assert_eq!(first_failure(&events).unwrap().id, "a");
        assert!(first_failure(&[event("x", 1, "A", "CREATE_COMPLETE")]).is_none());
    }
}
