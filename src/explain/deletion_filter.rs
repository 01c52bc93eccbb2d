//! An irreducible infeasible set of rows by the deletion filter
//! (Chinneck and Dravnieks 1991): drop each row in turn; if the rest is
//! still infeasible, the row is not needed for the conflict.

use std::time::Instant;

use crate::lp::LinearProgram;
use crate::solve::{Backend, SolveError, SolveOptions};

/// The largest LP the filter is run on (one solve per row).
pub const MAX_FILTER_ROWS: usize = 5_000;

/// Why no conflicting set was found.
///
/// ```
/// use rareplan::advanced::lp::LinearProgram;
/// use rareplan::advanced::solve::SimplexBackend;
/// use rareplan::explain::{IisError, conflicting_rows};
/// let mut lp = LinearProgram::new();
/// let x = lp.add_column("x".into(), 0.0, 1.0, 1.0);
/// lp.add_row("r".into(), 0.0, 1.0, &[(x, 1.0)]);
/// let e = conflicting_rows(&lp, &SimplexBackend).unwrap_err();
/// assert_eq!(e, IisError::Feasible);
/// assert_eq!(e.to_string(), "the LP is feasible");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IisError {
    /// The LP has too many rows to filter in reasonable time.
    #[error("the LP has {rows} rows, more than the {max} the explanation filters")]
    TooLarge {
        /// Rows of the LP.
        rows: usize,
        /// The limit.
        max: usize,
    },
    /// The LP is feasible: there is nothing to explain.
    #[error("the LP is feasible")]
    Feasible,
    /// The time limit passed before the filter ended.
    #[error("the time limit passed while explaining")]
    TimeLimit,
    /// The solver failed while filtering.
    #[error("while explaining: {0}")]
    Solver(SolveError),
}

/// The LP with only the rows in `keep` and no objective: a feasibility
/// problem.
fn restricted(lp: &LinearProgram, keep: &[bool]) -> LinearProgram {
    let mut out = LinearProgram::new();
    for c in &lp.columns {
        out.add_column(c.name.clone(), c.lower, c.upper, 0.0);
    }
    for (i, row) in lp.rows.iter().enumerate() {
        if keep[i] {
            let terms: Vec<(usize, f64)> = lp.row_entries(i).collect();
            out.add_row(row.name.clone(), row.lower, row.upper, &terms);
        }
    }
    out
}

fn infeasible(
    lp: &LinearProgram,
    keep: &[bool],
    backend: &dyn Backend,
    deadline: Option<Instant>,
) -> Result<bool, IisError> {
    let options = match deadline {
        Some(deadline) => {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(IisError::TimeLimit);
            }
            SolveOptions {
                time_limit: Some(left.as_secs_f64()),
            }
        }
        None => SolveOptions::default(),
    };
    match backend.solve(&restricted(lp, keep), &options) {
        Ok(_) => Ok(false),
        Err(SolveError::Infeasible) => Ok(true),
        Err(SolveError::TimeLimit { .. }) => Err(IisError::TimeLimit),
        Err(other) => Err(IisError::Solver(other)),
    }
}

/// Indices of an irreducible set of rows that, with the column bounds,
/// admit no solution: remove any one and the rest can be satisfied.
pub fn conflicting_rows(lp: &LinearProgram, backend: &dyn Backend) -> Result<Vec<usize>, IisError> {
    conflicting_rows_until(lp, backend, None)
}

/// [`conflicting_rows`] within a deadline: every solve gets what is left
/// of it, and the filter stops with [`IisError::TimeLimit`] once it passes.
pub fn conflicting_rows_until(
    lp: &LinearProgram,
    backend: &dyn Backend,
    deadline: Option<Instant>,
) -> Result<Vec<usize>, IisError> {
    if lp.num_rows() > MAX_FILTER_ROWS {
        return Err(IisError::TooLarge {
            rows: lp.num_rows(),
            max: MAX_FILTER_ROWS,
        });
    }
    let mut keep = vec![true; lp.num_rows()];
    if !infeasible(lp, &keep, backend, deadline)? {
        return Err(IisError::Feasible);
    }
    for i in 0..lp.num_rows() {
        keep[i] = false;
        if !infeasible(lp, &keep, backend, deadline)? {
            keep[i] = true;
        }
    }
    Ok((0..lp.num_rows()).filter(|&i| keep[i]).collect())
}

// The filter's tests run microlp (a default feature).
#[cfg(all(test, feature = "microlp"))]
mod tests {
    use super::*;
    use crate::solve::MicrolpBackend;

    #[test]
    fn finds_the_two_rows_that_conflict() {
        // x + y ≤ 4 and x ≥ 3, y ≥ 2 conflict; z ≤ 10 and x - z ≤ 1 do not
        // take part.
        let inf = f64::INFINITY;
        let mut lp = LinearProgram::new();
        let x = lp.add_column("x".into(), 0.0, inf, 1.0);
        let y = lp.add_column("y".into(), 0.0, inf, 1.0);
        let z = lp.add_column("z".into(), 0.0, inf, 1.0);
        lp.add_row("cap".into(), -inf, 10.0, &[(z, 1.0)]);
        lp.add_row("sum".into(), -inf, 4.0, &[(x, 1.0), (y, 1.0)]);
        lp.add_row("link".into(), -inf, 1.0, &[(x, 1.0), (z, -1.0)]);
        lp.add_row("x_min".into(), 3.0, inf, &[(x, 1.0)]);
        lp.add_row("y_min".into(), 2.0, inf, &[(y, 1.0)]);
        let rows = conflicting_rows(&lp, &MicrolpBackend).expect("infeasible");
        let names: Vec<&str> = rows.iter().map(|&i| lp.rows[i].name.as_str()).collect();
        assert_eq!(names, ["sum", "x_min", "y_min"]);
    }

    #[test]
    fn a_feasible_lp_has_nothing_to_explain() {
        let mut lp = LinearProgram::new();
        let x = lp.add_column("x".into(), 0.0, 1.0, 1.0);
        lp.add_row("r".into(), 0.0, 1.0, &[(x, 1.0)]);
        assert_eq!(
            conflicting_rows(&lp, &MicrolpBackend),
            Err(IisError::Feasible)
        );
    }
}
