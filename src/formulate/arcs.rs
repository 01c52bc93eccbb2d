//! Arcs: every (supplier, offer, buyer, ship period) where `r`, `x` and `y`
//! exist — offers `(s,e) ∈ O`, lanes `lane(s,b)`, ship periods
//! `t ≤ n-1-L_s` (formulation.md, "Variables").

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

/// For each `(b, e, t)` (in stock-index order), the arcs arriving there.
pub(crate) fn arrivals(arcs: &[Arc], model: &Model) -> Vec<Vec<usize>> {
    let n = model.horizon();
    let materials = model.materials.len();
    let mut out = vec![Vec::new(); model.buyers.len() * materials * n];
    for (i, arc) in arcs.iter().enumerate() {
        out[(arc.buyer * materials + arc.material) * n + arc.arrive].push(i);
    }
    out
}

/// For each quota, the ship periods that have arcs it covers, each with
/// those arcs (`S_q × E_q × B_q`), in period order.
pub(crate) fn quota_groups(arcs: &[Arc], model: &Model) -> Vec<Vec<(usize, Vec<usize>)>> {
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
