//! The library's error: one enum over every stage's own error, so a tool
//! can `?` any call into one type and still match on what went wrong.

use crate::evaluate::{EvaluateError, PlanReadError, ScoreError};
use crate::model::LoadError;
use crate::output::OutputError;
use crate::plan::PlanWriteError;
use crate::planner::PlanError;
use crate::scenario::ScenarioError;
use crate::solve::SolveError;

/// Anything that stops a call into the library.
///
/// Each stage has its own typed error ([`LoadError`], [`PlanError`], …);
/// this enum wraps them all with `From`, so `?` works across stages.
/// Messages are lowercase, name no command-line flag, and read as one
/// sentence after `error: `. More kinds may be added (`#[non_exhaustive]`).
///
/// ```
/// fn cost(text: &str) -> Result<f64, rareplan::Error> {
///     let loaded = rareplan::load_model_str(text, "inline.toml")?;
///     let outcome = rareplan::plan(&loaded.model, &rareplan::Settings::default())?;
///     Ok(outcome.plan.expected_cost)
/// }
/// let e = cost("[model]\nperiods = []\n").unwrap_err();
/// assert!(matches!(e, rareplan::Error::Load(_)));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The model could not be read or is invalid.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// No plan could be made.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// The plan could not be written.
    #[error(transparent)]
    Write(#[from] PlanWriteError),
    /// The output could not be used or written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// A plan file could not be read.
    #[error(transparent)]
    PlanRead(#[from] PlanReadError),
    /// A plan could not be scored.
    #[error(transparent)]
    Evaluate(#[from] EvaluateError),
    /// A batch of strategies could not run, or not every strategy planned.
    #[error(transparent)]
    Batch(#[from] crate::strategy::BatchError),
    /// A frontier could not be made or drawn.
    #[error(transparent)]
    Frontier(#[from] crate::strategy::frontier::FrontierError),
}

/// Exit statuses of the command line (model-format.md). Not stable: the
/// binary's, reached through [`crate::advanced`].
pub mod exit {
    /// A plan was made (shortages are a result, not an error).
    pub const OK: i32 = 0;
    /// An internal or solver failure, or a failed verification.
    pub const FAILURE: i32 = 1;
    /// Bad usage or a bad model.
    pub const USAGE: i32 = 2;
    /// The model is infeasible.
    pub const INFEASIBLE: i32 = 3;
    /// The model is unbounded.
    pub const UNBOUNDED: i32 = 4;
    /// The time limit passed without a plan.
    pub const TIME_LIMIT: i32 = 5;
}

/// The command line's exit status for a library error. Not stable: the
/// binary's, reached through [`crate::advanced`].
pub fn exit_code(error: &Error) -> i32 {
    error.exit_code()
}

impl Error {
    /// The exit status for this error.
    pub(crate) fn exit_code(&self) -> i32 {
        match self {
            Error::PlanRead(_) => exit::USAGE,
            Error::Evaluate(EvaluateError::Reservations(_)) => exit::USAGE,
            Error::Evaluate(EvaluateError::Plan(e)) => Error::Plan(e.clone()).exit_code(),
            Error::Evaluate(EvaluateError::Score(ScoreError::Solve { source, .. })) => {
                Error::Plan(PlanError::Solve(source.clone())).exit_code()
            }
            Error::Evaluate(EvaluateError::Score(ScoreError::Verify { .. })) => exit::FAILURE,
            Error::Load(LoadError::Io { .. }) => exit::USAGE,
            Error::Load(_) => exit::USAGE,
            Error::Plan(PlanError::Scenario(ScenarioError::TimeLimit { .. })) => exit::TIME_LIMIT,
            Error::Plan(
                PlanError::InvalidModel(_)
                | PlanError::Setting { .. }
                | PlanError::Scenario(_)
                | PlanError::TooLarge { .. }
                | PlanError::BadlyScaled(_)
                | PlanError::Solve(SolveError::NoBackend { .. }),
            ) => exit::USAGE,
            Error::Plan(PlanError::Suboptimal { .. }) => exit::FAILURE,
            Error::Plan(PlanError::Infeasible(_) | PlanError::Solve(SolveError::Infeasible)) => {
                exit::INFEASIBLE
            }
            Error::Plan(PlanError::Solve(SolveError::Unbounded)) => exit::UNBOUNDED,
            Error::Plan(PlanError::Solve(SolveError::TimeLimit { .. })) => exit::TIME_LIMIT,
            Error::Plan(PlanError::DecompositionTimeLimit { .. }) => exit::TIME_LIMIT,
            Error::Plan(PlanError::Decomposition(_)) => exit::FAILURE,
            Error::Plan(PlanError::Solve(SolveError::Failed { .. }) | PlanError::Verify { .. }) => {
                exit::FAILURE
            }
            Error::Write(PlanWriteError::Output(e)) | Error::Output(e) => output_exit_code(e),
            Error::Write(_) => exit::FAILURE,
            Error::Batch(e) => e.exit_code(),
            Error::Frontier(e) => match e.plan_error() {
                Some(plan) => Error::Plan(plan.clone()).exit_code(),
                None => exit::FAILURE,
            },
        }
    }
}

/// Whether an error ends the command quietly (a closed pipe). Not
/// stable: the binary's, reached through [`crate::advanced`].
pub fn is_quiet(error: &Error) -> bool {
    error.is_quiet()
}

/// A closed pipe ends quietly; a bad `-o` is usage; a failed write is a
/// failure.
fn output_exit_code(error: &OutputError) -> i32 {
    match error {
        OutputError::ClosedPipe { .. } => exit::OK,
        e if e.is_usage() => exit::USAGE,
        _ => exit::FAILURE,
    }
}

impl Error {
    /// Whether the error ends the command quietly (a closed pipe): no
    /// message, exit status 0.
    pub(crate) fn is_quiet(&self) -> bool {
        matches!(
            self,
            Error::Output(OutputError::ClosedPipe { .. })
                | Error::Write(PlanWriteError::Output(OutputError::ClosedPipe { .. }))
        )
    }
}

/// A name that is not one of a closed set (a solver, a format, a table),
/// from the [`FromStr`](std::str::FromStr) of [`SolverChoice`](crate::SolverChoice),
/// [`Format`](crate::Format) and [`CsvTable`](crate::CsvTable).
///
/// ```
/// let e = "yaml".parse::<rareplan::Format>().unwrap_err();
/// assert_eq!(e.to_string(), "unknown format `yaml`; expected one of table, json, toml, csv, xlsx");
/// assert_eq!(e.given(), "yaml");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown {what} `{given}`; expected one of {}{}",
    .expected.join(", "),
    .feature.map(|f| format!(" (`{}` needs the `{f}` cargo feature, which this build lacks)", .given)).unwrap_or_default()
)]
pub struct ParseNameError {
    what: &'static str,
    given: String,
    expected: Vec<&'static str>,
    feature: Option<&'static str>,
}

impl ParseNameError {
    pub(crate) fn new(
        what: &'static str,
        given: &str,
        expected: impl IntoIterator<Item = &'static str>,
    ) -> Self {
        ParseNameError {
            what,
            given: given.to_string(),
            expected: expected.into_iter().collect(),
            feature: None,
        }
    }

    /// The same error, saying that the name needs a cargo feature this
    /// build lacks (a backend such as `clarabel`).
    pub(crate) fn needing(self, feature: &'static str) -> Self {
        ParseNameError {
            feature: Some(feature),
            ..self
        }
    }

    /// The cargo feature the name needs, where it names something this
    /// build lacks (`clarabel` without the `clarabel` feature).
    pub fn missing_feature(&self) -> Option<&'static str> {
        self.feature
    }

    /// What kind of name was expected (`solver`, `format`, `table`).
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// The name given.
    pub fn given(&self) -> &str {
        &self.given
    }

    /// The names taken.
    pub fn expected(&self) -> &[&'static str] {
        &self.expected
    }
}
