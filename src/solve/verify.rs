//! Checks a backend's answer against the [`LinearProgram`] before anything
//! is written: every bound and row within tolerance, relative to its scale,
//! and the objective recomputed from the columns.

use crate::lp::LinearProgram;

use super::Solution;

/// How far an answer may stray, relative to each row's or bound's scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerances {
    /// Largest violation of a row, relative to `max(1, |bound|, Σ|a·x|)`.
    pub feasibility: f64,
    /// Largest gap between the reported and recomputed objective, relative
    /// to `max(1, |objective|)`.
    pub objective: f64,
    /// Bound violations up to this, relative to `max(1, |x|)`, are
    /// round-off: the value is clipped onto its bound and the rows are then
    /// checked at the clipped point, which is what the plan reports. Larger
    /// violations fail.
    pub clip: f64,
}

impl Default for Tolerances {
    fn default() -> Self {
        Tolerances {
            feasibility: 1e-6,
            objective: 1e-6,
            clip: 1e-5,
        }
    }
}

/// An answer that failed the check.
///
/// ```
/// use rareplan::VerifyError;
/// let e = VerifyError::NotFinite { column: "x[0]".into(), value: f64::NAN };
/// assert_eq!(e.to_string(), "column `x[0]` has the value NaN, which is not a finite number");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VerifyError {
    /// A column value is NaN or infinite.
    #[error("column `{column}` has the value {value}, which is not a finite number")]
    NotFinite {
        /// The column's name.
        column: String,
        /// Its value.
        value: f64,
    },
    /// A column breaks its bounds.
    #[error("column `{column}` = {value} breaks its bounds [{lower}, {upper}]")]
    Bound {
        /// The column's name.
        column: String,
        /// Its value.
        value: f64,
        /// Lower bound.
        lower: f64,
        /// Upper bound.
        upper: f64,
    },
    /// A row's activity is outside its bounds.
    #[error("row `{row}` has activity {activity}, outside [{lower}, {upper}] by {violation:.3e}")]
    Row {
        /// The row's name.
        row: String,
        /// Its activity at the answer.
        activity: f64,
        /// Lower bound.
        lower: f64,
        /// Upper bound.
        upper: f64,
        /// By how much.
        violation: f64,
    },
    /// The reported objective differs from the recomputed one.
    #[error("the solver reported objective {reported}, but the columns give {recomputed}")]
    Objective {
        /// What the solver said.
        reported: f64,
        /// What the columns give.
        recomputed: f64,
    },
    /// The answer has the wrong number of columns.
    #[error("the solver returned {found} values for {expected} columns")]
    Shape {
        /// Columns of the LP.
        expected: usize,
        /// Values returned.
        found: usize,
    },
}

/// What the check measured on an accepted answer.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Residuals {
    /// Largest relative row violation.
    pub max_row: f64,
    /// Largest relative bound violation (before clipping).
    pub max_bound: f64,
}

fn violation(value: f64, lower: f64, upper: f64) -> f64 {
    (lower - value).max(value - upper).max(0.0)
}

/// Clips round-off bound violations, then checks `solution` against `lp`.
/// On success the solution's objective is the recomputed one.
pub fn verify(
    lp: &LinearProgram,
    solution: &mut Solution,
    tol: Tolerances,
) -> Result<Residuals, VerifyError> {
    if solution.values.len() != lp.num_columns() {
        return Err(VerifyError::Shape {
            expected: lp.num_columns(),
            found: solution.values.len(),
        });
    }
    let mut residuals = Residuals::default();
    for (c, x) in lp.columns.iter().zip(solution.values.iter_mut()) {
        if !x.is_finite() {
            return Err(VerifyError::NotFinite {
                column: c.name.clone(),
                value: *x,
            });
        }
        let scale = x.abs().max(1.0);
        let relative = violation(*x, c.lower, c.upper) / scale;
        residuals.max_bound = residuals.max_bound.max(relative);
        if relative > tol.clip {
            return Err(VerifyError::Bound {
                column: c.name.clone(),
                value: *x,
                lower: c.lower,
                upper: c.upper,
            });
        }
        *x = x.clamp(c.lower, c.upper);
    }
    for (i, row) in lp.rows.iter().enumerate() {
        let mut activity = 0.0;
        let mut magnitude = 0.0;
        for (j, a) in lp.row_entries(i) {
            let term = a * solution.values[j];
            activity += term;
            magnitude += term.abs();
        }
        let bound = if row.lower.is_finite() {
            row.lower.abs()
        } else {
            0.0
        }
        .max(if row.upper.is_finite() {
            row.upper.abs()
        } else {
            0.0
        });
        let scale = 1.0_f64.max(bound).max(magnitude);
        let v = violation(activity, row.lower, row.upper);
        residuals.max_row = residuals.max_row.max(v / scale);
        if v > tol.feasibility * scale {
            return Err(VerifyError::Row {
                row: row.name.clone(),
                activity,
                lower: row.lower,
                upper: row.upper,
                violation: v,
            });
        }
    }
    let recomputed = lp.objective(&solution.values);
    if (recomputed - solution.objective).abs() > tol.objective * 1.0_f64.max(recomputed.abs()) {
        return Err(VerifyError::Objective {
            reported: solution.objective,
            recomputed,
        });
    }
    solution.objective = recomputed;
    Ok(residuals)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> LinearProgram {
        // min x + y  s.t.  x + y >= 2,  0 <= x <= 1
        let mut lp = LinearProgram::new();
        let x = lp.add_column("x".into(), 0.0, 1.0, 1.0);
        let y = lp.add_column("y".into(), 0.0, f64::INFINITY, 1.0);
        lp.add_row("cover".into(), 2.0, f64::INFINITY, &[(x, 1.0), (y, 1.0)]);
        lp
    }

    fn answer(values: Vec<f64>, objective: f64) -> Solution {
        Solution {
            values,
            objective,
            row_duals: None,
        }
    }

    #[test]
    fn accepts_a_feasible_answer_and_clips_round_off() {
        let mut s = answer(vec![1.0 + 1e-12, 1.0], 2.0);
        verify(&tiny(), &mut s, Tolerances::default()).expect("feasible");
        assert_eq!(s.values[0], 1.0);
    }

    #[test]
    fn rows_are_checked_at_the_clipped_point() {
        // x = 1 + 5e-6 is clipped onto its bound 1; then x + y = 1.999996
        // misses the row by 2e-6 relative, though the raw point met it.
        let mut s = answer(vec![1.0 + 5e-6, 1.0 - 4e-6], 2.0);
        let err = verify(&tiny(), &mut s, Tolerances::default()).unwrap_err();
        assert!(matches!(err, VerifyError::Row { .. }), "{err}");
        let mut s = answer(vec![1.0 + 5e-6, 1.0], 2.0);
        let residuals = verify(&tiny(), &mut s, Tolerances::default()).expect("feasible");
        assert!((residuals.max_bound - 5e-6).abs() < 1e-9);
        assert_eq!(s.values, vec![1.0, 1.0]);
    }

    #[test]
    fn refuses_a_row_violation() {
        let mut s = answer(vec![0.5, 1.0], 1.5);
        let err = verify(&tiny(), &mut s, Tolerances::default()).unwrap_err();
        assert!(
            matches!(err, VerifyError::Row { ref row, .. } if row == "cover"),
            "{err}"
        );
    }

    #[test]
    fn refuses_a_bound_violation_nan_and_a_wrong_objective() {
        let mut s = answer(vec![1.5, 0.5], 2.0);
        assert!(matches!(
            verify(&tiny(), &mut s, Tolerances::default()),
            Err(VerifyError::Bound { .. })
        ));
        let mut s = answer(vec![f64::NAN, 2.0], 2.0);
        assert!(matches!(
            verify(&tiny(), &mut s, Tolerances::default()),
            Err(VerifyError::NotFinite { .. })
        ));
        let mut s = answer(vec![1.0, 1.0], 3.0);
        assert!(matches!(
            verify(&tiny(), &mut s, Tolerances::default()),
            Err(VerifyError::Objective { .. })
        ));
    }
}
