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
        let (n, m) = (self.n, self.m);
        let mut alpha = std::mem::take(&mut self.alpha);
        alpha.resize(n + m, 0.0);
        let mut support = Vec::new();
        let nonzeros = rho.iter().filter(|v| **v != 0.0).count();
        if nonzeros * 4 < m {
            let touched = &mut self.touched;
            touched.resize(n + m, false);
            for (i, &rho_i) in rho.iter().enumerate() {
                if rho_i == 0.0 {
                    continue;
                }
                for (j, a) in self.lp.row_entries(i) {
                    alpha[j] += rho_i * a;
                    if !touched[j] {
                        touched[j] = true;
                        support.push(j);
                    }
                }
                alpha[n + i] = -rho_i;
                touched[n + i] = true;
                support.push(n + i);
            }
            for &j in &support {
                touched[j] = false;
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
            for (j, a) in alpha.iter_mut().enumerate() {
                if self.basis.status[j] == Status::Basic {
                    continue;
                }
                *a = if j < n {
                    self.columns.entries(j).map(|(i, v)| rho[i] * v).sum()
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
