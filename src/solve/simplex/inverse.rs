//! The explicit inverse of a basis matrix, dense and row-major, updated in
//! product form by each pivot and refactorised from scratch on request.

/// `B⁻¹` for a basis of `m` rows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Inverse {
    m: usize,
    values: Vec<f64>,
    updates: usize,
}

impl Inverse {
    /// No inverse yet (the next solve factorises).
    pub(crate) fn empty() -> Inverse {
        Inverse {
            m: usize::MAX,
            values: Vec::new(),
            updates: 0,
        }
    }

    /// The inverse of the slack basis `−I`, which is `−I`.
    pub(crate) fn slack(m: usize) -> Inverse {
        let mut values = vec![0.0; m * m];
        for i in 0..m {
            values[i * m + i] = -1.0;
        }
        Inverse {
            m,
            values,
            updates: 0,
        }
    }

    /// Whether this is an inverse of an `m`-row basis.
    pub(crate) fn is_for(&self, m: usize) -> bool {
        self.m == m
    }

    /// Pivots since the last factorisation.
    pub(crate) fn updates(&self) -> usize {
        self.updates
    }

    /// Inverts the basis whose `r`-th column is the column of `basic[r]`
    /// (written by `column`), by Gauss–Jordan elimination with partial
    /// pivoting; `None` if it is singular.
    pub(crate) fn factor(
        m: usize,
        basic: &[usize],
        mut column: impl FnMut(usize, &mut [f64]),
    ) -> Option<Inverse> {
        // a = B (row-major), inv = I; reduce a to I applying the same to inv.
        let mut a = vec![0.0; m * m];
        let mut col = vec![0.0; m];
        for (r, &j) in basic.iter().enumerate() {
            column(j, &mut col);
            for i in 0..m {
                a[i * m + r] = col[i];
            }
        }
        let mut inv = vec![0.0; m * m];
        for i in 0..m {
            inv[i * m + i] = 1.0;
        }
        for k in 0..m {
            let (mut p, mut best) = (k, 0.0);
            for i in k..m {
                let v = a[i * m + k].abs();
                if v > best {
                    best = v;
                    p = i;
                }
            }
            if best < 1e-12 {
                return None;
            }
            if p != k {
                for c in 0..m {
                    a.swap(p * m + c, k * m + c);
                    inv.swap(p * m + c, k * m + c);
                }
            }
            let pivot = a[k * m + k];
            for c in 0..m {
                a[k * m + c] /= pivot;
                inv[k * m + c] /= pivot;
            }
            for i in 0..m {
                if i == k {
                    continue;
                }
                let f = a[i * m + k];
                if f == 0.0 {
                    continue;
                }
                for c in 0..m {
                    a[i * m + c] -= f * a[k * m + c];
                    inv[i * m + c] -= f * inv[k * m + c];
                }
            }
        }
        Some(Inverse {
            m,
            values: inv,
            updates: 0,
        })
    }

    /// The inverse of the basis extended by rows whose slacks are basic:
    /// `appended[i]` is `R_i·B⁻¹` for the new row `i` (formula at
    /// `extend_basis`). The old inverse keeps its rows; the new ones are
    /// `[R_i·B⁻¹, −e_i]`.
    pub(crate) fn extended(&self, appended: &[Vec<f64>]) -> Inverse {
        let (m0, k) = (self.m, appended.len());
        let m = m0 + k;
        let mut values = vec![0.0; m * m];
        for r in 0..m0 {
            values[r * m..r * m + m0].copy_from_slice(self.row(r));
        }
        for (i, row) in appended.iter().enumerate() {
            let r = m0 + i;
            values[r * m..r * m + m0].copy_from_slice(row);
            values[r * m + r] = -1.0;
        }
        Inverse {
            m,
            values,
            updates: self.updates,
        }
    }

    /// Row `r` of the inverse.
    pub(crate) fn row(&self, r: usize) -> &[f64] {
        &self.values[r * self.m..(r + 1) * self.m]
    }

    /// `‖e_r·B⁻¹‖²`: the dual steepest-edge weight of row `r`.
    pub(crate) fn row_norm2(&self, r: usize) -> f64 {
        self.row(r).iter().map(|v| v * v).sum()
    }

    /// `B⁻¹·v`, skipping the zeros of `v`.
    pub(crate) fn multiply(&self, v: &[f64]) -> Vec<f64> {
        let m = self.m;
        let mut out = vec![0.0; m];
        for (k, &vk) in v.iter().enumerate() {
            if vk == 0.0 {
                continue;
            }
            for (i, o) in out.iter_mut().enumerate() {
                *o += self.values[i * m + k] * vk;
            }
        }
        out
    }

    /// `c·B⁻¹` (a row vector), skipping the zeros of `c`.
    pub(crate) fn left_multiply(&self, c: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; self.m];
        for (r, &cr) in c.iter().enumerate() {
            if cr == 0.0 {
                continue;
            }
            for (o, v) in out.iter_mut().zip(self.row(r)) {
                *o += cr * v;
            }
        }
        out
    }

    /// The inverse after the basis column of row `r` is replaced by a
    /// column whose `B⁻¹`-image is `aq`.
    pub(crate) fn pivot(&mut self, r: usize, aq: &[f64]) {
        let m = self.m;
        let pivot = aq[r];
        for c in 0..m {
            self.values[r * m + c] /= pivot;
        }
        let (before, rest) = self.values.split_at_mut(r * m);
        let (row_r, after) = rest.split_at_mut(m);
        for (i, chunk) in before.chunks_mut(m).enumerate() {
            let f = aq[i];
            if f != 0.0 {
                chunk
                    .iter_mut()
                    .zip(row_r.iter())
                    .for_each(|(v, w)| *v -= f * w);
            }
        }
        for (i, chunk) in after.chunks_mut(m).enumerate() {
            let f = aq[r + 1 + i];
            if f != 0.0 {
                chunk
                    .iter_mut()
                    .zip(row_r.iter())
                    .for_each(|(v, w)| *v -= f * w);
            }
        }
        self.updates += 1;
    }
}
