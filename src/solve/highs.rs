//! HiGHS through good_lp (cargo feature `highs`; builds HiGHS from source,
//! which needs cmake, a C++ compiler and libclang).

use good_lp::solvers::highs::highs;
use good_lp::solvers::{DualValues, SolutionWithDual};
use good_lp::{Solution as _, SolutionStatus, SolverModel};

use super::through_good_lp::{add_rows, solve_error, unsolved};
use super::{Backend, Solution, SolveError, SolveOptions};
use crate::lp::LinearProgram;

/// The HiGHS backend: simplex or interior point as HiGHS chooses, with duals.
#[derive(Debug, Clone, Copy, Default)]
pub struct HighsBackend;

const NAME: &str = "highs";

impl Backend for HighsBackend {
    fn name(&self) -> &'static str {
        NAME
    }

    fn solve(&self, lp: &LinearProgram, options: &SolveOptions) -> Result<Solution, SolveError> {
        let (problem, columns) = unsolved(lp);
        let mut model = problem.using(highs).set_threads(1);
        if let Some(seconds) = options.bounded_time_limit() {
            model = model.set_time_limit(seconds);
        }
        let rows = add_rows(&mut model, lp, &columns);
        let mut solution = model
            .solve()
            .map_err(|e| solve_error(NAME, e, options.time_limit))?;
        if !matches!(solution.status(), SolutionStatus::Optimal) {
            return Err(SolveError::TimeLimit {
                seconds: options.time_limit.unwrap_or(0.0),
            });
        }
        let values: Vec<f64> = columns.iter().map(|&v| solution.value(v)).collect();
        let duals = solution.compute_dual();
        // HiGHS's row duals are ∂objective/∂bound, the convention of
        // `Solution::row_duals`; a ranged row sums its two sides.
        let row_duals = rows
            .iter()
            .map(|refs| refs.iter().map(|r| duals.dual(r.clone())).sum())
            .collect();
        Ok(Solution {
            objective: lp.objective(&values),
            values,
            row_duals: Some(row_duals),
        })
    }
}
