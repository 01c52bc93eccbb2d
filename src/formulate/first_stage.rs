//! First-stage families: reservations `r`, constraint 1 (reservation within
//! nominal capacity), constraint 9 (diversification) and the value-at-risk
//! column `η` (formulation.md, "Variables" and "Constraints").

use super::builder::Builder;
use super::routes::arc_label;
use super::{PricedKind, PricedRow, Weights};

const INF: f64 = f64::INFINITY;

/// `r[s,e,b,t] ≥ 0`, objective `(1-λ)·f[s,e]` (its `Σ_k p_k F` share of
/// the expected cost); `f[s,e]` enters every `C_k` through `F`.
pub(super) fn define_reservations(b: &mut Builder<'_>, weights: Weights) -> Vec<usize> {
    let (model, routes) = (b.model, b.routes);
    routes
        .arcs
        .iter()
        .map(|arc| {
            b.column(
                || format!("r[{}]", arc_label(model, arc)),
                (0.0, INF),
                weights.expected() * arc.fee,
                None,
                arc.fee,
            )
        })
        .collect()
}

/// Constraint 1: `Σ_b r[s,e,b,t] ≤ cap[s,e,t]`, one row per offer and ship
/// period that has arcs.
pub(super) fn define_reservation_capacity(b: &mut Builder<'_>, reservation: &[usize]) {
    let (model, routes) = (b.model, b.routes);
    for ((s, o, t), ids) in &routes.offer_groups {
        let supplier = &model.suppliers[*s];
        let offer = &supplier.offers[*o];
        let terms: Vec<(usize, f64)> = ids.iter().map(|&i| (reservation[i], 1.0)).collect();
        let row = b.row(
            || {
                format!(
                    "reserve_cap[s={},e={},t={}]",
                    supplier.id, model.materials[offer.material].id, model.periods[*t]
                )
            },
            -INF,
            offer.capacity[*t],
            &terms,
        );
        b.priced_rows.push(PricedRow {
            kind: PricedKind::Capacity(*s, *o),
            period: *t,
            row,
            factor: 1.0,
        });
    }
}

/// Constraint 9: `Σ_{S_j,E_j,B_j,t} r ≤ σ_j · Σ_{S,E_j,B_j,t} r`, written as
/// `Σ (1[s∈S_j] - σ_j)·r ≤ 0`.
pub(super) fn define_diversification(b: &mut Builder<'_>, reservation: &[usize]) {
    let (model, routes) = (b.model, b.routes);
    for limit in &model.diversifications {
        let terms: Vec<(usize, f64)> = routes
            .arcs
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                limit.materials.contains(&a.material) && limit.buyers.contains(&a.buyer)
            })
            .map(|(i, a)| {
                let own = if limit.suppliers.contains(&a.supplier) {
                    1.0
                } else {
                    0.0
                };
                (reservation[i], own - limit.max_share)
            })
            .collect();
        if !terms.is_empty() {
            b.row(|| format!("diversify[j={}]", limit.id), -INF, 0.0, &terms);
        }
    }
}

/// `η` (value-at-risk), free, objective `λ`; only when `λ > 0`.
pub(super) fn define_value_at_risk(b: &mut Builder<'_>, weights: Weights) -> Option<usize> {
    weights
        .has_cvar()
        .then(|| b.column(|| "eta".to_string(), (-INF, INF), weights.lambda, None, 0.0))
}
