//! What planning for risk is worth (formulation.md): the expected-value
//! problem and its plan scored on the scenario set (EEV, VSS), and each
//! scenario planned alone with hindsight (WS, EVPI).

use std::time::Instant;

use rayon::prelude::*;

use super::{Outcome, ScoreOptions, outcomes, reserved_per_arc, score, summarize};
use crate::formulate::{ScenarioInput, formulate_inputs};
use crate::model::Model;
use crate::plan::{ValueOfRisk, reservations_of};
use crate::planner::{Finish, PlanError, Settings, score_error, solve_checked};
use crate::scenario::{Factors, Scenario};

/// The id of the expected-value problem's one scenario.
const EV_SCENARIO: &str = "expected-value";

/// VSS and EVPI of a plan whose objective is `rp` on `scenarios`.
pub(crate) fn value_of_risk(
    model: &Model,
    settings: &Settings,
    scenarios: &[Scenario],
    (lambda, alpha): (f64, f64),
    rp: f64,
    deadline: Option<(Instant, f64)>,
) -> Result<ValueOfRisk, PlanError> {
    let quiet = Settings {
        shadow_prices: false,
        ..*settings
    };
    // The expected-value problem: one scenario of mean factors.
    let ev = formulate_inputs(
        model,
        &[ScenarioInput {
            id: EV_SCENARIO.to_string(),
            probability: 1.0,
            factors: Factors::mean(model, scenarios),
        }],
        lambda,
        alpha,
    );
    let ev_answer = solve_checked(&ev, &quiet, deadline, Finish::AtVertex)?;
    let ev_reservations = reservations_of(model, &ev, &ev_answer.solution.values);
    // EEV: the EV plan, as listed, scored on the scenario set.
    let reserved = reserved_per_arc(model, &ev.routes, &ev_reservations).map_err(|e| {
        PlanError::Solve(crate::solve::SolveError::Failed {
            backend: ev_answer.solver,
            message: format!("the expected-value plan does not fit the model: {e}"),
        })
    })?;
    let scoring = score(
        model,
        &ev.routes,
        scenarios,
        &reserved,
        ScoreOptions {
            solver: settings.solver,
            deadline,
            keep_values: false,
        },
        &|_| {},
    )
    .map_err(score_error)?;
    let eev = summarize(&outcomes(scenarios, &scoring), lambda, alpha).objective;
    // Wait-and-see: each scenario alone, with its own reservations.
    let hindsight: Vec<Result<f64, PlanError>> = scenarios
        .par_iter()
        .map(|scenario| {
            let mut input = ScenarioInput::of(model, scenario);
            input.probability = 1.0;
            let f = formulate_inputs(model, &[input], lambda, alpha);
            let answer = solve_checked(&f, &quiet, deadline, Finish::AsSolved)?;
            Ok(f.scenario_costs(1, &answer.solution.values)[0])
        })
        .collect();
    let mut ws_outcomes = Vec::with_capacity(scenarios.len());
    for (scenario, cost) in scenarios.iter().zip(hindsight) {
        ws_outcomes.push(Outcome {
            probability: scenario.probability,
            cost: cost?,
            shortage: 0.0,
            end_shortfall: 0.0,
        });
    }
    let ws = summarize(&ws_outcomes, lambda, alpha).objective;
    Ok(ValueOfRisk {
        rp,
        ev_objective: ev_answer.solution.objective,
        eev,
        vss: eev - rp,
        ws,
        evpi: rp - ws,
        ev_reservations,
    })
}
