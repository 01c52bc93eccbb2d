//! The crossover's primal push (the first phase of Bixby and Saltzman's
//! crossover): from the basis [`super::crash::crash_basis`] guesses at an
//! interior point's answer, every other variable keeps the answer's value
//! (snapped to a bound within the crash's tolerance), and each one still
//! strictly inside its bounds (a superbasic variable) moves, in the
//! direction that does not raise the objective, until it reaches a bound
//! or a basic variable reaches one first (that one then leaves and the
//! superbasic one enters). Afterwards every nonbasic variable is at a
//! bound and the basic ones are where the answer put them, feasible as far
//! as the answer was: a few primal simplex pivots (the reduced costs the
//! pushes left on the wrong side) and dual simplex pivots (the answer's
//! round-off) finish. Placing the nonbasic variables where their reduced
//! costs prefer instead, as a warm start does, throws the answer's values
//! away: the dual simplex then took as many pivots as from the slack basis.

use super::{DUAL_TOL, PIVOT_TOL, PRIMAL_TOL, Run, SolveError, Status, column_into, crash};

/// Rounds of pushes: a basis repair at a refactorisation leaves the
/// repaired columns where they were, inside their bounds, for the next
/// round; what is still inside after the last goes to its nearer bound.
const ROUNDS: usize = 3;

impl Run<'_> {
    /// Sets the nonbasic variables to `values` (the columns' answer; the
    /// rows' activities at it), each within the crash's tolerance of a
    /// bound at that bound, and pushes the rest to bounds. Returns the
    /// pushes that pivoted.
    pub(super) fn push_superbasics(&mut self, values: &[f64]) -> Result<usize, SolveError> {
        let (n, m) = (self.n, self.m);
        for j in 0..n + m {
            if self.basis.status[j] == Status::Basic {
                continue;
            }
            let (lo, hi) = (self.boxed.lower[j], self.boxed.upper[j]);
            let value = if j < n {
                values.get(j).copied().unwrap_or(0.0)
            } else {
                self.lp.activity(j - n, values)
            };
            let value = value.max(lo).min(hi);
            let (depth, at) = crash::place(value, lo, hi);
            if depth > 0.0 {
                self.x[j] = value;
            } else {
                self.basis.status[j] = at;
                self.x[j] = if at == Status::Upper { hi } else { lo };
            }
        }
        self.keep_nonbasic_values = true;
        self.weights_frozen = true;
        let pivots = self.push_rounds();
        self.keep_nonbasic_values = false;
        self.weights_frozen = false;
        let pivots = pivots?;
        // What no push could move (a step only a tiny pivot would allow)
        // goes to its nearer bound; the dual simplex repairs the rest.
        for j in 0..n + m {
            if let Some(at) = self.inside(j) {
                self.basis.status[j] = at;
                self.x[j] = if at == Status::Upper {
                    self.boxed.upper[j]
                } else {
                    self.boxed.lower[j]
                };
            }
        }
        self.recompute_primal();
        self.recompute_duals();
        Ok(pivots)
    }

    /// Where nonbasic variable `j` is strictly inside its bounds, its
    /// nearer bound.
    fn inside(&self, j: usize) -> Option<Status> {
        let (lo, hi, v) = (self.boxed.lower[j], self.boxed.upper[j], self.x[j]);
        let nearer = if hi - v < v - lo {
            Status::Upper
        } else {
            Status::Lower
        };
        (self.basis.status[j] != Status::Basic && v != lo && v != hi).then_some(nearer)
    }

    fn push_rounds(&mut self) -> Result<usize, SolveError> {
        let (n, m) = (self.n, self.m);
        let mut pivots = 0;
        let mut column = vec![0.0; m];
        for _ in 0..ROUNDS {
            let superbasic: Vec<usize> = (0..n + m).filter(|&j| self.inside(j).is_some()).collect();
            if superbasic.is_empty() {
                break;
            }
            self.recompute_primal();
            // `y = c_B·B⁻¹`, kept through the pivots (the reduced cost of
            // the variable pushed next is `c_q − y·a_q`).
            let mut y = self.row_duals();
            let mut moved = false;
            for (k, &q) in superbasic.iter().enumerate() {
                if k % 64 == 0
                    && let Some((at, seconds)) = self.deadline
                    && std::time::Instant::now() >= at
                {
                    return Err(SolveError::TimeLimit { seconds });
                }
                if self.inside(q).is_none() {
                    continue;
                }
                let d_q = if q < n {
                    self.cost(q) - self.columns.dot(q, &y)
                } else {
                    y[q - n]
                };
                if let Some(leaving) = self.push(q, d_q, &mut column)? {
                    moved = true;
                    let (r, to_lower, aq) = leaving;
                    let rho = self.inverse.row(r);
                    let ratio = d_q / aq[r];
                    for (yi, &p) in y.iter_mut().zip(&rho) {
                        *yi += ratio * p;
                    }
                    self.iterations += 1;
                    pivots += 1;
                    let before = self.inverse.updates();
                    self.exchange(r, q, to_lower, (&aq, None), (&rho, None))?;
                    if self.inverse.updates() <= before {
                        // Refactorised: fresh duals.
                        y = self.row_duals();
                    }
                } else if self.inside(q).is_none() {
                    moved = true;
                }
            }
            if !moved {
                break;
            }
        }
        Ok(pivots)
    }

    /// `c_B·B⁻¹`.
    fn row_duals(&self) -> Vec<f64> {
        let cb: Vec<f64> = self.basis.basic.iter().map(|&j| self.cost(j)).collect();
        self.inverse.left_multiply(&cb)
    }

    /// Moves superbasic `q` (reduced cost `d_q`) toward a bound: down if
    /// that lowers the objective, up if that does, else toward its nearer
    /// bound. Where `q` reaches the bound first it stays nonbasic there
    /// (`None`); where basic variable `r` reaches one first, the values
    /// move that far and `(r, whether r leaves at its lower bound,
    /// B⁻¹·a_q)` is returned for the pivot. Where only a pivot too small
    /// to take would stop the step, nothing moves (`None`, `q` still
    /// inside).
    #[allow(clippy::type_complexity)]
    fn push(
        &mut self,
        q: usize,
        d_q: f64,
        column: &mut [f64],
    ) -> Result<Option<(usize, bool, Vec<f64>)>, SolveError> {
        let (lo, hi, v) = (self.boxed.lower[q], self.boxed.upper[q], self.x[q]);
        let tol = 1e-12 * self.cost_scale;
        let direction = if d_q < -tol {
            1.0
        } else if d_q > tol || v - lo <= hi - v {
            -1.0
        } else {
            1.0
        };
        column_into(self.lp, self.columns, self.n, q, column);
        let aq = self.inverse.multiply(column);
        let range = if direction > 0.0 { hi - v } else { v - lo };
        // Two-pass Harris ratio test over the basic variables: pass 1,
        // the longest step with every bound relaxed by the primal
        // tolerance; pass 2, among the variables that block within it, the
        // largest pivot (round-off in the step then stays within the
        // tolerance, and tiny pivots are passed over wherever a larger one
        // blocks nearly as soon).
        let max_a = aq.iter().fold(0.0f64, |a, &b| a.max(b.abs()));
        let pivot_tol = PIVOT_TOL * max_a.max(1.0);
        let room = |rate: f64, j: usize, relax: f64| {
            let (lo, hi, v) = (self.boxed.lower[j], self.boxed.upper[j], self.x[j]);
            if rate < 0.0 {
                ((v - lo).max(0.0) + relax * PRIMAL_TOL * lo.abs().max(1.0)) / -rate
            } else {
                ((hi - v).max(0.0) + relax * PRIMAL_TOL * hi.abs().max(1.0)) / rate
            }
        };
        // A tiny entry may not block, but its variable may not leave its
        // box by more than the tolerance either.
        let mut tiny_limit = f64::INFINITY;
        let mut relaxed = range;
        for (r, &j) in self.basis.basic.iter().enumerate() {
            let rate = -direction * aq[r];
            if rate.abs() > pivot_tol {
                relaxed = relaxed.min(room(rate, j, 1.0));
            } else if rate != 0.0 {
                tiny_limit = tiny_limit.min(room(rate, j, 1.0));
            }
        }
        let mut leaving: Option<(usize, bool, f64)> = None;
        if relaxed < range {
            for (r, &j) in self.basis.basic.iter().enumerate() {
                let rate = -direction * aq[r];
                if rate.abs() > pivot_tol
                    && room(rate, j, 0.0) <= relaxed
                    && leaving.is_none_or(|(_, _, a)| rate.abs() > a)
                {
                    leaving = Some((r, rate < 0.0, rate.abs()));
                }
            }
        }
        let theta = match leaving {
            Some((r, _, _)) => room(-direction * aq[r], self.basis.basic[r], 0.0),
            None => range,
        };
        if theta > tiny_limit {
            return Ok(None);
        }
        let leaving = leaving.map(|(r, to_lower, _)| (r, to_lower));
        self.x[q] += direction * theta;
        for (r, &j) in self.basis.basic.iter().enumerate() {
            self.x[j] -= direction * theta * aq[r];
        }
        match leaving {
            Some((r, to_lower)) => Ok(Some((r, to_lower, aq))),
            None => {
                let (status, bound) = if direction > 0.0 {
                    (Status::Upper, hi)
                } else {
                    (Status::Lower, lo)
                };
                self.basis.status[q] = status;
                self.x[q] = bound;
                Ok(None)
            }
        }
    }
}

/// A reduced cost of the interior point's duals this small (relative to
/// the largest cost) counts as 0 in the dual push.
const DUAL_ZERO: f64 = 1e-9;

impl Run<'_> {
    /// The dual push (the crossover's second phase): with the primal
    /// values where [`Run::push_superbasics`] left them, every basic
    /// variable that the interior point's `duals` price (a nonzero reduced
    /// cost, so by complementarity at a bound) leaves the basis, for the
    /// nonbasic variable whose reduced cost reaches 0 first as that price
    /// goes to 0 (a dual ratio test on the reduced costs of `duals`, kept
    /// through the pivots). The pivots move no value (the leaving variable
    /// is at its bound, the entering one stays at its), and the basis ends
    /// dual feasible as far as the duals were. Returns the pivots.
    pub(super) fn push_duals(&mut self, duals: &[f64]) -> Result<usize, SolveError> {
        let (n, m) = (self.n, self.m);
        if duals.len() != m {
            return Ok(0);
        }
        // z = c − yᵀ·[A −I] at the interior point's duals.
        let mut z: Vec<f64> = (0..n)
            .map(|j| self.cost(j) - self.columns.dot(j, duals))
            .collect();
        z.extend_from_slice(duals);
        let zero = DUAL_ZERO * self.cost_scale;
        for (j, zj) in z.iter_mut().enumerate() {
            let wrong_side = match self.basis.status[j] {
                Status::Lower => *zj < 0.0,
                Status::Upper => *zj > 0.0,
                Status::Basic => false,
            };
            if wrong_side || zj.abs() <= zero {
                *zj = 0.0;
            }
        }
        let priced: Vec<usize> = (0..m)
            .map(|r| self.basis.basic[r])
            .filter(|&j| z[j] != 0.0)
            .collect();
        self.weights_frozen = true;
        let pushed = self.push_priced_out(&priced, &mut z);
        self.weights_frozen = false;
        let pivots = pushed?;
        self.recompute_primal();
        self.recompute_duals();
        Ok(pivots)
    }

    /// The dual push's pivots ([`Run::push_duals`]): each of `priced`
    /// still basic leaves, `z` kept through the steps.
    fn push_priced_out(&mut self, priced: &[usize], z: &mut [f64]) -> Result<usize, SolveError> {
        let (n, m) = (self.n, self.m);
        let mut position = vec![usize::MAX; n + m];
        for (r, &j) in self.basis.basic.iter().enumerate() {
            position[j] = r;
        }
        let mut pivots = 0;
        let mut column = vec![0.0; m];
        for (k, &j) in priced.iter().enumerate() {
            if k % 64 == 0
                && let Some((at, seconds)) = self.deadline
                && std::time::Instant::now() >= at
            {
                return Err(SolveError::TimeLimit { seconds });
            }
            let r = position[j];
            if r == usize::MAX {
                continue;
            }
            // The bound its price holds it at (complementarity); a basic
            // variable off that bound keeps no price.
            let (lo, hi, v) = (self.boxed.lower[j], self.boxed.upper[j], self.x[j]);
            let to_lower = z[j] > 0.0;
            let bound = if to_lower { lo } else { hi };
            if (v - bound).abs() > PRIMAL_TOL * bound.abs().max(1.0) {
                z[j] = 0.0;
                continue;
            }
            let s = z[j].signum();
            let rho = self.inverse.row(r);
            let row = self.tableau_row(&rho);
            // As the dual moves by t·rho (t = s·τ), z_k falls by t·alpha_k;
            // a nonbasic variable blocks where its reduced cost would cross
            // to its bound's wrong side. Two-pass Harris test.
            let max_alpha = row
                .support
                .iter()
                .fold(0.0f64, |a, &i| a.max(row.alpha[i].abs()));
            let pivot_tol = PIVOT_TOL * max_alpha.max(1.0);
            let tol = DUAL_TOL * self.cost_scale;
            let blocking = |i: usize| -> Option<f64> {
                let a = s * row.alpha[i];
                match self.basis.status[i] {
                    _ if self.boxed.lower[i] == self.boxed.upper[i] => None,
                    Status::Lower if a > pivot_tol => Some(a),
                    Status::Upper if a < -pivot_tol => Some(-a),
                    _ => None,
                }
            };
            let mut relaxed = z[j].abs();
            for &i in &row.support {
                if let Some(a) = blocking(i) {
                    relaxed = relaxed.min((z[i].abs() + tol) / a);
                }
            }
            let mut entering: Option<(usize, f64)> = None;
            if relaxed < z[j].abs() {
                for &i in &row.support {
                    if let Some(a) = blocking(i)
                        && z[i].abs() / a <= relaxed
                        && entering.is_none_or(|(_, b)| a > b)
                    {
                        entering = Some((i, a));
                    }
                }
            }
            let tau = match entering {
                Some((i, a)) => z[i].abs() / a,
                None => z[j].abs(),
            };
            for &i in &row.support {
                if self.basis.status[i] != Status::Basic {
                    z[i] -= s * tau * row.alpha[i];
                }
            }
            self.recycle(row);
            let Some((q, _)) = entering else {
                z[j] = 0.0;
                continue;
            };
            z[j] -= s * tau;
            z[q] = 0.0;
            column_into(self.lp, self.columns, self.n, q, &mut column);
            let aq = self.inverse.multiply(&column);
            if aq[r].abs() <= PIVOT_TOL {
                continue;
            }
            self.iterations += 1;
            pivots += 1;
            self.exchange(r, q, to_lower, (&aq, None), (&rho, None))?;
            position[j] = usize::MAX;
            position[q] = r;
        }
        Ok(pivots)
    }
}

#[cfg(all(test, feature = "clarabel"))]
mod tests {
    use super::super::{Columns, Inverse, Run, Status, box_bounds_relaxed, crash};
    use crate::lp::LinearProgram;
    use crate::solve::{Backend, ClarabelBackend, Solution, SolveOptions};

    /// Six suppliers in three pairs of identical ones (capacity `cap`
    /// each, at most `ub` to a buyer) ship to four buyers (`demand`,
    /// shortage at 100 a tonne); the pairs cost 1, 2 and 3 a tonne, plus 1
    /// a tonne per buyer's index. Every optimum splits freely within a
    /// pair, so the interior point's answer is inside a face.
    fn pairs(demand: [f64; 4], cap: f64, ub: f64) -> LinearProgram {
        let mut lp = LinearProgram::new();
        let mut ships = vec![vec![0; 4]; 6];
        for (s, row) in ships.iter_mut().enumerate() {
            for (b, j) in row.iter_mut().enumerate() {
                let cost = (s / 2 + 1) as f64 + b as f64;
                *j = lp.add_column(format!("x{s}{b}"), 0.0, ub, cost);
            }
        }
        for (s, row) in ships.iter().enumerate() {
            let terms: Vec<(usize, f64)> = row.iter().map(|&j| (j, 1.0)).collect();
            lp.add_row(format!("cap{s}"), f64::NEG_INFINITY, cap, &terms);
        }
        for (b, &need) in demand.iter().enumerate() {
            let short = lp.add_column(format!("short{b}"), 0.0, f64::INFINITY, 100.0);
            let mut terms: Vec<(usize, f64)> = ships.iter().map(|row| (row[b], 1.0)).collect();
            terms.push((short, 1.0));
            lp.add_row(format!("need{b}"), need, f64::INFINITY, &terms);
        }
        lp
    }

    fn interior(lp: &LinearProgram) -> Solution {
        ClarabelBackend
            .solve(lp, &SolveOptions::default())
            .expect("clarabel solves it")
    }

    /// Nonbasic variables off their bounds, and reduced costs on the wrong
    /// side of their bounds by more than `1e-9`.
    fn off_bounds_and_wrong_prices(run: &Run) -> (usize, usize) {
        let mut off = 0;
        let mut wrong = 0;
        for j in 0..run.n + run.m {
            let (lo, hi, v) = (run.boxed.lower[j], run.boxed.upper[j], run.x[j]);
            match run.basis.status[j] {
                Status::Basic => {}
                Status::Lower | Status::Upper if v != lo && v != hi => off += 1,
                Status::Lower if lo < hi && run.d[j] < -1e-9 => wrong += 1,
                Status::Upper if lo < hi && run.d[j] > 1e-9 => wrong += 1,
                _ => {}
            }
        }
        (off, wrong)
    }

    /// From the crash basis at Clarabel's answer to `lp`, the primal
    /// push, checked: every nonbasic variable at a bound, the basic ones
    /// inside theirs, the interior optimum kept. Then `then` gets the run,
    /// the push's pivots, the wrong reduced costs left, and the duals.
    fn pushed(lp: &LinearProgram, then: impl FnOnce(&mut Run, usize, usize, &[f64])) {
        let answer = interior(lp);
        let duals = answer.row_duals.clone().expect("clarabel's duals");
        let columns = Columns::of(lp);
        let boxed = box_bounds_relaxed(lp, &columns, &[], &[]);
        let basis = crash::crash_basis(lp, &answer.values, Some(&duals));
        let weights = Inverse::unfactored(vec![1.0; lp.num_rows()]);
        let mut run = Run::new(lp, &columns, &boxed, basis, weights).expect("a basis");
        let pivots = run
            .push_superbasics(&answer.values)
            .expect("the primal push");
        let objective = lp.objective(&run.x[..run.n]);
        assert!(
            (objective - answer.objective).abs() < 1e-6 * answer.objective.abs(),
            "{objective} against {}",
            answer.objective
        );
        let (off, wrong) = off_bounds_and_wrong_prices(&run);
        assert_eq!(off, 0);
        for &j in &run.basis.basic {
            let (lo, hi, v) = (run.boxed.lower[j], run.boxed.upper[j], run.x[j]);
            assert!(v >= lo - 1e-7 && v <= hi + 1e-7, "{v} outside [{lo}, {hi}]");
        }
        then(&mut run, pivots, wrong, &duals);
    }

    /// Supply equals demand: Clarabel's answer has more shipments inside
    /// their bounds than there are rows, and the push pivots them in.
    #[test]
    fn the_primal_push_pivots_inside_variables_in_at_the_same_optimum() {
        pushed(&pairs([45.0; 4], 30.0, 20.0), |_, pivots, _, _| {
            assert!(pivots >= 5, "{pivots} pivots");
        });
    }

    /// The basis the primal push leaves has basic variables at bounds
    /// that the optimal duals price (wrong reduced costs); the dual push
    /// swaps them out without moving a value.
    #[test]
    fn the_pushes_reach_an_optimal_basis_without_moving_the_optimum() {
        let lp = pairs([30.0, 30.0, 60.0, 60.0], 45.0, 15.0);
        pushed(&lp, |run, _, wrong_before, duals| {
            assert!(wrong_before > 0, "the primal push alone was optimal");
            let values = run.x.clone();
            let pivots = run.push_duals(duals).expect("the dual push");
            assert!(pivots > 0);
            let moved = values
                .iter()
                .zip(&run.x)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f64::max);
            assert!(moved < 1e-9, "the dual push moved a value by {moved}");
            assert_eq!(off_bounds_and_wrong_prices(run), (0, 0));
            // Optimal as it stands: the primal simplex has nothing to do.
            assert!(run.primal_cleanup_within(0).expect("no step needed"));
        });
    }
}
