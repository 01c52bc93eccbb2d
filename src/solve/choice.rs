//! Which backend solves an LP: named by the caller, or chosen by the LP's
//! size (`auto`).

use super::{Backend, SimplexBackend, SolveError, simplex};
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
/// and serde. Some backends exist only under a cargo feature: `microlp`
/// and `clarabel` (both default features) and `highs`; the project's own
/// `simplex` is always built. New backends may be added, so a `match`
/// needs a wildcard arm. [`SolverChoice::ALL`] lists what this build has.
///
/// `auto` picks the best backend the build has, by the LP's size: microlp
/// up to [`AUTO_CROSSOVER_COLUMNS`] columns and Clarabel above (both
/// default features). Without microlp, the simplex takes the small LPs;
/// without Clarabel, the simplex takes the larger ones that fit its
/// [`MAX_ROWS`](crate::advanced::solve::simplex::MAX_ROWS), microlp the
/// rest; with neither, an LP beyond the simplex is a
/// [`SolveError::NoBackend`] naming the feature to turn on.
///
/// ```
/// use rareplan::SolverChoice;
/// let choice: SolverChoice = "simplex".parse()?;
/// assert_eq!(choice, SolverChoice::Simplex);
/// assert_eq!(choice.to_string(), "simplex");
/// assert!(SolverChoice::ALL.contains(&SolverChoice::Auto));
/// let e = "cplex".parse::<SolverChoice>().unwrap_err();
/// assert_eq!(e.given(), "cplex");
/// # #[cfg(feature = "clarabel")]
/// assert_eq!("clarabel".parse::<SolverChoice>()?, SolverChoice::Clarabel);
/// # Ok::<(), rareplan::ParseNameError>(())
/// ```
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum SolverChoice {
    /// The best backend this build has for the LP's size: microlp up to
    /// 150 columns, Clarabel above (measured in BENCHMARKS.md); the
    /// planner finishes Clarabel's answer at a vertex with the simplex on
    /// extensive forms of up to
    /// [`CROSSOVER_MAX_ROWS`](crate::CROSSOVER_MAX_ROWS) rows.
    #[default]
    Auto,
    /// microlp: pure-Rust dual simplex, exact, slow beyond ~20,000 columns
    /// (only with the `microlp` cargo feature, a default one).
    #[cfg(feature = "microlp")]
    Microlp,
    /// Clarabel: pure-Rust interior point, fast, with duals (only with the
    /// `clarabel` cargo feature, a default one).
    #[cfg(feature = "clarabel")]
    Clarabel,
    /// The project's sparse dual simplex (LPs up to 200,000 rows), with duals;
    /// it keeps its basis between the scenarios of an evaluation. Always
    /// built.
    Simplex,
    /// HiGHS (only with the `highs` cargo feature).
    #[cfg(feature = "highs")]
    Highs,
}

/// Every backend name and the cargo feature it needs (`None`: always built).
const FEATURES: &[(&str, Option<&str>)] = &[
    ("auto", None),
    ("microlp", Some("microlp")),
    ("clarabel", Some("clarabel")),
    ("simplex", None),
    ("highs", Some("highs")),
];

impl SolverChoice {
    /// Every choice this build has, in order.
    pub const ALL: &'static [SolverChoice] = &[
        SolverChoice::Auto,
        #[cfg(feature = "microlp")]
        SolverChoice::Microlp,
        #[cfg(feature = "clarabel")]
        SolverChoice::Clarabel,
        SolverChoice::Simplex,
        #[cfg(feature = "highs")]
        SolverChoice::Highs,
    ];

    /// The choice's name (`auto`, `microlp`, …).
    pub fn name(self) -> &'static str {
        match self {
            SolverChoice::Auto => "auto",
            #[cfg(feature = "microlp")]
            SolverChoice::Microlp => "microlp",
            #[cfg(feature = "clarabel")]
            SolverChoice::Clarabel => "clarabel",
            SolverChoice::Simplex => "simplex",
            #[cfg(feature = "highs")]
            SolverChoice::Highs => "highs",
        }
    }

    /// The cargo feature a backend name needs where this build lacks it
    /// (`Some("clarabel")` for `clarabel` in a build without it); `None`
    /// for a name this build has or one that is no backend.
    ///
    /// ```
    /// use rareplan::SolverChoice;
    /// assert_eq!(SolverChoice::missing_feature("simplex"), None);
    /// assert_eq!(SolverChoice::missing_feature("cplex"), None);
    /// let built = cfg!(feature = "clarabel");
    /// assert_eq!(SolverChoice::missing_feature("clarabel").is_none(), built);
    /// ```
    pub fn missing_feature(name: &str) -> Option<&'static str> {
        let built = SolverChoice::ALL.iter().any(|c| c.name() == name);
        FEATURES
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, feature)| *feature)
            .filter(|_| !built)
    }

    /// The backend for an LP: the one named, or under `auto` the best this
    /// build has for the LP's size.
    pub(crate) fn backend(self, lp: &LinearProgram) -> Result<Box<dyn Backend>, SolveError> {
        Ok(match self {
            SolverChoice::Auto => return auto_backend(lp),
            #[cfg(feature = "clarabel")]
            SolverChoice::Clarabel => Box::new(super::ClarabelBackend),
            #[cfg(feature = "microlp")]
            SolverChoice::Microlp => Box::new(super::MicrolpBackend),
            SolverChoice::Simplex => Box::new(SimplexBackend),
            #[cfg(feature = "highs")]
            SolverChoice::Highs => Box::new(super::HighsBackend),
        })
    }
}

/// Whether the project's simplex takes `lp`.
pub(crate) fn simplex_fits(lp: &LinearProgram) -> bool {
    lp.num_rows() <= simplex::MAX_ROWS
}

/// `auto`'s backend for `lp` in this build (see [`SolverChoice`]).
fn auto_backend(lp: &LinearProgram) -> Result<Box<dyn Backend>, SolveError> {
    let small = lp.num_columns() <= AUTO_CROSSOVER_COLUMNS;
    #[cfg(feature = "microlp")]
    if small {
        return Ok(Box::new(super::MicrolpBackend));
    }
    #[cfg(not(feature = "microlp"))]
    if small && simplex_fits(lp) {
        return Ok(Box::new(SimplexBackend));
    }
    #[cfg(feature = "clarabel")]
    return Ok(Box::new(super::ClarabelBackend));
    #[cfg(not(feature = "clarabel"))]
    {
        if simplex_fits(lp) {
            return Ok(Box::new(SimplexBackend));
        }
        #[cfg(feature = "microlp")]
        return Ok(Box::new(super::MicrolpBackend));
        #[cfg(not(feature = "microlp"))]
        Err(SolveError::NoBackend {
            rows: lp.num_rows(),
            max_rows: simplex::MAX_ROWS,
        })
    }
}

/// The backend `auto` tries after `first` failed on `lp` (a solver error
/// or a failed check): Clarabel where it is built, or the simplex where
/// Clarabel was the one that failed (a zero objective can stall it:
/// "insufficient progress") and the LP fits it; without Clarabel, the
/// simplex where the LP fits it, else microlp. `None` where there is no
/// other.
pub(crate) fn auto_fallback(lp: &LinearProgram, first: &str) -> Option<Box<dyn Backend>> {
    #[cfg(feature = "clarabel")]
    let candidates: [Option<Box<dyn Backend>>; 2] = [
        Some(Box::new(super::ClarabelBackend)),
        simplex_fits(lp).then(|| Box::new(SimplexBackend) as Box<dyn Backend>),
    ];
    #[cfg(not(feature = "clarabel"))]
    let candidates: [Option<Box<dyn Backend>>; 2] = [
        simplex_fits(lp).then(|| Box::new(SimplexBackend) as Box<dyn Backend>),
        #[cfg(feature = "microlp")]
        Some(Box::new(super::MicrolpBackend)),
        #[cfg(not(feature = "microlp"))]
        None,
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|backend| backend.name() != first)
}

/// The backend that gives duals where `first` gave none (a second
/// solve), and checks its optimum: Clarabel where it is built; without it,
/// the simplex where the LP fits it and `first` was another backend.
/// `None` where this build has none.
pub(crate) fn dual_backend(lp: &LinearProgram, first: &str) -> Option<Box<dyn Backend>> {
    #[cfg(feature = "clarabel")]
    {
        let _ = (lp, first);
        Some(Box::new(super::ClarabelBackend))
    }
    #[cfg(not(feature = "clarabel"))]
    (simplex_fits(lp) && first != SimplexBackend.name())
        .then(|| Box::new(SimplexBackend) as Box<dyn Backend>)
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
                let error =
                    ParseNameError::new("solver", s, SolverChoice::ALL.iter().map(|c| c.name()));
                match SolverChoice::missing_feature(s) {
                    Some(feature) => error.needing(feature),
                    None => error,
                }
            })
    }
}
