//! A plan made by the decomposition: the method's reservations, every
//! scenario's recourse scored again with names and flows (and verified,
//! like any evaluation), and the plan built from those scores.

use std::time::Instant;

use std::collections::BTreeMap;

use super::{DecomposeError, LimitSlopes, LocalLoop, Problem, Progress, decompose};
use crate::evaluate::{ScoreError, ScoreOptions, outcomes, score, summarize};
use crate::formulate::{
    PricedKind, ReservationLp, Routes, ScenarioInput, column_count, formulate, formulate_inputs,
    reservation_lp,
};
use crate::model::Model;
use crate::plan::shadow_prices_of;
use crate::plan::{LpSummary, PlanInputs, build_plan};
use crate::planner::{
    Finish, Outcome, PlanError, SHADOW_PRICES_OFF, Settings, score_error, solve_checked,
};
use crate::scenario::{Factors, Generation, Scenario};
use crate::solve::{Solution, SolveError, simplex, verify::Residuals};

/// Plans `scenarios` by the L-shaped method. `clock` is when the call
/// started and its deadline (with the limit as set).
pub(crate) fn plan_decomposed(
    model: &Model,
    settings: &Settings,
    scenarios: &[Scenario],
    generation: Generation,
    (lambda, alpha): (f64, f64),
    (started, deadline): (Instant, Option<(Instant, f64)>),
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Outcome, PlanError> {
    let routes = Routes::new(model);
    let rows = LocalLoop::recourse_rows(model, &routes);
    if rows > simplex::MAX_ROWS {
        return Err(PlanError::Decomposition(DecomposeError::RecourseTooLarge {
            rows,
        }));
    }
    let reservations = reservation_lp(model, &routes);
    let probabilities: Vec<f64> = scenarios.iter().map(|s| s.probability).collect();
    let build_time = started.elapsed();
    let solving = Instant::now();
    let start = expected_value_start(model, settings, scenarios, (lambda, alpha), deadline)?;
    let mut recourse = LocalLoop::new(
        model,
        &routes,
        scenarios,
        &reservations.capacity,
        deadline.map(|(at, _)| at),
    );
    let problem = Problem {
        routes: &routes,
        reservations: &reservations,
        probabilities: &probabilities,
        risk: (lambda, alpha),
        gap: settings.gap,
        groups: super::groups_for(probabilities.len()),
        start: Some(start),
        deadline: deadline.map(|(at, _)| at),
    };
    let seconds = deadline.map_or(0.0, |(_, s)| s);
    let mut decomposed = decompose(&problem, &mut recourse, &mut |p: Progress| progress(p))
        .map_err(|e| match e {
            DecomposeError::TimeLimit {
                lower_bound,
                upper_bound,
            } => PlanError::DecompositionTimeLimit {
                seconds,
                lower_bound,
                upper_bound,
            },
            other => PlanError::Decomposition(other),
        })?;
    decomposed.report.recourse_solves = recourse.solves;
    // Every scenario once more, as an evaluation does: verified, with flows.
    let scoring = score(
        model,
        &routes,
        scenarios,
        &decomposed.reserved,
        ScoreOptions {
            solver: settings.solver,
            deadline,
            keep_values: true,
        },
        &|_| {},
    )
    .map_err(|e| match e {
        ScoreError::Solve {
            source: SolveError::TimeLimit { .. },
            ..
        } => PlanError::DecompositionTimeLimit {
            seconds,
            lower_bound: decomposed.report.lower_bound,
            upper_bound: decomposed.report.upper_bound,
        },
        other => score_error(other),
    })?;
    let solve_time = solving.elapsed();
    let summary = summarize(&outcomes(scenarios, &scoring), lambda, alpha);
    // The first stage alone carries the reservations (and η) to the plan.
    let first_stage = formulate(model, &[], lambda, alpha);
    let mut values = vec![0.0; first_stage.lp.num_columns()];
    for (&j, &r) in first_stage.reservation.iter().zip(&decomposed.reserved) {
        values[j] = r;
    }
    if let Some(eta) = first_stage.value_at_risk {
        values[eta] = summary.var;
    }
    let solution = Solution {
        values,
        objective: summary.objective,
        row_duals: None,
    };
    let residuals = scoring.scenarios.iter().fold(
        Residuals {
            max_row: 0.0,
            max_bound: 0.0,
        },
        |acc, s| Residuals {
            max_row: acc.max_row.max(s.residuals.max_row),
            max_bound: acc.max_bound.max(s.residuals.max_bound),
        },
    );
    let mut plan = build_plan(PlanInputs {
        model,
        scenarios,
        generation,
        formulation: &first_stage,
        solution: &solution,
        residuals,
        solver: "simplex",
        risk_weight: lambda,
        alpha,
        duals: Err(if settings.shadow_prices {
            NO_SLOPES
        } else {
            SHADOW_PRICES_OFF
        }),
        rescored: Some(&scoring),
        scenario_flows: settings.scenario_flows,
    });
    if settings.shadow_prices
        && let Some(slopes) = &decomposed.slopes
    {
        plan.shadow_prices = shadow_prices(model, &routes, &recourse, &reservations, slopes);
        plan.shadow_price_source = SHADOW_PRICE_SOURCE.to_string();
    }
    plan.lp = extensive_size(model, scenarios, lambda, alpha, residuals);
    decomposed.report.upper_bound = decomposed.report.upper_bound.min(plan.objective);
    plan.decomposition = Some(decomposed.report);
    if settings.value {
        plan.value = Some(crate::evaluate::value_of_risk(
            model,
            settings,
            scenarios,
            (lambda, alpha),
            plan.objective,
            deadline,
        )?);
    }
    Ok(Outcome {
        plan,
        build_time,
        solve_time,
    })
}

/// Where a decomposed plan's shadow prices come from.
const SHADOW_PRICE_SOURCE: &str = "simplex duals of the decomposition's master and recourse LPs";

/// Why a decomposed plan has none (rare: the master's optimum on a floor
/// of its value columns rather than on its cuts).
const NO_SLOPES: &str = "none: the decomposition's master ended on a floor that its cuts do not price (plan with the extensive method for shadow prices)";

/// The shadow prices of the master's model of the objective, which lies
/// below the objective everywhere (each cut holds for any quota limits and
/// capacities, with its slopes in them) and meets it at the optimum: a
/// subgradient of that model is one of the optimum's, within the gap
/// (formulation.md, "What is reported"). The recourse rows are those of
/// `recourse`'s LPs.
fn shadow_prices(
    model: &Model,
    routes: &Routes,
    recourse: &LocalLoop<'_>,
    reservations: &ReservationLp,
    slopes: &LimitSlopes,
) -> Vec<crate::plan::ShadowPrice> {
    let mut sums: BTreeMap<(PricedKind, usize), f64> = BTreeMap::new();
    let rows = recourse.priced_rows.iter().zip(&slopes.recourse).chain(
        reservations
            .priced_rows
            .iter()
            .zip(&slopes.reservation_rows),
    );
    for (row, slope) in rows {
        *sums.entry((row.kind, row.period)).or_insert(0.0) -= slope;
    }
    for ((s, o, t), ids) in &routes.offer_groups {
        for &i in ids {
            *sums
                .entry((PricedKind::Capacity(*s, *o), *t))
                .or_insert(0.0) -= slopes.arcs[i];
        }
    }
    shadow_prices_of(model, sums)
}

/// The first point the method scores: the reservations of the
/// expected-value problem (one scenario of mean factors, formulation.md,
/// "VSS and EVPI"), a small LP whose plan is near the stochastic one.
/// BENCHMARKS.md, "Decomposition", measures what it saves. It is taken as
/// solved, not finished at a vertex: an interior point's answer lies
/// inside the optimal face, away from the kinks of the recourse cost
/// that a vertex sits on, and the level method's path from there was
/// shorter on six models of nine (BENCHMARKS.md, "The crossover's
/// pushes").
fn expected_value_start(
    model: &Model,
    settings: &Settings,
    scenarios: &[Scenario],
    (lambda, alpha): (f64, f64),
    deadline: Option<(Instant, f64)>,
) -> Result<Vec<f64>, PlanError> {
    let ev = formulate_inputs(
        model,
        &[ScenarioInput {
            id: "expected-value".to_string(),
            probability: 1.0,
            factors: Factors::mean(model, scenarios),
        }],
        lambda,
        alpha,
    );
    let quiet = Settings {
        shadow_prices: false,
        ..*settings
    };
    let answer = solve_checked(&ev, &quiet, deadline, Finish::AsSolved)?;
    Ok(ev
        .reservation
        .iter()
        .map(|&j| answer.solution.values[j])
        .collect())
}

/// The size of the extensive form the decomposition did not build: every
/// scenario's block has the same shape, so it grows by the same rows and
/// nonzeros per scenario (counted on the forms of one and two scenarios).
fn extensive_size(
    model: &Model,
    scenarios: &[Scenario],
    lambda: f64,
    alpha: f64,
    residuals: Residuals,
) -> LpSummary {
    let size = |k: usize| {
        let f = formulate(model, &scenarios[..k], lambda, alpha);
        (f.lp.num_rows(), f.lp.num_nonzeros())
    };
    let k = scenarios.len();
    let (rows, nonzeros) = match k {
        0 | 1 => size(k),
        _ => {
            let (one, two) = (size(1), size(2));
            (
                one.0 + (k - 1) * (two.0 - one.0),
                one.1 + (k - 1) * (two.1 - one.1),
            )
        }
    };
    LpSummary {
        columns: column_count(model, k, lambda),
        rows,
        nonzeros,
        max_row_residual: residuals.max_row,
        max_bound_residual: residuals.max_bound,
    }
}
