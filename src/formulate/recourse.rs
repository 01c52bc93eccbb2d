//! Second-stage families of one scenario `k`: columns `x, y, v, u, w, z`
//! and constraints 2–8 and 10 of formulation.md.

use super::stage_one::arc_label;
use super::{Formulation, PricedKind, PricedRow, RecourseColumns, Weights};
use crate::model::Model;
use crate::scenario::{Factors, Scenario};

const INF: f64 = f64::INFINITY;

/// Arcs grouped by (supplier, offer, ship period).
pub(super) type OfferGroups = Vec<((usize, usize, usize), Vec<usize>)>;
/// Per quota, per ship period with arcs: (period, arcs).
pub(super) type QuotaGroups = Vec<Vec<(usize, Vec<usize>)>>;

/// What one scenario's families need to know.
pub(super) struct Context<'a> {
    pub(super) model: &'a Model,
    /// Scenario index `k`.
    pub(super) k: usize,
    pub(super) scenario: &'a Scenario,
    pub(super) factors: &'a Factors,
    pub(super) weights: Weights,
    /// Arcs arriving at each `(b,e,t)`, in stock-index order.
    pub(super) arrivals: &'a [Vec<usize>],
    pub(super) offer_groups: &'a OfferGroups,
    pub(super) quota_groups: &'a QuotaGroups,
}

impl Context<'_> {
    /// Objective weight of a scenario cost term: `(1-λ)·p_k`.
    fn expected_weight(&self) -> f64 {
        self.weights.expected() * self.scenario.probability
    }
}

/// Adds every column and row of scenario `k`, in a fixed order.
pub(super) fn define_scenario(f: &mut Formulation, ctx: &Context<'_>) {
    let mut cols = RecourseColumns::default();
    let first_column = f.lp.num_columns();
    define_flows(f, ctx, &mut cols);
    define_supplier_capacity(f, ctx, &cols);
    define_quotas(f, ctx, &cols);
    define_stock(f, ctx, &mut cols);
    define_storage(f, ctx, &cols);
    define_end_stock(f, ctx, &mut cols);
    define_cvar(f, ctx, first_column, &mut cols);
    f.recourse.push(cols);
}

/// Columns `x` (cost `c(1+τ)+φ`) and `y` (cost `π·m(1+τ)+φ`), and
/// constraint 2: `x[k,arc] ≤ a[k,s,t]·r[arc]`.
fn define_flows(f: &mut Formulation, ctx: &Context<'_>, cols: &mut RecourseColumns) {
    let w = ctx.expected_weight();
    let k = ctx.k;
    let sid = &ctx.scenario.id;
    for i in 0..f.arcs.len() {
        let arc = f.arcs[i];
        let label = arc_label(ctx.model, &arc);
        let x = f.column(
            format!("x[k={sid},{label}]"),
            (0.0, INF),
            w * arc.contract_unit,
            Some(k),
            arc.contract_unit,
        );
        let a = ctx.factors.capacity[arc.supplier][arc.ship];
        f.lp.add_row(
            format!("exercise[k={sid},{label}]"),
            -INF,
            0.0,
            &[(x, 1.0), (f.reservation[i], -a)],
        );
        cols.exercise.push(x);
        let y = arc.spot_price.map(|price| {
            let unit =
                price * ctx.factors.price[arc.material][arc.ship] * arc.tax_factor + arc.freight;
            f.column(
                format!("y[k={sid},{label}]"),
                (0.0, INF),
                w * unit,
                Some(k),
                unit,
            )
        });
        cols.spot.push(y);
    }
}

/// `(x + y)` terms of the given arcs.
fn flow_terms(cols: &RecourseColumns, ids: &[usize]) -> Vec<(usize, f64)> {
    let mut terms = Vec::with_capacity(2 * ids.len());
    for &i in ids {
        terms.push((cols.exercise[i], 1.0));
        if let Some(y) = cols.spot[i] {
            terms.push((y, 1.0));
        }
    }
    terms
}

/// Constraint 3: `Σ_b (x + y)[k,s,e,b,t] ≤ a[k,s,t]·cap[s,e,t]`.
fn define_supplier_capacity(f: &mut Formulation, ctx: &Context<'_>, cols: &RecourseColumns) {
    for ((s, o, t), ids) in ctx.offer_groups {
        let supplier = &ctx.model.suppliers[*s];
        let offer = &supplier.offers[*o];
        let a = ctx.factors.capacity[*s][*t];
        let name = format!(
            "capacity[k={},s={},e={},t={}]",
            ctx.scenario.id,
            supplier.id,
            ctx.model.materials[offer.material].id,
            ctx.model.periods[*t]
        );
        let row =
            f.lp.add_row(name, -INF, a * offer.capacity[*t], &flow_terms(cols, ids));
        f.priced_rows.push(PricedRow {
            kind: PricedKind::Capacity(*s, *o),
            period: *t,
            row,
            factor: a,
        });
    }
}

/// Constraint 4: `Σ_{S_q,E_q,B_q} (x + y)[k,·,t] ≤ g[k,q,t]·ℓ[q,t]`.
fn define_quotas(f: &mut Formulation, ctx: &Context<'_>, cols: &RecourseColumns) {
    for (q, periods) in ctx.quota_groups.iter().enumerate() {
        let quota = &ctx.model.quotas[q];
        for (t, ids) in periods {
            let g = ctx.factors.quota[q][*t];
            let name = format!(
                "quota[k={},q={},t={}]",
                ctx.scenario.id, quota.id, ctx.model.periods[*t]
            );
            let row =
                f.lp.add_row(name, -INF, g * quota.limit[*t], &flow_terms(cols, ids));
            f.priced_rows.push(PricedRow {
                kind: PricedKind::Quota(q),
                period: *t,
                row,
                factor: g,
            });
        }
    }
}

/// Columns `v` (cost `h_b`) and `u` (cost `ρ`, constraint 6 as its bound
/// `u ≤ need·d`), and constraint 5, the stock balance:
/// `v[t] - v[t-1] - Σ(x+y)[t-L] - u[t] = A[t] - need[t]·d[t]` (+ `I0` at t=0).
fn define_stock(f: &mut Formulation, ctx: &Context<'_>, cols: &mut RecourseColumns) {
    let w = ctx.expected_weight();
    let k = ctx.k;
    let model = ctx.model;
    let sid = &ctx.scenario.id;
    for (b, buyer) in model.buyers.iter().enumerate() {
        for (e, material) in model.materials.iter().enumerate() {
            let mut previous = None;
            for (t, period) in model.periods.iter().enumerate() {
                let need = buyer.need[e][t] * ctx.factors.demand[b][e][t];
                let at = format!("k={sid},b={},e={},t={period}", buyer.id, material.id);
                let v = f.column(
                    format!("v[{at}]"),
                    (0.0, INF),
                    w * buyer.holding_cost,
                    Some(k),
                    buyer.holding_cost,
                );
                let penalty = buyer.shortage_penalty[e];
                let u = f.column(
                    format!("u[{at}]"),
                    (0.0, need),
                    w * penalty,
                    Some(k),
                    penalty,
                );
                let mut terms = vec![(v, 1.0), (u, -1.0)];
                if let Some(prev) = previous {
                    terms.push((prev, -1.0));
                }
                let index = f.stock_index(b, e, t);
                for &i in &ctx.arrivals[index] {
                    terms.push((cols.exercise[i], -1.0));
                    if let Some(y) = cols.spot[i] {
                        terms.push((y, -1.0));
                    }
                }
                let opening = if t == 0 { buyer.initial_stock[e] } else { 0.0 };
                let rhs = buyer.in_transit[e][t] - need + opening;
                f.lp.add_row(format!("balance[{at}]"), rhs, rhs, &terms);
                cols.stock.push(v);
                cols.shortage.push(u);
                previous = Some(v);
            }
        }
    }
}

/// Constraint 7: `Σ_e v[k,b,e,t] ≤ W_b`, where `W_b` is given.
fn define_storage(f: &mut Formulation, ctx: &Context<'_>, cols: &RecourseColumns) {
    let model = ctx.model;
    for (b, buyer) in model.buyers.iter().enumerate() {
        let Some(storage) = buyer.storage else {
            continue;
        };
        for (t, period) in model.periods.iter().enumerate() {
            let terms: Vec<(usize, f64)> = (0..model.materials.len())
                .map(|e| (cols.stock[f.stock_index(b, e, t)], 1.0))
                .collect();
            let name = format!("storage[k={},b={},t={period}]", ctx.scenario.id, buyer.id);
            f.lp.add_row(name, -INF, storage, &terms);
        }
    }
}

/// Column `w` (cost `ρ`) and constraint 8: `w + v[k,b,e,n-1] ≥ Z[b,e]`.
fn define_end_stock(f: &mut Formulation, ctx: &Context<'_>, cols: &mut RecourseColumns) {
    let w = ctx.expected_weight();
    let model = ctx.model;
    let last = model.horizon() - 1;
    for (b, buyer) in model.buyers.iter().enumerate() {
        for (e, material) in model.materials.iter().enumerate() {
            let column = buyer.end_stock[e].map(|target| {
                let at = format!("k={},b={},e={}", ctx.scenario.id, buyer.id, material.id);
                let penalty = buyer.shortage_penalty[e];
                let shortfall = f.column(
                    format!("w[{at}]"),
                    (0.0, INF),
                    w * penalty,
                    Some(ctx.k),
                    penalty,
                );
                let v = cols.stock[f.stock_index(b, e, last)];
                f.lp.add_row(
                    format!("end_stock[{at}]"),
                    target,
                    INF,
                    &[(shortfall, 1.0), (v, 1.0)],
                );
                shortfall
            });
            cols.end_shortfall.push(column);
        }
    }
}

/// Column `z_k` (cost `λ·p_k/(1-α)`) and constraint 10: `z_k + η - C_k ≥ 0`.
/// Only the first-stage columns and this scenario's (from `first_column`
/// on, as every scenario's columns are contiguous) can enter `C_k`.
fn define_cvar(
    f: &mut Formulation,
    ctx: &Context<'_>,
    first_column: usize,
    cols: &mut RecourseColumns,
) {
    let Some(eta) = f.value_at_risk else {
        return;
    };
    let weights = ctx.weights;
    let cost = weights.lambda * ctx.scenario.probability / (1.0 - weights.alpha);
    let z = f.column(
        format!("z[k={}]", ctx.scenario.id),
        (0.0, INF),
        cost,
        Some(ctx.k),
        0.0,
    );
    let mut terms = vec![(z, 1.0), (eta, 1.0)];
    for j in f.reservation.iter().copied().chain(first_column..z) {
        let unit = f.column_unit_cost[j];
        if unit != 0.0 {
            terms.push((j, -unit));
        }
    }
    f.lp.add_row(format!("cvar[k={}]", ctx.scenario.id), 0.0, INF, &terms);
    cols.tail = Some(z);
}
