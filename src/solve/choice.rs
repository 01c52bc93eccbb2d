//! Which backend solves an LP: named on the command line, or chosen by the
//! LP's size (`auto`).

use super::{Backend, ClarabelBackend, MicrolpBackend};
use crate::lp::LinearProgram;

/// Up to this many columns `auto` uses microlp (an exact simplex, vertex
/// plans); above it, Clarabel (interior point, far faster on large LPs).
/// Measured in BENCHMARKS.md.
pub const AUTO_CROSSOVER_COLUMNS: usize = 150;

/// A solver named by the user.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum SolverChoice {
    /// microlp up to 150 columns, Clarabel above (measured in BENCHMARKS.md).
    #[default]
    Auto,
    /// microlp: pure-Rust dual simplex, exact, slow beyond ~20,000 columns.
    Microlp,
    /// Clarabel: pure-Rust interior point, fast, with duals.
    Clarabel,
    /// The project's dense dual simplex (LPs up to 2,000 rows), with duals;
    /// it keeps its basis between the scenarios of an evaluation.
    Simplex,
    /// HiGHS (only with the `highs` cargo feature).
    #[cfg(feature = "highs")]
    Highs,
}

impl SolverChoice {
    /// The backend for an LP.
    pub fn backend(self, lp: &LinearProgram) -> Box<dyn Backend> {
        match self {
            SolverChoice::Auto if lp.num_columns() <= AUTO_CROSSOVER_COLUMNS => {
                Box::new(MicrolpBackend)
            }
            SolverChoice::Auto | SolverChoice::Clarabel => Box::new(ClarabelBackend),
            SolverChoice::Microlp => Box::new(MicrolpBackend),
            SolverChoice::Simplex => Box::new(super::SimplexBackend),
            #[cfg(feature = "highs")]
            SolverChoice::Highs => Box::new(super::HighsBackend),
        }
    }
}
