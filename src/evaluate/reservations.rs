//! A plan's reservations held against a model: each (supplier, material,
//! buyer, period) found among the model's routes, every unknown id named,
//! quantities checked, and the first-stage rows (constraints 1 and 9)
//! checked at the fixed numbers.

use std::collections::{BTreeSet, HashMap};

use crate::formulate::Routes;
use crate::model::Model;
use crate::plan::Reservation;

/// Relative slack allowed on a first-stage row at the plan's numbers
/// (plans are written with full precision, so this is round-off only).
const ROW_TOLERANCE: f64 = 1e-6;

/// Why a plan's reservations do not fit a model.
///
/// ```
/// use rareplan::{EvaluateError, ReservationError};
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let plan = rareplan::plan(&loaded.model, &rareplan::Settings::default())?.plan;
/// let mut bad = plan.clone();
/// bad.reservations[0].quantity = -1.0;
/// let e = rareplan::evaluate(&loaded.model, &bad, &rareplan::Settings::default()).unwrap_err();
/// let EvaluateError::Reservations(ReservationError::BadQuantity { index, route, .. }) = &e else {
///     panic!("expected a bad quantity, got {e:?}");
/// };
/// assert_eq!(*index, 0);
/// assert_eq!(route, "cn-mine/ndpr-oxide/plant/Q1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReservationError {
    /// Ids in the plan that the model does not have.
    #[error("the plan names ids that are not in the model: {}", .0.join(", "))]
    UnknownIds(Vec<String>),
    /// Reservations whose ids exist but that no route of the model carries
    /// (the supplier does not offer the material, does not serve the buyer,
    /// or the ship period is too late for its lead time).
    #[error("the plan reserves on routes the model does not have: {}", .0.join(", "))]
    NoRoute(Vec<String>),
    /// A quantity that is negative, NaN or infinite.
    #[error(
        "reservation {index} ({route}) has quantity {quantity}: quantities must be finite and ≥ 0"
    )]
    BadQuantity {
        /// 0-based position in the plan's `reservations`.
        index: usize,
        /// `supplier/material/buyer/period`.
        route: String,
        /// The quantity found.
        quantity: f64,
    },
    /// The reservations break a first-stage limit of the model.
    #[error("the plan breaks a limit of the model: {0}")]
    Limit(String),
}

/// Tonnes reserved per arc of `routes` (0 where the plan lists none;
/// repeated entries add up).
pub fn reserved_per_arc(
    model: &Model,
    routes: &Routes,
    reservations: &[Reservation],
) -> Result<Vec<f64>, ReservationError> {
    fn index<'m>(ids: impl Iterator<Item = &'m str>) -> HashMap<&'m str, usize> {
        ids.enumerate().map(|(i, id)| (id, i)).collect()
    }
    let suppliers = index(model.suppliers.iter().map(|s| s.id.as_str()));
    let materials = index(model.materials.iter().map(|m| m.id.as_str()));
    let buyers = index(model.buyers.iter().map(|b| b.id.as_str()));
    let periods = index(model.periods.iter().map(String::as_str));
    let arc_of: HashMap<(usize, usize, usize, usize), usize> = routes
        .arcs
        .iter()
        .enumerate()
        .map(|(i, a)| ((a.supplier, a.material, a.buyer, a.ship), i))
        .collect();
    let mut unknown = BTreeSet::new();
    let mut no_route = Vec::new();
    let mut reserved = vec![0.0; routes.arcs.len()];
    for (index, r) in reservations.iter().enumerate() {
        let route = format!("{}/{}/{}/{}", r.supplier, r.material, r.buyer, r.period);
        if !r.quantity.is_finite() || r.quantity < 0.0 {
            return Err(ReservationError::BadQuantity {
                index,
                route,
                quantity: r.quantity,
            });
        }
        let s = suppliers.get(r.supplier.as_str()).copied();
        let e = materials.get(r.material.as_str()).copied();
        let b = buyers.get(r.buyer.as_str()).copied();
        let t = periods.get(r.period.as_str()).copied();
        for (found, kind, id) in [
            (s.is_some(), "supplier", &r.supplier),
            (e.is_some(), "material", &r.material),
            (b.is_some(), "buyer", &r.buyer),
            (t.is_some(), "period", &r.period),
        ] {
            if !found {
                unknown.insert(format!("{kind} `{id}`"));
            }
        }
        let (Some(s), Some(e), Some(b), Some(t)) = (s, e, b, t) else {
            continue;
        };
        match arc_of.get(&(s, e, b, t)) {
            Some(&i) => reserved[i] += r.quantity,
            None => no_route.push(route),
        }
    }
    if !unknown.is_empty() {
        return Err(ReservationError::UnknownIds(unknown.into_iter().collect()));
    }
    if !no_route.is_empty() {
        return Err(ReservationError::NoRoute(no_route));
    }
    check_limits(model, routes, &reserved)?;
    Ok(reserved)
}

/// Constraints 1 (reservation within nominal capacity) and 9
/// (diversification) at the fixed reservations.
fn check_limits(model: &Model, routes: &Routes, reserved: &[f64]) -> Result<(), ReservationError> {
    for ((s, o, t), ids) in &routes.offer_groups {
        let supplier = &model.suppliers[*s];
        let offer = &supplier.offers[*o];
        let total: f64 = ids.iter().map(|&i| reserved[i]).sum();
        let cap = offer.capacity[*t];
        if total > cap + ROW_TOLERANCE * cap.abs().max(1.0) {
            return Err(ReservationError::Limit(format!(
                "{total} t of {} reserved from {} in {}, above its capacity of {cap} t",
                model.materials[offer.material].id, supplier.id, model.periods[*t]
            )));
        }
    }
    for limit in &model.diversifications {
        let (mut own, mut all) = (0.0, 0.0);
        for (i, a) in routes.arcs.iter().enumerate() {
            if limit.materials.contains(&a.material) && limit.buyers.contains(&a.buyer) {
                all += reserved[i];
                if limit.suppliers.contains(&a.supplier) {
                    own += reserved[i];
                }
            }
        }
        if own > limit.max_share * all + ROW_TOLERANCE * all.max(1.0) {
            return Err(ReservationError::Limit(format!(
                "diversification `{}` allows a share of {}, the plan has {own} t of {all} t",
                limit.id, limit.max_share
            )));
        }
    }
    Ok(())
}
