//! Translating a [`LinearProgram`] into a good_lp model, shared by the
//! backends that go through good_lp (microlp, HiGHS).

use good_lp::constraint::ConstraintReference;
use good_lp::variable::UnsolvedProblem;
use good_lp::{Expression, ProblemVariables, ResolutionError, SolverModel, Variable, variable};

use super::SolveError;

use crate::lp::LinearProgram;

/// The good_lp problem (variables with bounds, objective) and its columns.
pub(crate) fn unsolved(lp: &LinearProgram) -> (UnsolvedProblem, Vec<Variable>) {
    let mut vars = ProblemVariables::new();
    let columns: Vec<Variable> = lp
        .columns
        .iter()
        .map(|c| vars.add(variable().bounds(c.lower..=c.upper)))
        .collect();
    let mut objective = Expression::with_capacity(columns.len());
    for (c, &var) in lp.columns.iter().zip(&columns) {
        if c.cost != 0.0 {
            objective.add_mul(c.cost, var);
        }
    }
    (vars.minimise(objective), columns)
}

/// Adds every row; returns, per row, the good_lp constraints that make it
/// (one for an equality or a one-sided row, two for a ranged row).
pub(crate) fn add_rows<M: SolverModel>(
    model: &mut M,
    lp: &LinearProgram,
    columns: &[Variable],
) -> Vec<Vec<ConstraintReference>> {
    let mut made = Vec::with_capacity(lp.num_rows());
    for (i, row) in lp.rows.iter().enumerate() {
        let mut expr = Expression::with_capacity(lp.row_start[i + 1] - lp.row_start[i]);
        for (j, a) in lp.row_entries(i) {
            expr.add_mul(a, columns[j]);
        }
        let mut refs = Vec::with_capacity(1);
        if row.lower == row.upper {
            refs.push(model.add_constraint(expr.eq(row.lower)));
        } else {
            if row.upper.is_finite() {
                refs.push(model.add_constraint(expr.clone().leq(row.upper)));
            }
            if row.lower.is_finite() {
                refs.push(model.add_constraint(expr.geq(row.lower)));
            }
        }
        made.push(refs);
    }
    made
}

/// A good_lp error as a [`SolveError`] of `backend`. microlp's only
/// plain-string error means the time limit passed before a feasible point
/// (solver-notes.md).
pub(crate) fn solve_error(
    backend: &'static str,
    error: ResolutionError,
    time_limit: Option<f64>,
) -> SolveError {
    match error {
        ResolutionError::Infeasible => SolveError::Infeasible,
        ResolutionError::Unbounded => SolveError::Unbounded,
        ResolutionError::Other(m) if m.contains("Time limit") => SolveError::TimeLimit {
            seconds: time_limit.unwrap_or(0.0),
        },
        other => SolveError::Failed {
            backend,
            message: other.to_string(),
        },
    }
}
