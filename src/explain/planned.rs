//! Plan a model and explain its decisions.

use super::decisions::{DecisionInputs, Decisions, explain_decisions};
use crate::model::Model;
use crate::planner::{
    Checked, Finish, Outcome, PlanError, Settings, build_until, deadline_of, plan, solve_checked,
};
use crate::solve::SolveError;

/// Plans `model` with [`plan`], and explains every supplier decision from
/// a verified solution of the same extensive form and its row duals. The
/// explained solution's objective must equal the plan's (1e-6 relative);
/// where the optimum has several plans the duals hold for all of them.
/// The settings' time limit covers both: the plan and the explained solve.
pub fn plan_and_explain(
    model: &Model,
    settings: &Settings,
) -> Result<(Outcome, Decisions), PlanError> {
    let deadline = deadline_of(std::time::Instant::now(), settings)?;
    let outcome = plan(model, settings)?;
    let settings = Settings {
        shadow_prices: true,
        ..*settings
    };
    let (scenarios, _, formulation) = build_until(model, &settings, deadline)?;
    let Checked {
        solution,
        duals,
        solver,
        ..
    } = solve_checked(&formulation, &settings, deadline, Finish::AtVertex)?;
    let failed = |message: String| {
        PlanError::Solve(SolveError::Failed {
            backend: solver,
            message,
        })
    };
    let (row_duals, source) = duals.map_err(|reason| {
        failed(format!(
            "the decisions need row duals, and there are {reason}"
        ))
    })?;
    let scale = outcome.plan.objective.abs().max(1.0);
    if (solution.objective - outcome.plan.objective).abs() > 1e-6 * scale {
        return Err(failed(format!(
            "the solution explained ({}) is not the plan's optimum ({})",
            solution.objective, outcome.plan.objective
        )));
    }
    let decisions = explain_decisions(&DecisionInputs {
        model,
        scenarios: &scenarios,
        formulation: &formulation,
        solution: &solution,
        duals: &row_duals,
        dual_source: &source,
        risk_weight: outcome.plan.risk_weight,
    });
    Ok((outcome, decisions))
}
