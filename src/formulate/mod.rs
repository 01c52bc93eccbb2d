//! Model + scenarios → [`LinearProgram`]: the extensive form of
//! `formulation.md`, with index maps back to the domain.
//!
//! The program is built in a fixed order: first-stage columns and rows
//! (reservations, constraint 1, constraint 9), the risk column `η`, then for
//! each scenario its recourse columns and constraints 2–8 and 10. Each
//! family has its own `define_*` function in [`stage_one`] or [`recourse`].

mod arcs;
mod recourse;
mod size;
mod stage_one;

pub use arcs::{Arc, build_arcs};
pub use size::{CoefficientRange, coefficient_range, column_count};

use crate::lp::LinearProgram;
use crate::model::Model;
use crate::scenario::{Factors, Scenario};

/// The kind of nominal number a shadow price is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PricedKind {
    /// A quota's limit `ℓ[q,t]` (index of the quota).
    Quota(usize),
    /// An offer's capacity `cap[s,e,t]` (supplier index, offer index).
    Capacity(usize, usize),
}

/// A row whose right-hand side is `factor ×` a nominal number of the model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PricedRow {
    /// Which nominal number.
    pub kind: PricedKind,
    /// Ship period.
    pub period: usize,
    /// The row.
    pub row: usize,
    /// The scenario factor on the nominal number (1 for first-stage rows).
    pub factor: f64,
}

/// Columns of one scenario's recourse.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecourseColumns {
    /// `x[k,arc]`: contract tonnes exercised, per arc.
    pub exercise: Vec<usize>,
    /// `y[k,arc]`: spot tonnes, per arc where the offer has a spot price.
    pub spot: Vec<Option<usize>>,
    /// `v[k,b,e,t]` at `stock_index(b,e,t)`.
    pub stock: Vec<usize>,
    /// `u[k,b,e,t]` at `stock_index(b,e,t)`.
    pub shortage: Vec<usize>,
    /// `w[k,b,e]` at `b·E + e`, where the buyer has an end-stock target.
    pub end_shortfall: Vec<Option<usize>>,
    /// `z_k`, when `λ > 0`.
    pub tail: Option<usize>,
}

/// The LP with everything needed to map a solution back to the domain.
#[derive(Debug, Clone, PartialEq)]
pub struct Formulation {
    /// The program.
    pub lp: LinearProgram,
    /// Every (supplier, offer, buyer, ship period) that may carry tonnes.
    pub arcs: Vec<Arc>,
    /// `r[arc]`: first-stage reservation columns.
    pub reservation: Vec<usize>,
    /// Per scenario, its recourse columns.
    pub recourse: Vec<RecourseColumns>,
    /// `η`, the value-at-risk column, when `λ > 0`.
    pub value_at_risk: Option<usize>,
    /// Per column, the scenario whose cost `C_k` it enters (`None`: first
    /// stage, in every `C_k`; also `η` and `z`, which are in none).
    pub column_scenario: Vec<Option<usize>>,
    /// Per column, its coefficient in `C_k` (0 for `η` and `z`).
    pub column_unit_cost: Vec<f64>,
    /// Rows whose duals make shadow prices.
    pub priced_rows: Vec<PricedRow>,
    /// Number of materials, for [`Formulation::stock_index`].
    pub materials: usize,
    /// Number of periods, for [`Formulation::stock_index`].
    pub periods: usize,
}

impl Formulation {
    /// Position of `(b, e, t)` in the stock and shortage vectors.
    pub fn stock_index(&self, buyer: usize, material: usize, period: usize) -> usize {
        (buyer * self.materials + material) * self.periods + period
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
}

/// Builds the extensive-form LP of `model` over `scenarios` with the risk
/// weight `lambda` (λ) and CVaR level `alpha` (α).
pub fn formulate(model: &Model, scenarios: &[Scenario], lambda: f64, alpha: f64) -> Formulation {
    let arcs = build_arcs(model);
    let n = model.horizon();
    let mut f = Formulation {
        lp: LinearProgram::new(),
        arcs,
        reservation: Vec::new(),
        recourse: Vec::with_capacity(scenarios.len()),
        value_at_risk: None,
        column_scenario: Vec::new(),
        column_unit_cost: Vec::new(),
        priced_rows: Vec::new(),
        materials: model.materials.len(),
        periods: n,
    };
    let weights = Weights { lambda, alpha };
    stage_one::define_reservations(&mut f, model, weights);
    let offer_groups = stage_one::offer_groups(&f);
    let quota_groups = arcs::quota_groups(&f.arcs, model);
    stage_one::define_reservation_capacity(&mut f, model, &offer_groups);
    stage_one::define_diversification(&mut f, model);
    stage_one::define_value_at_risk(&mut f, weights);
    let arrivals = arcs::arrivals(&f.arcs, model);
    for (k, scenario) in scenarios.iter().enumerate() {
        let factors = Factors::of(model, scenario);
        let ctx = recourse::Context {
            model,
            k,
            scenario,
            factors: &factors,
            weights,
            arrivals: &arrivals,
            offer_groups: &offer_groups,
            quota_groups: &quota_groups,
        };
        recourse::define_scenario(&mut f, &ctx);
    }
    f
}

/// The risk weights of the objective.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Weights {
    /// λ.
    pub(crate) lambda: f64,
    /// α.
    pub(crate) alpha: f64,
}

impl Weights {
    /// `1 - λ`: the weight on expected cost.
    pub(crate) fn expected(self) -> f64 {
        1.0 - self.lambda
    }

    /// Whether the CVaR columns `η`, `z` exist.
    pub(crate) fn has_cvar(self) -> bool {
        self.lambda > 0.0
    }
}

impl Formulation {
    /// Adds a column and records what it costs in which scenario.
    pub(crate) fn column(
        &mut self,
        name: String,
        bounds: (f64, f64),
        objective: f64,
        scenario: Option<usize>,
        unit_cost: f64,
    ) -> usize {
        self.column_scenario.push(scenario);
        self.column_unit_cost.push(unit_cost);
        self.lp.add_column(name, bounds.0, bounds.1, objective)
    }
}
