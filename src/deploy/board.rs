//! Progress per stack: resources done out of the template's count, and the latest status.

use std::collections::BTreeSet;

use super::event::StackEvent;

/// One stack's line in the progress view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub stack_id: String,
    pub name: String,
    pub total: usize,
    done: BTreeSet<String>,
    /// The stack's own latest status, or the latest resource status before it has one.
    pub status: String,
    /// The stack itself reached a terminal status; later resource events (cleanup) do
    /// not replace it.
    settled: bool,
}

impl Row {
    pub fn done(&self) -> usize {
        self.done.len().min(self.total)
    }
}

/// Every followed stack's row, in the order they were met.
#[derive(Debug, Clone, Default)]
pub struct Board {
    pub rows: Vec<Row>,
}

impl Board {
    pub fn add(&mut self, stack_id: &str, name: &str, total: usize) {
        if !self.rows.iter().any(|r| r.stack_id == stack_id) {
            self.rows.push(Row {
                stack_id: stack_id.to_owned(),
                name: name.to_owned(),
                total,
                done: BTreeSet::new(),
                status: "waiting".to_owned(),
                settled: false,
            });
        }
    }

    /// Counts a resource as done once it reaches a `_COMPLETE` status; a stack that
    /// completes counts all of its resources (an update touches only some).
    pub fn record(&mut self, event: &StackEvent) -> Option<&Row> {
        let row = self
            .rows
            .iter_mut()
            .find(|r| r.stack_id == event.stack_id)?;
        if event.is_stack_itself() {
            row.status.clone_from(&event.status);
            row.settled = super::event::is_terminal(&event.status);
            if event.status.ends_with("_COMPLETE") && !event.status.contains("ROLLBACK") {
                row.done.extend((0..row.total).map(|i| format!("#{i}")));
            }
        } else {
            if event.status.ends_with("_COMPLETE") {
                row.done.insert(event.logical_id.clone());
            }
            if !row.settled {
                row.status = format!("{} {}", event.logical_id, event.status);
            }
        }
        Some(row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::event::tests::event;

    #[test]
    fn resources_count_once_and_a_completed_stack_is_full() {
        let mut board = Board::default();
        board.add("arn:stack/p", "compute", 3);
        board.record(&event("1", 1, "A", "CREATE_IN_PROGRESS"));
        board.record(&event("2", 2, "A", "CREATE_COMPLETE"));
        let row = board
            .record(&event("3", 3, "A", "UPDATE_COMPLETE"))
            .unwrap();
        assert_eq!(row.done(), 1);
        assert_eq!(row.status, "A UPDATE_COMPLETE");
        let mut done = event("4", 4, "compute", "UPDATE_COMPLETE");
        done.physical_id = "arn:stack/p".into();
        let row = board.record(&done).unwrap();
        assert_eq!((row.done(), row.status.as_str()), (3, "UPDATE_COMPLETE"));
    }
}
