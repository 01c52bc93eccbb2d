//! First-stage families: reservations `r`, constraint 1 (reservation within
//! nominal capacity), constraint 9 (diversification) and the value-at-risk
//! column `η`.

use super::{Formulation, PricedKind, PricedRow, Weights};
use crate::model::Model;

const INF: f64 = f64::INFINITY;

/// `r[s,e,b,t] ≥ 0`, objective `(1-λ)·f[s,e]` (its `Σ_k p_k F` share of
/// the expected cost); `f[s,e]` enters every `C_k` through `F`.
pub(super) fn define_reservations(f: &mut Formulation, model: &Model, weights: Weights) {
    f.reservation = (0..f.arcs.len())
        .map(|i| {
            let arc = f.arcs[i];
            let name = format!("r[{}]", arc_label(model, &arc));
            f.column(
                name,
                (0.0, INF),
                weights.expected() * arc.fee,
                None,
                arc.fee,
            )
        })
        .collect();
}

/// Constraint 1: `Σ_b r[s,e,b,t] ≤ cap[s,e,t]`, one row per offer and ship
/// period that has arcs.
pub(super) fn define_reservation_capacity(
    f: &mut Formulation,
    model: &Model,
    groups: &super::recourse::OfferGroups,
) {
    for (key, ids) in groups {
        let &(s, o, t) = key;
        let supplier = &model.suppliers[s];
        let offer = &supplier.offers[o];
        let terms: Vec<(usize, f64)> = ids.iter().map(|&i| (f.reservation[i], 1.0)).collect();
        let name = format!(
            "reserve_cap[s={},e={},t={}]",
            supplier.id, model.materials[offer.material].id, model.periods[t]
        );
        let row = f.lp.add_row(name, -INF, offer.capacity[t], &terms);
        f.priced_rows.push(PricedRow {
            kind: PricedKind::Capacity(s, o),
            period: t,
            row,
            factor: 1.0,
        });
    }
}

/// Constraint 9: `Σ_{S_j,E_j,B_j,t} r ≤ σ_j · Σ_{S,E_j,B_j,t} r`, written as
/// `Σ (1[s∈S_j] - σ_j)·r ≤ 0`.
pub(super) fn define_diversification(f: &mut Formulation, model: &Model) {
    for limit in &model.diversifications {
        let terms: Vec<(usize, f64)> = f
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
                (f.reservation[i], own - limit.max_share)
            })
            .collect();
        if !terms.is_empty() {
            f.lp.add_row(format!("diversify[j={}]", limit.id), -INF, 0.0, &terms);
        }
    }
}

/// `η` (value-at-risk), free, objective `λ`; only when `λ > 0`.
pub(super) fn define_value_at_risk(f: &mut Formulation, weights: Weights) {
    if weights.has_cvar() {
        f.value_at_risk = Some(f.column("eta".to_string(), (-INF, INF), weights.lambda, None, 0.0));
    }
}

/// Arcs grouped by (supplier, offer, ship period), in that order.
pub(super) fn offer_groups(f: &Formulation) -> super::recourse::OfferGroups {
    let mut groups: std::collections::BTreeMap<(usize, usize, usize), Vec<usize>> =
        Default::default();
    for (i, a) in f.arcs.iter().enumerate() {
        groups
            .entry((a.supplier, a.offer, a.ship))
            .or_default()
            .push(i);
    }
    groups.into_iter().collect()
}

/// `s=…,e=…,b=…,t=…` for an arc, for column and row names.
pub(super) fn arc_label(model: &Model, arc: &super::Arc) -> String {
    format!(
        "s={},e={},b={},t={}",
        model.suppliers[arc.supplier].id,
        model.materials[arc.material].id,
        model.buyers[arc.buyer].id,
        model.periods[arc.ship]
    )
}
