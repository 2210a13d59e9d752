//! Following a running operation: the parent's events and those of every nested stack
//! its events reveal, until the parent reaches a terminal status.

use super::board::{Board, Row};
use super::event::{is_terminal, Feed, StackEvent};

/// Where events and statuses come from: CloudFormation (`aws::deploy::Deployer`), or a
/// script in tests.
pub trait Source {
    type Error;
    /// The stack's current status (DescribeStacks).
    fn status(&mut self, stack_id: &str) -> Result<String, Self::Error>;
    /// The feed's events not read before, oldest first.
    fn read(&mut self, feed: &mut Feed) -> Result<Vec<StackEvent>, Self::Error>;
    /// Waits before the next poll; `true` when the operator interrupted (Ctrl-C).
    fn pause(&mut self) -> bool;
}

/// Hears what following finds, to draw it.
pub trait Observer {
    /// A stack joined the board (the parent first).
    fn stack(&mut self, row: &Row);
    /// An event, with its stack's row after it.
    fn event(&mut self, event: &StackEvent, row: Option<&Row>);
}

/// How following ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// The parent reached this terminal status.
    Finished(String),
    /// Ctrl-C: the operation goes on without us.
    Interrupted,
}

/// Everything read, oldest first per poll, and how it ended.
#[derive(Debug, Clone)]
pub struct Followed {
    pub ending: Ending,
    pub events: Vec<StackEvent>,
    pub board: Board,
}

/// Follows `parent` and, from their first event on, its nested stacks (at any depth).
/// `nested` names a nested stack from its logical ID in its parent and gives its resource
/// count; `since` (epoch ms) is the operation's start: a nested stack's older events are
/// history, not this operation.
pub fn follow<S: Source>(
    source: &mut S,
    parent: Feed,
    since: i64,
    nested: &dyn Fn(&str) -> (String, usize),
    observer: &mut dyn Observer,
) -> Result<Followed, S::Error> {
    let mut board = Board::default();
    board.add(&parent.stack_id, &parent.name, parent.total);
    if let Some(row) = board.rows.last() {
        observer.stack(row);
    }
    let mut feeds = vec![parent];
    let mut events = Vec::new();
    loop {
        // The status first: once it is terminal, the reads below hold every event.
        let status = source.status(&feeds[0].stack_id)?;
        let mut i = 0;
        while i < feeds.len() {
            for event in source.read(&mut feeds[i])? {
                if let Some(arn) = event.nested_stack() {
                    if !feeds.iter().any(|f| f.stack_id == arn) {
                        let (name, total) = nested(&event.logical_id);
                        board.add(arn, &name, total);
                        if let Some(row) = board.rows.last() {
                            observer.stack(row);
                        }
                        feeds.push(Feed::new(arn, name, total, None, Some(since)));
                    }
                }
                let row = board.record(&event);
                observer.event(&event, row);
                events.push(event);
            }
            i += 1;
        }
        if is_terminal(&status) {
            return Ok(Followed {
                ending: Ending::Finished(status),
                events,
                board,
            });
        }
        if source.pause() {
            return Ok(Followed {
                ending: Ending::Interrupted,
                events,
                board,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::event::tests::event;
    use crate::deploy::failure::first_failure;

    /// Polls answered from a script: each poll the parent's status and what each stack
    /// shows newest first.
    struct Script {
        polls: Vec<(&'static str, Vec<StackEvent>)>,
        at: usize,
    }

    impl Source for Script {
        type Error = ();
        fn status(&mut self, _: &str) -> Result<String, ()> {
            Ok(self.polls[self.at].0.to_owned())
        }
        fn read(&mut self, feed: &mut Feed) -> Result<Vec<StackEvent>, ()> {
            let mut page: Vec<StackEvent> = self.polls[..=self.at]
                .iter()
                .flat_map(|(_, e)| e.iter().cloned())
                .filter(|e| e.stack_id == feed.stack_id)
                .collect();
            page.reverse();
            let (fresh, _) = feed.page(page);
            Ok(feed.advance(fresh))
        }
        fn pause(&mut self) -> bool {
            self.at += 1;
            self.at >= self.polls.len()
        }
    }

    struct Log(Vec<String>);
    impl Observer for Log {
        fn stack(&mut self, row: &Row) {
            self.0.push(format!("+{}", row.name));
        }
        fn event(&mut self, e: &StackEvent, _: Option<&Row>) {
            self.0
                .push(format!("{} {} {}", e.stack, e.logical_id, e.status));
        }
    }

    fn on(stack: &str, mut e: StackEvent) -> StackEvent {
        e.stack_id = stack.into();
        e
    }

    #[test]
    fn nested_failures_are_found_and_the_rollback_is_waited_for() {
        let mut nested_start = on(
            "arn:p",
            event("p2", 20, "ComputeStack", "CREATE_IN_PROGRESS"),
        );
        nested_start.resource_type = "AWS::CloudFormation::Stack".into();
        nested_start.physical_id = "arn:c".into();
        let mut cause = on("arn:c", event("c2", 31, "Service", "CREATE_FAILED"));
        cause.reason = Some("image not found".into());
        let mut cancelled = on("arn:c", event("c3", 32, "Worker", "CREATE_FAILED"));
        cancelled.reason = Some("Resource creation cancelled".into());
        let mut embedded = on("arn:p", event("p3", 40, "ComputeStack", "CREATE_FAILED"));
        embedded.reason = Some("Embedded stack arn:c was not successfully created".into());
        let mut script = Script {
            polls: vec![
                (
                    "CREATE_IN_PROGRESS",
                    vec![
                        on(
                            "arn:p",
                            event("p1", 10, "env-application", "CREATE_IN_PROGRESS"),
                        ),
                        nested_start,
                    ],
                ),
                (
                    "CREATE_IN_PROGRESS",
                    vec![
                        on("arn:c", event("c0", 10, "Old", "CREATE_COMPLETE")),
                        on("arn:c", event("c1", 30, "Service", "CREATE_IN_PROGRESS")),
                        cause,
                        cancelled,
                    ],
                ),
                ("ROLLBACK_IN_PROGRESS", vec![embedded]),
                (
                    "ROLLBACK_COMPLETE",
                    vec![on(
                        "arn:p",
                        event("p4", 50, "env-application", "ROLLBACK_COMPLETE"),
                    )],
                ),
            ],
            at: 0,
        };
        let mut log = Log(Vec::new());
        let followed = follow(
            &mut script,
            Feed::new("arn:p", "application", 2, None, None),
            12,
            &|id| (id.trim_end_matches("Stack").to_lowercase(), 5),
            &mut log,
        )
        .unwrap();
        assert_eq!(
            followed.ending,
            Ending::Finished("ROLLBACK_COMPLETE".into())
        );
        assert_eq!(log.0[0], "+application");
        assert!(log.0.contains(&"+compute".to_owned()));
        // The nested stack's event from before the operation is not shown.
        assert!(!log.0.iter().any(|l| l.contains("Old")), "{:?}", log.0);
        let first = first_failure(&followed.events).unwrap();
        assert_eq!(
            (first.stack.as_str(), first.logical_id.as_str()),
            ("compute", "Service")
        );
    }

    #[test]
    fn ctrl_c_stops_following() {
        let mut script = Script {
            polls: vec![("UPDATE_IN_PROGRESS", vec![])],
            at: 0,
        };
        let followed = follow(
            &mut script,
            Feed::new("arn:p", "foundation", 2, None, None),
            0,
            &|id| (id.to_owned(), 0),
            &mut Log(Vec::new()),
        )
        .unwrap();
        assert_eq!(followed.ending, Ending::Interrupted);
    }
}
