//! Buyers, suppliers, events and explicit scenarios: ids resolved to
//! indices, per-period values expanded.

use super::specs::{BuyerSpec, EventSpec, Penalty, SupplierSpec, Target};
use super::{ModelBuilder, NOWHERE, Resolver};
use crate::model::reader::{index, join};
use crate::model::rules;
use crate::model::selector::Pool;
use crate::model::{Buyer, Event, EventKind, ExplicitScenario, Offer, Supplier};

impl Resolver {
    pub(super) fn buyer(
        &mut self,
        path: &str,
        spec: &BuyerSpec,
        n: usize,
        materials: &Pool<'_>,
    ) -> Buyer {
        let m = materials.ids.len();
        let mut need = vec![vec![0.0; n]; m];
        for (e, values) in self.per_material(&join(path, "need"), &spec.need, materials) {
            need[e] = values.expand(n);
        }
        let mut in_transit = vec![vec![0.0; n]; m];
        let table = join(path, "in_transit");
        for (e, values) in self.per_material(&table, &spec.in_transit, materials) {
            in_transit[e] = values.expand(n);
        }
        let mut initial_stock = vec![0.0; m];
        let table = join(path, "initial_stock");
        for (e, &stock) in self.per_material(&table, &spec.initial_stock, materials) {
            initial_stock[e] = stock;
        }
        let mut end_stock = vec![None; m];
        let table = join(path, "end_stock");
        for (e, &target) in self.per_material(&table, &spec.end_stock, materials) {
            end_stock[e] = Some(target);
        }
        let penalty_path = join(path, "shortage_penalty");
        let shortage_penalty = match &spec.shortage_penalty {
            None => {
                self.problem(&penalty_path, rules::missing("shortage_penalty"));
                vec![0.0; m]
            }
            Some(Penalty::Every(penalty)) => vec![*penalty; m],
            Some(Penalty::PerMaterial(entries)) => {
                let mut listed = vec![None; m];
                for (e, &penalty) in self.per_material(&penalty_path, entries, materials) {
                    listed[e] = Some(penalty);
                }
                for (e, penalty) in listed.iter().enumerate() {
                    let used = need[e].iter().any(|&q| q > 0.0) || end_stock[e].is_some();
                    if penalty.is_none() && used {
                        let problem = rules::no_penalty(materials.ids[e], &spec.id);
                        self.problem(&penalty_path, problem);
                    }
                }
                listed.into_iter().map(|p| p.unwrap_or(0.0)).collect()
            }
        };
        Buyer {
            id: spec.id.clone(),
            region: spec.region.clone(),
            need,
            initial_stock,
            in_transit,
            shortage_penalty,
            holding_cost: spec.holding_cost,
            storage: spec.storage,
            end_stock,
        }
    }

    pub(super) fn supplier(
        &mut self,
        path: &str,
        spec: &SupplierSpec,
        n: usize,
        materials: &Pool<'_>,
    ) -> Supplier {
        let offers = self
            .per_material(&join(path, "offers"), &spec.offers, materials)
            .into_iter()
            .map(|(material, offer)| Offer {
                material,
                capacity: offer.capacity.expand(n),
                price: offer.price.expand(n),
                reservation_fee: offer.reservation_fee,
                spot_price: offer.spot_price.as_ref().map(|spot| spot.expand(n)),
            })
            .collect();
        Supplier {
            id: spec.id.clone(),
            country: spec.country.clone(),
            lead_time: spec.lead_time,
            export_tax: spec.export_tax,
            serves: spec.serves.clone(),
            freight: spec.freight.clone(),
            offers,
        }
    }

    /// The events, in canonical order already, with their paths by kind.
    pub(super) fn events(
        &mut self,
        b: &ModelBuilder,
        [suppliers, materials, buyers]: [&Pool<'_>; 3],
        quotas: &Pool<'_>,
    ) -> Vec<Event> {
        let periods = Pool::unlabelled("period", b.periods.iter().map(String::as_str).collect());
        let mut counts = [0usize; 4];
        b.events
            .iter()
            .map(|spec| {
                let (kind, slot) = match spec.target {
                    Target::Outage { .. } => ("outage", 0),
                    Target::QuotaCut { .. } => ("quota_cut", 1),
                    Target::PriceShock { .. } => ("price_shock", 2),
                    Target::DemandShock { .. } => ("demand_shock", 3),
                };
                let path = index(kind, counts[slot]);
                counts[slot] += 1;
                self.event(
                    &path,
                    spec,
                    [suppliers, materials, buyers],
                    quotas,
                    &periods,
                )
            })
            .collect()
    }

    fn event(
        &mut self,
        path: &str,
        spec: &EventSpec,
        [suppliers, materials, buyers]: [&Pool<'_>; 3],
        quotas: &Pool<'_>,
        periods: &Pool<'_>,
    ) -> Event {
        let factor = spec.factor;
        let kind = match &spec.target {
            Target::Outage { supplier } => EventKind::Outage {
                supplier: self
                    .find(&join(path, "supplier"), supplier, suppliers)
                    .unwrap_or(NOWHERE),
                capacity_factor: factor,
            },
            Target::QuotaCut { quota } => EventKind::QuotaCut {
                quota: self
                    .find(&join(path, "quota"), quota, quotas)
                    .unwrap_or(NOWHERE),
                limit_factor: factor,
            },
            Target::PriceShock { materials: pick } => EventKind::PriceShock {
                materials: self.selector(&join(path, "materials"), pick, materials),
                price_factor: factor,
            },
            Target::DemandShock {
                buyers: buyer_pick,
                materials: material_pick,
            } => EventKind::DemandShock {
                buyers: self.selector(&join(path, "buyers"), buyer_pick, buyers),
                materials: self.selector(&join(path, "materials"), material_pick, materials),
                demand_factor: factor,
            },
        };
        let mask = match &spec.periods {
            None => vec![true; periods.ids.len()],
            Some(labels) => {
                let mut mask = vec![false; periods.ids.len()];
                let field = join(path, "periods");
                for (i, label) in labels.iter().enumerate() {
                    if let Some(t) = self.find(&index(&field, i), label, periods) {
                        mask[t] = true;
                    }
                }
                mask
            }
        };
        Event {
            id: spec.id.clone(),
            kind,
            probability: spec.probability,
            periods: mask,
        }
    }

    /// The explicit scenarios, their events by index (each once, sorted).
    pub(super) fn explicit(&mut self, b: &ModelBuilder) -> Vec<ExplicitScenario> {
        let ids: Vec<&str> = b.events.iter().map(|e| e.id.as_str()).collect();
        let pool = Pool::unlabelled("event", ids);
        b.explicit
            .iter()
            .enumerate()
            .map(|(i, spec)| {
                let path = join(&index("scenario", i), "events");
                let mut chosen: Vec<(usize, usize)> = Vec::new();
                for (j, id) in spec.events.iter().enumerate() {
                    let item = index(&path, j);
                    let Some(k) = self.find(&item, id, &pool) else {
                        continue;
                    };
                    match chosen.iter().find(|&&(other, _)| other == k) {
                        Some(&(_, first)) => {
                            let problem = rules::event_listed_twice(id, &index(&path, first));
                            self.problem(&item, problem);
                        }
                        None => chosen.push((k, j)),
                    }
                }
                let mut events: Vec<usize> = chosen.into_iter().map(|(k, _)| k).collect();
                events.sort_unstable();
                ExplicitScenario {
                    id: spec.id.clone(),
                    events,
                    probability: spec.probability,
                }
            })
            .collect()
    }
}
