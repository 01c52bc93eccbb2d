//! Solving a [`LinearProgram`]: one [`Backend`] trait, one file per
//! backend, and [`verify`] to check every answer before it is used.

pub(crate) mod choice;
#[cfg(feature = "clarabel")]
mod clarabel;
#[cfg(feature = "highs")]
mod highs;
#[cfg(feature = "microlp")]
mod microlp;
pub mod simplex;
#[cfg(any(feature = "microlp", feature = "highs"))]
mod through_good_lp;
pub mod verify;

pub use choice::{AUTO_CROSSOVER_COLUMNS, SolverChoice};
#[cfg(feature = "clarabel")]
pub use clarabel::ClarabelBackend;
#[cfg(feature = "highs")]
pub use highs::HighsBackend;
#[cfg(feature = "microlp")]
pub use microlp::MicrolpBackend;
pub use simplex::{SimplexBackend, WarmSimplex};
pub use verify::{Tolerances, VerifyError, verify};

use crate::lp::LinearProgram;

/// The longest time limit taken, in seconds (about 31.7 years): longer
/// ones are refused by the planner and the command line, and cut to this
/// by the backends (a `Duration` cannot hold 1e19 s).
pub const MAX_TIME_LIMIT_SECONDS: f64 = 1e9;

/// Options every backend honours.
///
/// ```
/// use rareplan::SolveOptions;
/// assert_eq!(SolveOptions::default().time_limit, None);
/// let options = SolveOptions { time_limit: Some(f64::NAN) };
/// assert_eq!(options.bounded_time_limit(), Some(0.0)); // never a panic
/// let long = SolveOptions { time_limit: Some(1e19) };
/// assert_eq!(long.bounded_time_limit(), Some(1e9));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SolveOptions {
    /// Stop after this many seconds of solving.
    pub time_limit: Option<f64>,
}

impl SolveOptions {
    /// The time limit as a backend takes it: within
    /// `[0, MAX_TIME_LIMIT_SECONDS]` (NaN is 0), never a panic in a
    /// conversion to `Duration`.
    pub fn bounded_time_limit(&self) -> Option<f64> {
        self.time_limit.map(|seconds| {
            if seconds.is_nan() {
                0.0
            } else {
                seconds.clamp(0.0, MAX_TIME_LIMIT_SECONDS)
            }
        })
    }
}

/// An optimal answer from a backend, not yet verified.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// Column values, in column order.
    pub values: Vec<f64>,
    /// The objective as the backend reports it.
    pub objective: f64,
    /// Row duals of the minimisation, where the backend gives them.
    pub row_duals: Option<Vec<f64>>,
}

/// Why a backend gave no optimal answer. More kinds may be added
/// (`#[non_exhaustive]`).
///
/// ```
/// use rareplan::SolveError;
/// let e = SolveError::TimeLimit { seconds: 2.5 };
/// assert_eq!(
///     e.to_string(),
///     "the time limit of 2.5 s passed before the solver found an optimal plan"
/// );
/// assert_eq!(SolveError::Infeasible.to_string(), "the solver found the problem infeasible");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SolveError {
    /// No point satisfies every row and bound.
    #[error("the solver found the problem infeasible")]
    Infeasible,
    /// The objective can fall without limit.
    #[error("the solver found the problem unbounded")]
    Unbounded,
    /// The time limit passed before an optimal answer.
    #[error(
        "the time limit of {} s passed before the solver found an optimal plan",
        crate::diagnostic::readable(*.seconds)
    )]
    TimeLimit {
        /// The limit that was set.
        seconds: f64,
    },
    /// `auto` has no backend for an LP this large in this build: the
    /// project's simplex (always built) takes up to
    /// [`simplex::MAX_ROWS`] rows, and neither the `clarabel` nor the
    /// `microlp` cargo feature is on.
    #[error(
        "the LP has {rows} rows, more than the project's simplex takes ({max_rows}), and this build has no other solver: build rareplan with the `clarabel` cargo feature (or `microlp`)"
    )]
    NoBackend {
        /// The LP's rows.
        rows: usize,
        /// The most the simplex takes ([`simplex::MAX_ROWS`]).
        max_rows: usize,
    },
    /// The backend failed in some other way.
    #[error("the {backend} solver failed: {message}")]
    Failed {
        /// Which backend.
        backend: &'static str,
        /// What it said.
        message: String,
    },
}

/// A linear-programming solver.
pub trait Backend {
    /// The backend's name as written in plans (`microlp`).
    fn name(&self) -> &'static str;

    /// Solves `lp` to optimality.
    fn solve(&self, lp: &LinearProgram, options: &SolveOptions) -> Result<Solution, SolveError>;
}
