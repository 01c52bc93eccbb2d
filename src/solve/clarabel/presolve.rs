//! The presolve: columns that forcing rows pin to a bound are fixed, and
//! the rows left empty dropped (point 1 of the parent module).

#[allow(unused_imports)]
use super::*;

/// Below this (relative) a row's slack at its tightest is zero: the row
/// forces its columns.
pub(super) const FORCING: f64 = 1e-12;

/// Beyond this (relative) a row cannot be met at all.
pub(super) const IMPOSSIBLE: f64 = 1e-9;

/// What the presolve found: the columns fixed by their own bounds or by a
/// forcing row, and the rows left for Clarabel with the fixed columns'
/// part moved into their bounds.
///
/// A forcing row is one that its columns' bounds let hold only at its
/// bound, such as `Σ r ≤ 0` with `r ≥ 0`: every unfixed column in it is
/// fixed at the bound that attains the row's, which may make further rows
/// forcing.
#[derive(Debug, Default)]
pub(super) struct Reduced {
    /// The value of each fixed column; `None` for the ones Clarabel solves.
    pub(super) fixed: Vec<Option<f64>>,
    /// Clarabel's index of each unfixed column (`NONE` if fixed).
    pub(super) index: Vec<usize>,
    /// The LP's index of each of Clarabel's columns.
    pub(super) kept: Vec<usize>,
    /// The rows Clarabel sees: (row, lower, upper), bounds net of the fixed
    /// columns.
    pub(super) rows: Vec<(usize, f64, f64)>,
    /// The forcing rows in the order they fixed columns, with the side they
    /// hold at: `1.0` upper, `-1.0` lower.
    pub(super) forcing: Vec<(usize, f64)>,
    /// The forcing row that fixed each column (`NONE` if none did).
    pub(super) forced_by: Vec<usize>,
}

/// Row `i` split into the fixed columns' part and the rest.
pub(super) struct Activity {
    /// The fixed columns' part.
    pub(super) constant: f64,
    /// The least activity of the rest within its bounds (`None`: −∞).
    pub(super) least: Option<f64>,
    /// The greatest (`None`: +∞).
    pub(super) greatest: Option<f64>,
    /// How many unfixed entries.
    pub(super) unfixed: usize,
    /// The size of the terms, for relative tests.
    pub(super) magnitude: f64,
}

pub(super) fn activity(lp: &LinearProgram, fixed: &[Option<f64>], i: usize) -> Activity {
    let mut act = Activity {
        constant: 0.0,
        least: Some(0.0),
        greatest: Some(0.0),
        unfixed: 0,
        magnitude: 0.0,
    };
    for (j, a) in lp.row_entries(i) {
        if let Some(v) = fixed[j] {
            act.constant += a * v;
            act.magnitude += (a * v).abs();
            continue;
        }
        act.unfixed += 1;
        let c = &lp.columns[j];
        let (low, high) = if a > 0.0 {
            (a * c.lower, a * c.upper)
        } else {
            (a * c.upper, a * c.lower)
        };
        act.least = act.least.filter(|_| low.is_finite()).map(|s| s + low);
        act.greatest = act.greatest.filter(|_| high.is_finite()).map(|s| s + high);
        act.magnitude += low.abs().min(high.abs());
    }
    act
}

pub(super) fn finite_or_zero(v: f64) -> f64 {
    if v.is_finite() { v } else { 0.0 }
}

/// Fixes the columns that forcing rows (repeatedly) pin to a bound, and
/// drops the rows left with no unfixed column. Rows that name a column
/// twice never force (their per-entry bounds would be wrong). A row that
/// cannot hold within its columns' bounds makes the LP infeasible.
pub(super) fn presolve(lp: &LinearProgram) -> Result<Reduced, SolveError> {
    let n = lp.num_columns();
    let m = lp.num_rows();
    let mut fixed: Vec<Option<f64>> = lp
        .columns
        .iter()
        .map(|c| (c.lower == c.upper).then_some(c.lower))
        .collect();
    let mut forced_by = vec![NONE; n];
    let mut forcing = Vec::new();
    let mut is_forcing = vec![false; m];
    // Rows that cannot (or can no longer) force.
    let mut settled = vec![false; m];
    let mut seen = vec![NONE; n];
    for (i, done) in settled.iter_mut().enumerate() {
        for (j, _) in lp.row_entries(i) {
            if seen[j] == i {
                *done = true;
            }
            seen[j] = i;
        }
    }
    loop {
        let mut changed = false;
        for i in 0..m {
            if settled[i] {
                continue;
            }
            let act = activity(lp, &fixed, i);
            if act.unfixed == 0 {
                settled[i] = true;
                continue;
            }
            let row = &lp.rows[i];
            let scale = 1.0_f64
                .max(act.magnitude)
                .max(finite_or_zero(row.upper).abs())
                .max(finite_or_zero(row.lower).abs());
            // Slack left at the least activity below the upper bound, and
            // at the greatest above the lower.
            let up = act
                .least
                .filter(|_| row.upper.is_finite())
                .map(|least| row.upper - act.constant - least);
            let down = act
                .greatest
                .filter(|_| row.lower.is_finite())
                .map(|greatest| act.constant + greatest - row.lower);
            let side = match (up, down) {
                (Some(slack), _) | (_, Some(slack)) if slack < -IMPOSSIBLE * scale => {
                    return Err(SolveError::Infeasible);
                }
                (Some(slack), _) if slack <= FORCING * scale => 1.0,
                (_, Some(slack)) if slack <= FORCING * scale => -1.0,
                _ => continue,
            };
            for (j, a) in lp.row_entries(i) {
                if fixed[j].is_some() {
                    continue;
                }
                let c = &lp.columns[j];
                fixed[j] = Some(if (a > 0.0) == (side > 0.0) {
                    c.lower
                } else {
                    c.upper
                });
                forced_by[j] = i;
            }
            forcing.push((i, side));
            is_forcing[i] = true;
            settled[i] = true;
            changed = true;
        }
        if !changed {
            break;
        }
    }
    let mut rows = Vec::new();
    for (i, &forces) in is_forcing.iter().enumerate() {
        if forces {
            continue;
        }
        let act = activity(lp, &fixed, i);
        let row = &lp.rows[i];
        if act.unfixed == 0 {
            // A constant now: it must hold as it is.
            let v = (row.lower - act.constant).max(act.constant - row.upper);
            if v > IMPOSSIBLE * act.magnitude.max(1.0) {
                return Err(SolveError::Infeasible);
            }
            continue;
        }
        rows.push((i, row.lower - act.constant, row.upper - act.constant));
    }
    let mut index = vec![NONE; n];
    let mut kept = Vec::new();
    for (j, f) in fixed.iter().enumerate() {
        if f.is_none() {
            index[j] = kept.len();
            kept.push(j);
        }
    }
    Ok(Reduced {
        fixed,
        index,
        kept,
        rows,
        forcing,
        forced_by,
    })
}
