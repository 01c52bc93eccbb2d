//! The library's error, and the exit status each kind maps to.

use crate::evaluate::{EvaluateError, PlanReadError, ScoreError};
use crate::model::LoadError;
use crate::output::OutputError;
use crate::plan::PlanWriteError;
use crate::planner::PlanError;
use crate::scenario::ScenarioError;
use crate::solve::SolveError;

/// Anything that stops a command.
#[derive(Debug, thiserror::Error)]
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
    /// An error rendered with its place in the model file.
    #[error("{0}")]
    Located(String, Box<Error>),
    /// A plan file could not be read.
    #[error(transparent)]
    PlanRead(#[from] PlanReadError),
    /// A plan could not be scored.
    #[error(transparent)]
    Evaluate(#[from] EvaluateError),
    /// The command line is wrong in a way clap cannot see.
    #[error("{0}")]
    Usage(String),
    /// A batch of strategies could not run, or not every strategy planned.
    #[error(transparent)]
    Batch(#[from] crate::strategy::BatchError),
    /// A frontier could not be made or drawn.
    #[error(transparent)]
    Frontier(#[from] crate::strategy::frontier::FrontierError),
}

/// Exit statuses of the command line (model-format.md).
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

impl Error {
    /// The exit status for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::PlanRead(_) => exit::USAGE,
            Error::Evaluate(EvaluateError::Reservations(_)) => exit::USAGE,
            Error::Evaluate(EvaluateError::Plan(e)) => Error::Plan(e.clone()).exit_code(),
            Error::Evaluate(EvaluateError::Score(ScoreError::Solve { source, .. })) => {
                Error::Plan(PlanError::Solve(source.clone())).exit_code()
            }
            Error::Evaluate(EvaluateError::Score(ScoreError::Verify { .. })) => exit::FAILURE,
            Error::Load(LoadError::Io { .. }) => exit::USAGE,
            Error::Load(_) | Error::Usage(_) => exit::USAGE,
            Error::Plan(PlanError::Scenario(ScenarioError::TimeLimit { .. })) => exit::TIME_LIMIT,
            Error::Plan(
                PlanError::InvalidModel(_)
                | PlanError::Setting { .. }
                | PlanError::Scenario(_)
                | PlanError::TooLarge { .. }
                | PlanError::BadlyScaled(_),
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
            Error::Located(_, inner) => inner.exit_code(),
        }
    }
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
    pub fn is_quiet(&self) -> bool {
        matches!(
            self,
            Error::Output(OutputError::ClosedPipe { .. })
                | Error::Write(PlanWriteError::Output(OutputError::ClosedPipe { .. }))
        )
    }
}
