//! A verified solution → a [`Plan`] people can act on: reservations, risk
//! figures, scenario results, expected flows and shadow prices; with one
//! writer per format.

mod build;
mod csv_tables;
pub(crate) mod risk;
mod table;
mod typed;
mod write;
mod xlsx;

pub(crate) use build::{PlanInputs, build_plan};
pub(crate) use build::{clean, generation_of, reservations_of, shadow_prices_of};
pub use csv_tables::{CsvTable, render_csv_table};
pub(crate) use table::number;
pub use table::render_table;
pub use typed::{
    GenerationMode, Limit, LimitAt, MaterialId, PeriodId, PlanStatus, QuotaId, RouteAt,
    ShadowPrice, StockAt, SupplierId, UnknownId,
};
pub use write::render_bytes;
pub use write::{Format, PlanWriteError, render};
pub use xlsx::{SHEETS, render_xlsx};

use serde::{Deserialize, Serialize};

/// A sourcing plan and what it costs, as written to plan files.
///
/// Made by [`plan`](crate::plan()), read back with serde or
/// [`read_plan`](crate::read_plan); its serde form is the plan file format.
/// More fields may be added (`#[non_exhaustive]`).
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tutorial.toml"))?;
/// let plan = rareplan::plan(&loaded.model, &rareplan::Settings::default())?.plan;
/// let json = rareplan::plan::render(&plan, rareplan::Format::Json)?;
/// let back: rareplan::Plan = serde_json::from_str(&json)?;
/// assert_eq!(back, plan);
/// assert_eq!(plan.scenario("cheap-halt").map(|s| s.probability), Some(0.2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Plan {
    /// The model's name.
    pub model: String,
    /// Currency label of the model.
    pub currency: String,
    /// Unit label of the model.
    pub unit: String,
    /// `optimal`: only verified optimal plans are written.
    pub status: PlanStatus,
    /// The backend that found the plan.
    pub solver: String,
    /// The optimal objective `(1-λ)·E[C] + λ·CVaR` (as modelled).
    pub objective: f64,
    /// `Σ_k p_k C_k`.
    pub expected_cost: f64,
    /// `CVaR_α` of the scenario costs.
    pub cvar: f64,
    /// `VaR_α` of the scenario costs.
    pub var: f64,
    /// α.
    pub alpha: f64,
    /// λ.
    pub risk_weight: f64,
    /// Expected tonnes of need unmet, `Σ_k p_k Σ u`.
    pub expected_shortage: f64,
    /// Expected tonnes below end-stock targets, `Σ_k p_k Σ w`.
    pub expected_end_shortfall: f64,
    /// Probability of any shortage (scenarios with `Σ u > 1e-6`).
    pub shortage_probability: f64,
    /// How the scenarios were made.
    pub scenario_generation: ScenarioGeneration,
    /// The first-stage plan: tonnes to reserve, by ship period.
    pub reservations: Vec<Reservation>,
    /// Every scenario solved, with its cost and shortage.
    pub scenarios: Vec<ScenarioResult>,
    /// Expected flows per buyer, material and (arrival) period.
    pub expected: Vec<ExpectedFlow>,
    /// Shadow prices of quotas and capacities.
    pub shadow_prices: Vec<ShadowPrice>,
    /// Where the shadow prices come from, or why there are none.
    pub shadow_price_source: String,
    /// The LP's size and the verification's residuals.
    pub lp: LpSummary,
    /// What planning for risk is worth (VSS, EVPI), with `solve --value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<ValueOfRisk>,
    /// Every scenario's flows, with `solve --scenario-flows`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario_flows: Option<Vec<ScenarioFlows>>,
    /// How the decomposition reached the plan (bounds, gap, iterations),
    /// when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decomposition: Option<crate::decompose::DecompositionReport>,
}

/// The two figures of stochastic programming (formulation.md, "What
/// planning for risk is worth").
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let settings = rareplan::Settings::builder().value(true).build()?;
/// let plan = rareplan::plan(&loaded.model, &settings)?.plan;
/// let value = plan.value.expect("asked for");
/// assert_eq!(value.rp, plan.objective);
/// assert!((value.vss - (value.eev - value.rp)).abs() < 1e-6);
/// assert!((value.evpi - (value.rp - value.ws)).abs() < 1e-6);
/// // Planning for the halt is worth something here: VSS > 0.
/// assert!(value.vss > 0.0 && value.evpi >= 0.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ValueOfRisk {
    /// `RP`: the plan's objective.
    pub rp: f64,
    /// The expected-value problem's optimum (one scenario of mean factors).
    pub ev_objective: f64,
    /// `EEV`: the EV plan's score on the scenario set.
    pub eev: f64,
    /// `VSS = EEV − RP`: what ignoring the uncertainty would cost.
    pub vss: f64,
    /// `WS`: the wait-and-see objective (each scenario planned with hindsight).
    pub ws: f64,
    /// `EVPI = RP − WS`: what a perfect forecast would be worth.
    pub evpi: f64,
    /// The EV plan's reservations (EEV depends on them).
    pub ev_reservations: Vec<Reservation>,
}

/// One scenario's optimal recourse under the plan's reservations.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let settings = rareplan::Settings::builder().scenario_flows(true).build()?;
/// let plan = rareplan::plan(&loaded.model, &settings)?.plan;
/// let flows = plan.scenario_flows.as_ref().expect("asked for");
/// let ids: Vec<&str> = flows.iter().map(|f| f.scenario.as_str()).collect();
/// assert_eq!(ids, ["baseline", "cn-halt"]);
/// assert!(flows.iter().all(|f| !f.deliveries.is_empty()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioFlows {
    /// Scenario id.
    pub scenario: String,
    /// Tonnes shipped per route and ship period (only where any moves).
    pub deliveries: Vec<Delivery>,
    /// Stock and shortage per buyer, material and period (only where any).
    pub stock: Vec<StockFlow>,
}

/// Tonnes on one route in one ship period of a scenario.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let settings = rareplan::Settings::builder().scenario_flows(true).build()?;
/// let plan = rareplan::plan(&loaded.model, &settings)?.plan;
/// let halt = plan.scenario_flows_of("cn-halt").expect("listed");
/// for d in &halt.deliveries {
///     let at = d.at(&loaded.model)?;
///     // Arrival is the ship period plus the supplier's lead time.
///     let lead = loaded.model.suppliers[at.supplier].lead_time;
///     assert_eq!(d.arrives, loaded.model.periods[at.period + lead]);
///     assert!(d.exercise >= 0.0 && d.spot >= 0.0);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    /// Supplier id.
    pub supplier: String,
    /// Material id.
    pub material: String,
    /// Buyer id.
    pub buyer: String,
    /// Ship period label.
    pub period: String,
    /// Arrival period label.
    pub arrives: String,
    /// Contract tonnes exercised, `x`.
    pub exercise: f64,
    /// Spot tonnes bought, `y`.
    pub spot: f64,
}

/// A buyer's stock of a material at the end of a period in a scenario.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let settings = rareplan::Settings::builder().scenario_flows(true).build()?;
/// let plan = rareplan::plan(&loaded.model, &settings)?.plan;
/// let baseline = plan.scenario_flows_of("baseline").expect("listed");
/// for s in &baseline.stock {
///     let at = s.at(&loaded.model)?;
///     assert_eq!(loaded.model.buyers[at.buyer].id, s.buyer);
///     assert!(s.stock >= 0.0);
///     assert_eq!(s.shortage, 0.0); // nothing is short in this model
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StockFlow {
    /// Buyer id.
    pub buyer: String,
    /// Material id.
    pub material: String,
    /// Period label.
    pub period: String,
    /// Stock at the end of the period, `v`.
    pub stock: f64,
    /// Tonnes short in the period, `u`.
    pub shortage: f64,
}

/// How the scenario set was made, so anyone can rebuild it.
///
/// ```
/// use rareplan::plan::GenerationMode;
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let settings = rareplan::Settings::builder().samples(50).seed(7).build()?;
/// let plan = rareplan::plan(&loaded.model, &settings)?.plan;
/// let generation = &plan.scenario_generation;
/// assert_eq!(generation.mode, GenerationMode::Sampled);
/// assert_eq!((generation.samples, generation.seed), (Some(50), Some(7)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioGeneration {
    /// `explicit`, `enumerated` or `sampled`.
    pub mode: GenerationMode,
    /// Draws, in sampled mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub samples: Option<u64>,
    /// Seed of the SplitMix64 stream, in sampled mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

/// Tonnes reserved from a supplier for a buyer in a ship period.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let plan = rareplan::plan(&loaded.model, &rareplan::Settings::default())?.plan;
/// for r in &plan.reservations {
///     assert_eq!(r.buyer, "plant");
///     // Only au-mine charges a fee: 3,000 per tonne reserved.
///     let fee = if r.supplier == "au-mine" { 3_000.0 } else { 0.0 };
///     assert!((r.fee - fee * r.quantity).abs() < 1e-6);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reservation {
    /// Supplier id.
    pub supplier: String,
    /// Material id.
    pub material: String,
    /// Buyer id.
    pub buyer: String,
    /// Ship period label.
    pub period: String,
    /// Tonnes reserved.
    pub quantity: f64,
    /// Reservation fee paid, `f · quantity`.
    pub fee: f64,
}

impl Reservation {
    /// Where this reservation sits in `model` (the model the plan was made
    /// from, or one with the same ids).
    ///
    /// ```
    /// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
    /// let plan = rareplan::plan(&loaded.model, &rareplan::Settings::default())?.plan;
    /// for r in &plan.reservations {
    ///     let at = r.at(&loaded.model)?;
    ///     assert_eq!(loaded.model.suppliers[at.supplier].id, r.supplier);
    ///     assert_eq!(loaded.model.periods[at.period], r.period);
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn at(&self, model: &crate::Model) -> Result<RouteAt, UnknownId> {
        typed::route_at(
            model,
            &self.supplier,
            &self.material,
            &self.buyer,
            &self.period,
        )
    }
}

impl Delivery {
    /// Where this delivery sits in `model` (its ship period; the arrival
    /// is `period` plus the supplier's lead time).
    pub fn at(&self, model: &crate::Model) -> Result<RouteAt, UnknownId> {
        typed::route_at(
            model,
            &self.supplier,
            &self.material,
            &self.buyer,
            &self.period,
        )
    }
}

impl StockFlow {
    /// Where this stock sits in `model`.
    pub fn at(&self, model: &crate::Model) -> Result<StockAt, UnknownId> {
        typed::stock_at(model, &self.buyer, &self.material, &self.period)
    }
}

impl ExpectedFlow {
    /// Where this flow sits in `model`.
    pub fn at(&self, model: &crate::Model) -> Result<StockAt, UnknownId> {
        typed::stock_at(model, &self.buyer, &self.material, &self.period)
    }
}

/// One scenario's outcome.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let plan = rareplan::plan(&loaded.model, &rareplan::Settings::default())?.plan;
/// let halt = plan.scenario("cn-halt").expect("a scenario");
/// assert_eq!((halt.probability, halt.events.as_slice()), (0.3, &["cn-halt".to_string()][..]));
/// // The expected cost is the probability-weighted cost of the scenarios.
/// let expected: f64 = plan.scenarios.iter().map(|s| s.probability * s.cost).sum();
/// assert!((expected - plan.expected_cost).abs() < 1e-3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioResult {
    /// Scenario id.
    pub id: String,
    /// Its probability.
    pub probability: f64,
    /// Its events' ids.
    pub events: Vec<String>,
    /// Its cost `C_k`.
    pub cost: f64,
    /// Tonnes of need unmet, `Σ u`.
    pub shortage: f64,
    /// Tonnes below end-stock targets, `Σ w`.
    pub end_shortfall: f64,
}

/// Expected flows of a buyer, material and period (arrival period for
/// deliveries, end of period for stock).
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let plan = rareplan::plan(&loaded.model, &rareplan::Settings::default())?.plan;
/// assert_eq!(plan.expected.len(), 3); // one buyer, one material, three quarters
/// for flow in &plan.expected {
///     let at = flow.at(&loaded.model)?;
///     assert_eq!(flow.need, 80.0);
///     assert_eq!(loaded.model.periods[at.period], flow.period);
///     assert!(flow.contract + flow.spot > 0.0);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExpectedFlow {
    /// Buyer id.
    pub buyer: String,
    /// Material id.
    pub material: String,
    /// Period label.
    pub period: String,
    /// Need in the nominal model.
    pub need: f64,
    /// Expected contract tonnes arriving.
    pub contract: f64,
    /// Expected spot tonnes arriving.
    pub spot: f64,
    /// Expected stock at the end of the period.
    pub stock: f64,
    /// Expected tonnes short.
    pub shortage: f64,
}

/// The LP's size and how well the answer satisfied it.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let plan = rareplan::plan(&loaded.model, &rareplan::Settings::default())?.plan;
/// assert_eq!((plan.lp.columns, plan.lp.rows, plan.lp.nonzeros), (33, 31, 73));
/// assert!(plan.lp.max_row_residual <= 1e-6 && plan.lp.max_bound_residual <= 1e-6);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LpSummary {
    /// Columns.
    pub columns: usize,
    /// Rows.
    pub rows: usize,
    /// Nonzero coefficients.
    pub nonzeros: usize,
    /// Largest relative row violation of the answer.
    pub max_row_residual: f64,
    /// Largest relative bound violation of the answer.
    pub max_bound_residual: f64,
}

impl Plan {
    /// One scenario's flows, where the plan lists them
    /// ([`Settings::scenario_flows`](crate::Settings::scenario_flows)).
    ///
    /// ```
    /// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
    /// let settings = rareplan::Settings::builder().scenario_flows(true).build()?;
    /// let plan = rareplan::plan(&loaded.model, &settings)?.plan;
    /// let halt = plan.scenario_flows_of("cn-halt").expect("listed");
    /// assert!(halt.deliveries.iter().any(|d| d.supplier == "au-mine"));
    /// assert!(plan.scenario_flows_of("no-such-scenario").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn scenario_flows_of(&self, scenario: &str) -> Option<&ScenarioFlows> {
        self.scenario_flows
            .as_ref()?
            .iter()
            .find(|f| f.scenario == scenario)
    }

    /// One scenario's result, by its id.
    pub fn scenario(&self, id: &str) -> Option<&ScenarioResult> {
        self.scenarios.iter().find(|s| s.id == id)
    }

    /// Every number of the plan, for the check that none is NaN or infinite.
    fn numbers(&self) -> impl Iterator<Item = f64> + '_ {
        let head = [
            self.objective,
            self.expected_cost,
            self.cvar,
            self.var,
            self.alpha,
            self.risk_weight,
            self.expected_shortage,
            self.expected_end_shortfall,
            self.shortage_probability,
            self.lp.max_row_residual,
            self.lp.max_bound_residual,
        ];
        head.into_iter()
            .chain(self.reservations.iter().flat_map(|r| [r.quantity, r.fee]))
            .chain(
                self.scenarios
                    .iter()
                    .flat_map(|s| [s.probability, s.cost, s.shortage, s.end_shortfall]),
            )
            .chain(
                self.expected
                    .iter()
                    .flat_map(|e| [e.need, e.contract, e.spot, e.stock, e.shortage]),
            )
            .chain(self.shadow_prices.iter().map(|s| s.value))
            .chain(self.value.iter().flat_map(|v| {
                [v.rp, v.ev_objective, v.eev, v.vss, v.ws, v.evpi]
                    .into_iter()
                    .chain(v.ev_reservations.iter().flat_map(|r| [r.quantity, r.fee]))
            }))
            .chain(self.scenario_flows.iter().flatten().flat_map(|f| {
                f.deliveries
                    .iter()
                    .flat_map(|d| [d.exercise, d.spot])
                    .chain(f.stock.iter().flat_map(|s| [s.stock, s.shortage]))
            }))
    }

    /// Whether every number is finite (a plan with NaN or ∞ is never written).
    pub fn is_finite(&self) -> bool {
        self.numbers().all(f64::is_finite)
    }
}
