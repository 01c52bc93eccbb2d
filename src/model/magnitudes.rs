//! Products of a valid model's numbers that overflow: a need times the
//! demand factors that may hit it, a capacity times its outages' factors,
//! tonnes times prices and penalties. Each is finite on its own; the LP
//! would hold infinities (the solver calls it infeasible, or the plan holds
//! numbers that are not finite). Found at validation, with the fields.

use super::check::kind_and_factor;
use super::reader::{index, join};
use super::{EventKind, Model};
use crate::diagnostic::{Diagnostic, readable};

/// Path of event `k` (`demand_shock[0]`) and its factor's key.
fn event_path(model: &Model, k: usize) -> (String, &'static str) {
    let key = model
        .events
        .get(k)
        .map_or("factor", |e| kind_and_factor(&e.kind).1);
    (super::check::event_path(model, k), key)
}

/// The largest factor (≥ 1) the events `hits` can apply together, with the
/// events that raise it.
fn worst_factor(hits: impl Iterator<Item = (usize, f64)>) -> (f64, Vec<usize>) {
    let mut factor = 1.0;
    let mut events = Vec::new();
    for (k, f) in hits {
        if f > 1.0 {
            factor *= f;
            events.push(k);
        }
    }
    (factor, events)
}

/// Where the events' factors are, for a help line.
fn factors_named(model: &Model, events: &[usize]) -> String {
    events
        .iter()
        .map(|&k| {
            let (path, key) = event_path(model, k);
            format!("{path}.{key}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

struct Checker<'a> {
    out: &'a mut Vec<Diagnostic>,
    model: &'a Model,
    /// Sum of every bound so far, and the largest part with its field.
    total: f64,
    largest: (f64, String),
}

impl Checker<'_> {
    /// Records an error at `path` unless `value` is finite; adds it to
    /// the total otherwise. Returns whether it is finite.
    fn finite(&mut self, path: &str, value: f64, what: String, events: &[usize]) -> bool {
        if value.is_finite() {
            self.total += value;
            if value > self.largest.0 {
                self.largest = (value, path.to_string());
            }
            return true;
        }
        let help = if events.is_empty() {
            "rescale units (tonnes → kt, prices in thousands) so the products stay below about 1e300".to_string()
        } else {
            format!(
                "lower the factor ({}) or rescale units (tonnes → kt, prices in thousands)",
                factors_named(self.model, events)
            )
        };
        self.out.push(
            Diagnostic::error(
                path,
                None,
                format!("{what}: that is beyond the largest number (about 1.8e308)"),
            )
            .with_help(help),
        );
        false
    }
}

/// Checks every product the LP computes from the model (a model whose
/// lists and indices are checked already); records the overflows in
/// `out`, without spans.
pub(crate) fn check_magnitudes(out: &mut Vec<Diagnostic>, model: &Model) {
    let mut c = Checker {
        out,
        model,
        total: 0.0,
        largest: (0.0, String::new()),
    };
    let n = model.horizon();
    let touches = |k: usize, t: usize| model.events[k].periods.get(t).copied().unwrap_or(false);
    for (b, buyer) in model.buyers.iter().enumerate() {
        for (e, material) in model.materials.iter().enumerate() {
            let path = join(&join(&index("buyer", b), "need"), &material.id);
            let mut tonnes = 0.0;
            let mut ok = true;
            for t in 0..n {
                let (factor, events) = worst_factor(model.events.iter().enumerate().filter_map(
                    |(k, ev)| match &ev.kind {
                        EventKind::DemandShock {
                            buyers,
                            materials,
                            demand_factor,
                        } if touches(k, t) && buyers.contains(&b) && materials.contains(&e) => {
                            Some((k, *demand_factor))
                        }
                        _ => None,
                    },
                ));
                let need = buyer.need[e][t] * factor;
                let what = format!(
                    "buyer `{}` may need {} × {} t of `{}` in {}",
                    buyer.id,
                    readable(buyer.need[e][t]),
                    readable(factor),
                    material.id,
                    model.periods[t]
                );
                if !c.finite(&path, need, what, &events) {
                    ok = false;
                    break;
                }
                tonnes += need;
            }
            let most = buyer.need[e].iter().copied().fold(0.0, f64::max);
            let what = format!(
                "the need of buyer `{}` for `{}` over {n} periods (up to {} t a period)",
                buyer.id,
                material.id,
                readable(most)
            );
            if !ok || !c.finite(&path, tonnes, what, &[]) {
                continue;
            }
            let penalty = buyer.shortage_penalty[e];
            let penalty_path = join(&index("buyer", b), "shortage_penalty");
            c.finite(
                &penalty_path,
                tonnes * penalty,
                format!(
                    "a shortage of all {} t of `{}` at {} per tonne",
                    readable(tonnes),
                    material.id,
                    readable(penalty)
                ),
                &[],
            );
        }
    }
    for (s, supplier) in model.suppliers.iter().enumerate() {
        let freight = supplier.freight.iter().map(|&(_, f)| f).fold(0.0, f64::max);
        for offer in &supplier.offers {
            let offer_path = join(
                &join(&index("supplier", s), "offers"),
                &model.materials[offer.material].id,
            );
            for t in 0..n {
                let (factor, events) = worst_factor(model.events.iter().enumerate().filter_map(
                    |(k, ev)| match &ev.kind {
                        EventKind::Outage {
                            supplier: hit,
                            capacity_factor,
                        } if touches(k, t) && *hit == s => Some((k, *capacity_factor)),
                        _ => None,
                    },
                ));
                let capacity = offer.capacity[t] * factor;
                let what = format!(
                    "supplier `{}` may ship {} × {} t in {}",
                    supplier.id,
                    readable(offer.capacity[t]),
                    readable(factor),
                    model.periods[t]
                );
                if !c.finite(&join(&offer_path, "capacity"), capacity, what, &events) {
                    break;
                }
                let unit =
                    offer.price[t] * (1.0 + supplier.export_tax) + freight + offer.reservation_fee;
                c.finite(
                    &join(&offer_path, "price"),
                    capacity * unit,
                    format!(
                        "{} t at {} per tonne (price, tax, freight and fee) in {}",
                        readable(capacity),
                        readable(unit),
                        model.periods[t]
                    ),
                    &[],
                );
                if let Some(spot) = &offer.spot_price {
                    let (factor, events) =
                        worst_factor(model.events.iter().enumerate().filter_map(|(k, ev)| {
                            match &ev.kind {
                                EventKind::PriceShock {
                                    materials,
                                    price_factor,
                                } if touches(k, t) && materials.contains(&offer.material) => {
                                    Some((k, *price_factor))
                                }
                                _ => None,
                            }
                        }));
                    let unit = spot[t] * factor * (1.0 + supplier.export_tax) + freight;
                    c.finite(
                        &join(&offer_path, "spot_price"),
                        unit,
                        format!(
                            "the spot price {} × {} in {}",
                            readable(spot[t]),
                            readable(factor),
                            model.periods[t]
                        ),
                        &events,
                    );
                }
            }
        }
    }
    for (q, quota) in model.quotas.iter().enumerate() {
        for t in 0..n {
            let (factor, events) = worst_factor(model.events.iter().enumerate().filter_map(
                |(k, ev)| match &ev.kind {
                    EventKind::QuotaCut {
                        quota: hit,
                        limit_factor,
                    } if touches(k, t) && *hit == q => Some((k, *limit_factor)),
                    _ => None,
                },
            ));
            let what = format!(
                "quota `{}` may allow {} × {} t in {}",
                quota.id,
                readable(quota.limit[t]),
                readable(factor),
                model.periods[t]
            );
            if !c.finite(
                &join(&index("quota", q), "limit"),
                quota.limit[t] * factor,
                what,
                &events,
            ) {
                break;
            }
        }
    }
    if !c.total.is_finite() && !c.out.iter().any(|d| d.is_error()) {
        let path = c.largest.1.clone();
        c.out.push(
            Diagnostic::error(
                &path,
                None,
                "the costs of the model add up beyond the largest number (about 1.8e308); this is the largest part",
            )
            .with_help("rescale units (tonnes → kt, prices in thousands) so the numbers sit lower"),
        );
    }
}
