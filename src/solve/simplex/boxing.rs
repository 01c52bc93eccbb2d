//! Finite bounds for every variable, so that any basis is dual feasible
//! once each nonbasic variable sits at the bound its reduced cost prefers:
//! the dual simplex then needs no phase 1, and a basis kept from another
//! scenario is a valid start whatever its costs and bounds.
//!
//! Bounds come from the rows (bound propagation) where the rows imply
//! them; a column that no row bounds above but that costs nothing to lower
//! and only helps `≥`-sides of rows gets the largest value any of those
//! rows could want (a dominated bound: the optimum does not change). What
//! is still unbounded gets [`BIG`], and an answer that ends on such a bound
//! is refused by the caller.

use crate::lp::LinearProgram;

/// The least artificial bound of a variable nothing else bounds: larger
/// where the LP's costs could add up to more (a free value column such as
/// the CVaR's `η` is in money, and must be free to reach any scenario's
/// cost). See [`artificial_bound`].
pub(crate) const BIG: f64 = 1e9;

/// Passes of bound propagation over the rows.
const PASSES: usize = 4;

/// Per column and per row (the row activity), finite bounds, and which
/// of them are artificial.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Boxed {
    pub(crate) lower: Vec<f64>,
    pub(crate) upper: Vec<f64>,
    /// Whether each bound (lower, upper) of each variable is artificial
    /// (for a row's activity: summed from a column's artificial bound).
    pub(crate) artificial: Vec<(bool, bool)>,
    /// Whether each bound (lower, upper) of each variable, columns then
    /// rows, is the LP's own (not implied, dominated or artificial).
    pub(crate) original: Vec<(bool, bool)>,
}

/// Column-wise copy of the matrix: for each column its (row, value).
/// A column that copies the one before it is kept once (see
/// [`Columns::copy_sign`]).
#[derive(Clone)]
pub(crate) struct Columns {
    /// `start[j]..start[j + 1]` are column `j`'s entries in `row` and
    /// `value` (none for a copy: its original's are read).
    start: Vec<usize>,
    row: Vec<usize>,
    value: Vec<f64>,
    /// Per column, `±1` where it equals (or is the negative of) the
    /// nearest column before it that is no such copy, its original, else
    /// 0: a tableau row's entry of a copy is its original's, signed,
    /// without another pass over the entries (the decomposition's level
    /// projection writes every reservation as six such columns, its moves
    /// up and down).
    pub(crate) copy_sign: Vec<f64>,
    /// Per column, its original (itself where it is none's copy).
    original: Vec<usize>,
    /// Where any column is a copy: the rows of `A` without the copies'
    /// entries (start, column, value), for tableau rows formed by rows.
    pub(crate) originals_by_row: Option<(Vec<usize>, Vec<usize>, Vec<f64>)>,
}

impl Columns {
    pub(crate) fn of(lp: &LinearProgram) -> Columns {
        let n = lp.num_columns();
        let copy_sign = copy_signs(lp);
        let mut original: Vec<usize> = (0..n).collect();
        for j in 1..n {
            if copy_sign[j] != 0.0 {
                original[j] = original[j - 1];
            }
        }
        let kept = |j: usize| copy_sign[j] == 0.0;
        let mut count = vec![0usize; n + 1];
        for &j in lp.col_index.iter().filter(|&&j| kept(j)) {
            count[j + 1] += 1;
        }
        for j in 0..n {
            count[j + 1] += count[j];
        }
        let mut next = count.clone();
        let mut row = vec![0; count[n]];
        let mut value = vec![0.0; count[n]];
        let mut by_row = (n > 0 && count[n] < lp.num_nonzeros()).then(|| {
            let mut start = Vec::with_capacity(lp.num_rows() + 1);
            start.push(0);
            (
                start,
                Vec::with_capacity(count[n]),
                Vec::with_capacity(count[n]),
            )
        });
        for i in 0..lp.num_rows() {
            for (j, a) in lp.row_entries(i).filter(|&(j, _)| kept(j)) {
                row[next[j]] = i;
                value[next[j]] = a;
                next[j] += 1;
                if let Some((_, col, val)) = &mut by_row {
                    col.push(j);
                    val.push(a);
                }
            }
            if let Some((start, col, _)) = &mut by_row {
                start.push(col.len());
            }
        }
        Columns {
            start: count,
            row,
            value,
            copy_sign,
            original,
            originals_by_row: by_row,
        }
    }

    /// `y·a_j`, summed in the column's order (as `entries` lists it; a
    /// copy's is its original's, signed, which is the same number).
    #[inline]
    pub(crate) fn dot(&self, j: usize, y: &[f64]) -> f64 {
        let o = self.original[j];
        let range = self.start[o]..self.start[o + 1];
        let (rows, values) = (&self.row[range.clone()], &self.value[range]);
        let mut sum = -0.0;
        for (&i, &a) in rows.iter().zip(values) {
            sum += y[i] * a;
        }
        if self.copy_sign[j] == 0.0 {
            sum
        } else {
            self.copy_sign[j] * sum
        }
    }

    pub(crate) fn entries(&self, j: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let o = self.original[j];
        let sign = if self.copy_sign[j] == 0.0 {
            1.0
        } else {
            self.copy_sign[j]
        };
        let range = self.start[o]..self.start[o + 1];
        self.row[range.clone()]
            .iter()
            .copied()
            .zip(self.value[range].iter().map(move |&v| sign * v))
    }
}

/// Per column, `±1` where it is a copy ([`Columns::copy_sign`]), read
/// row by row: column `j` copies column `j − 1` with sign `s` where in
/// every row either both are absent or `a_ij = s·a_i,j−1` exactly.
fn copy_signs(lp: &LinearProgram) -> Vec<f64> {
    let n = lp.num_columns();
    // Against the column before: the sign seen so far (0: none yet).
    let mut sign = vec![0.0f64; n];
    // Column 0 has none before it.
    let mut ruled_out = vec![false; n];
    if let Some(first) = ruled_out.first_mut() {
        *first = true;
    }
    let mut scratch = vec![0.0f64; n];
    for i in 0..lp.num_rows() {
        for (j, a) in lp.row_entries(i) {
            if scratch[j] != 0.0 {
                // Twice in a row: no copy on either side of it.
                ruled_out[j] = true;
                if j + 1 < n {
                    ruled_out[j + 1] = true;
                }
            }
            scratch[j] = a;
        }
        for (j, a) in lp.row_entries(i) {
            if j >= 1 {
                let before = scratch[j - 1];
                let s = if before == a {
                    1.0
                } else if before == -a {
                    -1.0
                } else {
                    0.0
                };
                if s == 0.0 || (sign[j] != 0.0 && sign[j] != s) {
                    ruled_out[j] = true;
                }
                sign[j] = s;
            }
            if j + 1 < n && scratch[j + 1] == 0.0 {
                ruled_out[j + 1] = true;
            }
        }
        for (j, _) in lp.row_entries(i) {
            scratch[j] = 0.0;
        }
    }
    // Relative to the original: the product of the signs along the run.
    let mut signs = vec![0.0; n];
    for j in 1..n {
        if !ruled_out[j] && sign[j] != 0.0 {
            signs[j] = sign[j]
                * if signs[j - 1] == 0.0 {
                    1.0
                } else {
                    signs[j - 1]
                };
        }
    }
    signs
}

/// Finite bounds for the `n` columns and then the `m` row activities,
/// where the bounds are implied as if the columns listed in
/// `relaxed` had the given upper bounds (at least their own): what is
/// implied then holds for every LP that differs from `lp` only in those
/// upper bounds up to the given values. Those columns then get their own
/// upper bounds back. A Benders cut read off such a box holds wherever the
/// reservations may go (`decompose`). Rows listed in `unpropagated`
/// imply nothing: what is implied then also holds whatever those rows'
/// bounds (the quota and capacity rows whose duals price the nominal
/// numbers, so no price lands on a bound they implied).
pub(crate) fn box_bounds_relaxed(
    lp: &LinearProgram,
    columns: &Columns,
    relaxed: &[(usize, f64)],
    unpropagated: &[usize],
) -> Boxed {
    let mut boxed = box_relaxed(lp, columns, relaxed, unpropagated, 1.0);
    restore_own_bounds(lp, relaxed, &mut boxed);
    boxed
}

/// [`box_bounds_relaxed`] before the relaxed columns get their own upper
/// bounds back: a function of the LP only through its matrix, costs, row
/// bounds and column bounds with the relaxed columns' upper bounds at
/// `max(own, relaxed)` (so the same for any own upper bounds up to the
/// relaxed values: the decomposition keeps it per scenario, `prepared`).
/// The artificial bound is `widen` times its least value (a solve whose
/// infeasibility rested on an artificial bound derives its box again,
/// wider: a value column in money can pass the least one where its cost
/// comes only through rows, as every scenario cost does at λ = 1).
pub(crate) fn box_relaxed(
    lp: &LinearProgram,
    columns: &Columns,
    relaxed: &[(usize, f64)],
    unpropagated: &[usize],
    widen: f64,
) -> Boxed {
    let n = lp.num_columns();
    let m = lp.num_rows();
    let mut propagates = vec![true; m];
    for &i in unpropagated.iter().filter(|&&i| i < m) {
        propagates[i] = false;
    }
    let mut lower: Vec<f64> = lp.columns.iter().map(|c| c.lower).collect();
    let mut upper: Vec<f64> = lp.columns.iter().map(|c| c.upper).collect();
    for &(j, value) in relaxed {
        upper[j] = upper[j].max(value);
    }
    for _ in 0..PASSES {
        let mut changed = false;
        for i in (0..m).filter(|&i| propagates[i]) {
            let row = &lp.rows[i];
            // Activity bounds from the others: the smallest and largest
            // of Σ a·x, and how many entries are unbounded each way.
            let (mut lo, mut hi, mut lo_inf, mut hi_inf) = (0.0, 0.0, 0usize, 0usize);
            for (j, a) in lp.row_entries(i) {
                let (a_lo, a_hi) = if a > 0.0 {
                    (a * lower[j], a * upper[j])
                } else {
                    (a * upper[j], a * lower[j])
                };
                if a_lo.is_finite() {
                    lo += a_lo
                } else {
                    lo_inf += 1
                }
                if a_hi.is_finite() {
                    hi += a_hi
                } else {
                    hi_inf += 1
                }
            }
            for (j, a) in lp.row_entries(i) {
                let (a_lo, a_hi) = if a > 0.0 {
                    (a * lower[j], a * upper[j])
                } else {
                    (a * upper[j], a * lower[j])
                };
                // Σ_others ≥ lo_others, so a·x_j ≤ row.upper − lo_others.
                let others_lo = if a_lo.is_finite() {
                    (lo_inf == 0).then_some(lo - a_lo)
                } else {
                    (lo_inf == 1).then_some(lo)
                };
                let others_hi = if a_hi.is_finite() {
                    (hi_inf == 0).then_some(hi - a_hi)
                } else {
                    (hi_inf == 1).then_some(hi)
                };
                if let Some(others) = others_lo
                    && row.upper.is_finite()
                {
                    let cap = (row.upper - others) / a;
                    changed |= tighten(&mut lower[j], &mut upper[j], a > 0.0, cap);
                }
                if let Some(others) = others_hi
                    && row.lower.is_finite()
                {
                    let cap = (row.lower - others) / a;
                    changed |= tighten(&mut lower[j], &mut upper[j], a < 0.0, cap);
                }
            }
        }
        if !changed {
            break;
        }
    }
    dominated_bounds(lp, columns, &lower, &mut upper);
    let big = widen * artificial_bound(lp, &lower, &upper);
    let mut artificial = vec![(false, false); n + m];
    for j in 0..n {
        if !lower[j].is_finite() {
            lower[j] = -big;
            artificial[j].0 = true;
        }
        if !upper[j].is_finite() {
            upper[j] = big;
            artificial[j].1 = true;
        }
    }
    // Row activities: the row's bounds, else what the (relaxed) columns
    // allow.
    let mut activity_lower = Vec::with_capacity(m);
    let mut activity_upper = Vec::with_capacity(m);
    for i in 0..m {
        let row = &lp.rows[i];
        // Each side's sum, and whether an artificial bound is in it (then
        // so is the activity's bound, where the row gives none).
        let (mut lo, mut hi) = (0.0, 0.0);
        let (mut lo_artificial, mut hi_artificial) = (false, false);
        for (j, a) in lp.row_entries(i) {
            let (lower_artificial, upper_artificial) = artificial[j];
            if a > 0.0 {
                lo += a * lower[j];
                hi += a * upper[j];
                lo_artificial |= lower_artificial;
                hi_artificial |= upper_artificial;
            } else {
                lo += a * upper[j];
                hi += a * lower[j];
                lo_artificial |= upper_artificial;
                hi_artificial |= lower_artificial;
            }
        }
        activity_lower.push(if row.lower.is_finite() {
            row.lower
        } else {
            artificial[n + i].0 = lo_artificial && lo < row.upper;
            lo.min(row.upper)
        });
        activity_upper.push(if row.upper.is_finite() {
            row.upper
        } else {
            artificial[n + i].1 = hi_artificial && hi > row.lower;
            hi.max(row.lower)
        });
    }
    lower.extend(activity_lower);
    upper.extend(activity_upper);
    let mut original = Vec::with_capacity(n + m);
    for (j, c) in lp.columns.iter().enumerate() {
        original.push((lower[j] == c.lower, upper[j] == c.upper));
    }
    for (i, row) in lp.rows.iter().enumerate() {
        original.push((lower[n + i] == row.lower, upper[n + i] == row.upper));
    }
    Boxed {
        lower,
        upper,
        artificial,
        original,
    }
}

/// The relaxed columns of a [`box_relaxed`] box get their own upper
/// bounds back (where below the relaxed ones), and with them whether
/// each is the LP's own.
pub(crate) fn restore_own_bounds(lp: &LinearProgram, relaxed: &[(usize, f64)], boxed: &mut Boxed) {
    for &(j, _) in relaxed {
        let own = lp.columns[j].upper;
        if own < boxed.upper[j] {
            boxed.upper[j] = own.max(boxed.lower[j]);
            boxed.artificial[j].1 = false;
        }
        boxed.original[j].1 = boxed.upper[j] == own;
    }
}

/// The artificial bound: [`BIG`], or ten times the most the bounded
/// columns could cost together (`Σ |c_j|·max(|l_j|, |u_j|)`) where that is
/// larger, so no value column's optimum can reach it.
fn artificial_bound(lp: &LinearProgram, lower: &[f64], upper: &[f64]) -> f64 {
    let most: f64 = lp
        .columns
        .iter()
        .zip(lower.iter().zip(upper))
        .map(|(c, (&lo, &hi))| {
            let reach = [lo, hi]
                .iter()
                .filter(|b| b.is_finite())
                .fold(0.0f64, |a, b| a.max(b.abs()));
            c.cost.abs() * reach
        })
        .sum();
    BIG.max(10.0 * most)
}

/// Moves a bound of `x` inward to `cap`: the upper bound when `is_upper`.
/// Tightening by less than a relative 1e-12 is not a change.
fn tighten(lower: &mut f64, upper: &mut f64, is_upper: bool, cap: f64) -> bool {
    if !cap.is_finite() {
        return false;
    }
    let slack = 1e-12 * cap.abs().max(1.0);
    if is_upper && cap < *upper - slack {
        *upper = cap.max(*lower);
        true
    } else if !is_upper && cap > *lower + slack {
        *lower = cap.min(*upper);
        true
    } else {
        false
    }
}

/// A column with cost ≥ 0 (not read here: the caller checks the cost
/// sign) and no upper bound whose every entry pushes a row towards its
/// lower side only is bounded by what those rows could ask of it.
fn dominated_bounds(lp: &LinearProgram, columns: &Columns, lower: &[f64], upper: &mut [f64]) {
    for j in 0..lp.num_columns() {
        if upper[j].is_finite() || lp.columns[j].cost < 0.0 || !lower[j].is_finite() {
            continue;
        }
        let mut need: f64 = lower[j];
        let mut ok = true;
        for (i, a) in columns.entries(j) {
            let row = &lp.rows[i];
            if a <= 0.0 || row.upper.is_finite() || !row.lower.is_finite() {
                ok = false;
                break;
            }
            // Smallest activity of the others.
            let mut others = 0.0;
            for (k, b) in lp.row_entries(i) {
                if k == j {
                    continue;
                }
                others += if b > 0.0 { b * lower[k] } else { b * upper[k] };
            }
            if !others.is_finite() {
                ok = false;
                break;
            }
            need = need.max((row.lower - others) / a);
        }
        if ok && need.is_finite() {
            upper[j] = need.max(lower[j]);
        }
    }
}
