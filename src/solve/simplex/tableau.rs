//! Row `r` of the simplex tableau, `alpha_j = (e_r·B⁻¹)·a_j` over the
//! nonbasic variables, with the list of where it may be nonzero: the
//! ratio test and the reduced-cost update then cost what the row holds,
//! not `n + m`.

use super::{Run, Status};

/// A tableau row: `alpha` (dense, `n + m` long, 0 at basic variables) and
/// `support`, the nonbasic variables where it may be nonzero, ascending
/// (each once).
pub(super) struct TableauRow {
    pub(super) alpha: Vec<f64>,
    pub(super) support: Vec<usize>,
}

impl Run<'_> {
    /// `alpha_j = rho·a_j` for every nonbasic variable (0 for basic ones):
    /// by rows of `A` where `rho` is sparse, by columns where it is not.
    /// The row's buffers are the run's; give them back with
    /// [`Run::recycle`].
    pub(super) fn tableau_row(&mut self, rho: &[f64]) -> TableauRow {
        self.tableau_row_listed(rho, None)
    }

    /// [`Run::tableau_row`], where `nonzero` (if given) lists every row
    /// where `rho` may be nonzero, so `rho` is not scanned for them.
    pub(super) fn tableau_row_listed(
        &mut self,
        rho: &[f64],
        nonzero: Option<&[usize]>,
    ) -> TableauRow {
        let (n, m) = (self.n, self.m);
        let mut alpha = std::mem::take(&mut self.alpha);
        alpha.resize(n + m, 0.0);
        let mut support = Vec::new();
        let all: Vec<usize>;
        let rows = match nonzero {
            Some(rows) => rows,
            None => {
                all = (0..m).filter(|&i| rho[i] != 0.0).collect();
                &all
            }
        };
        let nonzeros = rows.iter().filter(|&&i| rho[i] != 0.0).count();
        if nonzeros * 4 < m {
            let touched = &mut self.touched;
            touched.resize(n + m, false);
            for &i in rows {
                let rho_i = rho[i];
                if rho_i == 0.0 {
                    continue;
                }
                let mut add = |j: usize, a: f64| {
                    alpha[j] += rho_i * a;
                    if !touched[j] {
                        touched[j] = true;
                        support.push(j);
                    }
                };
                match &self.columns.originals_by_row {
                    Some((start, col, value)) => {
                        for k in start[i]..start[i + 1] {
                            add(col[k], value[k]);
                        }
                    }
                    None => self.lp.row_entries(i).for_each(|(j, a)| add(j, a)),
                }
                alpha[n + i] = -rho_i;
                touched[n + i] = true;
                support.push(n + i);
            }
            for &j in &support {
                touched[j] = false;
            }
            // The copies of the columns reached (they follow their
            // original): the original's entry, signed.
            if self.columns.originals_by_row.is_some() {
                let copy_sign = &self.columns.copy_sign;
                for s in 0..support.len() {
                    let j = support[s];
                    let mut k = j + 1;
                    while k < n && copy_sign[k] != 0.0 {
                        alpha[k] = copy_sign[k] * alpha[j];
                        support.push(k);
                        k += 1;
                    }
                }
            }
            support.retain(|&j| {
                let basic = self.basis.status[j] == Status::Basic;
                if basic {
                    alpha[j] = 0.0;
                }
                !basic
            });
            // Ascending, as the dense path lists them, so ties in the
            // ratio test break the same way on either path.
            support.sort_unstable();
        } else {
            // A copy's entry is its original's, signed (bit for bit what
            // its own entries give: negation is exact and the sum's order
            // the same); the original's `rho·a` is computed once, where it
            // or a copy of it is nonbasic.
            let mut original = 0;
            let mut product: Option<f64> = None;
            for (j, a) in alpha.iter_mut().enumerate() {
                let copy_sign = if j < n {
                    self.columns.copy_sign[j]
                } else {
                    0.0
                };
                if copy_sign == 0.0 {
                    original = j;
                    product = None;
                }
                if self.basis.status[j] == Status::Basic {
                    continue;
                }
                *a = if j < n {
                    let p = match product {
                        Some(p) => p,
                        None => *product.insert(self.columns.dot(original, rho)),
                    };
                    if copy_sign == 0.0 { p } else { copy_sign * p }
                } else {
                    -rho[j - n]
                };
                if *a != 0.0 {
                    support.push(j);
                }
            }
        }
        TableauRow { alpha, support }
    }

    /// Takes a tableau row's buffer back, zeroed.
    pub(super) fn recycle(&mut self, row: TableauRow) {
        let TableauRow { mut alpha, support } = row;
        for j in support {
            alpha[j] = 0.0;
        }
        self.alpha = alpha;
    }
}
