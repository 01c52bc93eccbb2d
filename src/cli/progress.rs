//! Progress of a long solve on a terminal: a spinner with the elapsed
//! time and what the solver is doing (the extensive form's size and
//! backend, or the decomposition's iteration and bounds). Nothing when
//! stderr is not a terminal or under `-q`; under `-v`, a line per report
//! instead, terminal or not.

use std::io::{IsTerminal, Write};
use std::sync::OnceLock;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use rareplan::SolveProgress;
use rareplan::advanced::diagnostic::readable;

/// A spinner, cleared when the solve ends.
pub struct Spinner {
    bar: OnceLock<ProgressBar>,
    show: bool,
    /// Under `-v`, each report is also a line on stderr (terminal or not).
    verbose: bool,
}

impl Spinner {
    /// A spinner for this run (silent unless stderr is a terminal and not
    /// quiet).
    pub fn new(quiet: bool, verbose: bool) -> Spinner {
        let terminal = std::io::stderr().is_terminal();
        Spinner {
            bar: OnceLock::new(),
            show: !quiet && !verbose && terminal,
            verbose,
        }
    }

    fn bar(&self) -> &ProgressBar {
        self.bar.get_or_init(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        })
    }

    /// Takes one report from the planner.
    pub fn report(&self, progress: SolveProgress) {
        if !self.show && !self.verbose {
            return;
        }
        let message = match progress {
            SolveProgress::Extensive { columns, solver } => {
                format!("solving the extensive form ({columns} columns) with {solver}")
            }
            SolveProgress::Decomposition(p) => {
                let gap = if p.upper_bound.is_finite() {
                    format!(
                        ", gap {:.1e}",
                        (p.upper_bound - p.lower_bound) / p.upper_bound.abs().max(1.0)
                    )
                } else {
                    String::new()
                };
                format!(
                    "decomposition: iteration {}, optimum between {} and {}{gap}",
                    p.iteration,
                    readable(p.lower_bound),
                    readable(p.upper_bound)
                )
            }
            _ => return,
        };
        if self.verbose {
            // A closed stderr is no reason to stop planning.
            let _ = writeln!(std::io::stderr(), "{message}");
        } else {
            self.bar().set_message(message);
        }
    }

    /// Removes the spinner.
    pub fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}
