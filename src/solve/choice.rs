//! Which backend solves an LP: named by the caller, or chosen by the LP's
//! size (`auto`).

use super::{Backend, ClarabelBackend, MicrolpBackend};
use crate::error::ParseNameError;
use crate::lp::LinearProgram;

/// Up to this many columns `auto` uses microlp (an exact simplex, vertex
/// plans); above it, Clarabel (interior point, far faster on large LPs).
/// Measured in BENCHMARKS.md.
pub const AUTO_CROSSOVER_COLUMNS: usize = 150;

/// Which backend solves the LP.
///
/// Its names (`auto`, `microlp`, `clarabel`, `simplex`, `highs`) are the
/// same in [`FromStr`](std::str::FromStr), [`Display`](std::fmt::Display)
/// and serde. New backends may be added (some exist only under a cargo
/// feature, as `highs` does), so a `match` needs a wildcard arm.
///
/// ```
/// use rareplan::SolverChoice;
/// let choice: SolverChoice = "clarabel".parse()?;
/// assert_eq!(choice, SolverChoice::Clarabel);
/// assert_eq!(choice.to_string(), "clarabel");
/// assert!("cplex".parse::<SolverChoice>().is_err());
/// # Ok::<(), rareplan::ParseNameError>(())
/// ```
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum SolverChoice {
    /// microlp up to 150 columns, Clarabel above (measured in BENCHMARKS.md).
    #[default]
    Auto,
    /// microlp: pure-Rust dual simplex, exact, slow beyond ~20,000 columns.
    Microlp,
    /// Clarabel: pure-Rust interior point, fast, with duals.
    Clarabel,
    /// The project's sparse dual simplex (LPs up to 200,000 rows), with duals;
    /// it keeps its basis between the scenarios of an evaluation.
    Simplex,
    /// HiGHS (only with the `highs` cargo feature).
    #[cfg(feature = "highs")]
    Highs,
}

impl SolverChoice {
    /// Every choice this build has, in order.
    pub const ALL: &'static [SolverChoice] = &[
        SolverChoice::Auto,
        SolverChoice::Microlp,
        SolverChoice::Clarabel,
        SolverChoice::Simplex,
        #[cfg(feature = "highs")]
        SolverChoice::Highs,
    ];

    /// The choice's name (`auto`, `microlp`, …).
    pub fn name(self) -> &'static str {
        match self {
            SolverChoice::Auto => "auto",
            SolverChoice::Microlp => "microlp",
            SolverChoice::Clarabel => "clarabel",
            SolverChoice::Simplex => "simplex",
            #[cfg(feature = "highs")]
            SolverChoice::Highs => "highs",
        }
    }

    /// The backend for an LP.
    pub(crate) fn backend(self, lp: &LinearProgram) -> Box<dyn Backend> {
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

impl std::fmt::Display for SolverChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for SolverChoice {
    type Err = ParseNameError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SolverChoice::ALL
            .iter()
            .copied()
            .find(|c| c.name() == s)
            .ok_or_else(|| {
                ParseNameError::new("solver", s, SolverChoice::ALL.iter().map(|c| c.name()))
            })
    }
}
