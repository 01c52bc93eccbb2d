//! The extensive form: the first stage, then each scenario's recourse
//! block with its CVaR row, in a fixed order (formulation.md).

use super::builder::Builder;
use super::recourse::{Context, Link, define_recourse};
use super::routes::Routes;
use super::{PricedRow, RecourseColumns, Weights, first_stage};
use crate::lp::LinearProgram;
use crate::model::Model;
use crate::scenario::{Factors, Scenario};

const INF: f64 = f64::INFINITY;

/// The extensive-form LP with everything needed to map a solution back to
/// the domain.
#[derive(Debug, Clone, PartialEq)]
pub struct Formulation {
    /// The program.
    pub lp: LinearProgram,
    /// The network the LP is built on.
    pub routes: Routes,
    /// `r[arc]`: first-stage reservation columns.
    pub reservation: Vec<usize>,
    /// Per scenario, its recourse columns.
    pub recourse: Vec<RecourseColumns>,
    /// `η`, the value-at-risk column, when `λ > 0`.
    pub value_at_risk: Option<usize>,
    /// Per column, the scenario whose cost `C_k` it enters (`None`: first
    /// stage, in every `C_k`; also `η`, which is in none).
    pub column_scenario: Vec<Option<usize>>,
    /// Per column, its coefficient in `C_k` (0 for `η` and `z`).
    pub column_unit_cost: Vec<f64>,
    /// Rows whose duals make shadow prices.
    pub priced_rows: Vec<PricedRow>,
}

/// One scenario as the extensive form takes it: an id (for names), a
/// probability and the factors it applies.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioInput {
    /// Scenario id.
    pub id: String,
    /// `p_k`.
    pub probability: f64,
    /// `a, g, m, d` of the scenario.
    pub factors: Factors,
}

impl ScenarioInput {
    /// The input of a model's scenario.
    pub fn of(model: &Model, scenario: &Scenario) -> ScenarioInput {
        ScenarioInput {
            id: scenario.id.clone(),
            probability: scenario.probability,
            factors: Factors::of(model, scenario),
        }
    }
}

impl Formulation {
    /// Position of `(b, e, t)` in the stock and shortage vectors.
    pub fn stock_index(&self, buyer: usize, material: usize, period: usize) -> usize {
        self.routes.stock_index(buyer, material, period)
    }

    /// Scenario costs `C_k` at the solution `x`.
    pub fn scenario_costs(&self, scenarios: usize, x: &[f64]) -> Vec<f64> {
        let mut first_stage = 0.0;
        let mut costs = vec![0.0; scenarios];
        for (j, value) in x.iter().enumerate() {
            let unit = self.column_unit_cost[j];
            if unit == 0.0 {
                continue;
            }
            match self.column_scenario[j] {
                None => first_stage += unit * value,
                Some(k) => costs[k] += unit * value,
            }
        }
        costs.iter().map(|c| c + first_stage).collect()
    }

    /// The reservation `r[arc]` of every arc at the solution `x`.
    pub fn reserved(&self, x: &[f64]) -> Vec<f64> {
        self.reservation.iter().map(|&j| x[j]).collect()
    }
}

/// Builds the extensive-form LP of `model` over its `scenarios` with the
/// risk weight `lambda` (λ) and CVaR level `alpha` (α).
pub fn formulate(model: &Model, scenarios: &[Scenario], lambda: f64, alpha: f64) -> Formulation {
    let inputs: Vec<ScenarioInput> = scenarios
        .iter()
        .map(|s| ScenarioInput::of(model, s))
        .collect();
    formulate_inputs(model, &inputs, lambda, alpha)
}

/// Builds the extensive form over scenarios given by their factors (the
/// expected-value problem's one scenario of mean factors, for one).
pub fn formulate_inputs(
    model: &Model,
    scenarios: &[ScenarioInput],
    lambda: f64,
    alpha: f64,
) -> Formulation {
    let routes = Routes::new(model);
    let weights = Weights { lambda, alpha };
    let mut b = Builder::new(model, &routes, true);
    let reservation = first_stage::define_reservations(&mut b, weights);
    first_stage::define_reservation_capacity(&mut b, &reservation);
    first_stage::define_diversification(&mut b, &reservation);
    let value_at_risk = first_stage::define_value_at_risk(&mut b, weights);
    let mut recourse = Vec::with_capacity(scenarios.len());
    for (k, scenario) in scenarios.iter().enumerate() {
        let first_column = b.lp.num_columns();
        let ctx = Context {
            k,
            id: &scenario.id,
            factors: &scenario.factors,
            weight: weights.expected() * scenario.probability,
            link: Link::Columns(&reservation),
        };
        let mut cols = define_recourse(&mut b, &ctx);
        if let Some(eta) = value_at_risk {
            let tail_weight = weights.lambda * scenario.probability / (1.0 - weights.alpha);
            cols.tail = Some(define_cvar(
                &mut b,
                &ctx,
                (eta, tail_weight),
                &reservation,
                first_column,
            ));
        }
        recourse.push(cols);
    }
    let Builder {
        lp,
        column_scenario,
        column_unit_cost,
        priced_rows,
        ..
    } = b;
    Formulation {
        lp,
        routes,
        reservation,
        recourse,
        value_at_risk,
        column_scenario,
        column_unit_cost,
        priced_rows,
    }
}

/// Column `z_k` (cost `λ·p_k/(1-α)`) and constraint 10: `z_k + η - C_k ≥ 0`.
/// Only the first-stage columns and this scenario's (from `first_column`
/// on, as every scenario's columns are contiguous) can enter `C_k`.
///
/// The fees stay in every CVaR row on purpose. Written with `η − F` for
/// `η` the rows lose them (the same optimum, and the decomposition's
/// master does it), but Clarabel's answers to that LP came back a little
/// less feasible: on 3 of 11 generated models its first answer failed the
/// check (BENCHMARKS.md, "The recourse solves' set-up kept").
fn define_cvar(
    b: &mut Builder<'_>,
    ctx: &Context<'_>,
    (eta, tail_weight): (usize, f64),
    reservation: &[usize],
    first_column: usize,
) -> usize {
    let z = b.column(
        || format!("z[k={}]", ctx.id),
        (0.0, INF),
        tail_weight,
        Some(ctx.k),
        0.0,
    );
    let mut terms = vec![(z, 1.0), (eta, 1.0)];
    for j in reservation.iter().copied().chain(first_column..z) {
        let unit = b.column_unit_cost[j];
        if unit != 0.0 {
            terms.push((j, -unit));
        }
    }
    b.row(|| format!("cvar[k={}]", ctx.id), 0.0, INF, &terms);
    z
}
