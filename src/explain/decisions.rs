//! Why each supplier is used or not, from the verified solution and the
//! LP's row duals.
//!
//! For every arc (supplier, material, buyer, ship period) the unit of
//! decision is *one tonne reserved, and exercised in the scenarios where
//! using it gains*: the direction `r = 1`, `x[k] = a[k,s,t]` in those
//! scenarios `k`. Its reduced cost `c·d − yᵀA·d` (with `y` the row duals of
//! the minimisation, `∂obj / ∂rhs`; the rows `x ≤ a·r` cancel) splits
//! exactly into
//!
//! - **cost**: the fee plus the weighted contract cost, where scenario `k`
//!   weighs `ω_k = (1−λ)·p_k + y(cvar row k)` (`Σ ω_k = 1`);
//! - **value**: `Σ_k a[k] · μ_k`, with `μ_k = −y(balance row k, b, e,
//!   arrival period)` the marginal value of one more tonne at the buyer;
//! - **limits**: the duals of the capacity, quota and diversification rows
//!   the tonne would load (each ≥ 0 where binding);
//!
//! so `reduced cost = cost − value + limits`. An unused arc's reduced cost
//! is how much cheaper per tonne it would have to be to enter the plan; a
//! used arc's is 0, and its `value − cost` is what its limits hold back.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::formulate::Formulation;
use crate::model::Model;
use crate::scenario::{Factors, Scenario};
use crate::solve::Solution;

/// Reduced costs and margins below this (relative to the largest price in
/// the model) are zero.
const TOLERANCE: f64 = 1e-6;

/// Everything `rareplan explain` says, in the model's currency per unit.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let (outcome, decisions) = rareplan::explain::plan_and_explain(&loaded.model, &rareplan::Settings::default())?;
/// assert_eq!((decisions.currency.as_str(), decisions.unit.as_str()), ("USD", "t"));
/// assert_eq!(decisions.groups.len(), 1); // one buyer, one material
/// assert_eq!(decisions.dual_source, outcome.plan.shadow_price_source);
/// let text = rareplan::explain::render_decisions(&decisions);
/// assert!(text.contains("ndpr-oxide at plant"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decisions {
    /// The model's name.
    pub model: String,
    /// Currency label.
    pub currency: String,
    /// Unit label.
    pub unit: String,
    /// Where the duals come from.
    pub dual_source: String,
    /// One entry per buyer and material the buyer needs or holds.
    pub groups: Vec<MaterialAtBuyer>,
}

/// The decisions about one material at one buyer.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let (outcome, decisions) = rareplan::explain::plan_and_explain(&loaded.model, &rareplan::Settings::default())?;
/// let group = &decisions.groups[0];
/// assert_eq!((group.material.as_str(), group.buyer.as_str()), ("ndpr-oxide", "plant"));
/// let suppliers: Vec<&str> = group.suppliers.iter().map(|s| s.supplier.as_str()).collect();
/// assert_eq!(suppliers, ["cn-mine", "au-mine"]);
/// assert!(group.storage_binding.is_empty()); // the plant has no storage limit
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MaterialAtBuyer {
    /// Material id.
    pub material: String,
    /// Buyer id.
    pub buyer: String,
    /// Marginal value of one more tonne in stock, per period (weighted over
    /// scenarios: `Σ_k μ_k`).
    pub marginal_value: Vec<PeriodValue>,
    /// Storage limits that bind at this buyer: `Σ_k −y(storage row)` per
    /// period, where above zero.
    pub storage_binding: Vec<PeriodValue>,
    /// Every supplier with an offer of this material on a lane to the buyer.
    pub suppliers: Vec<SupplierDecision>,
}

/// A number for a period.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let (outcome, decisions) = rareplan::explain::plan_and_explain(&loaded.model, &rareplan::Settings::default())?;
/// let group = &decisions.groups[0];
/// let periods: Vec<&str> = group.marginal_value.iter().map(|v| v.period.as_str()).collect();
/// assert_eq!(periods, ["Q1", "Q2", "Q3"]);
/// // One more tonne in stock saves buying one: worth about a landed price.
/// assert!(group.marginal_value.iter().all(|v| v.value > 50_000.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodValue {
    /// Period label.
    pub period: String,
    /// The value.
    pub value: f64,
}

/// Whether and why one supplier is used for a material at a buyer.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let (outcome, decisions) = rareplan::explain::plan_and_explain(&loaded.model, &rareplan::Settings::default())?;
/// let group = &decisions.groups[0];
/// for decision in &group.suppliers {
///     let reserved: f64 = outcome.plan.reservations.iter()
///         .filter(|r| r.supplier == decision.supplier)
///         .map(|r| r.quantity)
///         .sum();
///     assert!((decision.reserved - reserved).abs() < 1e-6);
///     assert_eq!(decision.used, reserved > 0.0 || decision.expected_spot > 0.0);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupplierDecision {
    /// Supplier id.
    pub supplier: String,
    /// Whether the plan reserves from it or buys spot from it in any
    /// scenario.
    pub used: bool,
    /// Tonnes reserved over all ship periods.
    pub reserved: f64,
    /// Expected spot tonnes bought, `Σ_k p_k Σ_t y`.
    pub expected_spot: f64,
    /// One entry per ship period with an arc.
    pub periods: Vec<ArcDecision>,
}

/// One ship period of a supplier's offer to a buyer.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let (outcome, decisions) = rareplan::explain::plan_and_explain(&loaded.model, &rareplan::Settings::default())?;
/// let group = &decisions.groups[0];
/// let au = &group.suppliers[1];
/// assert_eq!(au.supplier, "au-mine");
/// let first = &au.periods[0];
/// assert_eq!((first.ship.as_str(), first.arrive.as_str()), ("Q1", "Q2")); // a quarter's lead time
/// assert_eq!(first.landed, first.price + first.tax + first.freight + first.fee);
/// assert_eq!((first.price, first.freight, first.fee), (70_000.0, 500.0, 3_000.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArcDecision {
    /// Ship period label.
    pub ship: String,
    /// Arrival period label.
    pub arrive: String,
    /// Contract price `c[s,e,t]`.
    pub price: f64,
    /// Export tax per tonne, `c·τ`.
    pub tax: f64,
    /// Freight per tonne, `φ[s,b]`.
    pub freight: f64,
    /// Reservation fee per tonne, `f[s,e]`.
    pub fee: f64,
    /// Landed cost of a reserved tonne: price + tax + freight + fee.
    pub landed: f64,
    /// Tonnes reserved.
    pub reserved: f64,
    /// Fee plus the scenario-weighted contract cost of one tonne reserved
    /// and exercised in the scenarios where using it gains.
    pub cost: f64,
    /// The weighted marginal value of what that tonne delivers.
    pub value: f64,
    /// The limits it would load (capacity, quota, diversification), each
    /// with what it holds back per tonne.
    pub limits: Vec<LimitDual>,
    /// `cost − value + Σ limits`: the reduced cost of the tonne reserved
    /// and used where it gains; 0 where reserved.
    pub reduced_cost: f64,
    /// How much lower the contract price would have to be for a reserved
    /// tonne to pay (0 where it does); `None` where it delivers in no
    /// scenario.
    pub price_cut_to_enter: Option<f64>,
    /// Spot purchases on this arc, where the offer has a spot price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spot: Option<SpotDecision>,
}

/// A limit's dual as it bears on one tonne of an arc.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let (outcome, decisions) = rareplan::explain::plan_and_explain(&loaded.model, &rareplan::Settings::default())?;
/// let group = &decisions.groups[0];
/// let cn_q1 = &group.suppliers[0].periods[0];
/// let capacity = &cn_q1.limits[0];
/// assert_eq!(capacity.kind, "capacity");
/// assert_eq!((capacity.id.as_str(), capacity.period.as_str()), ("cn-mine/ndpr-oxide", "Q1"));
/// // The cheap mine is full in Q1: its capacity holds back value.
/// assert!(capacity.value > 0.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LimitDual {
    /// The limit: `capacity`, `quota` or `diversification`.
    pub kind: String,
    /// The quota or diversification id, or `supplier/material`.
    pub id: String,
    /// Ship period label (empty for diversification, which spans all).
    pub period: String,
    /// Per tonne of the arc, summed over scenarios (and over the
    /// reservation row for capacity).
    pub value: f64,
}

/// Spot purchases on one arc.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let (outcome, decisions) = rareplan::explain::plan_and_explain(&loaded.model, &rareplan::Settings::default())?;
/// let group = &decisions.groups[0];
/// let spot = group.suppliers[0].periods[0].spot.as_ref().expect("cn-mine sells spot");
/// assert_eq!(spot.landed, 58_000.0 + 300.0); // spot price plus freight
/// assert_eq!(spot.expected, 0.0);
/// assert!(spot.least_gap > 0.0); // never worth buying here
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpotDecision {
    /// Landed spot price before scenario factors: `π·(1+τ) + φ`.
    pub landed: f64,
    /// Expected tonnes bought.
    pub expected: f64,
    /// The least, over scenarios, of the per-tonne gap between the landed
    /// spot cost and the value of the tonne in that scenario (reduced cost
    /// divided by the scenario's weight); 0 where bought.
    pub least_gap: f64,
    /// The scenario where that gap is least.
    pub scenario: String,
}

/// Inputs: the model, its scenarios and LP, the verified solution and its
/// row duals.
///
/// ```
/// use rareplan::advanced::solve::{Backend, SimplexBackend};
/// use rareplan::explain::decisions::{DecisionInputs, explain_decisions};
/// use rareplan::explain::Decisions;
/// let text = r#"
/// [model]
/// periods = ["Q1"]
/// [[material]]
/// id = "ndpr"
/// [[buyer]]
/// id = "plant"
/// need = { ndpr = 10 }
/// shortage_penalty = 500000
/// [[supplier]]
/// id = "mine"
/// [supplier.offers.ndpr]
/// capacity = 50
/// price = 60000
/// "#;
/// let loaded = rareplan::load_model_str(text, "one.toml")?;
/// let settings = rareplan::Settings::default();
/// let (scenarios, _, formulation) = rareplan::advanced::build(&loaded.model, &settings)?;
/// let solution = SimplexBackend.solve(&formulation.lp, &Default::default())?;
/// let duals = solution.row_duals.clone().expect("the simplex prices this LP");
/// let decisions: Decisions = explain_decisions(&DecisionInputs {
///     model: &loaded.model,
///     scenarios: &scenarios,
///     formulation: &formulation,
///     solution: &solution,
///     duals: &duals,
///     dual_source: "simplex duals",
///     risk_weight: 0.0,
/// });
/// let mine = &decisions.groups[0].suppliers[0];
/// assert!(mine.used && (mine.reserved - 10.0).abs() < 1e-9);
/// assert_eq!(decisions.dual_source, "simplex duals");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct DecisionInputs<'a> {
    /// The model.
    pub model: &'a Model,
    /// The scenarios, in LP order.
    pub scenarios: &'a [Scenario],
    /// The LP and its index maps.
    pub formulation: &'a Formulation,
    /// The verified solution.
    pub solution: &'a Solution,
    /// Row duals of the minimisation.
    pub duals: &'a [f64],
    /// Where the duals come from.
    pub dual_source: &'a str,
    /// λ in force.
    pub risk_weight: f64,
}

/// Which family a row belongs to, from its domain name.
#[derive(Debug, Clone, PartialEq)]
enum RowKind {
    Balance,
    Cvar,
    Exercise,
    Storage,
    Limit {
        kind: String,
        id: String,
        period: String,
    },
    Other,
}

/// Parses a row name `family[k=…,key=value,…]`.
fn row_kind(name: &str) -> RowKind {
    let (family, rest) = name.split_once('[').unwrap_or((name, ""));
    let fields: BTreeMap<&str, &str> = rest
        .trim_end_matches(']')
        .split(',')
        .filter_map(|kv| kv.split_once('='))
        .collect();
    let field = |key: &str| fields.get(key).copied().unwrap_or("").to_string();
    match family {
        "balance" => RowKind::Balance,
        "cvar" => RowKind::Cvar,
        "exercise" => RowKind::Exercise,
        "storage" => RowKind::Storage,
        "capacity" | "reserve_cap" => RowKind::Limit {
            kind: "capacity".into(),
            id: format!("{}/{}", field("s"), field("e")),
            period: field("t"),
        },
        "quota" => RowKind::Limit {
            kind: "quota".into(),
            id: field("q"),
            period: field("t"),
        },
        "diversify" => RowKind::Limit {
            kind: "diversification".into(),
            id: field("j"),
            period: String::new(),
        },
        _ => RowKind::Other,
    }
}

/// The LP's columns → (row, coefficient), and every row's kind.
struct Transposed {
    rows_of: Vec<Vec<(usize, f64)>>,
    kinds: Vec<RowKind>,
}

impl Transposed {
    fn of(f: &Formulation) -> Transposed {
        let lp = &f.lp;
        let mut rows_of = vec![Vec::new(); lp.num_columns()];
        for i in 0..lp.num_rows() {
            for (j, a) in lp.row_entries(i) {
                rows_of[j].push((i, a));
            }
        }
        let kinds = lp.rows.iter().map(|r| row_kind(&r.name)).collect();
        Transposed { rows_of, kinds }
    }

    /// The one row of `kind` that column `j` enters.
    fn row_of(&self, j: usize, wanted: fn(&RowKind) -> bool) -> Option<usize> {
        self.rows_of[j]
            .iter()
            .map(|&(i, _)| i)
            .find(|&i| wanted(&self.kinds[i]))
    }
}

/// Splits of a direction's reduced cost.
#[derive(Default)]
struct Split {
    cost: f64,
    value: f64,
    limits: BTreeMap<(String, String, String), f64>,
    total: f64,
}

impl Split {
    fn merge(&mut self, other: Split) {
        self.cost += other.cost;
        self.value += other.value;
        self.total += other.total;
        for (key, v) in other.limits {
            *self.limits.entry(key).or_insert(0.0) += v;
        }
    }

    fn add_column(&mut self, t: &Transposed, f: &Formulation, duals: &[f64], j: usize, d: f64) {
        let c = f.lp.columns[j].cost * d;
        self.cost += c;
        self.total += c;
        for &(i, a) in &t.rows_of[j] {
            let contribution = -a * duals[i] * d;
            self.total += contribution;
            match &t.kinds[i] {
                RowKind::Cvar => self.cost += contribution,
                RowKind::Balance => self.value -= contribution,
                RowKind::Limit { kind, id, period } => {
                    *self
                        .limits
                        .entry((kind.clone(), id.clone(), period.clone()))
                        .or_insert(0.0) += contribution;
                }
                // Exercise rows cancel between r and x; storage and other
                // rows do not hold these columns.
                _ => {}
            }
        }
    }
}

/// The decisions of a verified plan, explained.
pub fn explain_decisions(inputs: &DecisionInputs<'_>) -> Decisions {
    let DecisionInputs {
        model,
        scenarios,
        formulation: f,
        solution,
        duals,
        dual_source,
        risk_weight,
    } = *inputs;
    let t = Transposed::of(f);
    let x = &solution.values;
    let factors: Vec<Factors> = scenarios.iter().map(|s| Factors::of(model, s)).collect();
    let scale =
        f.lp.columns
            .iter()
            .map(|c| c.cost.abs())
            .fold(1.0, f64::max);
    let zero = |v: f64| if v.abs() <= TOLERANCE * scale { 0.0 } else { v };

    // ω_k: the weight of scenario k's costs in the objective.
    let weights: Vec<f64> = scenarios
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let tail = f.recourse[k]
                .tail
                .and_then(|z| t.row_of(z, |r| *r == RowKind::Cvar))
                .map_or(0.0, |i| duals[i]);
            (1.0 - risk_weight) * s.probability + tail
        })
        .collect();

    let mut groups = Vec::new();
    for (b, buyer) in model.buyers.iter().enumerate() {
        for (e, material) in model.materials.iter().enumerate() {
            let arcs: Vec<usize> = (0..f.routes.arcs.len())
                .filter(|&i| f.routes.arcs[i].buyer == b && f.routes.arcs[i].material == e)
                .collect();
            let needed = buyer.need[e].iter().any(|&n| n > 0.0) || buyer.initial_stock[e] > 0.0;
            if arcs.is_empty() && !needed {
                continue;
            }
            let marginal_value = model
                .periods
                .iter()
                .enumerate()
                .map(|(period, label)| {
                    let value: f64 = (0..scenarios.len())
                        .map(|k| {
                            let u = f.recourse[k].shortage[f.stock_index(b, e, period)];
                            t.row_of(u, |r| *r == RowKind::Balance)
                                .map_or(0.0, |i| -duals[i])
                        })
                        .sum();
                    PeriodValue {
                        period: label.clone(),
                        value: zero(value),
                    }
                })
                .collect();
            let storage_binding = model
                .periods
                .iter()
                .enumerate()
                .filter_map(|(period, label)| {
                    let value: f64 = (0..scenarios.len())
                        .map(|k| {
                            let v = f.recourse[k].stock[f.stock_index(b, e, period)];
                            t.row_of(v, |r| *r == RowKind::Storage)
                                .map_or(0.0, |i| -duals[i])
                        })
                        .sum();
                    let value = zero(value);
                    (value > 0.0).then(|| PeriodValue {
                        period: label.clone(),
                        value,
                    })
                })
                .collect();
            let mut by_supplier: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            for &i in &arcs {
                by_supplier
                    .entry(f.routes.arcs[i].supplier)
                    .or_default()
                    .push(i);
            }
            let suppliers = by_supplier
                .into_iter()
                .map(|(s, ids)| {
                    let periods: Vec<ArcDecision> = ids
                        .iter()
                        .map(|&i| {
                            arc_decision(model, scenarios, f, &t, duals, x, &factors, &weights, i)
                        })
                        .collect();
                    let zeroed: Vec<ArcDecision> = periods
                        .into_iter()
                        .map(|mut a| {
                            a.reduced_cost = zero(a.reduced_cost);
                            a.price_cut_to_enter = a.price_cut_to_enter.map(zero);
                            a.limits.retain(|l| zero(l.value) != 0.0);
                            if let Some(spot) = &mut a.spot {
                                spot.least_gap = zero(spot.least_gap);
                            }
                            a
                        })
                        .collect();
                    let reserved: f64 = zeroed.iter().map(|a| a.reserved).sum();
                    let expected_spot: f64 = zeroed
                        .iter()
                        .filter_map(|a| a.spot.as_ref().map(|s| s.expected))
                        .sum();
                    SupplierDecision {
                        supplier: model.suppliers[s].id.clone(),
                        used: reserved > 1e-6 || expected_spot > 1e-6,
                        reserved,
                        expected_spot,
                        periods: zeroed,
                    }
                })
                .collect();
            groups.push(MaterialAtBuyer {
                material: material.id.clone(),
                buyer: buyer.id.clone(),
                marginal_value,
                storage_binding,
                suppliers,
            });
        }
    }
    Decisions {
        model: model.name.clone(),
        currency: model.currency.clone(),
        unit: model.unit.clone(),
        dual_source: dual_source.to_string(),
        groups,
    }
}

#[allow(clippy::too_many_arguments)]
fn arc_decision(
    model: &Model,
    scenarios: &[Scenario],
    f: &Formulation,
    t: &Transposed,
    duals: &[f64],
    x: &[f64],
    factors: &[Factors],
    weights: &[f64],
    i: usize,
) -> ArcDecision {
    let arc = f.routes.arcs[i];
    let supplier = &model.suppliers[arc.supplier];
    let offer = &supplier.offers[arc.offer];
    let price = offer.price[arc.ship];
    let tax = price * supplier.export_tax;
    // The reservation itself (fee, first-stage limits), then, in each
    // scenario where using the tonne gains, its exercise there.
    let mut split = Split::default();
    split.add_column(t, f, duals, f.reservation[i], 1.0);
    let first_stage = split.cost + split.limits.values().sum::<f64>();
    // Per scenario: what using the tonne gains there, and how much a price
    // cut of 1 adds to that gain.
    let mut gains = Vec::new();
    for (k, cols) in f.recourse.iter().enumerate() {
        let a = factors[k].capacity[arc.supplier][arc.ship];
        if a == 0.0 {
            continue;
        }
        let mut use_k = Split::default();
        use_k.add_column(t, f, duals, cols.exercise[i], a);
        let held: f64 = use_k.limits.values().sum();
        let gain = use_k.value - use_k.cost - held;
        gains.push((gain, a * weights[k] * arc.tax_factor));
        // Using it breaks even (a used arc) or gains: count it in.
        if gain >= -1e-9 * use_k.value.abs().max(use_k.cost.abs()).max(1.0) {
            split.merge(use_k);
        }
    }
    let held: f64 = split.limits.values().sum();
    split.total = split.cost - split.value + held;
    let price_cut = price_cut_to_enter(first_stage, &gains);
    let reserved = x[f.reservation[i]];
    let spot = offer.spot_price.as_ref().map(|spot_price| {
        let landed = spot_price[arc.ship] * arc.tax_factor + arc.freight;
        let mut expected = 0.0;
        let mut least: Option<(f64, usize)> = None;
        for (k, cols) in f.recourse.iter().enumerate() {
            let Some(y) = cols.spot[i] else { continue };
            expected += scenarios[k].probability * x[y];
            if weights[k] <= 1e-12 {
                continue;
            }
            let mut one = Split::default();
            one.add_column(t, f, duals, y, 1.0);
            let gap = if x[y] > 1e-9 {
                0.0
            } else {
                one.total / weights[k]
            };
            if least.is_none_or(|(g, _)| gap < g) {
                least = Some((gap, k));
            }
        }
        let (least_gap, k) = least.unwrap_or((0.0, 0));
        SpotDecision {
            landed,
            expected,
            least_gap,
            scenario: scenarios.get(k).map(|s| s.id.clone()).unwrap_or_default(),
        }
    });
    ArcDecision {
        ship: model.periods[arc.ship].clone(),
        arrive: model.periods[arc.arrive].clone(),
        price,
        tax,
        freight: arc.freight,
        fee: arc.fee,
        landed: price + tax + arc.freight + arc.fee,
        reserved,
        cost: split.cost,
        value: split.value,
        limits: split
            .limits
            .into_iter()
            .filter(|(_, v)| v.abs() > 1e-9)
            .map(|((kind, id, period), value)| LimitDual {
                kind,
                id,
                period,
                value,
            })
            .collect(),
        reduced_cost: split.total,
        price_cut_to_enter: price_cut,
        spot,
    }
}

/// The least cut `δ ≥ 0` of the contract price at which reserving a tonne
/// pays: `Σ_k max(0, gain_k + slope_k·δ) ≥ first_stage` (the fee and the
/// first-stage limits). `None` where no cut is enough (the tonne delivers
/// in no scenario).
fn price_cut_to_enter(first_stage: f64, gains: &[(f64, f64)]) -> Option<f64> {
    let gain_at = |delta: f64| -> f64 {
        gains
            .iter()
            .map(|&(g, slope)| (g + slope * delta).max(0.0))
            .sum()
    };
    if gain_at(0.0) >= first_stage {
        return Some(0.0);
    }
    let slopes: f64 = gains.iter().map(|&(_, slope)| slope).sum();
    if slopes <= 0.0 {
        return None;
    }
    let linear: f64 = gains.iter().map(|&(g, _)| g).sum();
    let (mut low, mut high) = (0.0, ((first_stage - linear) / slopes).max(0.0));
    for _ in 0..200 {
        let mid = 0.5 * (low + high);
        if gain_at(mid) >= first_stage {
            high = mid;
        } else {
            low = mid;
        }
    }
    Some(high)
}
