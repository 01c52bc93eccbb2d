//! The conic translation: rows and bounds as `A·x + s = b` over the zero
//! and the nonnegative cone, with small costs scaled up (point 4).

#[allow(unused_imports)]
use super::*;

/// A column whose cost is below this fraction of the largest (in absolute
/// value) is scaled up, by at most [`MAX_SCALE`], until its cost reaches
/// it: Clarabel measures dual residuals against the largest cost, so it
/// otherwise leaves the reduced cost of such a column wrong by far more
/// than its cost. On the generated CVaR models (`z_k` at ~4e8 with costs
/// ~3e-6, against reservation costs ~1e3) that made the duals' bound
/// 2.5e-5 below the answer; scaled, 8e-8.
pub(super) const COST_FLOOR: f64 = 1e-5;

/// The largest scale of a column.
pub(super) const MAX_SCALE: f64 = 1e6;

/// Marks no column or row.
pub(super) const NONE: usize = usize::MAX;

/// Where one of Clarabel's rows comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Source {
    /// Row `i` of the LP, with its coefficients times `sign`.
    Row { i: usize, sign: f64 },
    /// Column `j`'s bound: one entry `sign` in column `j`.
    Column { j: usize, sign: f64 },
}

/// The presolved LP in Clarabel's form.
pub(super) struct Conic {
    pub(super) a: CscMatrix<f64>,
    pub(super) b: Vec<f64>,
    pub(super) cones: Vec<SupportedConeT<f64>>,
    /// The origin of each of Clarabel's rows, in order.
    pub(super) sources: Vec<Source>,
    /// Clarabel's column `k` is the LP's kept column divided by `scale[k]`.
    pub(super) scale: Vec<f64>,
}

/// Builds Clarabel's `A`, `b` and cones from a checked, presolved LP.
///
/// The rows are listed first (zero cone, then nonnegative), then `A` is made
/// by one counting-sort transpose of our CSR: walking Clarabel's rows in
/// order leaves each column's row indices sorted. Repeated (row, column)
/// entries, which our CSR allows, end up adjacent and are summed.
pub(super) fn translate(lp: &LinearProgram, reduced: &Reduced) -> Conic {
    let n = reduced.kept.len();
    // Columns whose cost is tiny next to the largest are scaled up.
    let largest = reduced
        .kept
        .iter()
        .map(|&j| lp.columns[j].cost.abs())
        .fold(0.0, f64::max);
    let scale: Vec<f64> = reduced
        .kept
        .iter()
        .map(|&j| {
            let c = lp.columns[j].cost.abs();
            if c > 0.0 {
                (COST_FLOOR * largest / c).clamp(1.0, MAX_SCALE)
            } else {
                1.0
            }
        })
        .collect();
    let mut zero: Vec<(Source, f64)> = Vec::new();
    let mut nonneg: Vec<(Source, f64)> = Vec::new();
    for &(i, lower, upper) in &reduced.rows {
        if lp.rows[i].lower == lp.rows[i].upper {
            zero.push((Source::Row { i, sign: 1.0 }, upper));
            continue;
        }
        if upper.is_finite() {
            nonneg.push((Source::Row { i, sign: 1.0 }, upper));
        }
        if lower.is_finite() {
            nonneg.push((Source::Row { i, sign: -1.0 }, -lower));
        }
    }
    for &j in &reduced.kept {
        let c = &lp.columns[j];
        let sj = scale[reduced.index[j]];
        if c.upper.is_finite() {
            nonneg.push((Source::Column { j, sign: 1.0 }, c.upper / sj));
        }
        if c.lower.is_finite() {
            nonneg.push((Source::Column { j, sign: -1.0 }, -c.lower / sj));
        }
    }
    let mut cones = Vec::with_capacity(2);
    if !zero.is_empty() {
        cones.push(SupportedConeT::ZeroConeT(zero.len()));
    }
    if !nonneg.is_empty() {
        cones.push(SupportedConeT::NonnegativeConeT(nonneg.len()));
    }
    let m = zero.len() + nonneg.len();
    let mut sources = Vec::with_capacity(m);
    let mut b = Vec::with_capacity(m);
    for (source, rhs) in zero.into_iter().chain(nonneg) {
        sources.push(source);
        b.push(rhs);
    }

    let index = &reduced.index;
    let row = |i: usize| lp.row_start[i]..lp.row_start[i + 1];
    // Entries per column, then column starts.
    let mut colptr = vec![0usize; n + 1];
    for s in &sources {
        match *s {
            Source::Row { i, .. } => {
                for &j in &lp.col_index[row(i)] {
                    if index[j] != NONE {
                        colptr[index[j] + 1] += 1;
                    }
                }
            }
            Source::Column { j, .. } => colptr[index[j] + 1] += 1,
        }
    }
    for j in 0..n {
        colptr[j + 1] += colptr[j];
    }
    let nnz = colptr[n];
    let mut next = colptr.clone();
    let mut rowval = vec![0usize; nnz];
    let mut nzval = vec![0.0f64; nnz];
    for (k, s) in sources.iter().enumerate() {
        match *s {
            Source::Row { i, sign } => {
                for (&j, &v) in lp.col_index[row(i)].iter().zip(&lp.values[row(i)]) {
                    let c = index[j];
                    if c != NONE {
                        rowval[next[c]] = k;
                        nzval[next[c]] = sign * v * scale[c];
                        next[c] += 1;
                    }
                }
            }
            Source::Column { j, sign } => {
                let c = index[j];
                rowval[next[c]] = k;
                nzval[next[c]] = sign;
                next[c] += 1;
            }
        }
    }
    // Sum repeated entries in place.
    let mut write = 0;
    let mut start = 0;
    for j in 0..n {
        let end = colptr[j + 1];
        let first = write;
        for read in start..end {
            if write > first && rowval[write - 1] == rowval[read] {
                nzval[write - 1] += nzval[read];
            } else {
                rowval[write] = rowval[read];
                nzval[write] = nzval[read];
                write += 1;
            }
        }
        start = end;
        colptr[j + 1] = write;
    }
    rowval.truncate(write);
    nzval.truncate(write);

    Conic {
        a: CscMatrix::new(m, n, colptr, rowval, nzval),
        b,
        cones,
        sources,
        scale,
    }
}
