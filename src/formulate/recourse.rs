//! One scenario's recourse block: columns `x, y, v, u, w` and constraints
//! 2–8 of formulation.md, and, in the extensive form, `z_k` with
//! constraint 10. The same function builds the block beside the first
//! stage and as a standalone LP; only constraint 2 differs in form.

use super::builder::Builder;
use super::routes::arc_label;
use super::{PricedKind, PricedRow, RecourseColumns};
use crate::scenario::Factors;

const INF: f64 = f64::INFINITY;

/// How the block sees the first stage.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Link<'a> {
    /// Reservations are columns of the same LP (the extensive form):
    /// constraint 2 is `x - a·r ≤ 0`.
    Columns(&'a [usize]),
    /// Reservations are given numbers `r̂` per arc (a standalone recourse
    /// LP): constraint 2 is the row `x ≤ a·r̂`.
    Fixed(&'a [f64]),
    /// As `Fixed`, but constraint 2 is the column bound `x ≤ a·r̂` (no
    /// row): the recourse LP of the decomposition, where the bound's
    /// reduced cost times `a` is the subgradient in `r[arc]`.
    Bounds(&'a [f64]),
}

/// What one scenario's block needs to know.
pub(crate) struct Context<'a> {
    /// Scenario index `k` in the LP (0 in a standalone LP).
    pub(crate) k: usize,
    /// Scenario id, for names.
    pub(crate) id: &'a str,
    pub(crate) factors: &'a Factors,
    /// Objective weight of a scenario cost term: `(1-λ)·p_k` in the
    /// extensive form, 1 in a standalone LP.
    pub(crate) weight: f64,
    pub(crate) link: Link<'a>,
}

/// Adds every column and row of the scenario's recourse, in a fixed order:
/// flows and constraint 2, constraints 3, 4, the stock (5, 6), 7, 8.
pub(crate) fn define_recourse(b: &mut Builder<'_>, ctx: &Context<'_>) -> RecourseColumns {
    let mut cols = RecourseColumns::default();
    define_flows(b, ctx, &mut cols);
    define_supplier_capacity(b, ctx, &cols);
    define_quotas(b, ctx, &cols);
    define_stock(b, ctx, &mut cols);
    define_storage(b, ctx, &cols);
    define_end_stock(b, ctx, &mut cols);
    cols
}

/// Columns `x` (cost `c(1+τ)+φ`) and `y` (cost `π·m(1+τ)+φ`), and
/// constraint 2: `x[k,arc] ≤ a[k,s,t]·r[arc]`.
fn define_flows(b: &mut Builder<'_>, ctx: &Context<'_>, cols: &mut RecourseColumns) {
    let (model, routes) = (b.model, b.routes);
    let (w, k, sid) = (ctx.weight, ctx.k, ctx.id);
    for (i, arc) in routes.arcs.iter().enumerate() {
        let a = ctx.factors.capacity[arc.supplier][arc.ship];
        let upper = match ctx.link {
            Link::Bounds(reserved) => a * reserved[i],
            Link::Columns(_) | Link::Fixed(_) => INF,
        };
        let x = b.column(
            || format!("x[k={sid},{}]", arc_label(model, arc)),
            (0.0, upper),
            w * arc.contract_unit,
            Some(k),
            arc.contract_unit,
        );
        let name = || format!("exercise[k={sid},{}]", arc_label(model, arc));
        let row = match ctx.link {
            Link::Columns(reservation) => {
                Some(b.row(name, -INF, 0.0, &[(x, 1.0), (reservation[i], -a)]))
            }
            Link::Fixed(reserved) => Some(b.row(name, -INF, a * reserved[i], &[(x, 1.0)])),
            Link::Bounds(_) => None,
        };
        cols.exercise.push(x);
        cols.exercise_rows.extend(row);
        let y = arc.spot_price.map(|price| {
            let unit =
                price * ctx.factors.price[arc.material][arc.ship] * arc.tax_factor + arc.freight;
            b.column(
                || format!("y[k={sid},{}]", arc_label(model, arc)),
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
fn define_supplier_capacity(b: &mut Builder<'_>, ctx: &Context<'_>, cols: &RecourseColumns) {
    let (model, routes) = (b.model, b.routes);
    for ((s, o, t), ids) in &routes.offer_groups {
        let supplier = &model.suppliers[*s];
        let offer = &supplier.offers[*o];
        let a = ctx.factors.capacity[*s][*t];
        let name = || {
            format!(
                "capacity[k={},s={},e={},t={}]",
                ctx.id, supplier.id, model.materials[offer.material].id, model.periods[*t]
            )
        };
        let row = b.row(name, -INF, a * offer.capacity[*t], &flow_terms(cols, ids));
        b.priced_rows.push(PricedRow {
            kind: PricedKind::Capacity(*s, *o),
            period: *t,
            row,
            factor: a,
        });
    }
}

/// Constraint 4: `Σ_{S_q,E_q,B_q} (x + y)[k,·,t] ≤ g[k,q,t]·ℓ[q,t]`.
fn define_quotas(b: &mut Builder<'_>, ctx: &Context<'_>, cols: &RecourseColumns) {
    let (model, routes) = (b.model, b.routes);
    for (q, periods) in routes.quota_groups.iter().enumerate() {
        let quota = &model.quotas[q];
        for (t, ids) in periods {
            let g = ctx.factors.quota[q][*t];
            let name = || format!("quota[k={},q={},t={}]", ctx.id, quota.id, model.periods[*t]);
            let row = b.row(name, -INF, g * quota.limit[*t], &flow_terms(cols, ids));
            b.priced_rows.push(PricedRow {
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
fn define_stock(b: &mut Builder<'_>, ctx: &Context<'_>, cols: &mut RecourseColumns) {
    let (model, routes) = (b.model, b.routes);
    let (w, k, sid) = (ctx.weight, ctx.k, ctx.id);
    for (bi, buyer) in model.buyers.iter().enumerate() {
        for (e, material) in model.materials.iter().enumerate() {
            let mut previous = None;
            for (t, period) in model.periods.iter().enumerate() {
                let need = buyer.need[e][t] * ctx.factors.demand[bi][e][t];
                let at = || format!("k={sid},b={},e={},t={period}", buyer.id, material.id);
                let v = b.column(
                    || format!("v[{}]", at()),
                    (0.0, INF),
                    w * buyer.holding_cost,
                    Some(k),
                    buyer.holding_cost,
                );
                let penalty = buyer.shortage_penalty[e];
                let u = b.column(
                    || format!("u[{}]", at()),
                    (0.0, need),
                    w * penalty,
                    Some(k),
                    penalty,
                );
                let mut terms = vec![(v, 1.0), (u, -1.0)];
                if let Some(prev) = previous {
                    terms.push((prev, -1.0));
                }
                for &i in &routes.arrivals[routes.stock_index(bi, e, t)] {
                    terms.push((cols.exercise[i], -1.0));
                    if let Some(y) = cols.spot[i] {
                        terms.push((y, -1.0));
                    }
                }
                let opening = if t == 0 { buyer.initial_stock[e] } else { 0.0 };
                let rhs = buyer.in_transit[e][t] - need + opening;
                b.row(|| format!("balance[{}]", at()), rhs, rhs, &terms);
                cols.stock.push(v);
                cols.shortage.push(u);
                previous = Some(v);
            }
        }
    }
}

/// Constraint 7: `Σ_e v[k,b,e,t] ≤ W_b`, where `W_b` is given.
fn define_storage(b: &mut Builder<'_>, ctx: &Context<'_>, cols: &RecourseColumns) {
    let (model, routes) = (b.model, b.routes);
    for (bi, buyer) in model.buyers.iter().enumerate() {
        let Some(storage) = buyer.storage else {
            continue;
        };
        for (t, period) in model.periods.iter().enumerate() {
            let terms: Vec<(usize, f64)> = (0..model.materials.len())
                .map(|e| (cols.stock[routes.stock_index(bi, e, t)], 1.0))
                .collect();
            let name = || format!("storage[k={},b={},t={period}]", ctx.id, buyer.id);
            b.row(name, -INF, storage, &terms);
        }
    }
}

/// Column `w` (cost `ρ`) and constraint 8: `w + v[k,b,e,n-1] ≥ Z[b,e]`.
fn define_end_stock(b: &mut Builder<'_>, ctx: &Context<'_>, cols: &mut RecourseColumns) {
    let (model, routes) = (b.model, b.routes);
    let last = model.horizon() - 1;
    for (bi, buyer) in model.buyers.iter().enumerate() {
        for (e, material) in model.materials.iter().enumerate() {
            let column = buyer.end_stock[e].map(|target| {
                let at = || format!("k={},b={},e={}", ctx.id, buyer.id, material.id);
                let penalty = buyer.shortage_penalty[e];
                let shortfall = b.column(
                    || format!("w[{}]", at()),
                    (0.0, INF),
                    ctx.weight * penalty,
                    Some(ctx.k),
                    penalty,
                );
                let v = cols.stock[routes.stock_index(bi, e, last)];
                b.row(
                    || format!("end_stock[{}]", at()),
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
