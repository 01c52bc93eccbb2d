//! The batch runner: every strategy planned (or evaluated) in parallel,
//! one row each, with a callback as each finishes.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::apply::Invalid;
use super::file::{Base, StrategiesFile, Strategy};
use super::row::{Figures, Row, Status};
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::model::{LoadError, Model};
use crate::planner::Settings;

/// Why a batch could not run (or, for [`BatchError::StrategiesFailed`],
/// ran but not every strategy planned).
///
/// ```
/// use rareplan::strategy::{Batch, BatchError};
/// let e = Batch::load(std::path::Path::new("no-such-strategies.toml")).unwrap_err();
/// assert!(matches!(e, BatchError::Read(_)), "{e}");
/// assert!(e.to_string().starts_with("cannot read no-such-strategies.toml"));
/// ```
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The strategies file could not be read.
    #[error("{0}")]
    Read(LoadError),
    /// The strategies file is not TOML or lacks what a batch needs.
    #[error("{}", render(file, text, diagnostics))]
    Invalid {
        /// The file as named.
        file: String,
        /// Its text, for line numbers.
        text: String,
        /// Every problem found.
        diagnostics: Vec<Diagnostic>,
    },
    /// The base model could not be read or is not TOML.
    #[error("{at}: the base model cannot be used:\n{error}")]
    Base {
        /// Where the strategies file names it.
        at: String,
        /// Why.
        error: Box<LoadError>,
    },
    /// The thread pool could not be made.
    #[error("cannot start {threads} worker threads: {message}")]
    Threads {
        /// Threads asked for.
        threads: usize,
        /// What rayon said.
        message: String,
    },
    /// A results or journal file could not be read or written.
    #[error("{0}")]
    Journal(#[from] super::journal::JournalError),
    /// Shards could not be merged.
    #[error(transparent)]
    Merge(#[from] super::shard::MergeError),
    /// The results could not be written.
    #[error(transparent)]
    Write(#[from] crate::plan::PlanWriteError),
    /// Every row is written, but some strategies did not plan.
    #[error(
        "{failed} of {total} strategies did not plan or evaluate; their rows in {output} say why"
    )]
    StrategiesFailed {
        /// Strategies without figures.
        failed: usize,
        /// Strategies run.
        total: usize,
        /// The results file.
        output: String,
    },
}

impl BatchError {
    /// The command line's exit status for this error.
    pub(crate) fn exit_code(&self) -> i32 {
        use crate::error::exit;
        match self {
            BatchError::Read(_)
            | BatchError::Invalid { .. }
            | BatchError::Base { .. }
            | BatchError::Merge(_) => exit::USAGE,
            BatchError::Journal(e) if e.is_usage() => exit::USAGE,
            _ => exit::FAILURE,
        }
    }
}

fn render(file: &str, text: &str, diagnostics: &[Diagnostic]) -> String {
    let lines = LineIndex::new(text);
    let mut out: Vec<String> = diagnostics
        .iter()
        .map(|d| d.render_indexed(file, text, &lines))
        .collect();
    let n = diagnostics.len();
    out.push(format!(
        "{file}: {n} error{} found; nothing was run",
        if n == 1 { "" } else { "s" }
    ));
    out.join("\n")
}

/// A strategy that has just finished, for a progress callback.
///
/// ```
/// use rareplan::strategy::{Base, Batch, Strategy};
/// use std::sync::Mutex;
/// let base = Base::load(std::path::Path::new("models/tiny.toml"))?;
/// let batch = Batch::new(base, vec![Strategy::new("a")?, Strategy::new("b")?]);
/// let seen = Mutex::new(Vec::new());
/// batch.run(&rareplan::Settings::default(), 1, |finished| {
///     assert_eq!(finished.total, 2);
///     seen.lock().unwrap().push((finished.position, finished.row.strategy.clone()));
/// })?;
/// let mut seen = seen.into_inner()?;
/// seen.sort();
/// assert_eq!(seen, [(0, "a".to_string()), (1, "b".to_string())]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Finished<'a> {
    /// Its 0-based position in the strategies file.
    pub position: usize,
    /// Its row.
    pub row: &'a Row,
    /// How long it took.
    pub elapsed: Duration,
    /// Strategies finished so far in this run, this one included.
    pub done: usize,
    /// Strategies in this run.
    pub total: usize,
}

/// A base model and the strategies to compare, each already applied and
/// validated.
///
/// ```
/// use rareplan::strategy::{Base, Batch, Strategy};
/// let base = Base::load(std::path::Path::new("models/tiny.toml"))?;
/// let batch = Batch::new(base, vec![Strategy::new("as-is")?, Strategy::new("cautious")?.with_set("risk.weight", "0.5")?]);
/// assert_eq!(batch.strategies().len(), 2);
/// assert_eq!(batch.countries(), ["AU", "CN"]); // reserved_by_country columns
/// let rows = batch.run(&rareplan::Settings::default(), 1, |_| {})?;
/// assert!(rows.iter().all(|r| r.status.succeeded()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Batch {
    base: Base,
    strategies: Vec<Strategy>,
    models: Vec<Result<Model, Invalid>>,
    countries: Vec<String>,
}

impl Batch {
    /// Reads a strategies file and its base model ([`StrategiesFile::load`]).
    pub fn load(path: &Path) -> Result<Batch, BatchError> {
        let file = StrategiesFile::load(path)?;
        Ok(Batch::new(file.base, file.strategies))
    }

    /// A batch of strategies on a base model. Each strategy is applied
    /// and validated now; the supplier countries of all the valid changed
    /// models give the `share_XX` columns, so that every shard of a batch
    /// has the same columns.
    pub fn new(base: Base, strategies: Vec<Strategy>) -> Batch {
        let models: Vec<Result<Model, Invalid>> =
            strategies.iter().map(|s| s.apply(&base)).collect();
        let countries: BTreeSet<String> = models
            .iter()
            .flatten()
            .flat_map(|m| m.suppliers.iter().filter_map(|s| s.country.clone()))
            .collect();
        Batch {
            base,
            strategies,
            models,
            countries: countries.into_iter().collect(),
        }
    }

    /// The base model.
    pub fn base(&self) -> &Base {
        &self.base
    }

    /// The strategies, in file order.
    pub fn strategies(&self) -> &[Strategy] {
        &self.strategies
    }

    /// Each strategy's changed model, or why it is not valid.
    pub fn models(&self) -> &[Result<Model, Invalid>] {
        &self.models
    }

    /// The supplier countries of the `share_XX` columns, sorted.
    pub fn countries(&self) -> &[String] {
        &self.countries
    }

    /// The CSV header of this batch's results.
    pub fn header(&self) -> Vec<String> {
        Row::header(&self.countries)
    }

    /// Runs every strategy; rows in file order.
    pub fn run<F>(
        &self,
        settings: &Settings,
        threads: usize,
        on_finished: F,
    ) -> Result<Vec<Row>, BatchError>
    where
        F: Fn(Finished<'_>) + Sync,
    {
        let positions: Vec<usize> = (0..self.strategies.len()).collect();
        let rows = self.run_positions(&positions, settings, threads, on_finished)?;
        Ok(rows.into_iter().map(|(_, row)| row).collect())
    }

    /// Runs the strategies at these 0-based positions in parallel on
    /// `threads` threads (0: one per core), calling `on_finished` from the
    /// worker thread as each one finishes; rows in the order of
    /// `positions`, whatever the order they finished in.
    pub fn run_positions<F>(
        &self,
        positions: &[usize],
        settings: &Settings,
        threads: usize,
        on_finished: F,
    ) -> Result<Vec<(usize, Row)>, BatchError>
    where
        F: Fn(Finished<'_>) + Sync,
    {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| BatchError::Threads {
                threads,
                message: e.to_string(),
            })?;
        let done = AtomicUsize::new(0);
        let total = positions.len();
        let rows = pool.install(|| {
            positions
                .par_iter()
                .with_max_len(1)
                .map(|&position| {
                    let started = Instant::now();
                    let row = self.row(position, settings);
                    let finished = Finished {
                        position,
                        row: &row,
                        elapsed: started.elapsed(),
                        done: done.fetch_add(1, Ordering::SeqCst) + 1,
                        total,
                    };
                    on_finished(finished);
                    (position, row)
                })
                .collect()
        });
        Ok(rows)
    }

    /// Plans (or evaluates) the strategy at `position`.
    pub fn row(&self, position: usize, settings: &Settings) -> Row {
        let Some(strategy) = self.strategies.get(position) else {
            return Row::failed("", Status::Invalid, "no strategy at this position");
        };
        let name = strategy.name();
        let model = match self.models.get(position) {
            Some(Ok(model)) => model,
            Some(Err(invalid)) => return Row::failed(name, Status::Invalid, &invalid.to_string()),
            None => return Row::failed(name, Status::Invalid, "not applied"),
        };
        if strategy.evaluates().is_some() {
            return super::evaluate::row(strategy, model, settings);
        }
        match crate::planner::plan(model, settings) {
            Ok(outcome) => {
                let plan = &outcome.plan;
                let (reserved, reserved_by_country) = Figures::reserved(&plan.reservations, model);
                Row {
                    strategy: name.to_string(),
                    status: Status::Optimal,
                    figures: Some(Figures {
                        objective: plan.objective,
                        expected_cost: plan.expected_cost,
                        var: plan.var,
                        cvar: plan.cvar,
                        expected_shortage: plan.expected_shortage,
                        shortage_probability: plan.shortage_probability,
                        reserved,
                        reserved_by_country,
                    }),
                    message: String::new(),
                }
            }
            Err(e) => Row::failed(
                name,
                Status::of_error(&e),
                &format!("strategy `{name}`: {e}"),
            ),
        }
    }
}
