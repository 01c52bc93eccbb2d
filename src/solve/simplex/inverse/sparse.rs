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

/// The searched solves' work arrays, kept between solves (allocating and
/// zeroing them for each solve was a tenth of the 20k shape's cold
/// simplex): `b` and `v` are all zero between solves (each solve zeroes
/// what it wrote), and `seen` holds the generation that last reached each
/// step, so a solve takes two fresh generations instead of a zeroed array.
/// Not part of the inverse's value: a copy starts empty, and any two are
/// equal. (A mutex, never contended: a copy of the root simplex, shared
/// read-only, starts each scenario thread.)
#[derive(Default)]
pub(super) struct Scratch(std::sync::Mutex<Work>);

#[derive(Default)]
struct Work {
    seen: Vec<u32>,
    generation: u32,
    stack: Vec<(usize, usize)>,
    seeds: Vec<usize>,
    first: Vec<usize>,
    second: Vec<usize>,
    b: Vec<f64>,
    v: Vec<f64>,
    /// Per basis position, whether it is in the answer's list (all false
    /// between solves).
    listed: Vec<bool>,
}

impl Work {
    /// The arrays sized for `m` steps (zeroed when the size changes), and
    /// two generations no step of `seen` holds yet.
    fn ready(&mut self, m: usize) -> (u32, u32) {
        if self.seen.len() != m || self.generation >= u32::MAX - 2 {
            self.seen = vec![0; m];
            self.b = vec![0.0; m];
            self.v = vec![0.0; m];
            self.listed = vec![false; m];
            self.generation = 0;
        }
        self.generation += 2;
        (self.generation - 1, self.generation)
    }
}

impl Scratch {
    /// The work arrays (after a solve that panicked they are in no known
    /// state, so they start afresh).
    fn work(&self) -> std::sync::MutexGuard<'_, Work> {
        self.0.lock().unwrap_or_else(|poisoned| {
            self.0.clear_poison();
            let mut work = poisoned.into_inner();
            *work = Work::default();
            work
        })
    }
}

impl Clone for Scratch {
    fn clone(&self) -> Scratch {
        Scratch::default()
    }
}

impl PartialEq for Scratch {
    fn eq(&self, _: &Scratch) -> bool {
        true
    }
}

impl std::fmt::Debug for Scratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Scratch")
    }
}

impl Inverse {
    /// `B⁻¹·v`: `v` indexed by rows, the answer by basis positions.
    pub(crate) fn multiply(&self, v: &[f64]) -> Vec<f64> {
        self.multiply_indexed(v, None).0
    }

    /// [`Inverse::multiply`], where `nonzero` (if given) lists every row
    /// where `v` may be nonzero (then `v` is not scanned for them); with
    /// the list of basis positions where the answer may be nonzero, or
    /// `None` where it was solved in full (then look at every position).
    pub(crate) fn multiply_indexed(
        &self,
        v: &[f64],
        nonzero: Option<&[usize]>,
    ) -> (Vec<f64>, Option<Vec<usize>>) {
        let m = self.m;
        let mut guard = self.scratch.work();
        let work = &mut *guard;
        work.seeds.clear();
        let mut seed = |i: usize| {
            work.seeds.push(i);
            work.seeds.len() as f64 > DENSE_SHARE * m as f64
        };
        let dense = match nonzero {
            Some(rows) => rows.iter().filter(|&&i| v[i] != 0.0).any(|&i| seed(i)),
            None => v
                .iter()
                .enumerate()
                .filter(|&(_, &value)| value != 0.0)
                .any(|(i, _)| seed(i)),
        };
        if dense {
            drop(guard);
            return (self.multiply_dense(v), None);
        }
        let generations = work.ready(m);
        for &i in &work.seeds {
            work.b[i] = v[i];
        }
        let (out, listed) = self.multiply_seeded(work, generations);
        let answer = self.apply_etas_listed(out, listed, &mut work.listed);
        (answer.0, Some(answer.1))
    }

    /// [`Inverse::multiply_indexed`] of a column given by its nonzeros
    /// `(row, value)`, without a pass over every row to find them.
    pub(crate) fn multiply_entries(
        &self,
        entries: &[(usize, f64)],
    ) -> (Vec<f64>, Option<Vec<usize>>) {
        let m = self.m;
        let nonzeros = entries.iter().filter(|&&(_, a)| a != 0.0).count();
        if nonzeros as f64 > DENSE_SHARE * m as f64 {
            let mut v = vec![0.0; m];
            for &(i, a) in entries {
                v[i] = a;
            }
            return (self.multiply_dense(&v), None);
        }
        let mut guard = self.scratch.work();
        let work = &mut *guard;
        let generations = work.ready(m);
        work.seeds.clear();
        for &(i, a) in entries.iter().filter(|&&(_, a)| a != 0.0) {
            work.seeds.push(i);
            work.b[i] = a;
        }
        let (out, listed) = self.multiply_seeded(work, generations);
        let answer = self.apply_etas_listed(out, listed, &mut work.listed);
        (answer.0, Some(answer.1))
    }

    /// The etas in order on `B_0⁻¹·v` ([`Inverse::apply_etas`]), keeping
    /// `listed` a list of every position that may be nonzero (`marks`:
    /// all false, and again on return).
    fn apply_etas_listed(
        &self,
        out: Vec<f64>,
        mut listed: Vec<usize>,
        marks: &mut [bool],
    ) -> (Vec<f64>, Vec<usize>) {
        for &p in &listed {
            marks[p] = true;
        }
        let out = self.apply_etas_reaching(out, |i| {
            if !marks[i] {
                marks[i] = true;
                listed.push(i);
            }
        });
        for &p in &listed {
            marks[p] = false;
        }
        (out, listed)
    }

    /// `B_0⁻¹·v` through the factors, where `work.seeds` lists the rows
    /// of `v`'s nonzeros and `work.b` holds `v` (zeroed again here).
    fn multiply_seeded(
        &self,
        work: &mut Work,
        (first, second): (u32, u32),
    ) -> (Vec<f64>, Vec<usize>) {
        let (m, lu) = (self.m, &self.lu);
        let Work {
            seen,
            stack,
            seeds,
            first: lower,
            second: upper,
            b,
            v: w,
            ..
        } = work;
        // L·z = v in step order, over the steps v reaches down L's columns.
        let l_step = |p: usize| lu.step_of_row[lu.l_row[p]];
        reach(
            &lu.l_start,
            l_step,
            seeds.iter().map(|&i| lu.step_of_row[i]),
            (seen, first),
            stack,
            lower,
        );
        for &t in lower.iter().rev() {
            w[t] = lu.solve_lower_column(b, t);
        }
        for &t in lower.iter() {
            b[lu.pivot_row[t]] = 0.0;
        }
        // U·w = z backwards, over the steps those reach up U's columns.
        let u_step = |p: usize| lu.u_step[p];
        reach(
            &lu.u_start,
            u_step,
            lower.iter().copied(),
            (seen, second),
            stack,
            upper,
        );
        let mut out = vec![0.0; m];
        let mut listed = Vec::with_capacity(upper.len());
        for &k in upper.iter().rev() {
            lu.solve_upper_column(w, k);
            out[lu.position[k]] = w[k];
            listed.push(lu.position[k]);
        }
        for &k in upper.iter() {
            w[k] = 0.0;
        }
        (out, listed)
    }

    /// Row `r` of the inverse, `e_r·B⁻¹` (indexed by rows).
    pub(crate) fn row(&self, r: usize) -> Vec<f64> {
        self.row_indexed(r).0
    }

    /// [`Inverse::row`], with the list of rows where it may be nonzero
    /// (`None`: solved in full).
    pub(crate) fn row_indexed(&self, r: usize) -> (Vec<f64>, Option<Vec<usize>>) {
        let m = self.m;
        let lu = &self.lu;
        let mut guard = self.scratch.work();
        let (first, second) = guard.ready(m);
        let Work {
            seen,
            stack,
            seeds: nonzero,
            first: upper,
            second: lower,
            b: c,
            v,
            ..
        } = &mut *guard;
        // `c` by basis positions: e_r through the etas, backwards.
        c[r] = 1.0;
        nonzero.clear();
        nonzero.push(r);
        self.apply_etas_transposed(c, |p| nonzero.push(p));
        if nonzero.len() as f64 > DENSE_SHARE * m as f64 {
            let y = self.left_multiply_factors(c);
            for &p in nonzero.iter() {
                c[p] = 0.0;
            }
            return (y, None);
        }
        // Uᵀ·v = c by steps, over the steps c reaches along U's rows.
        for &p in nonzero.iter() {
            v[lu.step_of_position[p]] = c[p];
        }
        let seeds = nonzero
            .iter()
            .filter(|&&p| c[p] != 0.0)
            .map(|&p| lu.step_of_position[p]);
        let ur_step = |p: usize| lu.ur_step[p];
        reach(&lu.ur_start, ur_step, seeds, (seen, first), stack, upper);
        for &p in nonzero.iter() {
            c[p] = 0.0;
        }
        for &k in upper.iter().rev() {
            lu.solve_upper_row(v, k);
        }
        // Lᵀ·y = v backwards, over the steps those reach along L's rows.
        let lr_step = |p: usize| lu.lr_step[p];
        reach(
            &lu.lr_start,
            lr_step,
            upper.iter().copied(),
            (seen, second),
            stack,
            lower,
        );
        let mut y = vec![0.0; m];
        let mut listed = Vec::with_capacity(lower.len());
        for &t in lower.iter().rev() {
            lu.scatter_lower_row(v, t);
            y[lu.pivot_row[t]] = v[t];
            listed.push(lu.pivot_row[t]);
        }
        for &t in lower.iter() {
            v[t] = 0.0;
        }
        (y, Some(listed))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{random_columns, replace_largest};
    use super::*;

    /// Every nonzero of `v` is listed, once.
    fn covers(v: &[f64], listed: &[usize]) -> bool {
        let mut seen = vec![false; v.len()];
        for &i in listed {
            if std::mem::replace(&mut seen[i], true) {
                return false;
            }
        }
        v.iter().zip(&seen).all(|(&x, &s)| x == 0.0 || s)
    }

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
            let dense = inv.multiply_dense(&v);
            assert!(close(&sparse, &dense), "round {round}");
            // The lists cover every nonzero, given the right-hand side's
            // rows or its entries or neither.
            let rows: Vec<usize> = (0..m).filter(|&i| v[i] != 0.0).collect();
            let entries: Vec<(usize, f64)> = rows.iter().map(|&i| (i, v[i])).collect();
            for (answer, listed) in [
                inv.multiply_indexed(&v, Some(&rows)),
                inv.multiply_indexed(&v, None),
                inv.multiply_entries(&entries),
            ] {
                let listed = listed.expect("three rows are solved sparsely");
                assert!(close(&answer, &dense), "round {round}");
                assert!(covers(&answer, &listed), "round {round}");
            }
            let r = (round * 53) % m;
            let mut e = vec![0.0; m];
            e[r] = 1.0;
            assert!(close(&inv.row(r), &inv.left_multiply(&e)), "round {round}");
            let (row, listed) = inv.row_indexed(r);
            if let Some(listed) = listed {
                assert!(covers(&row, &listed), "round {round}");
            }
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
