//! `B⁻¹·v` and `e_r·B⁻¹` where the answer is sparse (hypersparse FTRAN
//! and BTRAN; Gilbert and Peierls's reach, as HiGHS's `HFactor` does it):
//! the triangular solves visit only the steps the right-hand side reaches
//! through the factors, found by a depth-first search, so a solve costs
//! what its answer holds rather than `m` plus every entry of `L` and `U`.

use super::{Inverse, reach};

/// Where more than this share of the steps is nonzero in the right-hand
/// side, the plain solves (which touch every step) are cheaper than the
/// search (its reach is then most of the factors). Measured on the 20k
/// shape's cold simplex: 11.9 s at 10 %, 4.2–4.7 s at 3 %, 4.7 s at 1 %,
/// 9.3 s never searching.
const DENSE_SHARE: f64 = 0.03;

impl Inverse {
    /// `B⁻¹·v`: `v` indexed by rows, the answer by basis positions.
    pub(crate) fn multiply(&self, v: &[f64]) -> Vec<f64> {
        let m = self.m;
        let lu = &self.lu;
        let mut seeds = Vec::new();
        for (i, &value) in v.iter().enumerate() {
            if value != 0.0 {
                seeds.push(lu.step_of_row[i]);
                if seeds.len() as f64 > DENSE_SHARE * m as f64 {
                    return self.multiply_dense(v);
                }
            }
        }
        let (mut seen, mut stack) = (vec![0u32; m], Vec::new());
        // L·z = v in step order, over the steps v reaches down L's columns.
        let mut lower = Vec::new();
        let l_step = |p: usize| lu.step_of_row[lu.l_row[p]];
        reach(
            &lu.l_start,
            l_step,
            seeds,
            (&mut seen, 1),
            &mut stack,
            &mut lower,
        );
        let mut b = v.to_vec();
        let mut w = vec![0.0; m];
        for &t in lower.iter().rev() {
            w[t] = lu.solve_lower_column(&mut b, t);
        }
        // U·w = z backwards, over the steps those reach up U's columns.
        let mut upper = Vec::new();
        let u_step = |p: usize| lu.u_step[p];
        reach(
            &lu.u_start,
            u_step,
            lower,
            (&mut seen, 2),
            &mut stack,
            &mut upper,
        );
        let mut out = vec![0.0; m];
        for &k in upper.iter().rev() {
            lu.solve_upper_column(&mut w, k);
            out[lu.position[k]] = w[k];
        }
        self.apply_etas(out)
    }

    /// Row `r` of the inverse, `e_r·B⁻¹` (indexed by rows).
    pub(crate) fn row(&self, r: usize) -> Vec<f64> {
        let m = self.m;
        let mut c = vec![0.0; m];
        c[r] = 1.0;
        let mut nonzero = vec![r];
        self.apply_etas_transposed(&mut c, |p| nonzero.push(p));
        if nonzero.len() as f64 > DENSE_SHARE * m as f64 {
            return self.left_multiply_factors(c);
        }
        let lu = &self.lu;
        let (mut seen, mut stack) = (vec![0u32; m], Vec::new());
        // Uᵀ·v = c by steps, over the steps c reaches along U's rows.
        let mut v = vec![0.0; m];
        let seeds: Vec<usize> = nonzero
            .iter()
            .filter(|&&p| c[p] != 0.0)
            .map(|&p| lu.step_of_position[p])
            .collect();
        for &p in &nonzero {
            v[lu.step_of_position[p]] = c[p];
        }
        let mut upper = Vec::new();
        let ur_step = |p: usize| lu.ur_step[p];
        reach(
            &lu.ur_start,
            ur_step,
            seeds,
            (&mut seen, 1),
            &mut stack,
            &mut upper,
        );
        for &k in upper.iter().rev() {
            lu.solve_upper_row(&mut v, k);
        }
        // Lᵀ·y = v backwards, over the steps those reach along L's rows.
        let mut lower = Vec::new();
        let lr_step = |p: usize| lu.lr_step[p];
        reach(
            &lu.lr_start,
            lr_step,
            upper,
            (&mut seen, 2),
            &mut stack,
            &mut lower,
        );
        let mut y = vec![0.0; m];
        for &t in lower.iter().rev() {
            lu.scatter_lower_row(&mut v, t);
            y[lu.pivot_row[t]] = v[t];
        }
        y
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{random_columns, replace_largest};
    use super::*;

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.iter()
            .zip(b)
            .all(|(x, y)| (x - y).abs() <= 1e-12 * (1.0 + y.abs()))
    }

    /// The searched solves give the plain solves' answers, with the etas of
    /// replaced columns too, and touch only what they reach.
    #[test]
    fn the_searched_solves_match_the_plain_ones() {
        let m = 300;
        let mut cols = random_columns(m, 3);
        cols.extend(random_columns(m, 5));
        let basic: Vec<usize> = (0..m).collect();
        let mut inv =
            Inverse::factor(m, &basic, |j, out| out.extend(&cols[j]), None).expect("nonsingular");
        for round in 0..30 {
            // A sparse right-hand side (three rows) both ways.
            let mut v = vec![0.0; m];
            for k in 0..3 {
                v[(round * 37 + k * 101) % m] = 1.0 + k as f64;
            }
            let sparse = inv.multiply(&v);
            assert!(close(&sparse, &inv.multiply_dense(&v)), "round {round}");
            let r = (round * 53) % m;
            let mut e = vec![0.0; m];
            e[r] = 1.0;
            assert!(close(&inv.row(r), &inv.left_multiply(&e)), "round {round}");
            // Then a column replacement (an eta) for the next round.
            replace_largest(&mut inv, &cols[m + round]);
        }
    }

    #[test]
    fn reach_lists_each_step_once_before_those_it_leads_to() {
        // 0 → 1 → 3, 0 → 2 → 3, 4 alone: from {0}, 4 is not reached.
        let start = [0, 2, 3, 4, 4, 4];
        let index = [1, 2, 3, 3];
        let mut seen = vec![0u32; 5];
        let mut order = Vec::new();
        reach(
            &start,
            |p| index[p],
            [0],
            (&mut seen, 1),
            &mut Vec::new(),
            &mut order,
        );
        let topological: Vec<usize> = order.iter().rev().copied().collect();
        assert_eq!(topological.len(), 4);
        assert_eq!(topological[0], 0);
        assert_eq!(topological[3], 3);
        assert_eq!(seen[4], 0);
    }
}
