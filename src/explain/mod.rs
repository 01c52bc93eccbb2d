//! Why a model has no plan, in domain words.
//!
//! The LP is feasible by design (buying nothing and going short is always
//! allowed) except where stock cannot go anywhere: initial stock and
//! in-transit arrivals above a buyer's storage. [`stock_overflow`] finds
//! that before anything is solved. For anything else a solver calls
//! infeasible, [`conflicting_rows`] cuts the LP down to an irreducible set
//! of rows that cannot hold together.

pub mod decisions;
mod deletion_filter;
mod planned;
pub mod words;

pub use decisions::{Decisions, explain_decisions};
pub use deletion_filter::{IisError, conflicting_rows, conflicting_rows_until};
pub use planned::plan_and_explain;
pub use words::render_decisions;

use crate::model::Model;
use crate::scenario::{Factors, Scenario};

/// A buyer whose stock must exceed its storage, whatever is bought.
///
/// ```
/// use rareplan::model::{BuyerSpec, Material, ModelBuilder};
/// let built = ModelBuilder::new(["Q1", "Q2"])
///     .material(Material::new("ndpr"))
///     .buyer(
///         BuyerSpec::new("plant")
///             .need("ndpr", 10.0)
///             .shortage_penalty(500_000.0)
///             .initial_stock("ndpr", 100.0)
///             .storage(50.0),
///     )
///     .build()?;
/// let overflow = rareplan::explain::stock_overflow(&built.model, &[rareplan::Scenario::baseline()])
///     .expect("100 t in a 50 t store");
/// assert_eq!((overflow.period.as_str(), overflow.stock, overflow.storage), ("Q1", 90.0, 50.0));
/// assert_eq!(
///     overflow.to_string(),
///     "buyer plant: stock reaches 90 t in Q1 from initial stock and in-transit alone, above its storage of 50 t"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct StockOverflow {
    /// Buyer id.
    pub buyer: String,
    /// Period label where stock first exceeds storage.
    pub period: String,
    /// The least stock the buyer can hold at the end of that period.
    pub stock: f64,
    /// Its storage.
    pub storage: f64,
    /// The scenario where it happens (`baseline` where no event matters).
    pub scenario: String,
    /// The model's unit label.
    pub unit: String,
}

impl std::fmt::Display for StockOverflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "buyer {}: stock reaches {} {} in {} from initial stock and in-transit alone, above its storage of {} {}",
            self.buyer,
            round(self.stock),
            self.unit,
            self.period,
            round(self.storage),
            self.unit
        )?;
        if self.scenario != "baseline" {
            write!(f, " (in scenario {})", self.scenario)?;
        }
        Ok(())
    }
}

fn round(value: f64) -> String {
    let rounded = (value * 1000.0).round() / 1000.0;
    format!("{rounded}")
}

/// The first buyer, period and scenario where the least possible stock
/// exceeds storage.
///
/// With nothing bought and every tonne of need met from stock (shortage
/// covers only what stock cannot), the least stock of material `e` is
/// `m[t] = max(0, m[t-1] + A[t] - need[t]·d[t])`, `m[-1] = I0`
/// (constraints 5 and 6 of formulation.md). If `Σ_e m[t] > W_b`, no plan
/// satisfies constraint 7.
pub fn stock_overflow(model: &Model, scenarios: &[Scenario]) -> Option<StockOverflow> {
    let with_storage: Vec<usize> = (0..model.buyers.len())
        .filter(|&b| model.buyers[b].storage.is_some())
        .collect();
    if with_storage.is_empty() {
        return None;
    }
    for scenario in scenarios {
        let factors = Factors::of(model, scenario);
        for &b in &with_storage {
            let buyer = &model.buyers[b];
            let storage = buyer.storage.unwrap_or(f64::INFINITY);
            let mut least: Vec<f64> = buyer.initial_stock.clone();
            for t in 0..model.horizon() {
                for (e, stock) in least.iter_mut().enumerate() {
                    let need = buyer.need[e][t] * factors.demand[b][e][t];
                    *stock = (*stock + buyer.in_transit[e][t] - need).max(0.0);
                }
                let total: f64 = least.iter().sum();
                if total > storage * (1.0 + 1e-9) + 1e-9 {
                    return Some(StockOverflow {
                        buyer: buyer.id.clone(),
                        period: model.periods[t].clone(),
                        stock: total,
                        storage,
                        scenario: scenario.id.clone(),
                        unit: model.unit.clone(),
                    });
                }
            }
        }
    }
    None
}
