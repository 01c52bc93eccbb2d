//! microlp (pure-Rust simplex) through good_lp. It gives no duals.

use good_lp::solvers::microlp::microlp;
use good_lp::{Solution as _, SolutionStatus, SolverModel, WithTimeLimit};

use super::through_good_lp::{add_rows, solve_error, unsolved};
use super::{Backend, Solution, SolveError, SolveOptions};
use crate::lp::LinearProgram;

/// The microlp backend: exact simplex, slow beyond ~20,000 columns.
#[derive(Debug, Clone, Copy, Default)]
pub struct MicrolpBackend;

const NAME: &str = "microlp";

impl Backend for MicrolpBackend {
    fn name(&self) -> &'static str {
        NAME
    }

    fn solve(&self, lp: &LinearProgram, options: &SolveOptions) -> Result<Solution, SolveError> {
        let (problem, columns) = unsolved(lp);
        let mut model = problem.using(microlp);
        if let Some(seconds) = options.bounded_time_limit() {
            model = model.with_time_limit(seconds);
        }
        add_rows(&mut model, lp, &columns);
        let solution = model
            .solve()
            .map_err(|e| solve_error(NAME, e, options.time_limit))?;
        if !matches!(solution.status(), SolutionStatus::Optimal) {
            return Err(SolveError::TimeLimit {
                seconds: options.time_limit.unwrap_or(0.0),
            });
        }
        let values: Vec<f64> = columns.iter().map(|&v| solution.value(v)).collect();
        Ok(Solution {
            objective: solution.into_inner().objective(),
            values,
            row_duals: None,
        })
    }
}
