//! A starting basis guessed from a point near the optimum (an interior
//! point's answer): the crossover's first step. The variables farthest
//! inside their bounds are basic, the rest are nonbasic; the crossover
//! then pushes those still inside their bounds to bounds (`push`) and
//! the simplex finishes from there (an interior point's answer is near its
//! optimal face, so few pivots remain).

use super::{Basis, Status};
use crate::lp::LinearProgram;

/// A variable this close to a bound (relative to its magnitude) counts as
/// at it (an interior point's answer stays about 1e-6 off the bounds it
/// sits at; counting those inside cost the magnets model's crossover a
/// fifth more pivots).
const AT_BOUND: f64 = 1e-5;

/// The basis whose basic variables are the `m` farthest from their bounds
/// at `values` (columns, then the rows' activities; depth over reduced
/// cost, [`score`]), ties broken toward the rows' logicals (the slack
/// basis is never singular) and then by index, so the guess is the same
/// on every run. Variables at a bound are basic only where fewer than `m`
/// are inside theirs, those with the smallest reduced costs first (at a
/// degenerate vertex they are the basic ones at their bounds).
pub(super) fn crash_basis(lp: &LinearProgram, values: &[f64], duals: Option<&[f64]>) -> Basis {
    let (m, n) = (lp.num_rows(), lp.num_columns());
    // Reduced costs from the duals: a basic variable's is near 0, a
    // nonbasic one's near its distance's scale (complementarity).
    let reduced: Vec<f64> = match duals.filter(|y| y.len() == m) {
        Some(y) => {
            let mut d: Vec<f64> = lp.columns.iter().map(|c| c.cost).collect();
            for (i, &yi) in y.iter().enumerate() {
                if yi != 0.0 {
                    for (j, a) in lp.row_entries(i) {
                        d[j] -= yi * a;
                    }
                }
            }
            d.extend_from_slice(y);
            d
        }
        None => vec![0.0; n + m],
    };
    let cost_scale = lp.columns.iter().map(|c| c.cost.abs()).fold(1.0, f64::max);
    let mut inside = Vec::with_capacity(n + m);
    let mut status = Vec::with_capacity(n + m);
    for (j, column) in lp.columns.iter().enumerate() {
        let (depth, at) = place(
            values.get(j).copied().unwrap_or(0.0),
            column.lower,
            column.upper,
        );
        inside.push(score(depth, reduced[j], cost_scale));
        status.push(at);
    }
    for (i, row) in lp.rows.iter().enumerate() {
        let (depth, at) = place(lp.activity(i, values), row.lower, row.upper);
        inside.push(score(depth, reduced[n + i], cost_scale));
        status.push(at);
    }
    let mut order: Vec<usize> = (0..n + m).collect();
    // Deepest first; at an equal score, logicals first.
    order.sort_by(|&a, &b| {
        inside[b]
            .total_cmp(&inside[a])
            .then((b >= n).cmp(&(a >= n)))
            .then(a.cmp(&b))
    });
    let mut basic: Vec<usize> = order.into_iter().take(m).collect();
    basic.sort_unstable();
    for &j in &basic {
        status[j] = Status::Basic;
    }
    Basis { basic, status }
}

/// A variable's claim to be basic: inside its bounds, its depth over its
/// reduced cost; at a bound, the smaller its reduced cost the better
/// (below every variable inside; a degenerate basic variable's is 0).
fn score(depth: f64, reduced: f64, cost_scale: f64) -> f64 {
    let d = reduced.abs() / cost_scale;
    if depth > 0.0 {
        depth / d.max(1e-12)
    } else {
        -d
    }
}

/// How far inside its bounds a value is (relative, 0 at or beyond a bound,
/// infinite for a free variable) and the bound it is nearer.
pub(super) fn place(value: f64, lower: f64, upper: f64) -> (f64, Status) {
    let scale = value.abs().max(1.0);
    let below = (value - lower) / scale;
    let above = (upper - value) / scale;
    let status = if above < below {
        Status::Upper
    } else {
        Status::Lower
    };
    let depth = below.min(above);
    let depth = if depth <= AT_BOUND { 0.0 } else { depth };
    (depth, status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deepest_variables_are_basic() {
        // min -x - y, x + y ≤ 4 (row 0), x ≤ 3, y ≤ 3: optimum on the face
        // x + y = 4; at (2, 2) both columns are inside, the row is at its
        // bound, so one column is basic (the lower index at equal depth).
        let mut lp = LinearProgram::new();
        let x = lp.add_column("x".into(), 0.0, 3.0, -1.0);
        let y = lp.add_column("y".into(), 0.0, 3.0, -1.0);
        lp.add_row("r".into(), f64::NEG_INFINITY, 4.0, &[(x, 1.0), (y, 1.0)]);
        let basis = crash_basis(&lp, &[2.0, 2.0], None);
        assert_eq!(basis.basic, vec![0]);
        assert_eq!(basis.status[2], Status::Upper);
        // At (0.5, 3) the column x is the one inside.
        let basis = crash_basis(&lp, &[0.5, 3.0], None);
        assert_eq!(basis.basic, vec![0]);
        assert_eq!(basis.status[1], Status::Upper);
        // At (0, 0) nothing is inside but the row: its logical is basic.
        let basis = crash_basis(&lp, &[0.0, 0.0], None);
        assert_eq!(basis.basic, vec![2]);
    }

    /// Five identical columns under one row: Clarabel's answer spreads
    /// the row's 10 over all five; the crossover's has one column basic.
    #[cfg(feature = "clarabel")]
    #[test]
    fn the_crossover_ends_at_a_vertex() {
        use crate::solve::{Backend, ClarabelBackend, SolveOptions};
        let mut lp = LinearProgram::new();
        let columns: Vec<usize> = (0..5)
            .map(|k| lp.add_column(format!("x{k}"), 0.0, 4.0, -1.0))
            .collect();
        let terms: Vec<(usize, f64)> = columns.iter().map(|&j| (j, 1.0)).collect();
        lp.add_row("r".into(), f64::NEG_INFINITY, 10.0, &terms);
        let interior = ClarabelBackend
            .solve(&lp, &SolveOptions::default())
            .expect("clarabel solves it");
        let inside = |x: &[f64]| x.iter().filter(|&&v| v > 1e-6 && v < 4.0 - 1e-6).count();
        assert_eq!(inside(&interior.values), 5);
        let (vertex, pivots) =
            super::super::crossover(&lp, &interior.values, interior.row_duals.as_deref(), None)
                .expect("the crossover");
        assert!((vertex.objective - (-10.0)).abs() < 1e-9);
        assert!((interior.objective - vertex.objective).abs() < 1e-6);
        // One column basic (between its bounds at most), the rest at 0 or 4.
        assert!(inside(&vertex.values) <= 1, "{:?}", vertex.values);
        assert!(
            vertex
                .values
                .iter()
                .all(|&v| v.abs() < 1e-12 || (v - 4.0).abs() < 1e-12 || inside(&[v]) == 1)
        );
        assert!(pivots <= 5, "{pivots} pivots");
        // The row's dual prices its bound: one more unit is worth −1.
        let duals = vertex.row_duals.expect("the simplex's duals");
        assert!((duals[0].abs() - 1.0).abs() < 1e-9, "{duals:?}");
    }
}
