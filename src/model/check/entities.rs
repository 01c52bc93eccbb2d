//! The horizon, the settings and the entities: materials, buyers,
//! suppliers and their offers, quotas and diversification limits.

use std::collections::HashMap;

use super::Check;
use crate::model::reader::{index, join};
use crate::model::rules;
use crate::model::{Buyer, ScenarioMode, Supplier};

impl Check<'_> {
    /// `model.periods`: at least one, each labelled, none twice.
    pub(super) fn horizon(&mut self) {
        let periods = &self.model.periods;
        if periods.is_empty() {
            self.problem("model.periods", rules::no_periods());
        }
        for (t, label) in periods.iter().enumerate() {
            let path = index("model.periods", t);
            if label.is_empty() {
                self.out
                    .push(crate::Diagnostic::error(&path, None, rules::EMPTY_PERIOD));
            } else if periods[..t].contains(label) {
                self.problem(&path, rules::duplicate_period(label));
            }
        }
    }

    /// `[risk]` and `[scenarios]`.
    pub(super) fn settings(&mut self) {
        let risk = self.model.risk;
        self.number("risk.weight", risk.weight, rules::fraction);
        self.number("risk.alpha", risk.alpha, rules::alpha);
        let settings = self.model.scenarios;
        if let Err(problem) = rules::at_least(settings.samples, 1) {
            self.problem("scenarios.samples", problem);
        }
        if !self.model.explicit_scenarios.is_empty() {
            let mode = match settings.mode {
                ScenarioMode::Auto => None,
                ScenarioMode::Enumerate => Some("enumerate"),
                ScenarioMode::Sample => Some("sample"),
            };
            if let Some(mode) = mode {
                self.problem("scenarios.mode", rules::mode_with_explicit(mode));
            }
        }
    }

    /// `[[material]]`: at least one, ids well formed and unique.
    pub(super) fn materials(&mut self) {
        if self.model.materials.is_empty() {
            self.problem("material", rules::no_materials());
        }
        self.ids(
            "material",
            self.model.materials.iter().map(|m| m.id.as_str()),
        );
    }

    /// The path of material `e`'s entry in a table keyed by material id
    /// (`buyer[0].need.ndpr`); by position where `e` is out of range.
    fn material_key(&self, table: &str, e: usize) -> String {
        match self.model.materials.get(e) {
            Some(material) => join(table, &material.id),
            None => index(table, e),
        }
    }

    /// `[[buyer]]`: at least one; every list per material one entry per
    /// material; quantities and costs finite and ≥ 0.
    pub(super) fn buyers(&mut self) {
        let model = self.model;
        if model.buyers.is_empty() {
            self.problem("buyer", rules::no_buyers());
        }
        self.ids("buyer", model.buyers.iter().map(|b| b.id.as_str()));
        for (b, buyer) in model.buyers.iter().enumerate() {
            self.buyer(&index("buyer", b), buyer);
        }
    }

    fn buyer(&mut self, path: &str, buyer: &Buyer) {
        for (key, lists) in [("need", &buyer.need), ("in_transit", &buyer.in_transit)] {
            let table = join(path, key);
            if self.per_material(&table, lists.len()) {
                for (e, list) in lists.iter().enumerate() {
                    let field = self.material_key(&table, e);
                    self.per_period(&field, list, rules::non_negative);
                }
            }
        }
        let table = join(path, "initial_stock");
        if self.per_material(&table, buyer.initial_stock.len()) {
            for (e, &stock) in buyer.initial_stock.iter().enumerate() {
                let field = self.material_key(&table, e);
                self.number(&field, stock, rules::non_negative);
            }
        }
        let table = join(path, "end_stock");
        if self.per_material(&table, buyer.end_stock.len()) {
            for (e, target) in buyer.end_stock.iter().enumerate() {
                if let Some(target) = *target {
                    let field = self.material_key(&table, e);
                    self.number(&field, target, rules::non_negative);
                }
            }
        }
        let table = join(path, "shortage_penalty");
        let penalties = &buyer.shortage_penalty;
        if self.per_material(&table, penalties.len()) {
            let same = penalties
                .windows(2)
                .all(|w| w[0].to_bits() == w[1].to_bits());
            if same && let Some(&penalty) = penalties.first() {
                self.number(&table, penalty, rules::non_negative);
            } else {
                for (e, &penalty) in penalties.iter().enumerate() {
                    let field = self.material_key(&table, e);
                    self.number(&field, penalty, rules::non_negative);
                }
            }
        }
        self.number(
            &join(path, "holding_cost"),
            buyer.holding_cost,
            rules::non_negative,
        );
        if let Some(storage) = buyer.storage {
            self.number(&join(path, "storage"), storage, rules::non_negative);
        }
    }

    /// `[[supplier]]` and its offers.
    pub(super) fn suppliers(&mut self) {
        let model = self.model;
        self.ids("supplier", model.suppliers.iter().map(|s| s.id.as_str()));
        for (s, supplier) in model.suppliers.iter().enumerate() {
            self.supplier(&index("supplier", s), supplier);
        }
    }

    fn supplier(&mut self, path: &str, supplier: &Supplier) {
        self.number(
            &join(path, "export_tax"),
            supplier.export_tax,
            rules::non_negative,
        );
        let freight = join(path, "freight");
        let mut regions = HashMap::new();
        for (region, cost) in &supplier.freight {
            let field = join(&freight, region);
            if regions.insert(region.as_str(), ()).is_some() {
                self.error(
                    &field,
                    format!("freight to region `{region}` is given twice"),
                    "give one freight cost per region",
                );
            } else {
                self.number(&field, *cost, rules::non_negative);
            }
        }
        let offers = join(path, "offers");
        let materials = self.model.materials.len();
        let mut offered: HashMap<usize, ()> = HashMap::new();
        for (o, offer) in supplier.offers.iter().enumerate() {
            let material = join(&index(&offers, o), "material");
            if !self.index_in_range(&material, offer.material, materials, "material") {
                continue;
            }
            let offer_path = self.material_key(&offers, offer.material);
            if offered.insert(offer.material, ()).is_some() {
                self.error(
                    &offer_path,
                    format!(
                        "supplier `{}` offers `{}` twice",
                        supplier.id, self.model.materials[offer.material].id
                    ),
                    "give one offer per material, its terms per period",
                );
                continue;
            }
            self.per_period(
                &join(&offer_path, "capacity"),
                &offer.capacity,
                rules::non_negative,
            );
            self.per_period(
                &join(&offer_path, "price"),
                &offer.price,
                rules::non_negative,
            );
            if let Some(spot) = &offer.spot_price {
                self.per_period(&join(&offer_path, "spot_price"), spot, rules::non_negative);
            }
            self.number(
                &join(&offer_path, "reservation_fee"),
                offer.reservation_fee,
                rules::non_negative,
            );
        }
    }

    /// `[[quota]]` and `[[diversification]]`: their scopes and numbers.
    pub(super) fn limits(&mut self) {
        let model = self.model;
        self.ids("quota", model.quotas.iter().map(|q| q.id.as_str()));
        for (q, quota) in model.quotas.iter().enumerate() {
            let path = index("quota", q);
            self.scope(&path, [&quota.suppliers, &quota.materials, &quota.buyers]);
            self.per_period(&join(&path, "limit"), &quota.limit, rules::non_negative);
        }
        self.ids(
            "diversification",
            model.diversifications.iter().map(|d| d.id.as_str()),
        );
        for (d, limit) in model.diversifications.iter().enumerate() {
            let path = index("diversification", d);
            self.scope(&path, [&limit.suppliers, &limit.materials, &limit.buyers]);
            self.number(&join(&path, "max_share"), limit.max_share, rules::fraction);
        }
    }

    /// The `suppliers`, `materials` and `buyers` selectors of a limit.
    fn scope(&mut self, path: &str, [suppliers, materials, buyers]: [&crate::model::Selector; 3]) {
        let model = self.model;
        self.selector(
            &join(path, "suppliers"),
            suppliers,
            model.suppliers.len(),
            "supplier",
        );
        self.selector(
            &join(path, "materials"),
            materials,
            model.materials.len(),
            "material",
        );
        self.selector(&join(path, "buyers"), buyers, model.buyers.len(), "buyer");
    }
}
