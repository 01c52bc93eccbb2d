//! Warnings: what looks unintended in a valid model (the model is still
//! planned). A selector that selects nothing is warned about where it is
//! checked.

use super::Check;
use crate::model::reader::{index, join};

impl Check<'_> {
    /// A need that no supplier on a lane to the buyer offers, and a lead
    /// time of at least the horizon.
    pub(super) fn warnings(&mut self) {
        self.unserved_needs();
        self.long_lead_times();
    }

    fn unserved_needs(&mut self) {
        let model = self.model;
        // offered_by[s][e]: supplier s sells material e.
        let offered_by: Vec<Vec<bool>> = model
            .suppliers
            .iter()
            .map(|s| {
                let mut sells = vec![false; model.materials.len()];
                for offer in &s.offers {
                    if let Some(slot) = sells.get_mut(offer.material) {
                        *slot = true;
                    }
                }
                sells
            })
            .collect();
        for (b, buyer) in model.buyers.iter().enumerate() {
            let lanes: Vec<&Vec<bool>> = model
                .suppliers
                .iter()
                .zip(&offered_by)
                .filter(|(s, _)| s.serves_buyer(buyer))
                .map(|(_, sells)| sells)
                .collect();
            for (e, need) in buyer.need.iter().enumerate() {
                if !need.iter().any(|&q| q > 0.0) {
                    continue;
                }
                let Some(material) = model.materials.get(e) else {
                    continue;
                };
                if !lanes
                    .iter()
                    .any(|sells| sells.get(e).copied().unwrap_or(false))
                {
                    self.warning(
                        &join(&join(&index("buyer", b), "need"), &material.id),
                        format!(
                            "buyer `{}` needs `{}` but no supplier that ships to it offers it: only stock and in-transit arrivals can cover it",
                            buyer.id, material.id
                        ),
                    );
                }
            }
        }
    }

    fn long_lead_times(&mut self) {
        let model = self.model;
        let n = model.horizon();
        for (s, supplier) in model.suppliers.iter().enumerate() {
            if n > 0 && supplier.lead_time >= n {
                self.warning(
                    &join(&index("supplier", s), "lead_time"),
                    format!(
                        "supplier `{}` has a lead time of {} periods, at least the horizon of {n}: nothing it ships arrives in time",
                        supplier.id, supplier.lead_time
                    ),
                );
            }
        }
    }
}
