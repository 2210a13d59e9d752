//! How a followed deployment is drawn: a progress line per stack on a terminal, event
//! lines in logs and pipes, JSON lines for CI.

use std::io::Write;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::deploy::board::Row;
use crate::deploy::follow::Observer;
use crate::deploy::{line, StackEvent};

/// One of the three views; write errors are kept and returned by [`View::finish`].
pub enum View<'a> {
    Progress {
        multi: MultiProgress,
        bars: Vec<(String, ProgressBar)>,
    },
    Lines {
        out: &'a mut dyn Write,
        error: Option<std::io::Error>,
    },
    Json {
        out: &'a mut dyn Write,
        error: Option<std::io::Error>,
    },
}

impl<'a> View<'a> {
    pub fn progress() -> View<'a> {
        View::Progress {
            multi: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
            bars: Vec::new(),
        }
    }

    /// Leaves the bars as they ended and hands back the first write error.
    pub fn finish(self) -> std::io::Result<()> {
        match self {
            View::Progress { bars, .. } => {
                for (_, bar) in bars {
                    bar.abandon();
                }
                Ok(())
            }
            View::Lines { error, .. } | View::Json { error, .. } => error.map_or(Ok(()), Err),
        }
    }

    fn write(out: &mut dyn Write, error: &mut Option<std::io::Error>, text: &str) {
        if error.is_none() {
            if let Err(err) = writeln!(out, "{text}").and_then(|()| out.flush()) {
                *error = Some(err);
            }
        }
    }
}

/// Wide enough for every synth stack name (`organizations-15`).
const NAME_WIDTH: usize = 16;

impl Observer for View<'_> {
    fn stack(&mut self, row: &Row) {
        if let View::Progress { multi, bars } = self {
            let bar = multi.add(ProgressBar::new(row.total as u64));
            let style = ProgressStyle::with_template("{msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.set_message(line::progress(row, NAME_WIDTH));
            bars.push((row.stack_id.clone(), bar));
        }
    }

    fn event(&mut self, event: &StackEvent, row: Option<&Row>) {
        match self {
            View::Progress { multi, bars } => {
                if let Some(row) = row {
                    if let Some((_, bar)) = bars.iter().find(|(id, _)| *id == row.stack_id) {
                        bar.set_position(row.done() as u64);
                        bar.set_message(line::progress(row, NAME_WIDTH));
                    }
                }
                if event.is_failed() {
                    let _ = multi.println(line::text(event));
                }
            }
            View::Lines { out, error } => View::write(*out, error, &line::text(event)),
            View::Json { out, error } => View::write(*out, error, &line::json(event)),
        }
    }
}
