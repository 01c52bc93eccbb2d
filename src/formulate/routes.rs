//! Routes: the one index of the model's network that every builder shares —
//! the first stage, a scenario's recourse block (in the extensive form or
//! standing alone), the evaluation and the plan.
//!
//! An arc is a (supplier, offer, buyer, ship period) where `r`, `x` and `y`
//! exist — offers `(s,e) ∈ O`, lanes `lane(s,b)`, ship periods
//! `t ≤ n-1-L_s` (formulation.md, "Variables").

use std::collections::BTreeMap;

use crate::model::Model;

/// One route a tonne can take: supplier `s` ships material `e` to buyer `b`
/// in ship period `t`, arriving in `t + L_s`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Arc {
    /// Supplier index `s`.
    pub supplier: usize,
    /// Index into the supplier's offers.
    pub offer: usize,
    /// Material index `e`.
    pub material: usize,
    /// Buyer index `b`.
    pub buyer: usize,
    /// Ship period `t`.
    pub ship: usize,
    /// Arrival period `t + L_s`.
    pub arrive: usize,
    /// Per-tonne cost of exercised contract tonnes: `c[s,e,t]·(1+τ_s) + φ[s,b]`.
    pub contract_unit: f64,
    /// Spot price `π[s,e,t]` before scenario factors, where spot exists.
    pub spot_price: Option<f64>,
    /// `1 + τ_s`.
    pub tax_factor: f64,
    /// `φ[s,b]`.
    pub freight: f64,
    /// `f[s,e]`: fee per tonne reserved.
    pub fee: f64,
}

/// Arcs grouped by (supplier, offer, ship period), in that order: the rows
/// of constraints 1 and 3.
pub type OfferGroups = Vec<((usize, usize, usize), Vec<usize>)>;

/// Per quota, per ship period with arcs: (period, arcs) — the rows of
/// constraint 4.
pub type QuotaGroups = Vec<Vec<(usize, Vec<usize>)>>;

/// The model's network, indexed once.
#[derive(Debug, Clone, PartialEq)]
pub struct Routes {
    /// Every arc, in order: supplier, offer, buyer, ship period (file orders).
    pub arcs: Vec<Arc>,
    /// Arcs by (supplier, offer, ship period).
    pub offer_groups: OfferGroups,
    /// Arcs by quota and ship period (`S_q × E_q × B_q`).
    pub quota_groups: QuotaGroups,
    /// For each `(b, e, t)` in stock-index order, the arcs arriving there.
    pub arrivals: Vec<Vec<usize>>,
    /// Number of materials, for [`Routes::stock_index`].
    pub materials: usize,
    /// Number of periods, for [`Routes::stock_index`].
    pub periods: usize,
}

impl Routes {
    /// Indexes the model's network.
    pub fn new(model: &Model) -> Routes {
        let arcs = build_arcs(model);
        let offer_groups = offer_groups(&arcs);
        let quota_groups = quota_groups(&arcs, model);
        let arrivals = arrivals(&arcs, model);
        Routes {
            arcs,
            offer_groups,
            quota_groups,
            arrivals,
            materials: model.materials.len(),
            periods: model.horizon(),
        }
    }

    /// Position of `(b, e, t)` in stock and shortage vectors.
    pub fn stock_index(&self, buyer: usize, material: usize, period: usize) -> usize {
        (buyer * self.materials + material) * self.periods + period
    }
}

/// All arcs, in order: supplier, offer, buyer, ship period (file orders).
pub fn build_arcs(model: &Model) -> Vec<Arc> {
    let n = model.horizon();
    let mut arcs = Vec::new();
    for (s, supplier) in model.suppliers.iter().enumerate() {
        let tax_factor = 1.0 + supplier.export_tax;
        for (o, offer) in supplier.offers.iter().enumerate() {
            for (b, buyer) in model.buyers.iter().enumerate() {
                if !supplier.serves_buyer(buyer) {
                    continue;
                }
                let freight = supplier.freight_to(buyer);
                for t in 0..n.saturating_sub(supplier.lead_time) {
                    arcs.push(Arc {
                        supplier: s,
                        offer: o,
                        material: offer.material,
                        buyer: b,
                        ship: t,
                        arrive: t + supplier.lead_time,
                        contract_unit: offer.price[t] * tax_factor + freight,
                        spot_price: offer.spot_price.as_ref().map(|p| p[t]),
                        tax_factor,
                        freight,
                        fee: offer.reservation_fee,
                    });
                }
            }
        }
    }
    arcs
}

fn offer_groups(arcs: &[Arc]) -> OfferGroups {
    let mut groups: BTreeMap<(usize, usize, usize), Vec<usize>> = BTreeMap::new();
    for (i, a) in arcs.iter().enumerate() {
        groups
            .entry((a.supplier, a.offer, a.ship))
            .or_default()
            .push(i);
    }
    groups.into_iter().collect()
}

fn arrivals(arcs: &[Arc], model: &Model) -> Vec<Vec<usize>> {
    let n = model.horizon();
    let materials = model.materials.len();
    let mut out = vec![Vec::new(); model.buyers.len() * materials * n];
    for (i, arc) in arcs.iter().enumerate() {
        out[(arc.buyer * materials + arc.material) * n + arc.arrive].push(i);
    }
    out
}

fn quota_groups(arcs: &[Arc], model: &Model) -> QuotaGroups {
    model
        .quotas
        .iter()
        .map(|quota| {
            let mut by_period: Vec<Vec<usize>> = vec![Vec::new(); model.horizon()];
            for (i, arc) in arcs.iter().enumerate() {
                if quota.suppliers.contains(&arc.supplier)
                    && quota.materials.contains(&arc.material)
                    && quota.buyers.contains(&arc.buyer)
                {
                    by_period[arc.ship].push(i);
                }
            }
            by_period
                .into_iter()
                .enumerate()
                .filter(|(_, ids)| !ids.is_empty())
                .collect()
        })
        .collect()
}

/// `s=…,e=…,b=…,t=…` for an arc, for column and row names.
pub(crate) fn arc_label(model: &Model, arc: &Arc) -> String {
    format!(
        "s={},e={},b={},t={}",
        model.suppliers[arc.supplier].id,
        model.materials[arc.material].id,
        model.buyers[arc.buyer].id,
        model.periods[arc.ship]
    )
}
