//! Mapping a verified solution back onto the model's entities, through the
//! formulation's index maps (never by parsing names).

use super::risk::var_cvar;
use super::{
    Delivery, ExpectedFlow, LpSummary, Plan, Reservation, ScenarioFlows, ScenarioGeneration,
    ScenarioResult, ShadowPrice, StockFlow,
};
use crate::evaluate::Scoring;
use crate::formulate::{Formulation, PricedKind, RecourseColumns};
use crate::model::Model;
use crate::scenario::{Generation, Scenario};
use crate::solve::{Solution, verify::Residuals};

/// Quantities below this (in tonnes) are reported as 0.
const ZERO: f64 = 1e-9;
/// A scenario with more unmet need than this counts as a shortage.
const SHORTAGE_THRESHOLD: f64 = 1e-6;

/// Everything a plan is made from.
#[derive(Debug, Clone, Copy)]
pub struct PlanInputs<'a> {
    /// The model.
    pub model: &'a Model,
    /// The scenarios solved.
    pub scenarios: &'a [Scenario],
    /// How they were made.
    pub generation: Generation,
    /// The LP and its index maps.
    pub formulation: &'a Formulation,
    /// The verified answer.
    pub solution: &'a Solution,
    /// The verification's residuals.
    pub residuals: Residuals,
    /// The backend's name.
    pub solver: &'a str,
    /// λ used.
    pub risk_weight: f64,
    /// α used.
    pub alpha: f64,
    /// Row duals to price quotas and capacities with, and where they come
    /// from; `None` with the reason when there are none.
    pub duals: Result<(&'a [f64], &'a str), &'a str>,
    /// Each scenario's recourse re-solved with the reservations fixed,
    /// where the extensive form's own may not be optimal (λ = 1).
    pub(crate) rescored: Option<&'a Scoring>,
    /// Whether to list every scenario's flows.
    pub scenario_flows: bool,
}

/// Rounds values that are zero up to solver round-off to 0 (and −0 to 0).
pub(crate) fn clean(value: f64) -> f64 {
    if value.abs() < ZERO { 0.0 } else { value }
}

/// One scenario's recourse: its cost, its column layout and the values.
struct View<'v> {
    cost: f64,
    columns: &'v RecourseColumns,
    values: &'v [f64],
}

/// Scenario `k`'s recourse as the plan reports it: re-solved with the
/// reservations fixed where the inputs carry a scoring, else the extensive
/// form's own.
fn view<'v>(inputs: &'v PlanInputs<'_>, costs: &[f64], k: usize) -> View<'v> {
    match inputs.rescored {
        Some(scoring) => {
            let score = &scoring.scenarios[k];
            View {
                cost: score.cost,
                columns: &scoring.columns,
                values: score.values.as_deref().unwrap_or(&[]),
            }
        }
        None => View {
            cost: costs[k],
            columns: &inputs.formulation.recourse[k],
            values: &inputs.solution.values,
        },
    }
}

/// Builds the plan.
pub fn build_plan(inputs: PlanInputs<'_>) -> Plan {
    let PlanInputs {
        model,
        scenarios,
        formulation: f,
        solution,
        ..
    } = inputs;
    let x = &solution.values;
    let ef_costs = f.scenario_costs(scenarios.len(), x);
    let views: Vec<View<'_>> = (0..scenarios.len())
        .map(|k| view(&inputs, &ef_costs, k))
        .collect();
    let costs: Vec<f64> = views.iter().map(|v| v.cost).collect();
    let probabilities: Vec<f64> = scenarios.iter().map(|s| s.probability).collect();
    let (var, cvar) = var_cvar(&costs, &probabilities, inputs.alpha);

    let mut results = Vec::with_capacity(scenarios.len());
    let (mut expected_cost, mut expected_shortage, mut expected_end, mut shortage_probability) =
        (0.0, 0.0, 0.0, 0.0);
    for (scenario, v) in scenarios.iter().zip(&views) {
        let cols = v.columns;
        let shortage: f64 = cols.shortage.iter().map(|&j| v.values[j]).sum();
        let end_shortfall: f64 = cols
            .end_shortfall
            .iter()
            .flatten()
            .map(|&j| v.values[j])
            .sum();
        let p = scenario.probability;
        expected_cost += p * v.cost;
        expected_shortage += p * shortage;
        expected_end += p * end_shortfall;
        if shortage > SHORTAGE_THRESHOLD {
            shortage_probability += p;
        }
        results.push(ScenarioResult {
            id: scenario.id.clone(),
            probability: p,
            events: scenario
                .events
                .iter()
                .map(|&e| model.events[e].id.clone())
                .collect(),
            cost: v.cost,
            shortage: clean(shortage),
            end_shortfall: clean(end_shortfall),
        });
    }

    let (shadow_prices, shadow_price_source) = match inputs.duals {
        Ok((duals, source)) => (shadow_prices(model, f, duals), source.to_string()),
        Err(reason) => (Vec::new(), reason.to_string()),
    };

    Plan {
        model: model.name.clone(),
        currency: model.currency.clone(),
        unit: model.unit.clone(),
        status: super::PlanStatus::Optimal,
        solver: inputs.solver.to_string(),
        objective: solution.objective,
        expected_cost,
        cvar,
        var,
        alpha: inputs.alpha,
        risk_weight: inputs.risk_weight,
        expected_shortage: clean(expected_shortage),
        expected_end_shortfall: clean(expected_end),
        shortage_probability,
        scenario_generation: generation_of(inputs.generation),
        reservations: reservations_of(model, f, x),
        scenarios: results,
        expected: expected_flows(model, scenarios, f, &views),
        shadow_prices,
        shadow_price_source,
        lp: LpSummary {
            columns: f.lp.num_columns(),
            rows: f.lp.num_rows(),
            nonzeros: f.lp.num_nonzeros(),
            max_row_residual: inputs.residuals.max_row,
            max_bound_residual: inputs.residuals.max_bound,
        },
        value: None,
        decomposition: None,
        scenario_flows: inputs
            .scenario_flows
            .then(|| scenario_flows(model, scenarios, f, &views)),
    }
}

/// How a scenario set was made, as plans write it.
pub(crate) fn generation_of(g: Generation) -> ScenarioGeneration {
    match g {
        Generation::Explicit => ScenarioGeneration {
            mode: super::GenerationMode::Explicit,
            samples: None,
            seed: None,
        },
        Generation::Enumerated => ScenarioGeneration {
            mode: super::GenerationMode::Enumerated,
            samples: None,
            seed: None,
        },
        Generation::Sampled { samples, seed } => ScenarioGeneration {
            mode: super::GenerationMode::Sampled,
            samples: Some(samples),
            seed: Some(seed),
        },
    }
}

/// The reservations of a solution `x` of `f`, as plans list them (only
/// those above 1e-9 t).
pub(crate) fn reservations_of(model: &Model, f: &Formulation, x: &[f64]) -> Vec<Reservation> {
    f.routes
        .arcs
        .iter()
        .zip(&f.reservation)
        .filter_map(|(arc, &j)| {
            let quantity = clean(x[j]);
            (quantity > 0.0).then(|| Reservation {
                supplier: model.suppliers[arc.supplier].id.clone(),
                material: model.materials[arc.material].id.clone(),
                buyer: model.buyers[arc.buyer].id.clone(),
                period: model.periods[arc.ship].clone(),
                quantity,
                fee: arc.fee * quantity,
            })
        })
        .collect()
}

fn expected_flows(
    model: &Model,
    scenarios: &[Scenario],
    f: &Formulation,
    views: &[View<'_>],
) -> Vec<ExpectedFlow> {
    let size = model.buyers.len() * model.materials.len() * model.horizon();
    let (mut contract, mut spot, mut stock, mut shortage) = (
        vec![0.0; size],
        vec![0.0; size],
        vec![0.0; size],
        vec![0.0; size],
    );
    for (scenario, v) in scenarios.iter().zip(views) {
        let p = scenario.probability;
        let (cols, x) = (v.columns, v.values);
        for (i, arc) in f.routes.arcs.iter().enumerate() {
            let at = f.stock_index(arc.buyer, arc.material, arc.arrive);
            contract[at] += p * x[cols.exercise[i]];
            if let Some(y) = cols.spot[i] {
                spot[at] += p * x[y];
            }
        }
        for at in 0..size {
            stock[at] += p * x[cols.stock[at]];
            shortage[at] += p * x[cols.shortage[at]];
        }
    }
    let mut out = Vec::new();
    for (b, buyer) in model.buyers.iter().enumerate() {
        for (e, material) in model.materials.iter().enumerate() {
            for (t, period) in model.periods.iter().enumerate() {
                let at = f.stock_index(b, e, t);
                let flow = ExpectedFlow {
                    buyer: buyer.id.clone(),
                    material: material.id.clone(),
                    period: period.clone(),
                    need: buyer.need[e][t],
                    contract: clean(contract[at]),
                    spot: clean(spot[at]),
                    stock: clean(stock[at]),
                    shortage: clean(shortage[at]),
                };
                let any = [
                    flow.need,
                    flow.contract,
                    flow.spot,
                    flow.stock,
                    flow.shortage,
                ]
                .iter()
                .any(|&v| v != 0.0);
                if any {
                    out.push(flow);
                }
            }
        }
    }
    out
}

/// Every scenario's deliveries, stock and shortage (nonzero entries only).
fn scenario_flows(
    model: &Model,
    scenarios: &[Scenario],
    f: &Formulation,
    views: &[View<'_>],
) -> Vec<ScenarioFlows> {
    scenarios
        .iter()
        .zip(views)
        .map(|(scenario, v)| {
            let (cols, x) = (v.columns, v.values);
            let deliveries = f
                .routes
                .arcs
                .iter()
                .enumerate()
                .filter_map(|(i, arc)| {
                    let exercise = clean(x[cols.exercise[i]]);
                    let spot = clean(cols.spot[i].map_or(0.0, |y| x[y]));
                    (exercise > 0.0 || spot > 0.0).then(|| Delivery {
                        supplier: model.suppliers[arc.supplier].id.clone(),
                        material: model.materials[arc.material].id.clone(),
                        buyer: model.buyers[arc.buyer].id.clone(),
                        period: model.periods[arc.ship].clone(),
                        arrives: model.periods[arc.arrive].clone(),
                        exercise,
                        spot,
                    })
                })
                .collect();
            let mut stock = Vec::new();
            for (b, buyer) in model.buyers.iter().enumerate() {
                for (e, material) in model.materials.iter().enumerate() {
                    for (t, period) in model.periods.iter().enumerate() {
                        let at = f.stock_index(b, e, t);
                        let (held, short) = (clean(x[cols.stock[at]]), clean(x[cols.shortage[at]]));
                        if held > 0.0 || short > 0.0 {
                            stock.push(StockFlow {
                                buyer: buyer.id.clone(),
                                material: material.id.clone(),
                                period: period.clone(),
                                stock: held,
                                shortage: short,
                            });
                        }
                    }
                }
            }
            ScenarioFlows {
                scenario: scenario.id.clone(),
                deliveries,
                stock,
            }
        })
        .collect()
}

/// Shadow prices from row duals of the minimisation: for each quota or
/// offer capacity and ship period, `-Σ factor · dual` over its rows
/// (formulation.md, "What is reported").
pub(crate) fn shadow_prices(model: &Model, f: &Formulation, duals: &[f64]) -> Vec<ShadowPrice> {
    let mut sums: std::collections::BTreeMap<(PricedKind, usize), f64> = Default::default();
    for row in &f.priced_rows {
        *sums.entry((row.kind, row.period)).or_insert(0.0) -= row.factor * duals[row.row];
    }
    shadow_prices_of(model, sums)
}

/// Shadow prices from their values by nominal number and ship period.
pub(crate) fn shadow_prices_of(
    model: &Model,
    sums: std::collections::BTreeMap<(PricedKind, usize), f64>,
) -> Vec<ShadowPrice> {
    // BTreeMap order: quotas before capacities, each in model order.
    sums.into_iter()
        .map(|((kind, t), value)| {
            let period = super::PeriodId(model.periods[t].clone());
            let limit = match kind {
                PricedKind::Quota(q) => super::Limit::Quota {
                    quota: super::QuotaId(model.quotas[q].id.clone()),
                    period,
                },
                PricedKind::Capacity(s, o) => {
                    let supplier = &model.suppliers[s];
                    super::Limit::Capacity {
                        supplier: super::SupplierId(supplier.id.clone()),
                        material: super::MaterialId(
                            model.materials[supplier.offers[o].material].id.clone(),
                        ),
                        period,
                    }
                }
            };
            ShadowPrice {
                limit,
                value: value + 0.0,
            }
        })
        .collect()
}
