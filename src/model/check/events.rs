//! Events (`[[outage]]`, `[[quota_cut]]`, `[[price_shock]]`,
//! `[[demand_shock]]`) and explicit `[[scenario]]` entries.

use std::collections::HashMap;

use super::Check;
use crate::model::events::PROBABILITY_TOLERANCE;
use crate::model::reader::{index, join};
use crate::model::rules;
use crate::model::{Event, EventKind, Model};

/// The file's name of an event's kind and its factor's key.
pub(crate) fn kind_and_factor(kind: &EventKind) -> (&'static str, &'static str) {
    match kind {
        EventKind::Outage { .. } => ("outage", "capacity_factor"),
        EventKind::QuotaCut { .. } => ("quota_cut", "limit_factor"),
        EventKind::PriceShock { .. } => ("price_shock", "price_factor"),
        EventKind::DemandShock { .. } => ("demand_shock", "demand_factor"),
    }
}

/// The path of event `k` as a file has it (`demand_shock[0]`): its kind
/// and its position among the events of that kind.
pub(crate) fn event_path(model: &Model, k: usize) -> String {
    let Some(event) = model.events.get(k) else {
        return index("event", k);
    };
    let (name, _) = kind_and_factor(&event.kind);
    let before = model.events[..k]
        .iter()
        .filter(|e| kind_and_factor(&e.kind).0 == name)
        .count();
    index(name, before)
}

impl Check<'_> {
    /// Every event: id unique across kinds (and not `baseline`), factor
    /// ≥ 0, probability in [0, 1] (required without explicit scenarios),
    /// one period flag per period, what it hits in range.
    pub(super) fn events(&mut self) {
        let model = self.model;
        let explicit = !model.explicit_scenarios.is_empty();
        let mut seen = HashMap::new();
        for (k, event) in model.events.iter().enumerate() {
            let path = event_path(model, k);
            self.id(&path, &event.id, &mut seen);
            if event.id == "baseline" {
                self.problem(&join(&path, "id"), rules::baseline_event());
            }
            self.event(&path, event, explicit);
        }
    }

    fn event(&mut self, path: &str, event: &Event, explicit: bool) {
        let model = self.model;
        let (_, factor_key) = kind_and_factor(&event.kind);
        let factor = match &event.kind {
            EventKind::Outage {
                supplier,
                capacity_factor,
            } => {
                self.index_in_range(
                    &join(path, "supplier"),
                    *supplier,
                    model.suppliers.len(),
                    "supplier",
                );
                *capacity_factor
            }
            EventKind::QuotaCut {
                quota,
                limit_factor,
            } => {
                self.index_in_range(&join(path, "quota"), *quota, model.quotas.len(), "quota");
                *limit_factor
            }
            EventKind::PriceShock {
                materials,
                price_factor,
            } => {
                self.selector(
                    &join(path, "materials"),
                    materials,
                    model.materials.len(),
                    "material",
                );
                *price_factor
            }
            EventKind::DemandShock {
                buyers,
                materials,
                demand_factor,
            } => {
                self.selector(&join(path, "buyers"), buyers, model.buyers.len(), "buyer");
                self.selector(
                    &join(path, "materials"),
                    materials,
                    model.materials.len(),
                    "material",
                );
                *demand_factor
            }
        };
        self.number(&join(path, factor_key), factor, rules::non_negative);
        let probability = join(path, "probability");
        match event.probability {
            Some(p) => {
                self.number(&probability, p, rules::fraction);
            }
            None if !explicit => self.problem(&probability, rules::missing("probability")),
            None => {}
        }
        let n = model.horizon();
        if event.periods.len() != n && n > 0 {
            self.error(
                &join(path, "periods"),
                format!("{} period flags for {n} periods", event.periods.len()),
                format!(
                    "give one flag per period of model.periods ({n}): true where the event applies"
                ),
            );
        }
    }

    /// Explicit scenarios: ids unique, events in range and listed once,
    /// probabilities in [0, 1] summing to at most 1, and `baseline` not
    /// taken while a remainder is left for it.
    pub(super) fn explicit_scenarios(&mut self) {
        let model = self.model;
        let mut seen = HashMap::new();
        let mut named_baseline = None;
        for (i, scenario) in model.explicit_scenarios.iter().enumerate() {
            let path = index("scenario", i);
            self.id(&path, &scenario.id, &mut seen);
            if scenario.id == "baseline" {
                named_baseline.get_or_insert_with(|| join(&path, "id"));
            }
            let events = join(&path, "events");
            for (j, &k) in scenario.events.iter().enumerate() {
                let item = index(&events, j);
                if !self.index_in_range(&item, k, model.events.len(), "event") {
                    continue;
                }
                if let Some(first) = scenario.events[..j].iter().position(|&other| other == k) {
                    let problem =
                        rules::event_listed_twice(&model.events[k].id, &index(&events, first));
                    self.problem(&item, problem);
                }
            }
            self.number(
                &join(&path, "probability"),
                scenario.probability,
                rules::fraction,
            );
        }
        if model.explicit_scenarios.is_empty() {
            return;
        }
        let total: f64 = model.explicit_scenarios.iter().map(|s| s.probability).sum();
        if total > 1.0 + PROBABILITY_TOLERANCE {
            self.problem("scenario", rules::probabilities_above_one(total));
        } else if total < 1.0 - PROBABILITY_TOLERANCE
            && let Some(path) = named_baseline
        {
            self.problem(&path, rules::baseline_scenario(total));
        }
    }
}
