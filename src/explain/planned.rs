//! Plan a model and explain its decisions from the same verified solution.

use std::time::Instant;

use super::decisions::{DecisionInputs, Decisions, explain_decisions};
use super::stock_overflow;
use crate::formulate::coefficient_range;
use crate::model::Model;
use crate::plan::{PlanInputs, build_plan};
use crate::solve::SolveError;
use crate::planner::{
    Checked, Infeasibility, MAX_COEFFICIENT_SPAN, Outcome, PlanError, Settings, build,
    risk_in_force, solve_checked,
};

/// Plans `model` as [`crate::plan`] does, and explains every supplier
/// decision from the same verified solution and its row duals. Duals are
/// always computed here (`settings.shadow_prices` is taken as true).
pub fn plan_and_explain(model: &Model, settings: &Settings) -> Result<(Outcome, Decisions), PlanError> {
    let settings = Settings {
        shadow_prices: true,
        ..*settings
    };
    let started = Instant::now();
    let (lambda, alpha) = risk_in_force(model, &settings)?;
    let (scenarios, generation, formulation) = build(model, &settings)?;
    if let Some(overflow) = stock_overflow(model, &scenarios) {
        return Err(PlanError::Infeasible(Infeasibility::StockOverflow(overflow)));
    }
    if let Some(range) = coefficient_range(&formulation)
        && range.span() > MAX_COEFFICIENT_SPAN
    {
        return Err(PlanError::BadlyScaled(range));
    }
    let build_time = started.elapsed();
    let solving = Instant::now();
    let Checked {
        solution,
        residuals,
        solver,
        duals,
    } = solve_checked(&formulation, &settings)?;
    let solve_time = solving.elapsed();
    let (row_duals, source) = duals.map_err(|reason| {
        PlanError::Solve(SolveError::Failed {
            backend: "clarabel",
            message: format!("the decisions need row duals, and there are {reason}"),
        })
    })?;
    let plan = build_plan(PlanInputs {
        model,
        scenarios: &scenarios,
        generation,
        formulation: &formulation,
        solution: &solution,
        residuals,
        solver,
        risk_weight: lambda,
        alpha,
        duals: Ok((row_duals.as_slice(), source.as_str())),
    });
    let decisions = explain_decisions(&DecisionInputs {
        model,
        scenarios: &scenarios,
        formulation: &formulation,
        solution: &solution,
        duals: &row_duals,
        dual_source: &source,
        risk_weight: lambda,
    });
    Ok((
        Outcome {
            plan,
            build_time,
            solve_time,
        },
        decisions,
    ))
}
