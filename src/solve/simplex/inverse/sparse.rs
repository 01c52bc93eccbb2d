//! `B⁻¹·v` and `e_r·B⁻¹` where the answer is sparse (hypersparse FTRAN
//! and BTRAN; Gilbert and Peierls's reach, as HiGHS's `HFactor` does it):
//! the triangular solves visit only the steps the right-hand side reaches
//! through the factors, found by a depth-first search, so a solve costs
//! what its answer holds rather than `m` plus every entry of `L` and `U`.

use super::Inverse;

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
        let mut marked = vec![false; m];
        let mut seeds = Vec::new();
        for (i, &value) in v.iter().enumerate() {
            if value != 0.0 {
                seeds.push(lu.step_of_row[i]);
                if seeds.len() as f64 > DENSE_SHARE * m as f64 {
                    return self.multiply_dense(v);
                }
            }
        }
        let mut stack = Vec::new();
        // L·z = v in step order: z_t (in b at the row pivoted at t)
        // scatters down L's column t to later steps.
        let mut b = v.to_vec();
        let order = reach(&lu.l_start, &lu.l_step, &seeds, &mut marked, &mut stack);
        let mut w = vec![0.0; m];
        for &t in order.iter().rev() {
            marked[t] = false;
            let z = b[lu.pivot_row[t]];
            if z == 0.0 {
                continue;
            }
            for p in lu.l_start[t]..lu.l_start[t + 1] {
                b[lu.l_row[p]] -= lu.l_value[p] * z;
            }
            w[t] = z;
        }
        // U·w = z backwards: w_k scatters up U's column k to earlier steps.
        let order_u = reach(&lu.u_start, &lu.u_step, &order, &mut marked, &mut stack);
        let mut out = vec![0.0; m];
        for &k in order_u.iter().rev() {
            if w[k] == 0.0 {
                continue;
            }
            let x = w[k] / lu.u_diagonal[k];
            for p in lu.u_start[k]..lu.u_start[k + 1] {
                w[lu.u_step[p]] -= lu.u_value[p] * x;
            }
            out[lu.position[k]] = x;
        }
        self.apply_etas(out)
    }

    /// Row `r` of the inverse, `e_r·B⁻¹` (indexed by rows).
    pub(crate) fn row(&self, r: usize) -> Vec<f64> {
        let m = self.m;
        let mut c = vec![0.0; m];
        c[r] = 1.0;
        // The etas backwards, as in `left_multiply`, noting the positions
        // that became nonzero.
        let mut nonzero = vec![r];
        for eta in self.etas.iter().rev() {
            let before = c[eta.position];
            let mut s = before;
            for p in eta.start..eta.end {
                s -= self.eta_value[p] * c[self.eta_index[p]];
            }
            if s != 0.0 && before == 0.0 {
                nonzero.push(eta.position);
            }
            c[eta.position] = s / eta.pivot;
        }
        if nonzero.len() as f64 > DENSE_SHARE * m as f64 {
            return self.left_multiply_factors(c);
        }
        let lu = &self.lu;
        let mut marked = vec![false; m];
        let mut stack = Vec::new();
        // Uᵀ·v = c by steps: v_k scatters along U's row k to later steps.
        let mut v = vec![0.0; m];
        let mut seeds = Vec::with_capacity(nonzero.len());
        for &p in &nonzero {
            let k = lu.step_of_position[p];
            if c[p] != 0.0 && !marked[k] {
                marked[k] = true;
                v[k] = c[p];
                seeds.push(k);
            }
        }
        for &k in &seeds {
            marked[k] = false;
        }
        let order = reach(&lu.ur_start, &lu.ur_step, &seeds, &mut marked, &mut stack);
        for &k in order.iter().rev() {
            marked[k] = false;
            lu.solve_upper_row(&mut v, k);
        }
        // Lᵀ·y = v, backwards: step t's value scatters along L's row of
        // the row pivoted at t, to earlier steps.
        let order_l = reach(&lu.lr_start, &lu.lr_step, &order, &mut marked, &mut stack);
        let mut y = vec![0.0; m];
        for &t in order_l.iter().rev() {
            lu.scatter_lower_row(&mut v, t);
            y[lu.pivot_row[t]] = v[t];
        }
        y
    }
}

/// The steps reachable from `seeds` along the graph whose step `k` leads
/// to `index[start[k]..start[k + 1]]`, in depth-first post-order (so
/// reversed, each step comes before every step it leads to). Marks them in
/// `marked` (all false on entry; the reached ones true on return).
fn reach(
    start: &[usize],
    index: &[usize],
    seeds: &[usize],
    marked: &mut [bool],
    stack: &mut Vec<(usize, usize)>,
) -> Vec<usize> {
    let mut order = Vec::new();
    for &seed in seeds {
        if marked[seed] {
            continue;
        }
        marked[seed] = true;
        stack.push((seed, start[seed]));
        while let Some(&mut (k, ref mut p)) = stack.last_mut() {
            let end = start[k + 1];
            let mut next = None;
            while *p < end {
                let child = index[*p];
                *p += 1;
                if !marked[child] {
                    next = Some(child);
                    break;
                }
            }
            match next {
                Some(child) => {
                    marked[child] = true;
                    stack.push((child, start[child]));
                }
                None => {
                    order.push(k);
                    stack.pop();
                }
            }
        }
    }
    order
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
        let mut marked = vec![false; 5];
        let order = reach(&start, &index, &[0], &mut marked, &mut Vec::new());
        let topological: Vec<usize> = order.iter().rev().copied().collect();
        assert_eq!(topological.len(), 4);
        assert_eq!(topological[0], 0);
        assert_eq!(topological[3], 3);
        assert!(!marked[4]);
    }
}
