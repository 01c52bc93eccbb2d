//! The certificate: the answer mapped back onto the whole LP, clipped,
//! verified, and accepted only with a duality gap, recomputed from the LP,
//! within 1e-6 of its objective (point 3).

#[allow(unused_imports)]
use super::*;

/// The largest duality gap, relative to `max(1, |objective|)`, of an
/// accepted answer: the agreement with the reference solver the planner
/// promises.
pub(super) const OPTIMALITY: f64 = 1e-6;

/// An accepted answer with a larger gap than this gets a second attempt,
/// and the better of the two is kept: an order of magnitude inside the
/// promise, at the cost of a second solve for about 1 generated model in
/// 1,000.
pub(super) const REFINE: f64 = 1e-7;

/// The LP's column values and row duals from Clarabel's answer on the
/// presolved LP.
///
/// Row duals: Clarabel's `z` gives `∂optimum/∂b = −z`, and `b` is
/// `sign·bound`, so a row part contributes `−sign·z`. Each forcing row then
/// takes, in the reverse of the order it fixed its columns, the multiplier
/// of its sign nearest 0 that leaves those columns' reduced costs `c − Aᵀy`
/// of the sign their bound needs (the usual postsolve of a forcing row);
/// rows left out as constants keep 0.
pub(super) fn postsolve(
    lp: &LinearProgram,
    reduced: &Reduced,
    conic: &Conic,
    answer: &Answer,
) -> (Vec<f64>, Vec<f64>) {
    let values: Vec<f64> = reduced
        .fixed
        .iter()
        .zip(&reduced.index)
        .map(|(f, &k)| f.unwrap_or_else(|| answer.x.get(k).map_or(0.0, |x| x * conic.scale[k])))
        .collect();
    let mut duals = vec![0.0; lp.num_rows()];
    for (s, &z) in conic.sources.iter().zip(&answer.z) {
        if let Source::Row { i, sign } = *s {
            duals[i] -= sign * z;
        }
    }
    if reduced.forcing.is_empty() {
        return (values, duals);
    }
    let mut reduced_cost: Vec<f64> = lp.columns.iter().map(|c| c.cost).collect();
    for (i, &y) in duals.iter().enumerate() {
        if y != 0.0 {
            for (j, a) in lp.row_entries(i) {
                reduced_cost[j] -= a * y;
            }
        }
    }
    for &(i, side) in reduced.forcing.iter().rev() {
        let mut y = 0.0_f64;
        for (j, a) in lp.row_entries(i) {
            if reduced.forced_by[j] == i {
                let t = reduced_cost[j] / a;
                y = if side > 0.0 { y.min(t) } else { y.max(t) };
            }
        }
        duals[i] = y;
        if y != 0.0 {
            for (j, a) in lp.row_entries(i) {
                reduced_cost[j] -= a * y;
            }
        }
    }
    (values, duals)
}

/// The duality gap `c·x − L(y)` of an answer, relative to
/// `max(1, |c·x|)`, where `L(y)` is the Lagrangian bound of the duals:
/// each row and column at the bound its multiplier's sign selects. A
/// multiplier against an infinite bound (round-off on a free column or a
/// one-sided row) is taken at the answer instead.
pub(super) fn duality_gap(lp: &LinearProgram, values: &[f64], duals: &[f64]) -> f64 {
    let mut reduced_cost: Vec<f64> = lp.columns.iter().map(|c| c.cost).collect();
    let mut bound = 0.0;
    for (i, &y) in duals.iter().enumerate() {
        if y == 0.0 {
            continue;
        }
        let row = &lp.rows[i];
        let b = if y > 0.0 { row.lower } else { row.upper };
        bound += if b.is_finite() {
            y * b
        } else {
            y * lp.activity(i, values)
        };
        for (j, a) in lp.row_entries(i) {
            reduced_cost[j] -= a * y;
        }
    }
    for ((c, d), x) in lp.columns.iter().zip(&reduced_cost).zip(values) {
        let b = if *d > 0.0 { c.lower } else { c.upper };
        bound += if b.is_finite() { d * b } else { d * x };
    }
    let objective = lp.objective(values);
    (objective - bound) / objective.abs().max(1.0)
}

/// Accepts an answer only if it passes [`verify`] and is provably close
/// to optimal: Clarabel's own gap estimate was not a valid bound on these
/// LPs, so the gap is recomputed from the LP, the columns and the duals.
/// Returns the answer with that gap.
pub(super) fn accept(
    lp: &LinearProgram,
    solution: Solution,
    status: SolverStatus,
) -> Result<(Solution, f64), SolveError> {
    let mut checked = solution.clone();
    verify(lp, &mut checked, Tolerances::default()).map_err(|e| {
        failed(format!(
            "Clarabel stopped with status {status}, but its answer fails the check: {e}"
        ))
    })?;
    let duals = solution.row_duals.as_deref().unwrap_or_default();
    let gap = duality_gap(lp, &solution.values, duals);
    // NaN (from an infinite or NaN column) fails too.
    if gap.is_nan() || gap > OPTIMALITY {
        return Err(failed(format!(
            "Clarabel stopped with status {status}, but its answer is {gap:.1e} (relative) above the bound its duals give: not optimal"
        )));
    }
    Ok((solution, gap))
}
