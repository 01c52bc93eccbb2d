//! The LP's size and numerical range, known before (or right after) it is
//! built, so that an LP too large for the machine or too badly scaled for a
//! solver is refused with a reason.

use super::{Formulation, build_arcs};
use crate::model::Model;

/// Columns the extensive form will have, counted without building it:
/// `r` per arc; per scenario `x` per arc, `y` per spot arc, `v` and `u` per
/// buyer, material and period, `w` per end-stock target, `z`; and `η`.
pub fn column_count(model: &Model, scenarios: usize, lambda: f64) -> usize {
    let arcs = build_arcs(model);
    let spot = arcs.iter().filter(|a| a.spot_price.is_some()).count();
    let stock = model.buyers.len() * model.materials.len() * model.horizon();
    let targets: usize = model
        .buyers
        .iter()
        .map(|b| b.end_stock.iter().flatten().count())
        .sum();
    let risk = usize::from(lambda > 0.0);
    let per_scenario = arcs.len() + spot + 2 * stock + targets + risk;
    arcs.len()
        .saturating_add(scenarios.saturating_mul(per_scenario))
        .saturating_add(risk)
}

/// The smallest and largest nonzero magnitudes among the LP's matrix
/// coefficients and the per-tonne costs of `C_k` (prices, fees, freight,
/// holding costs, penalties), with where each is.
#[derive(Debug, Clone, PartialEq)]
pub struct CoefficientRange {
    /// The smallest magnitude.
    pub smallest: f64,
    /// Where it is (a row or column name).
    pub smallest_at: String,
    /// The largest magnitude.
    pub largest: f64,
    /// Where it is.
    pub largest_at: String,
}

impl CoefficientRange {
    /// `largest / smallest`.
    pub fn span(&self) -> f64 {
        self.largest / self.smallest
    }
}

/// The coefficient range of a built LP; `None` if it has no nonzero.
pub fn coefficient_range(f: &Formulation) -> Option<CoefficientRange> {
    let mut range: Option<CoefficientRange> = None;
    let mut note = |value: f64, at: &dyn Fn() -> String| {
        let v = value.abs();
        if v == 0.0 || !v.is_finite() {
            return;
        }
        match &mut range {
            None => {
                range = Some(CoefficientRange {
                    smallest: v,
                    smallest_at: at(),
                    largest: v,
                    largest_at: at(),
                })
            }
            Some(r) => {
                if v < r.smallest {
                    r.smallest = v;
                    r.smallest_at = at();
                }
                if v > r.largest {
                    r.largest = v;
                    r.largest_at = at();
                }
            }
        }
    };
    for (i, row) in f.lp.rows.iter().enumerate() {
        for (_, a) in f.lp.row_entries(i) {
            note(a, &|| format!("row {}", row.name));
        }
    }
    for (j, &unit) in f.column_unit_cost.iter().enumerate() {
        note(unit, &|| {
            format!("the cost of column {}", f.lp.columns[j].name)
        });
    }
    range
}
