//! The basis matrix in factored form: a sparse LU of the basis at its last
//! refactorisation, and one eta vector per pivot since (the product form
//! of the update), so `B⁻¹·v` and `c·B⁻¹` cost what the factors hold, not
//! `m²`.
//!
//! The LU is left-looking (Gilbert–Peierls): columns in the order
//! `order` gives (the triangular parts, found by singletons, first and
//! last; the kernel between, sparsest first), each solved
//! against the `L` built so far along the reach of its nonzeros, with
//! threshold partial pivoting that prefers rows with few entries left.
//! With `P·B·Q = L·U`, `L` is stored by columns (unit diagonal) and `U` by
//! columns (diagonal apart), and both again by rows, so that `c·B⁻¹`
//! scatters too and skips what is zero (`sparse` has the solves that
//! visit only the reached steps).
//!
//! The simplex's dual steepest-edge weights `‖e_r·B⁻¹‖²` live here too:
//! they belong to the basis, survive a refactorisation, and are lost with
//! it.

mod order;
mod sparse;

/// A basis's columns in one array (one allocation, not one per column):
/// column `k`'s nonzeros `(row, value)` are `entries[start[k]..start[k + 1]]`.
pub(super) struct BasisColumns {
    start: Vec<usize>,
    entries: Vec<(usize, f64)>,
}

impl BasisColumns {
    /// How many columns.
    pub(super) fn len(&self) -> usize {
        self.start.len() - 1
    }

    /// Each column's nonzeros, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &[(usize, f64)]> {
        (0..self.len()).map(|k| &self[k])
    }
}

impl std::ops::Index<usize> for BasisColumns {
    type Output = [(usize, f64)];
    fn index(&self, k: usize) -> &[(usize, f64)] {
        &self.entries[self.start[k]..self.start[k + 1]]
    }
}

#[cfg(test)]
impl From<&[Vec<(usize, f64)>]> for BasisColumns {
    fn from(columns: &[Vec<(usize, f64)>]) -> BasisColumns {
        let mut start = vec![0];
        let mut entries = Vec::new();
        for column in columns {
            entries.extend_from_slice(column);
            start.push(entries.len());
        }
        BasisColumns { start, entries }
    }
}

/// No step / no row.
const NONE: usize = usize::MAX;
/// Pivot candidates within this share of the column's largest entry are
/// equally good numerically; among them the row with fewest entries left
/// wins.
const THRESHOLD: f64 = 0.1;
/// Below this (relative to the column's largest entry, or absolutely) a
/// basis is singular.
const SINGULAR: f64 = 1e-11;
/// Weights are computed exactly (one `c·B⁻¹` per row) up to this many
/// rows, and start at 1 above.
const EXACT_WEIGHTS_ROWS: usize = 20_000;

/// The factors of one basis.
#[derive(Debug, Clone, PartialEq, Default)]
struct Lu {
    /// Basis position of the `k`-th pivot (`Q`).
    position: Vec<usize>,
    /// Row pivoted at step `k` (`P`).
    pivot_row: Vec<usize>,
    /// `L`'s columns by step: entries below the unit diagonal, by row.
    l_start: Vec<usize>,
    l_row: Vec<usize>,
    l_value: Vec<f64>,
    /// `U`'s columns by step: entries above the diagonal, by step.
    u_start: Vec<usize>,
    u_step: Vec<usize>,
    u_value: Vec<f64>,
    u_diagonal: Vec<f64>,
    /// `U` by rows (step `k`'s entries right of the diagonal, by step) and
    /// `L` by rows (the row pivoted at step `t`: its entries left of the
    /// diagonal, by step), so `c·B⁻¹` scatters and skips zeros.
    ur_start: Vec<usize>,
    ur_step: Vec<usize>,
    ur_value: Vec<f64>,
    lr_start: Vec<usize>,
    lr_step: Vec<usize>,
    lr_value: Vec<f64>,
    /// The step each basis position was pivoted at (`Q⁻¹`), and each row
    /// (`P⁻¹`).
    step_of_position: Vec<usize>,
    step_of_row: Vec<usize>,
}

/// A singular basis: the basis positions whose columns depend on the
/// others, and as many rows that no independent column covers (a row's
/// logical in place of each makes the basis whole again).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Singular {
    pub(crate) positions: Vec<usize>,
    pub(crate) rows: Vec<usize>,
}

/// One pivot's update: the basis column at `position` was replaced by a
/// column whose `B⁻¹`-image has `pivot` there and `entries` elsewhere.
#[derive(Debug, Clone, PartialEq)]
struct Eta {
    position: usize,
    pivot: f64,
    start: usize,
    end: usize,
}

/// `B⁻¹` for a basis of `m` rows, as factors and etas.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Inverse {
    m: usize,
    lu: Lu,
    etas: Vec<Eta>,
    eta_index: Vec<usize>,
    eta_value: Vec<f64>,
    /// Dual steepest-edge weights by basis position (empty: unknown).
    weights: Vec<f64>,
    /// The searched solves' work arrays, kept between solves.
    scratch: sparse::Scratch,
}

impl Inverse {
    /// No inverse yet (the next solve factorises).
    pub(crate) fn empty() -> Inverse {
        Inverse {
            m: NONE,
            lu: Lu::default(),
            etas: Vec::new(),
            eta_index: Vec::new(),
            eta_value: Vec::new(),
            weights: Vec::new(),
            scratch: sparse::Scratch::default(),
        }
    }

    /// No factors yet, but the pricing weights of the basis to come.
    pub(crate) fn unfactored(weights: Vec<f64>) -> Inverse {
        Inverse {
            weights,
            ..Inverse::empty()
        }
    }

    /// The pricing weights (empty when unknown).
    pub(crate) fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The factors of the slack basis `−I`, whose weights are all 1.
    pub(crate) fn slack(m: usize) -> Inverse {
        Inverse {
            m,
            lu: Lu {
                position: (0..m).collect(),
                pivot_row: (0..m).collect(),
                l_start: vec![0; m + 1],
                l_row: Vec::new(),
                l_value: Vec::new(),
                u_start: vec![0; m + 1],
                u_step: Vec::new(),
                u_value: Vec::new(),
                u_diagonal: vec![-1.0; m],
                ur_start: vec![0; m + 1],
                lr_start: vec![0; m + 1],
                step_of_position: (0..m).collect(),
                step_of_row: (0..m).collect(),
                ..Lu::default()
            },
            etas: Vec::new(),
            eta_index: Vec::new(),
            eta_value: Vec::new(),
            weights: vec![1.0; m],
            scratch: sparse::Scratch::default(),
        }
    }

    /// Whether this is an inverse of an `m`-row basis.
    pub(crate) fn is_for(&self, m: usize) -> bool {
        self.m == m
    }

    /// Pivots since the last factorisation.
    pub(crate) fn updates(&self) -> usize {
        self.etas.len()
    }

    /// Whether the etas hold more entries than the factors and the
    /// basis's size together: each solve then spends more on the etas
    /// than a refactorisation's solves would.
    /// (Measured against a refactorisation every 100 pivots alone: the
    /// crossover on an 18k-column mean-CVaR model 17.3 s to 11.8 s, on a
    /// 12k-column one 9.4 s to 5.9 s; half and twice the threshold did
    /// worse on both.)
    pub(crate) fn etas_outgrow_factors(&self) -> bool {
        let lu = &self.lu;
        self.eta_value.len() > lu.l_value.len() + lu.u_value.len() + self.m
    }

    /// Factorises the basis whose `r`-th column is the column of
    /// `basic[r]` (its nonzeros written by `column`); a singular basis is
    /// refused with its dependent positions and as many rows no column
    /// covers ([`Singular`]). The weights are carried over from `weights`
    /// when given (the same basis, refactorised), else computed.
    pub(crate) fn factor(
        m: usize,
        basic: &[usize],
        mut column: impl FnMut(usize, &mut Vec<(usize, f64)>),
        weights: Option<Vec<f64>>,
    ) -> Result<Inverse, Singular> {
        let mut columns = BasisColumns {
            start: Vec::with_capacity(basic.len() + 1),
            entries: Vec::new(),
        };
        columns.start.push(0);
        let mut one = Vec::new();
        for &j in basic {
            one.clear();
            column(j, &mut one);
            columns.entries.extend_from_slice(&one);
            columns.start.push(columns.entries.len());
        }
        let lu = Lu::factor(m, &columns)?;
        let mut inverse = Inverse {
            m,
            lu,
            etas: Vec::new(),
            eta_index: Vec::new(),
            eta_value: Vec::new(),
            weights: Vec::new(),
            scratch: sparse::Scratch::default(),
        };
        inverse.weights = match weights {
            Some(w) if w.len() == m => w,
            _ if m <= EXACT_WEIGHTS_ROWS => (0..m)
                .map(|r| inverse.row(r).iter().map(|v| v * v).sum())
                .collect(),
            _ => vec![1.0; m],
        };
        Ok(inverse)
    }

    /// The weights, to keep across a refactorisation.
    pub(crate) fn take_weights(&mut self) -> Vec<f64> {
        std::mem::take(&mut self.weights)
    }

    /// The dual steepest-edge weight of basis row `r`.
    pub(crate) fn weight(&self, r: usize) -> f64 {
        self.weights[r]
    }

    /// `B⁻¹·v` through the factors in full (see [`Inverse::multiply`]).
    fn multiply_dense(&self, v: &[f64]) -> Vec<f64> {
        let m = self.m;
        let lu = &self.lu;
        let mut b = v.to_vec();
        // L·z = b, in step order (z_t lands in b[pivot_row[t]]).
        for t in 0..m {
            lu.solve_lower_column(&mut b, t);
        }
        // U·w = z, backwards by columns.
        let mut w: Vec<f64> = lu.pivot_row.iter().map(|&i| b[i]).collect();
        for k in (0..m).rev() {
            lu.solve_upper_column(&mut w, k);
        }
        let mut out = vec![0.0; m];
        for (k, &r) in lu.position.iter().enumerate() {
            out[r] = w[k];
        }
        self.apply_etas(out)
    }

    /// The etas in order on `B_0⁻¹·v`: `x_r /= pivot`, `x_i −= a_i·x_r`.
    fn apply_etas(&self, out: Vec<f64>) -> Vec<f64> {
        self.apply_etas_reaching(out, |_| {})
    }

    /// [`Inverse::apply_etas`], telling `reached` each position an eta
    /// writes to.
    fn apply_etas_reaching(&self, mut out: Vec<f64>, mut reached: impl FnMut(usize)) -> Vec<f64> {
        for eta in &self.etas {
            let x = out[eta.position] / eta.pivot;
            out[eta.position] = x;
            if x != 0.0 {
                for p in eta.start..eta.end {
                    let i = self.eta_index[p];
                    out[i] -= self.eta_value[p] * x;
                    reached(i);
                }
            }
        }
        out
    }

    /// `c·B⁻¹`: `c` indexed by basis positions, the answer by rows.
    pub(crate) fn left_multiply(&self, c: &[f64]) -> Vec<f64> {
        let mut c = c.to_vec();
        self.apply_etas_transposed(&mut c, |_| {});
        self.left_multiply_factors(&c)
    }

    /// The etas backwards on `c` (by basis positions): `c_r = (c_r −
    /// Σ a_i·c_i) / pivot`; `became_nonzero` hears each position that was
    /// 0 and is not.
    fn apply_etas_transposed(&self, c: &mut [f64], mut became_nonzero: impl FnMut(usize)) {
        for eta in self.etas.iter().rev() {
            let before = c[eta.position];
            let range = eta.start..eta.end;
            let s =
                before - gathered_dot(&self.eta_index[range.clone()], &self.eta_value[range], c);
            if s != 0.0 && before == 0.0 {
                became_nonzero(eta.position);
            }
            c[eta.position] = s / eta.pivot;
        }
    }

    /// `c·B_0⁻¹` for the factors alone (the etas already applied to `c`).
    fn left_multiply_factors(&self, c: &[f64]) -> Vec<f64> {
        let (m, lu) = (self.m, &self.lu);
        // Uᵀ·v = c (by steps), forwards: each solved v_k scatters along
        // U's row k.
        let mut v: Vec<f64> = lu.position.iter().map(|&r| c[r]).collect();
        for k in 0..m {
            lu.solve_upper_row(&mut v, k);
        }
        // Lᵀ·y = v, backwards: each solved y of step t's row scatters along
        // L's row (the steps before t).
        for t in (0..m).rev() {
            lu.scatter_lower_row(&mut v, t);
        }
        let mut y = vec![0.0; m];
        for (t, &i) in lu.pivot_row.iter().enumerate() {
            y[i] = v[t];
        }
        y
    }

    /// After the basis column of row `r` is replaced by a column whose
    /// `B⁻¹`-image is `aq`: one more eta, and the dual steepest-edge
    /// weights updated with `rho = e_r·B⁻¹` (before the pivot) and
    /// `tau = B⁻¹·rhoᵀ` (Forrest and Goldfarb's update).
    /// `aq_nonzero` and `rho_nonzero` (if given) list where each may be
    /// nonzero.
    pub(crate) fn pivot(
        &mut self,
        r: usize,
        (aq, aq_nonzero): (&[f64], Option<&[usize]>),
        (rho, rho_nonzero): (&[f64], Option<&[usize]>),
        tau: &[f64],
    ) {
        let start = self.eta_index.len();
        self.pivot_keeping_weights(r, aq, aq_nonzero);
        let pivot = aq[r];
        let w_r: f64 = match rho_nonzero {
            Some(rows) => rows.iter().map(|&i| rho[i] * rho[i]).sum(),
            None => rho.iter().map(|v| v * v).sum(),
        };
        for i in start..self.eta_index.len() {
            let (row, ratio) = (self.eta_index[i], self.eta_value[i] / pivot);
            let w = &mut self.weights[row];
            *w = (*w - 2.0 * ratio * tau[row] + ratio * ratio * w_r).max(1e-12);
        }
        self.weights[r] = (w_r / (pivot * pivot)).max(1e-12);
    }

    /// [`Inverse::pivot`] without the weights' update (they stay as they
    /// were: the crossover's pushes, which choose no leaving row by them).
    pub(crate) fn pivot_keeping_weights(
        &mut self,
        r: usize,
        aq: &[f64],
        nonzero: Option<&[usize]>,
    ) {
        let pivot = aq[r];
        let start = self.eta_index.len();
        let mut keep = |i: usize, a: f64| {
            if i != r && a != 0.0 {
                self.eta_index.push(i);
                self.eta_value.push(a);
            }
        };
        match nonzero {
            Some(positions) => positions.iter().for_each(|&i| keep(i, aq[i])),
            None => aq.iter().enumerate().for_each(|(i, &a)| keep(i, a)),
        }
        self.etas.push(Eta {
            position: r,
            pivot,
            start,
            end: self.eta_index.len(),
        });
    }
}

impl Lu {
    /// Step `t` of `L·z = b` (in step order, earlier steps done): `z_t`,
    /// in `b` at the row pivoted at `t`, scattered down `L`'s column `t`.
    /// Returns `z_t`.
    fn solve_lower_column(&self, b: &mut [f64], t: usize) -> f64 {
        let z = b[self.pivot_row[t]];
        if z != 0.0 {
            for p in self.l_start[t]..self.l_start[t + 1] {
                b[self.l_row[p]] -= self.l_value[p] * z;
            }
        }
        z
    }

    /// Step `k` of `U·w = z` (backwards, later steps done): `w_k` solved,
    /// then scattered up `U`'s column `k` to the earlier steps.
    fn solve_upper_column(&self, w: &mut [f64], k: usize) {
        if w[k] == 0.0 {
            return;
        }
        let x = w[k] / self.u_diagonal[k];
        w[k] = x;
        for p in self.u_start[k]..self.u_start[k + 1] {
            w[self.u_step[p]] -= self.u_value[p] * x;
        }
    }

    /// Step `k` of `Uᵀ·v = c` (by steps, earlier steps done): `v_k`
    /// solved, then scattered along `U`'s row `k` to the later steps.
    fn solve_upper_row(&self, v: &mut [f64], k: usize) {
        if v[k] == 0.0 {
            return;
        }
        let x = v[k] / self.u_diagonal[k];
        v[k] = x;
        for p in self.ur_start[k]..self.ur_start[k + 1] {
            v[self.ur_step[p]] -= self.ur_value[p] * x;
        }
    }

    /// Step `t` of `Lᵀ·y = v` (backwards, later steps done): step `t`'s
    /// value scattered along `L`'s row of the row pivoted at `t`.
    fn scatter_lower_row(&self, v: &mut [f64], t: usize) {
        let x = v[t];
        if x == 0.0 {
            return;
        }
        for p in self.lr_start[t]..self.lr_start[t + 1] {
            v[self.lr_step[p]] -= self.lr_value[p] * x;
        }
    }

    /// Fills the row-wise copies of `L` and `U` from the column-wise ones
    /// (`step_of_row`: the step each row was pivoted at).
    fn transpose(&mut self, step_of_row: &[usize]) {
        let m = self.u_diagonal.len();
        // U: column k holds (step j < k, U[j,k]); row j lists (k, U[j,k]).
        let (start, step, value) = transposed(m, &self.u_start, &self.u_step, &self.u_value, |j| j);
        (self.ur_start, self.ur_step, self.ur_value) = (start, step, value);
        // L: column t holds (row i, L[i,t]) with step_of_row[i] > t; the
        // row of step s lists (t, L[i,t]).
        let (start, step, value) = transposed(m, &self.l_start, &self.l_row, &self.l_value, |i| {
            step_of_row[i]
        });
        (self.lr_start, self.lr_step, self.lr_value) = (start, step, value);
        self.step_of_position = vec![NONE; m];
        for (k, &p) in self.position.iter().enumerate() {
            self.step_of_position[p] = k;
        }
        self.step_of_row = step_of_row.to_vec();
    }
    /// Left-looking LU of the `m × m` matrix whose columns are `columns`
    /// (sparse, by row); a singular one is refused with its dependent
    /// columns and uncovered rows.
    fn factor(m: usize, columns: &BasisColumns) -> Result<Lu, Singular> {
        let mut dependent = Vec::new();
        let order = order::triangular_order(m, columns);
        // Entries left per row among the columns not yet factorised.
        let mut row_count = vec![0usize; m];
        for col in columns.iter() {
            for &(i, _) in col {
                row_count[i] += 1;
            }
        }
        let mut lu = Lu {
            position: Vec::with_capacity(m),
            pivot_row: Vec::with_capacity(m),
            l_start: vec![0],
            u_start: vec![0],
            u_diagonal: Vec::with_capacity(m),
            ..Lu::default()
        };
        let mut step_of_row = vec![NONE; m];
        let mut x = vec![0.0; m];
        let mut nonzero: Vec<usize> = Vec::new();
        let mut in_nonzero = vec![false; m];
        let mut seen = vec![0u32; m];
        let mut stack: Vec<(usize, usize)> = Vec::new();
        let mut reached: Vec<usize> = Vec::new();
        for (k, &c) in order.iter().enumerate() {
            let generation = k as u32 + 1;
            for &(i, a) in &columns[c] {
                row_count[i] -= 1;
                if a == 0.0 {
                    continue;
                }
                x[i] += a;
                if !in_nonzero[i] {
                    in_nonzero[i] = true;
                    nonzero.push(i);
                }
            }
            // The steps that reach this column's nonzeros, in topological
            // order (depth-first, post-order reversed).
            reach(
                &lu.l_start,
                |p| step_of_row[lu.l_row[p]],
                nonzero.iter().map(|&i| step_of_row[i]),
                (&mut seen, generation),
                &mut stack,
                &mut reached,
            );
            for &t in reached.iter().rev() {
                let z = x[lu.pivot_row[t]];
                if z == 0.0 {
                    continue;
                }
                for p in lu.l_start[t]..lu.l_start[t + 1] {
                    let i = lu.l_row[p];
                    x[i] -= lu.l_value[p] * z;
                    if !in_nonzero[i] {
                        in_nonzero[i] = true;
                        nonzero.push(i);
                    }
                }
            }
            // U's column: the pivoted rows; the pivot among the others.
            let mut largest = 0.0f64;
            for &i in &nonzero {
                if step_of_row[i] == NONE {
                    largest = largest.max(x[i].abs());
                }
            }
            let column_max = columns[c].iter().fold(0.0f64, |a, &(_, v)| a.max(v.abs()));
            if largest <= SINGULAR * column_max.max(1.0) {
                dependent.push(c);
                for &i in &nonzero {
                    x[i] = 0.0;
                    in_nonzero[i] = false;
                }
                nonzero.clear();
                continue;
            }
            let mut pivot = NONE;
            for &i in &nonzero {
                if step_of_row[i] != NONE || x[i].abs() < THRESHOLD * largest {
                    continue;
                }
                if pivot == NONE
                    || row_count[i] < row_count[pivot]
                    || (row_count[i] == row_count[pivot] && x[i].abs() > x[pivot].abs())
                {
                    pivot = i;
                }
            }
            let diagonal = x[pivot];
            for &i in &nonzero {
                let v = x[i];
                if i != pivot && v != 0.0 {
                    if step_of_row[i] != NONE {
                        lu.u_step.push(step_of_row[i]);
                        lu.u_value.push(v);
                    } else {
                        lu.l_row.push(i);
                        lu.l_value.push(v / diagonal);
                    }
                }
                x[i] = 0.0;
                in_nonzero[i] = false;
            }
            nonzero.clear();
            lu.u_start.push(lu.u_step.len());
            lu.l_start.push(lu.l_row.len());
            lu.u_diagonal.push(diagonal);
            lu.position.push(c);
            lu.pivot_row.push(pivot);
            step_of_row[pivot] = lu.position.len() - 1;
        }
        if !dependent.is_empty() {
            let rows = (0..m).filter(|&i| step_of_row[i] == NONE).collect();
            return Err(Singular {
                positions: dependent,
                rows,
            });
        }
        lu.transpose(&step_of_row);
        Ok(lu)
    }
}

/// The steps reachable from `seeds` in the graph whose step `k` leads to
/// `child(p)` for each entry `p` in `start[k]..start[k + 1]` (a step or
/// [`NONE`], which leads nowhere; a seed may be `NONE` too), in
/// depth-first post-order into `order` (cleared first; reversed, each step
/// comes before every step it leads to). A step is visited once: `seen`
/// holds, per step, the generation that last reached it.
fn reach(
    start: &[usize],
    child: impl Fn(usize) -> usize,
    seeds: impl IntoIterator<Item = usize>,
    (seen, generation): (&mut [u32], u32),
    stack: &mut Vec<(usize, usize)>,
    order: &mut Vec<usize>,
) {
    order.clear();
    for seed in seeds {
        if seed == NONE || seen[seed] == generation {
            continue;
        }
        seen[seed] = generation;
        stack.push((seed, start[seed]));
        while let Some(&mut (k, ref mut p)) = stack.last_mut() {
            let end = start[k + 1];
            let mut next = None;
            while *p < end {
                let c = child(*p);
                *p += 1;
                if c != NONE && seen[c] != generation {
                    next = Some(c);
                    break;
                }
            }
            match next {
                Some(c) => {
                    seen[c] = generation;
                    stack.push((c, start[c]));
                }
                None => {
                    order.push(k);
                    stack.pop();
                }
            }
        }
    }
}

/// `Σ values[k]·c[index[k]]`, in four independent sums (one running sum
/// is a chain of dependent additions, each waiting for the last; inlined
/// into the solves, the compiler also kept it on the stack: a fifth of the
/// 20k shape's cold simplex was this loop). Kept out of line so its sums
/// stay in registers.
#[inline(never)]
fn gathered_dot(index: &[usize], values: &[f64], c: &[f64]) -> f64 {
    let mut sums = [0.0f64; 4];
    let (index_chunks, value_chunks) = (index.chunks_exact(4), values.chunks_exact(4));
    let (index_rest, value_rest) = (index_chunks.remainder(), value_chunks.remainder());
    for (i, a) in index_chunks.zip(value_chunks) {
        for k in 0..4 {
            sums[k] += a[k] * c[i[k]];
        }
    }
    for (&i, &a) in index_rest.iter().zip(value_rest) {
        sums[0] += a * c[i];
    }
    (sums[0] + sums[1]) + (sums[2] + sums[3])
}

/// The transpose of an `m`-column sparse matrix stored by columns
/// (`start`, `index`, `value`), with each stored index mapped to its new
/// major index by `major`: by those, each listing the old columns.
fn transposed(
    m: usize,
    start: &[usize],
    index: &[usize],
    value: &[f64],
    major: impl Fn(usize) -> usize,
) -> (Vec<usize>, Vec<usize>, Vec<f64>) {
    let mut count = vec![0usize; m + 1];
    for &i in index {
        count[major(i) + 1] += 1;
    }
    for k in 0..m {
        count[k + 1] += count[k];
    }
    let mut next = count.clone();
    let mut out_index = vec![0usize; index.len()];
    let mut out_value = vec![0.0; index.len()];
    for column in 0..m {
        for p in start[column]..start[column + 1] {
            let row = major(index[p]);
            out_index[next[row]] = column;
            out_value[next[row]] = value[p];
            next[row] += 1;
        }
    }
    (count, out_index, out_value)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A small dense matrix's columns as sparse lists.
    fn sparse(a: &[[f64; 4]; 4]) -> Vec<Vec<(usize, f64)>> {
        (0..4)
            .map(|c| {
                (0..4)
                    .filter(|&i| a[i][c] != 0.0)
                    .map(|i| (i, a[i][c]))
                    .collect()
            })
            .collect()
    }

    fn factor_of(a: &[[f64; 4]; 4]) -> Option<Inverse> {
        let cols = sparse(a);
        Inverse::factor(4, &[0, 1, 2, 3], |j, out| out.extend(&cols[j]), None).ok()
    }

    const A: [[f64; 4]; 4] = [
        [2.0, 0.0, 1.0, 0.0],
        [1.0, 3.0, 0.0, 0.0],
        [0.0, 1.0, 4.0, 1.0],
        [0.0, 0.0, 1.0, -1.0],
    ];

    fn times(a: &[[f64; 4]; 4], x: &[f64]) -> Vec<f64> {
        (0..4)
            .map(|i| (0..4).map(|j| a[i][j] * x[j]).sum())
            .collect()
    }

    #[test]
    fn multiply_solves_the_basis_system() {
        let inv = factor_of(&A).expect("nonsingular");
        let b = [1.0, -2.0, 0.5, 3.0];
        let x = inv.multiply(&b);
        let back = times(&A, &x);
        for i in 0..4 {
            assert!((back[i] - b[i]).abs() < 1e-12, "{back:?} vs {b:?}");
        }
    }

    #[test]
    fn left_multiply_solves_the_transposed_system() {
        let inv = factor_of(&A).expect("nonsingular");
        let c = [0.5, 1.0, -1.0, 2.0];
        let y = inv.left_multiply(&c);
        // yᵀ·A = cᵀ.
        for j in 0..4 {
            let v: f64 = (0..4).map(|i| y[i] * A[i][j]).sum();
            assert!((v - c[j]).abs() < 1e-12, "column {j}: {v} vs {}", c[j]);
        }
    }

    #[test]
    fn a_singular_basis_is_refused() {
        let mut a = A;
        for row in &mut a {
            row[3] = row[0] * 2.0;
        }
        let cols = sparse(&a);
        let singular = Inverse::factor(4, &[0, 1, 2, 3], |j, out| out.extend(&cols[j]), None)
            .expect_err("column 3 is twice column 0");
        assert_eq!(singular.positions.len(), 1);
        assert_eq!(singular.rows.len(), 1);
    }

    #[test]
    fn etas_follow_a_column_replacement_and_weights_stay_exact() {
        let mut inv = factor_of(&A).expect("nonsingular");
        // Replace column 2 by a new column.
        let new = [1.0, 1.0, 0.0, 2.0];
        let aq = inv.multiply(&new);
        let rho = inv.row(2);
        let tau = inv.multiply(&rho);
        inv.pivot(2, (&aq, None), (&rho, None), &tau);
        let mut b = A;
        for i in 0..4 {
            b[i][2] = new[i];
        }
        let rhs = [0.3, -1.0, 2.0, 1.0];
        let x = inv.multiply(&rhs);
        let back = times(&b, &x);
        for i in 0..4 {
            assert!((back[i] - rhs[i]).abs() < 1e-12);
        }
        let fresh = factor_of(&b).expect("nonsingular");
        for r in 0..4 {
            assert!(
                (inv.weight(r) - fresh.weight(r)).abs() < 1e-10,
                "weight {r}: {} vs {}",
                inv.weight(r),
                fresh.weight(r)
            );
            let (a, b) = (inv.row(r), fresh.row(r));
            for i in 0..4 {
                assert!((a[i] - b[i]).abs() < 1e-12);
            }
        }
    }

    /// A deterministic pseudo-random sparse `m × m` matrix (by columns),
    /// nonsingular: a scaled diagonal plus a few entries per column.
    pub(super) fn random_columns(m: usize, seed: u64) -> Vec<Vec<(usize, f64)>> {
        let mut state = seed;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as f64 / (1u64 << 31) as f64
        };
        (0..m)
            .map(|c| {
                let mut col = vec![(c, 1.0 + 3.0 * next())];
                for _ in 0..3 {
                    let i = (next() * m as f64) as usize % m;
                    if i != c {
                        col.push((i, next() - 0.5));
                    }
                }
                col
            })
            .collect()
    }

    /// Replaces the basis column where the entering `column`'s image has
    /// its largest entry (one eta, the weights updated); returns that
    /// position.
    pub(super) fn replace_largest(inv: &mut Inverse, column: &[(usize, f64)]) -> usize {
        let mut dense = vec![0.0; inv.m];
        for &(i, a) in column {
            dense[i] += a;
        }
        let aq = inv.multiply(&dense);
        let r = (0..inv.m)
            .max_by(|&a, &b| aq[a].abs().total_cmp(&aq[b].abs()))
            .unwrap();
        let rho = inv.row(r);
        let tau = inv.multiply(&rho);
        inv.pivot(r, (&aq, None), (&rho, None), &tau);
        r
    }

    fn residual(cols: &[Vec<(usize, f64)>], basic: &[usize], x: &[f64], b: &[f64]) -> f64 {
        let mut back = vec![0.0; b.len()];
        for (r, &j) in basic.iter().enumerate() {
            for &(i, a) in &cols[j] {
                back[i] += a * x[r];
            }
        }
        back.iter()
            .zip(b)
            .map(|(u, v)| (u - v).abs())
            .fold(0.0, f64::max)
    }

    #[test]
    fn the_etas_outgrow_the_factors_once_they_hold_more_entries() {
        let m = 80;
        let mut cols = random_columns(m, 7);
        cols.extend(random_columns(m, 11));
        let basic: Vec<usize> = (0..m).collect();
        let mut inv =
            Inverse::factor(m, &basic, |j, out| out.extend(&cols[j]), None).expect("nonsingular");
        let factors = inv.lu.l_value.len() + inv.lu.u_value.len() + m;
        assert!(!inv.etas_outgrow_factors(), "no etas yet");
        let mut outgrown_at = None;
        for step in 0..m {
            replace_largest(&mut inv, &cols[m + step]);
            let outgrown = inv.etas_outgrow_factors();
            // The answer is the count's, step by step.
            assert_eq!(outgrown, inv.eta_value.len() > factors, "step {step}");
            if outgrown && outgrown_at.is_none() {
                outgrown_at = Some(step);
            }
        }
        // Each eta holds the entering column's image (dense enough here),
        // so they pass the factors well before m pivots.
        let at = outgrown_at.expect("the etas outgrew the factors");
        assert!(at > 0 && at < m / 2, "outgrown at pivot {at}");
    }

    #[test]
    fn larger_bases_solve_both_ways_through_many_replacements() {
        let m = 80;
        // Columns 0..m form the first basis; m..2m are candidates to enter.
        let mut cols = random_columns(m, 7);
        cols.extend(random_columns(m, 11));
        let mut basic: Vec<usize> = (0..m).collect();
        let mut inv =
            Inverse::factor(m, &basic, |j, out| out.extend(&cols[j]), None).expect("nonsingular");
        let b: Vec<f64> = (0..m).map(|i| (i as f64 * 0.37).sin()).collect();
        for step in 0..40 {
            let entering = m + step;
            let r = replace_largest(&mut inv, &cols[entering]);
            basic[r] = entering;
            let x = inv.multiply(&b);
            assert!(residual(&cols, &basic, &x, &b) < 1e-9, "step {step}");
            // yᵀ·B = cᵀ.
            let c: Vec<f64> = (0..m).map(|k| (k as f64 * 0.11).cos()).collect();
            let y = inv.left_multiply(&c);
            for (r, &j) in basic.iter().enumerate() {
                let v: f64 = cols[j].iter().map(|&(i, a)| a * y[i]).sum();
                assert!((v - c[r]).abs() < 1e-9, "step {step}, position {r}");
            }
        }
        // The updated weights match a fresh factorisation's exact ones.
        let fresh =
            Inverse::factor(m, &basic, |j, out| out.extend(&cols[j]), None).expect("nonsingular");
        for r in 0..m {
            let (a, b) = (inv.weight(r), fresh.weight(r));
            assert!((a - b).abs() <= 1e-7 * b.max(1.0), "weight {r}: {a} vs {b}");
        }
    }
}
