//! A fixed plan scored on any scenario set (formulation.md, "Scoring a
//! plan: fixed reservations"): its reservations held, each scenario's
//! recourse LP solved on its own, and the figures of the cost distribution.
//!
//! ```
//! let text = r#"
//! [model]
//! periods = ["Q1", "Q2"]
//! [[material]]
//! id = "ndpr"
//! [[buyer]]
//! id = "plant"
//! need = { ndpr = 10 }
//! shortage_penalty = 500000
//! [[supplier]]
//! id = "mine"
//! [supplier.offers.ndpr]
//! capacity = 50
//! price = 60000
//! spot_price = 90000
//! reservation_fee = 1000
//! [[outage]]
//! id = "halt"
//! supplier = "mine"
//! capacity_factor = 0.5
//! probability = 0.2
//! "#;
//! let model = rareplan::load_model_str(text, "example.toml")?.model;
//! let settings = rareplan::Settings::default();
//! let plan = rareplan::plan(&model, &settings)?.plan;
//! // On the plan's own scenarios the score is the plan's objective.
//! let score = rareplan::evaluate(&model, &plan, &settings)?;
//! assert!((score.objective - plan.objective).abs() < 1e-6 * plan.objective);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod engine;
mod plan_file;
mod render;
mod reservations;
mod score;
mod summary;
mod value;

use std::time::Instant;

use serde::{Deserialize, Serialize};

pub use plan_file::{PlanReadError, read_plan};
pub use render::render_evaluation_table;
pub use reservations::{ReservationError, reserved_per_arc};
pub use score::ScoreError;
pub use summary::CostQuantiles;

pub(crate) use score::{ScoreOptions, Scoring, score};
pub(crate) use summary::{Outcome, summarize};
pub(crate) use value::value_of_risk;

use crate::explain::stock_overflow;
use crate::formulate::Routes;
use crate::model::Model;
use crate::plan::{Plan, ScenarioGeneration, ScenarioResult, generation_of};
use crate::planner::{PlanError, Settings, risk_in_force};
use crate::scenario::{Scenario, build_scenarios};

/// A plan's score on a scenario set.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let plan = rareplan::plan(&loaded.model, &rareplan::Settings::default())?.plan;
/// // The plan scored on the scenarios it was planned on scores its objective.
/// let evaluation = rareplan::evaluate(&loaded.model, &plan, &rareplan::Settings::default())?;
/// assert!((evaluation.objective - plan.objective).abs() < 1e-3);
/// assert_eq!(evaluation.scenarios.len(), 2);
/// let fees: f64 = plan.reservations.iter().map(|r| r.fee).sum();
/// assert!((evaluation.fees - fees).abs() < 1e-6);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The model's name.
    pub model: String,
    /// Currency label of the model.
    pub currency: String,
    /// Unit label of the model.
    pub unit: String,
    /// The backend that solved the scenario LPs.
    pub solver: String,
    /// The score `(1-λ)·Σ p_k C*_k + λ·CVaR_α(C*)`.
    pub objective: f64,
    /// `Σ_k p_k C*_k`.
    pub expected_cost: f64,
    /// `VaR_α` of the scenario costs.
    pub var: f64,
    /// `CVaR_α` of the scenario costs.
    pub cvar: f64,
    /// α.
    pub alpha: f64,
    /// λ.
    pub risk_weight: f64,
    /// Expected tonnes of need unmet.
    pub expected_shortage: f64,
    /// Expected tonnes below end-stock targets.
    pub expected_end_shortfall: f64,
    /// Probability of any shortage.
    pub shortage_probability: f64,
    /// Scenario costs at 50, 90, 95 and 99 % and the largest.
    pub cost_quantiles: CostQuantiles,
    /// Tonnes reserved by the plan.
    pub reserved: f64,
    /// Reservation fees of the plan, `F`.
    pub fees: f64,
    /// The plan's own figures, on the scenarios it was planned on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_sample: Option<InSample>,
    /// How the scenarios were made.
    pub scenario_generation: ScenarioGeneration,
    /// Every scenario scored.
    pub scenarios: Vec<ScenarioResult>,
    /// Size of one scenario's recourse LP and the largest residuals.
    pub lp: RecourseSummary,
}

/// The figures a plan carries about itself.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let plan = rareplan::plan(&loaded.model, &rareplan::Settings::default())?.plan;
/// let evaluation = rareplan::evaluate(&loaded.model, &plan, &rareplan::Settings::default())?;
/// let own = evaluation.in_sample.expect("the plan carries its figures");
/// assert_eq!((own.objective, own.scenarios), (plan.objective, 2));
/// assert_eq!(own.cvar, plan.cvar);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct InSample {
    /// The plan's objective.
    pub objective: f64,
    /// Its expected cost.
    pub expected_cost: f64,
    /// Its VaR.
    pub var: f64,
    /// Its CVaR.
    pub cvar: f64,
    /// How many scenarios it was planned on.
    pub scenarios: usize,
}

/// One recourse LP's size and how well the answers satisfied them.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let plan = rareplan::plan(&loaded.model, &rareplan::Settings::default())?.plan;
/// let evaluation = rareplan::evaluate(&loaded.model, &plan, &rareplan::Settings::default())?;
/// let lp = evaluation.lp;
/// assert_eq!(lp.solved, 2); // one recourse LP per scenario
/// assert!(lp.columns > 0 && lp.rows > 0 && lp.max_row_residual <= 1e-6);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RecourseSummary {
    /// Columns of one scenario's recourse LP.
    pub columns: usize,
    /// Rows.
    pub rows: usize,
    /// Nonzeros.
    pub nonzeros: usize,
    /// Scenario LPs solved.
    pub solved: usize,
    /// Largest relative row violation over all scenario answers.
    pub max_row_residual: f64,
    /// Largest relative bound violation (before clipping).
    pub max_bound_residual: f64,
}

/// Why a plan could not be scored.
///
/// ```
/// use rareplan::{EvaluateError, ReservationError};
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let plan = rareplan::plan(&loaded.model, &rareplan::Settings::default())?.plan;
/// let mut foreign = plan.clone();
/// foreign.reservations[0].supplier = "no-such-mine".into();
/// match rareplan::evaluate(&loaded.model, &foreign, &rareplan::Settings::default()) {
///     Err(EvaluateError::Reservations(ReservationError::UnknownIds(ids))) => {
///         assert_eq!(ids, ["supplier `no-such-mine`"]);
///     }
///     other => panic!("expected unknown ids, got {other:?}"),
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EvaluateError {
    /// The plan does not fit the model.
    #[error(transparent)]
    Reservations(#[from] ReservationError),
    /// Settings or scenarios are wrong, or the model is infeasible.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// A scenario could not be scored.
    #[error(transparent)]
    Score(#[from] ScoreError),
}

/// Scores `plan`'s reservations on `model`'s scenarios (or the sample the
/// settings ask for), with the model's risk weights unless overridden.
pub fn evaluate(
    model: &Model,
    plan: &Plan,
    settings: &Settings,
) -> Result<Evaluation, EvaluateError> {
    evaluate_with_progress(model, plan, settings, &|_, _| {})
}

/// [`evaluate`], calling `progress(done, total)` as scenarios finish (from
/// several threads).
pub fn evaluate_with_progress(
    model: &Model,
    plan: &Plan,
    settings: &Settings,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Evaluation, EvaluateError> {
    crate::model::validate_model(model).map_err(PlanError::from)?;
    let started = Instant::now();
    let (lambda, alpha) = risk_in_force(model, settings)?;
    let routes = Routes::new(model);
    let reserved = reserved_per_arc(model, &routes, &plan.reservations)?;
    let (scenarios, generation) =
        build_scenarios(model, settings.sampling).map_err(PlanError::from)?;
    if let Some(overflow) = stock_overflow(model, &scenarios) {
        return Err(
            PlanError::Infeasible(crate::planner::Infeasibility::StockOverflow(overflow)).into(),
        );
    }
    let total = scenarios.len();
    let options = ScoreOptions {
        solver: settings.solver,
        deadline: crate::planner::deadline_of(started, settings)?,
        keep_values: false,
    };
    let scoring = score(model, &routes, &scenarios, &reserved, options, &|done| {
        progress(done, total)
    })?;
    let summary = summarize(&outcomes(&scenarios, &scoring), lambda, alpha);
    let fees: f64 = routes
        .arcs
        .iter()
        .zip(&reserved)
        .map(|(a, r)| a.fee * r)
        .sum();
    Ok(Evaluation {
        model: model.name.clone(),
        currency: model.currency.clone(),
        unit: model.unit.clone(),
        solver: solver_names(&scoring),
        objective: summary.objective,
        expected_cost: summary.expected_cost,
        var: summary.var,
        cvar: summary.cvar,
        alpha,
        risk_weight: lambda,
        expected_shortage: summary.expected_shortage,
        expected_end_shortfall: summary.expected_end_shortfall,
        shortage_probability: summary.shortage_probability,
        cost_quantiles: summary.quantiles,
        reserved: reserved.iter().sum(),
        fees,
        in_sample: Some(InSample {
            objective: plan.objective,
            expected_cost: plan.expected_cost,
            var: plan.var,
            cvar: plan.cvar,
            scenarios: plan.scenarios.len(),
        }),
        scenario_generation: generation_of(generation),
        scenarios: scenario_results(model, &scenarios, &scoring),
        lp: recourse_summary(&scoring),
    })
}

/// The summary's inputs, in scenario order.
pub(crate) fn outcomes(scenarios: &[Scenario], scoring: &Scoring) -> Vec<Outcome> {
    scenarios
        .iter()
        .zip(&scoring.scenarios)
        .map(|(s, score)| Outcome {
            probability: s.probability,
            cost: score.cost,
            shortage: score.shortage,
            end_shortfall: score.end_shortfall,
        })
        .collect()
}

/// Each scenario's result as plans list them.
pub(crate) fn scenario_results(
    model: &Model,
    scenarios: &[Scenario],
    scoring: &Scoring,
) -> Vec<ScenarioResult> {
    scenarios
        .iter()
        .zip(&scoring.scenarios)
        .map(|(s, score)| ScenarioResult {
            id: s.id.clone(),
            probability: s.probability,
            events: s
                .events
                .iter()
                .map(|&e| model.events[e].id.clone())
                .collect(),
            cost: score.cost,
            shortage: crate::plan::clean(score.shortage),
            end_shortfall: crate::plan::clean(score.end_shortfall),
        })
        .collect()
}

fn solver_names(scoring: &Scoring) -> String {
    let mut names: Vec<&str> = scoring.scenarios.iter().map(|s| s.solver).collect();
    names.sort_unstable();
    names.dedup();
    names.join("+")
}

fn recourse_summary(scoring: &Scoring) -> RecourseSummary {
    let (columns, rows, nonzeros) = scoring.size;
    RecourseSummary {
        columns,
        rows,
        nonzeros,
        solved: scoring.scenarios.len(),
        max_row_residual: scoring
            .scenarios
            .iter()
            .map(|s| s.residuals.max_row)
            .fold(0.0, f64::max),
        max_bound_residual: scoring
            .scenarios
            .iter()
            .map(|s| s.residuals.max_bound)
            .fold(0.0, f64::max),
    }
}
