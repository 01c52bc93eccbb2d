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
/// coefficients once each row, then each column, is divided by its largest
/// magnitude (so the largest is 1), with where each is. The objective is
/// left out: costs of 1e9 beside costs of 1 are no trouble for a solver
/// when the rows are well scaled (the CVaR rows, which hold the costs, are
/// scaled like any other).
#[derive(Debug, Clone, PartialEq)]
pub struct CoefficientRange {
    /// The smallest scaled magnitude.
    pub smallest: f64,
    /// Where it is: the coefficient, its column and its row.
    pub smallest_at: String,
    /// The largest scaled magnitude.
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

/// The scaled coefficient range of a built LP; `None` if it has no nonzero.
pub fn coefficient_range(f: &Formulation) -> Option<CoefficientRange> {
    let lp = &f.lp;
    let usable = |a: f64| a != 0.0 && a.is_finite();
    let row_max: Vec<f64> = (0..lp.rows.len())
        .map(|i| {
            lp.row_entries(i)
                .map(|(_, a)| a.abs())
                .filter(|&a| usable(a))
                .fold(0.0, f64::max)
        })
        .collect();
    let mut column_max = vec![0.0_f64; lp.columns.len()];
    for (i, &m) in row_max.iter().enumerate() {
        for (j, a) in lp.row_entries(i) {
            if usable(a) {
                column_max[j] = column_max[j].max(a.abs() / m);
            }
        }
    }
    // (row, column, coefficient)
    type Entry = (usize, usize, f64);
    let mut range: Option<(f64, Entry, f64, Entry)> = None;
    for (i, &m) in row_max.iter().enumerate() {
        for (j, a) in lp.row_entries(i) {
            if !usable(a) {
                continue;
            }
            let v = a.abs() / m / column_max[j];
            let at = (i, j, a);
            match &mut range {
                None => range = Some((v, at, v, at)),
                Some((small, small_at, large, large_at)) => {
                    if v < *small {
                        *small = v;
                        *small_at = at;
                    }
                    if v > *large {
                        *large = v;
                        *large_at = at;
                    }
                }
            }
        }
    }
    let name = |(i, j, a): (usize, usize, f64)| {
        format!(
            "{} of {} in row {}",
            crate::diagnostic::readable(a),
            lp.columns[j].name,
            lp.rows[i].name
        )
    };
    range.map(|(smallest, small_at, largest, large_at)| CoefficientRange {
        smallest,
        smallest_at: name(small_at),
        largest,
        largest_at: name(large_at),
    })
}
