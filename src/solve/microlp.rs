//! microlp (pure-Rust simplex) through good_lp. It gives no duals.

use good_lp::solvers::microlp::microlp;
use good_lp::{
    Expression, ProblemVariables, ResolutionError, Solution as _, SolutionStatus, SolverModel,
    WithTimeLimit, variable,
};

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
        let mut vars = ProblemVariables::new();
        let columns: Vec<good_lp::Variable> = lp
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
        let mut model = vars.minimise(objective).using(microlp);
        if let Some(seconds) = options.time_limit {
            model = model.with_time_limit(seconds);
        }
        for (i, row) in lp.rows.iter().enumerate() {
            let mut expr = Expression::with_capacity(lp.row_start[i + 1] - lp.row_start[i]);
            for (j, a) in lp.row_entries(i) {
                expr.add_mul(a, columns[j]);
            }
            if row.lower == row.upper {
                model.add_constraint(expr.eq(row.lower));
                continue;
            }
            if row.upper.is_finite() {
                model.add_constraint(expr.clone().leq(row.upper));
            }
            if row.lower.is_finite() {
                model.add_constraint(expr.geq(row.lower));
            }
        }
        let solution = model.solve().map_err(|e| match e {
            ResolutionError::Infeasible => SolveError::Infeasible,
            ResolutionError::Unbounded => SolveError::Unbounded,
            ResolutionError::Other(m) if m.contains("Time limit") => SolveError::TimeLimit {
                seconds: options.time_limit.unwrap_or(0.0),
            },
            other => SolveError::Failed {
                backend: NAME,
                message: other.to_string(),
            },
        })?;
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
