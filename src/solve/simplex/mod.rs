//! The project's own bounded dual simplex, for the many small LPs that
//! share one constraint matrix (every scenario's recourse LP of a model):
//! it keeps its basis, and the basis inverse with it, from one solve to the
//! next, so a scenario that differs from the last in right-hand sides,
//! bounds and costs takes a handful of iterations.
//!
//! The basis is held as a sparse LU with one eta vector per pivot since
//! (`inverse`: product form, refactorised every `REFACTOR_EVERY` updates;
//! a singular basis is repaired with logicals), so a pivot costs what the
//! factors hold rather than `m²`; where the right-hand side is sparse,
//! `B⁻¹·v` and `e_r·B⁻¹` visit only the steps it reaches through the
//! factors (`inverse::sparse`, hypersparse solves). LPs above [`MAX_ROWS`]
//! are refused.
//! Every variable is boxed (`boxing`) so any basis is dual feasible after
//! its nonbasic variables move to the bounds their reduced costs prefer: no
//! phase 1, and a warm start is always valid. Leaving rows are chosen by
//! dual steepest edge (Forrest–Goldfarb weights, updated each pivot),
//! entering columns by a bound-flipping ratio test (breakpoints are passed
//! while the dual objective still rises, their variables moved to their
//! other bounds in one solve with the basis) that picks among the last
//! group by a two-pass Harris test on the reduced costs' feasible sides;
//! the pivot row is formed by rows of `A` when `e_r·B⁻¹` is sparse, with
//! the list of its nonzeros (`tableau`), so the ratio test and the
//! reduced-cost update cost what the row holds; a column that copies the
//! one before it (equal or negated, as the decomposition's level
//! projection writes its moves) is stored and priced once (`boxing`). At the end the duals are
//! recomputed and a few primal simplex pivots remove what the ratio
//! test's tolerance left (a tiny cost on a huge range, such as a rare
//! scenario's CVaR row, matters). Answers are verified by the caller like
//! any backend's.

mod boxing;
mod crash;
mod inverse;
mod prepared;
mod push;
#[cfg(test)]
mod row_changes;
mod tableau;

use boxing::{Boxed, Columns, box_bounds_relaxed, box_relaxed, restore_own_bounds};
use inverse::Inverse;
pub(crate) use prepared::{Kept, KeptBox, KeptColumns};
use tableau::TableauRow;

use super::{Backend, Solution, SolveError, SolveOptions};
use crate::lp::LinearProgram;

/// LPs with more rows than this are refused (its pricing passes over every
/// row and column each pivot: beyond this, Clarabel is the faster way).
pub const MAX_ROWS: usize = 200_000;
/// At the end, a reduced cost on the wrong side by more than this
/// (relative to the costs' scale; well above round-off, well below the
/// ratio test's tolerance) gets its variable into the basis...
const CLEANUP_TOL: f64 = 1e-11;
/// ...if over its variable's range it could gain more than this share of
/// the objective (a tiny cost on a huge range, such as a scenario's CVaR
/// row, matters; round-off on a narrow range does not).
const GAIN_TOL: f64 = 1e-10;
/// Rounds of fresh duals at the end of a solve (each may move nonbasic
/// variables whose updated reduced costs drifted, and pivot again).
const MAX_CLEANUPS: usize = 10;
/// Pivots between refactorisations of the basis inverse, at most; sooner
/// where the etas outgrow the factors ([`Inverse::etas_outgrow_factors`]).
const REFACTOR_EVERY: usize = 100;
/// Pivots before the etas' fill may call for a refactorisation (on small
/// LPs a refactorisation costs more than the fill it saves).
const REFACTOR_FILL_AFTER: usize = 25;
/// Iterations per solve before giving up.
const MAX_ITERATIONS: usize = 50_000;
/// The crossover's primal simplex after the pushes gets this many steps
/// plus one per ten rows before the dual simplex takes over (after both
/// pushes the shipped and generated models needed at most a few; with the
/// primal push alone an 18k-column mean-CVaR model stalled on a
/// degenerate vertex past 20,000).
const CROSSOVER_PRIMAL_PIVOTS: usize = 1_000;
/// Primal feasibility tolerance, relative to the bound's scale.
const PRIMAL_TOL: f64 = 1e-9;
/// Dual feasibility tolerance, relative to the costs' scale.
const DUAL_TOL: f64 = 1e-12;
/// A solve's answer and where it may be nonzero (`None`: anywhere).
type Listed<'a> = (&'a [f64], Option<&'a [usize]>);

/// Where an infeasibility rests on an artificial bound, the box is derived
/// again with that bound this many times as large...
const WIDEN: f64 = 1e3;
/// ...up to this many times (1e9 at first, then up to 1e18 for a value
/// column in money).
const MAX_WIDENINGS: usize = 3;
/// Pivots smaller than this (relative to the row's largest) are avoided.
const PIVOT_TOL: f64 = 1e-9;

const NAME: &str = "simplex";

/// Where a nonbasic variable sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Basic,
    Lower,
    Upper,
}

/// A basis: which variable is basic in each row, and where the others sit.
/// Variables `0..n` are the columns, `n..n+m` the rows' activities.
#[derive(Debug, Clone, PartialEq)]
pub struct Basis {
    basic: Vec<usize>,
    status: Vec<Status>,
}

/// A dual simplex that keeps its basis between solves of LPs with the same
/// constraint matrix.
#[derive(Debug, Clone, Default)]
pub struct WarmSimplex {
    state: Option<(Basis, Inverse)>,
    /// Iterations of the last solve.
    pub last_iterations: usize,
    /// Per column of the last solve's LP, its reduced cost where it is
    /// nonbasic at one of the LP's own bounds, else 0: the price of that
    /// bound (negative at an upper bound that holds the objective back).
    bound_prices: Vec<f64>,
    /// The last solve's dual bound (see [`WarmSimplex::dual_bound`]).
    dual_bound: f64,
    /// A solve still running at this instant stops with
    /// [`SolveError::TimeLimit`].
    deadline: Option<(std::time::Instant, f64)>,
    /// The ratio test takes one breakpoint per pivot, as before the
    /// bound-flipping test (for measuring what the flips save).
    pub(crate) without_bound_flips: bool,
    /// Rows whose bounds the boxing does not propagate (see
    /// [`WarmSimplex::set_unpropagated`]).
    unpropagated: Vec<usize>,
}

impl WarmSimplex {
    /// Solves stop at `deadline` (with the limit as the user set it, for
    /// the message).
    pub fn set_deadline(&mut self, deadline: Option<(std::time::Instant, f64)>) {
        self.deadline = deadline;
    }

    /// Rows whose bounds imply no bounds on the columns in the boxing, so
    /// that their duals carry all the price of their bounds (the
    /// decomposition's quota and capacity rows, for shadow prices).
    pub(crate) fn set_unpropagated(&mut self, rows: Vec<usize>) {
        self.unpropagated = rows;
    }

    /// A solver with no basis yet.
    pub fn new() -> WarmSimplex {
        WarmSimplex::default()
    }

    /// Forgets the kept basis (the next solve starts from the slacks).
    pub fn clear(&mut self) {
        self.state = None;
    }

    /// The basis of the last solve, to save and load.
    pub fn basis(&self) -> Option<&Basis> {
        self.state.as_ref().map(|(b, _)| b)
    }

    /// Starts the next solve from `basis` (of an LP with the same matrix).
    pub fn set_basis(&mut self, basis: Basis) {
        self.state = Some((basis, Inverse::empty()));
    }

    /// The last basis with its pricing weights, to start a later solve of
    /// the same matrix from ([`WarmSimplex::restore`]).
    pub(crate) fn snapshot(&self) -> Option<(Basis, Vec<f64>)> {
        self.state
            .as_ref()
            .map(|(basis, inverse)| (basis.clone(), inverse.weights().to_vec()))
    }

    /// Starts the next solve from a [`WarmSimplex::snapshot`] (the basis
    /// is factorised then; the weights are kept).
    pub(crate) fn restore(&mut self, (basis, weights): (Basis, Vec<f64>)) {
        self.state = Some((basis, Inverse::unfactored(weights)));
    }

    /// Adapts the kept basis to the same LP without the rows listed
    /// (ascending), where each of their logicals is basic: the basis less
    /// those rows and logicals is a basis of the smaller LP, whose other
    /// rows of `B⁻¹` are unchanged (so are their pricing weights). Where
    /// any listed row's logical is nonbasic, or no basis is kept, the basis
    /// is forgotten instead. Returns whether it was kept.
    pub(crate) fn remove_rows(&mut self, rows: &[usize]) -> bool {
        let Some((basis, inverse)) = self.state.take() else {
            return false;
        };
        let m = basis.basic.len();
        let n = basis.status.len() - m;
        let mut removed = vec![false; m];
        for &i in rows {
            if i >= m || basis.status[n + i] != Status::Basic {
                return false;
            }
            removed[i] = true;
        }
        // New index of each old row.
        let mut renumber = vec![usize::MAX; m];
        let mut next = 0;
        for (i, slot) in renumber.iter_mut().enumerate() {
            if !removed[i] {
                *slot = next;
                next += 1;
            }
        }
        let weights = inverse.weights();
        let keep_weights = weights.len() == m;
        let mut kept = Basis {
            basic: Vec::with_capacity(next),
            status: Vec::with_capacity(n + next),
        };
        let mut kept_weights = Vec::with_capacity(next);
        for (p, &j) in basis.basic.iter().enumerate() {
            if j >= n && removed[j - n] {
                continue;
            }
            kept.basic.push(if j < n { j } else { n + renumber[j - n] });
            if keep_weights {
                kept_weights.push(weights[p]);
            }
        }
        kept.status.extend_from_slice(&basis.status[..n]);
        kept.status
            .extend((0..m).filter(|&i| !removed[i]).map(|i| basis.status[n + i]));
        let inverse = if keep_weights {
            Inverse::unfactored(kept_weights)
        } else {
            Inverse::empty()
        };
        self.state = Some((kept, inverse));
        true
    }

    /// Solves `lp` from the kept basis (or the slack basis), keeping the
    /// final basis for the next call. A kept basis whose shape does not fit
    /// `lp` is dropped.
    pub fn solve(&mut self, lp: &LinearProgram) -> Result<Solution, SolveError> {
        self.solve_relaxed(lp, &[])
    }

    /// [`WarmSimplex::solve`], with the bounds the simplex implies from the
    /// rows computed as if the listed columns had the given (larger) upper
    /// bounds: then every price the answer carries (row duals and
    /// [`WarmSimplex::bound_prices`]) prices only the LP's own rows and
    /// bounds for any upper bounds of those columns up to the given values,
    /// which is what makes a Benders cut from it valid.
    ///
    /// A kept basis of an LP with the same columns and fewer rows (rows
    /// appended since, as cuts are) is extended by the new rows' slacks.
    pub fn solve_relaxed(
        &mut self,
        lp: &LinearProgram,
        relaxed: &[(usize, f64)],
    ) -> Result<Solution, SolveError> {
        fits(lp.num_rows())?;
        let columns = Columns::of(lp);
        let boxed = box_bounds_relaxed(lp, &columns, relaxed, &self.unpropagated);
        self.solve_boxed(lp, &columns, &boxed, relaxed)
    }

    /// [`WarmSimplex::solve_relaxed`], with the matrix by columns and the
    /// relaxed box taken from `kept` where they were derived from an LP
    /// that gives the same (`prepared`), and left there for the next
    /// solve where its cells are empty.
    pub(crate) fn solve_relaxed_kept(
        &mut self,
        lp: &LinearProgram,
        relaxed: &[(usize, f64)],
        kept: Kept<'_>,
    ) -> Result<Solution, SolveError> {
        fits(lp.num_rows())?;
        let (columns, boxed) = prepared::columns_and_box(lp, relaxed, &self.unpropagated, kept);
        self.solve_boxed(lp, &columns, &boxed, relaxed)
    }

    /// Solves `lp` in `boxed` (of `relaxed`). Where the boxed LP proves
    /// infeasible only through an artificial bound, the box is derived
    /// again with that bound [`WIDEN`] times as large, up to
    /// [`MAX_WIDENINGS`] times, and the solve goes on from where it
    /// stopped.
    fn solve_boxed(
        &mut self,
        lp: &LinearProgram,
        columns: &Columns,
        boxed: &Boxed,
        relaxed: &[(usize, f64)],
    ) -> Result<Solution, SolveError> {
        let (m, n) = (lp.num_rows(), lp.num_columns());
        let (mut basis, mut inverse) = match self.state.take() {
            Some((b, inv)) if b.basic.len() == m && b.status.len() == n + m => (b, inv),
            Some((b, inv)) if b.basic.len() < m && b.status.len() == n + b.basic.len() => {
                extend_basis(lp, b, &inv)
            }
            _ => (slack_basis(n, m), Inverse::slack(m)),
        };
        self.last_iterations = 0;
        let mut widened: Option<Boxed> = None;
        let mut widening = 0;
        loop {
            let mut run = Run::new(
                lp,
                columns,
                widened.as_ref().unwrap_or(boxed),
                basis,
                inverse,
            )?;
            run.deadline = self.deadline;
            run.bound_flips = !self.without_bound_flips;
            let result = run.iterate();
            self.last_iterations += run.iterations;
            match result {
                Ok(()) => {
                    let solution = run.solution()?;
                    self.bound_prices = run.bound_prices();
                    self.dual_bound = run.dual_bound();
                    self.state = Some((run.basis, run.inverse));
                    return Ok(solution);
                }
                Err(SolveError::Infeasible)
                    if run.infeasible_on_artificial && widening < MAX_WIDENINGS =>
                {
                    let Run {
                        basis: kept_basis,
                        inverse: kept_inverse,
                        ..
                    } = run;
                    (basis, inverse) = (kept_basis, kept_inverse);
                    widening += 1;
                    let widen = WIDEN.powi(widening as i32);
                    let mut wider = box_relaxed(lp, columns, relaxed, &self.unpropagated, widen);
                    restore_own_bounds(lp, relaxed, &mut wider);
                    widened = Some(wider);
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// A lower bound on the last LP's optimum that holds whatever round-off
    /// the pivots left: `Σ_j min(d_j·l_j, d_j·u_j)` over every column and
    /// row activity with its reduced cost `d_j` and its (implied) bounds.
    /// For any `x` with `A·x = s`, `c·x = Σ_j d_j·x_j`, so this is weak
    /// duality; it is below the objective by what the tolerances let
    /// through (dual infeasibilities times the bounds' widths).
    pub fn dual_bound(&self) -> f64 {
        self.dual_bound
    }

    /// Per column of the last solved LP, then per row (its activity's
    /// reduced cost, which is the row's dual), the reduced cost where it is
    /// nonbasic at one of the LP's own bounds, else 0: `n + m` entries.
    pub fn bound_prices(&self) -> &[f64] {
        &self.bound_prices
    }
}

/// Finishes an answer near the optimum (an interior point's) at a vertex
/// (the crossover): from the basis that [`crash::crash_basis`] guesses
/// from `values`, the other variables at `values` are pushed to their
/// bounds ([`Run::push_superbasics`]), the basic variables that `duals`
/// price are swapped out ([`Run::push_duals`]), and the primal and dual
/// simplex finish from there. Returns the vertex answer, with its row
/// duals, and the pivots it took (pushes included).
pub(crate) fn crossover(
    lp: &LinearProgram,
    values: &[f64],
    duals: Option<&[f64]>,
    deadline: Option<(std::time::Instant, f64)>,
) -> Result<(Solution, usize), SolveError> {
    let (m, n) = (lp.num_rows(), lp.num_columns());
    fits(m)?;
    let columns = Columns::of(lp);
    let boxed = box_bounds_relaxed(lp, &columns, &[], &[]);
    let basis = crash::crash_basis(lp, values, duals);
    debug_assert_eq!(basis.status.len(), n + m);
    // Unit pricing weights: exact ones cost a solve per row, and the dual
    // simplex has little left to price after the pushes.
    let weights = Inverse::unfactored(vec![1.0; m]);
    let mut run = Run::new(lp, &columns, &boxed, basis, weights)?;
    run.deadline = deadline;
    run.refactor_on_fill = true;
    run.push_superbasics(values)?;
    if let Some(duals) = duals {
        run.push_duals(duals)?;
    }
    // The primal simplex from the pushed basis, which is primal feasible:
    // where the duals were missing or off, it may stall on a degenerate
    // vertex, and the dual simplex takes over from the reduced costs'
    // preferred bounds instead.
    if !run.primal_cleanup_within(CROSSOVER_PRIMAL_PIVOTS + m / 10)? {
        run.place_nonbasic();
    }
    run.recompute_primal();
    let solution = run.solution()?;
    Ok((solution, run.iterations))
}

/// A basis of the first `m0` rows of `lp` (the rest appended since) with
/// the new rows' slacks made basic; the run refactorises it (a sparse LU
/// of the extended basis costs little more than the old one's).
fn extend_basis(lp: &LinearProgram, mut basis: Basis, inverse: &Inverse) -> (Basis, Inverse) {
    let (m, n) = (lp.num_rows(), lp.num_columns());
    let m0 = basis.basic.len();
    // The pricing weights carry over: with the new rows' logicals basic,
    // `B' = [B 0; C −I]` and `B'⁻¹ = [B⁻¹ 0; C·B⁻¹ −I]`, so an old row of
    // `B'⁻¹` is the old row (the same weight) and a new row `i`'s weight is
    // `‖C_i·B⁻¹‖² + 1`, one `c·B⁻¹` each (`C_i`: row `i` on the basic
    // columns). Without a factored old inverse the weights are computed
    // afresh after the factorisation.
    let weights = (inverse.is_for(m0) && inverse.weights().len() == m0).then(|| {
        let mut position = vec![usize::MAX; n + m0];
        for (p, &j) in basis.basic.iter().enumerate() {
            position[j] = p;
        }
        let mut weights = inverse.weights().to_vec();
        let mut c = vec![0.0; m0];
        for i in m0..m {
            c.iter_mut().for_each(|v| *v = 0.0);
            for (j, a) in lp.row_entries(i) {
                if let Some(&p) = position.get(j).filter(|&&p| p != usize::MAX) {
                    c[p] += a;
                }
            }
            let row = inverse.left_multiply(&c);
            weights.push(row.iter().map(|v| v * v).sum::<f64>() + 1.0);
        }
        weights
    });
    // The old rows' logicals keep their status; the new rows' are basic.
    basis.basic.extend(n + m0..n + m);
    basis
        .status
        .extend(std::iter::repeat_n(Status::Basic, m - m0));
    let inverse = weights.map_or_else(Inverse::empty, Inverse::unfactored);
    (basis, inverse)
}

/// The dual simplex as a backend (a cold solve each time), for LPs
/// of up to [`MAX_ROWS`] rows.
#[derive(Debug, Clone, Copy, Default)]
pub struct SimplexBackend;

impl Backend for SimplexBackend {
    fn name(&self) -> &'static str {
        NAME
    }

    fn solve(&self, lp: &LinearProgram, _options: &SolveOptions) -> Result<Solution, SolveError> {
        WarmSimplex::new().solve(lp)
    }
}

/// Refuses an LP of `m` rows above [`MAX_ROWS`].
fn fits(m: usize) -> Result<(), SolveError> {
    if m > MAX_ROWS {
        return Err(failed(format!(
            "{m} rows, more than the simplex takes ({MAX_ROWS})"
        )));
    }
    Ok(())
}

fn failed(message: String) -> SolveError {
    SolveError::Failed {
        backend: NAME,
        message,
    }
}

fn slack_basis(n: usize, m: usize) -> Basis {
    let mut status = vec![Status::Lower; n + m];
    for s in &mut status[n..] {
        *s = Status::Basic;
    }
    Basis {
        basic: (n..n + m).collect(),
        status,
    }
}

/// One solve in progress.
struct Run<'a> {
    lp: &'a LinearProgram,
    columns: &'a Columns,
    boxed: &'a Boxed,
    n: usize,
    m: usize,
    basis: Basis,
    inverse: Inverse,
    /// Values of all `n + m` variables.
    x: Vec<f64>,
    /// Reduced costs of all variables (0 for basic ones).
    d: Vec<f64>,
    cost_scale: f64,
    iterations: usize,
    deadline: Option<(std::time::Instant, f64)>,
    /// Whether the ratio test passes breakpoints by flipping bounds.
    bound_flips: bool,
    /// The basis is refactorised as soon as the etas outgrow the factors
    /// (after [`REFACTOR_FILL_AFTER`] pivots), not only every
    /// [`REFACTOR_EVERY`]: the crossover's setting, where long runs of
    /// pivots on mean-CVaR models fill the etas.
    refactor_on_fill: bool,
    /// Nonbasic variables keep their values through a basis repair (the
    /// crossover's push moves them itself; `push`).
    keep_nonbasic_values: bool,
    /// The last ratio test that found no entering column (the LP
    /// infeasible within the box) had a bound of the box's own making in
    /// its proof ([`Run::rests_on_artificial`]).
    infeasible_on_artificial: bool,
    /// Pivots leave the pricing weights as they are (the crossover's
    /// pushes, which choose no leaving row by them).
    weights_frozen: bool,
    /// The tableau row's buffers, kept between pivots (all zero/false
    /// between uses).
    alpha: Vec<f64>,
    touched: Vec<bool>,
    /// Per basis row, its basic variable's infeasibility as
    /// [`Run::infeasibility`] gives it, kept up to date inside
    /// [`Run::iterate`] where the values move, so choosing the leaving row
    /// reads two arrays in order instead of three by the basis.
    infeasible: Vec<f64>,
    /// An entering column's nonzeros (row, value), kept between pivots.
    entries: Vec<(usize, f64)>,
}

impl<'a> Run<'a> {
    fn new(
        lp: &'a LinearProgram,
        columns: &'a Columns,
        boxed: &'a Boxed,
        basis: Basis,
        mut inverse: Inverse,
    ) -> Result<Run<'a>, SolveError> {
        let (m, n) = (lp.num_rows(), lp.num_columns());
        let cost_scale = lp.columns.iter().map(|c| c.cost.abs()).fold(1.0, f64::max);
        let mut basis = basis;
        if !inverse.is_for(m) {
            let weights = Some(inverse.take_weights()).filter(|w| w.len() == m);
            inverse = factorise(columns, n, &mut basis, weights)?;
        }
        let mut run = Run {
            lp,
            columns,
            boxed,
            n,
            m,
            basis,
            inverse,
            x: vec![0.0; n + m],
            d: vec![0.0; n + m],
            cost_scale,
            iterations: 0,
            deadline: None,
            bound_flips: true,
            refactor_on_fill: false,
            keep_nonbasic_values: false,
            infeasible_on_artificial: false,
            weights_frozen: false,
            alpha: vec![0.0; n + m],
            touched: vec![false; n + m],
            infeasible: vec![0.0; m],
            entries: Vec::new(),
        };
        run.recompute_duals();
        run.place_nonbasic();
        run.recompute_primal();
        Ok(run)
    }

    fn cost(&self, j: usize) -> f64 {
        if j < self.n {
            self.lp.columns[j].cost
        } else {
            0.0
        }
    }

    /// `y = c_B·B⁻¹`, `d_j = c_j − y·a_j` (a logical's column is `−e_i`).
    fn recompute_duals(&mut self) {
        let cb: Vec<f64> = self.basis.basic.iter().map(|&j| self.cost(j)).collect();
        let y = self.inverse.left_multiply(&cb);
        for j in 0..self.n + self.m {
            self.d[j] = if self.basis.status[j] == Status::Basic {
                0.0
            } else if j < self.n {
                self.cost(j) - self.columns.dot(j, &y)
            } else {
                y[j - self.n]
            };
        }
    }

    /// After a basis repair, nonbasic variables whose value is not at their
    /// status's bound (those that just left) go to the nearer bound.
    fn place_repaired(&mut self) {
        if self.keep_nonbasic_values {
            return;
        }
        for j in 0..self.n + self.m {
            let (lo, hi) = (self.boxed.lower[j], self.boxed.upper[j]);
            match self.basis.status[j] {
                Status::Lower if self.x[j] != lo => {
                    if (hi - self.x[j]).abs() < (self.x[j] - lo).abs() {
                        self.basis.status[j] = Status::Upper;
                        self.x[j] = hi;
                    } else {
                        self.x[j] = lo;
                    }
                }
                _ => {}
            }
        }
    }

    /// Each nonbasic variable at the bound its reduced cost prefers.
    fn place_nonbasic(&mut self) {
        for j in 0..self.n + self.m {
            let s = self.basis.status[j];
            if s == Status::Basic {
                continue;
            }
            let (lo, hi) = (self.boxed.lower[j], self.boxed.upper[j]);
            let status = if lo == hi {
                s
            } else if self.d[j] < 0.0 {
                Status::Upper
            } else {
                Status::Lower
            };
            self.basis.status[j] = status;
            self.x[j] = if status == Status::Upper { hi } else { lo };
        }
    }

    /// Primal simplex pivots from a primal feasible basis until no
    /// nonbasic reduced cost is on the wrong side by more than
    /// [`CLEANUP_TOL`] where it could gain more than [`GAIN_TOL`] of the
    /// objective over its variable's range (Dantzig's rule, ratio test over
    /// the basic variables' boxes, bound flips where the entering variable
    /// reaches its other bound first).
    fn primal_cleanup(&mut self) -> Result<(), SolveError> {
        self.primal_cleanup_within(10 * (self.m + 10)).map(|_| ())
    }

    /// [`Run::primal_cleanup`] for at most `pivots` steps (pivots and
    /// bound flips); whether it finished.
    fn primal_cleanup_within(&mut self, pivots: usize) -> Result<bool, SolveError> {
        let tol = CLEANUP_TOL * self.cost_scale;
        let gain_tol = GAIN_TOL * self.lp.objective(&self.x[..self.n]).abs().max(1.0);
        // Candidates whose step would carry a basic variable past its
        // bound through an entry too small to pivot on (see below).
        let mut refused = vec![false; self.n + self.m];
        for step in 0..=pivots {
            // The entering variable and its direction (+1: up from lower).
            let mut entering: Option<(usize, f64, f64)> = None;
            for (j, &refused_j) in refused.iter().enumerate() {
                if refused_j {
                    continue;
                }
                let (lo, hi) = (self.boxed.lower[j], self.boxed.upper[j]);
                let (wrong, direction) = match self.basis.status[j] {
                    Status::Lower => (-self.d[j], 1.0),
                    Status::Upper => (self.d[j], -1.0),
                    Status::Basic => continue,
                };
                if wrong > tol
                    && wrong * (hi - lo) > gain_tol
                    && entering.is_none_or(|(_, _, w)| wrong > w)
                {
                    entering = Some((j, direction, wrong));
                }
            }
            let Some((q, direction, _)) = entering else {
                return Ok(true);
            };
            if step == pivots {
                return Ok(false);
            }
            let (aq, aq_nonzero) = self.multiply_column(q);
            // x_B moves by −direction·θ·aq as x_q moves by direction·θ.
            let mut theta = self.boxed.upper[q] - self.boxed.lower[q];
            let mut leaving: Option<(usize, bool)> = None;
            let max_a = aq.iter().fold(0.0f64, |a, &b| a.max(b.abs()));
            // The longest step the entries too small to pivot on allow
            // within the primal tolerance of their variables' bounds.
            let mut tiny_limit = f64::INFINITY;
            for (r, &j) in self.basis.basic.iter().enumerate() {
                let rate = -direction * aq[r];
                if rate == 0.0 {
                    continue;
                }
                let (lo, hi, v) = (self.boxed.lower[j], self.boxed.upper[j], self.x[j]);
                if rate.abs() <= PIVOT_TOL * max_a.max(1.0) {
                    let slack = if rate < 0.0 {
                        v - lo + PRIMAL_TOL * lo.abs().max(1.0)
                    } else {
                        hi - v + PRIMAL_TOL * hi.abs().max(1.0)
                    };
                    tiny_limit = tiny_limit.min(slack.max(0.0) / rate.abs());
                    continue;
                }
                let (room, to_lower) = if rate < 0.0 {
                    ((v - lo).max(0.0) / -rate, true)
                } else {
                    ((hi - v).max(0.0) / rate, false)
                };
                if room < theta {
                    theta = room;
                    leaving = Some((r, to_lower));
                }
            }
            if theta > tiny_limit {
                // The step would leave a basic variable outside its bound
                // that no pivot can bring back (the dual simplex would,
                // and fresh duals would ask for this step again): this
                // candidate waits for the next round's basis.
                refused[q] = true;
                continue;
            }
            self.iterations += 1;
            self.x[q] += direction * theta;
            for (r, &j) in self.basis.basic.iter().enumerate() {
                self.x[j] -= direction * theta * aq[r];
            }
            let Some((r, to_lower)) = leaving else {
                // A bound flip: x_q reached its other bound.
                self.basis.status[q] = if direction > 0.0 {
                    Status::Upper
                } else {
                    Status::Lower
                };
                self.x[q] = if direction > 0.0 {
                    self.boxed.upper[q]
                } else {
                    self.boxed.lower[q]
                };
                continue;
            };
            let rho = self.inverse.row(r);
            let row = self.tableau_row(&rho);
            let ratio = self.d[q] / aq[r];
            for &j in &row.support {
                if self.basis.status[j] != Status::Basic {
                    self.d[j] -= ratio * row.alpha[j];
                }
            }
            self.recycle(row);
            let p = self.basis.basic[r];
            self.d[q] = 0.0;
            self.d[p] = -ratio;
            self.exchange(r, q, to_lower, (&aq, aq_nonzero.as_deref()), (&rho, None))?;
        }
        Ok(false)
    }

    /// The basis change of a pivot on row `r`: its basic variable leaves to
    /// its lower (or upper) bound, `q` enters, and the factors take the
    /// update (`aq = B⁻¹·a_q`, `rho = e_r·B⁻¹`), refactorised when due.
    fn exchange(
        &mut self,
        r: usize,
        q: usize,
        to_lower: bool,
        (aq, aq_nonzero): Listed<'_>,
        (rho, rho_nonzero): Listed<'_>,
    ) -> Result<(), SolveError> {
        let p = self.basis.basic[r];
        let (bound, status) = if to_lower {
            (self.boxed.lower[p], Status::Lower)
        } else {
            (self.boxed.upper[p], Status::Upper)
        };
        self.x[p] = bound;
        self.basis.status[p] = status;
        self.basis.status[q] = Status::Basic;
        self.basis.basic[r] = q;
        if self.weights_frozen {
            self.inverse.pivot_keeping_weights(r, aq, aq_nonzero);
        } else {
            let (tau, _) = self.inverse.multiply_indexed(rho, rho_nonzero);
            self.inverse
                .pivot(r, (aq, aq_nonzero), (rho, rho_nonzero), &tau);
        }
        if self.inverse.updates() >= REFACTOR_EVERY
            || (self.refactor_on_fill
                && self.inverse.updates() >= REFACTOR_FILL_AFTER
                && self.inverse.etas_outgrow_factors())
        {
            self.refactor()?;
        }
        Ok(())
    }

    /// `x_B = −B⁻¹·N·x_N` (the rows are `A·x − s = 0`).
    fn recompute_primal(&mut self) {
        let mut rhs = vec![0.0; self.m];
        for j in 0..self.n + self.m {
            if self.basis.status[j] == Status::Basic || self.x[j] == 0.0 {
                continue;
            }
            let v = self.x[j];
            if j < self.n {
                for (i, a) in self.columns.entries(j) {
                    rhs[i] -= a * v;
                }
            } else {
                rhs[j - self.n] += v;
            }
        }
        let xb = self.inverse.multiply(&rhs);
        for (r, &j) in self.basis.basic.iter().enumerate() {
            self.x[j] = xb[r];
        }
    }

    /// How far row `r`'s basic variable is past a bound (negative: below
    /// its lower one), or 0 within the primal tolerance. Each side's
    /// tolerance scales with that bound (a far artificial bound on one
    /// side must not loosen the other).
    fn infeasibility(&self, r: usize) -> f64 {
        let j = self.basis.basic[r];
        let (lo, hi, v) = (self.boxed.lower[j], self.boxed.upper[j], self.x[j]);
        if v < lo - PRIMAL_TOL * lo.abs().max(1.0) {
            v - lo
        } else if v > hi + PRIMAL_TOL * hi.abs().max(1.0) {
            v - hi
        } else {
            0.0
        }
    }

    /// Every row's [`Run::infeasibility`] afresh.
    fn refresh_infeasibility(&mut self) {
        let mut infeasible = std::mem::take(&mut self.infeasible);
        infeasible.clear();
        infeasible.extend((0..self.m).map(|r| self.infeasibility(r)));
        self.infeasible = infeasible;
    }

    /// The leaving row: the largest infeasibility² over the row's norm² of
    /// the inverse (dual steepest edge, exact), from the values as they
    /// are.
    fn choose_row(&self) -> Option<(usize, f64)> {
        self.choose_row_among((0..self.m).map(|r| self.infeasibility(r)))
    }

    /// [`Run::choose_row`] from the kept infeasibilities (inside
    /// [`Run::iterate`], where they are up to date).
    fn choose_row_kept(&self) -> Option<(usize, f64)> {
        self.choose_row_among(self.infeasible.iter().copied())
    }

    /// The leaving row among rows of the given infeasibilities: the first
    /// of the largest score.
    fn choose_row_among(&self, infeasibility: impl Iterator<Item = f64>) -> Option<(usize, f64)> {
        // The score δ²/w compared as δ²·w_best > δ_best²·w: no division
        // per row (the weights are positive).
        let mut best: Option<(usize, f64, f64, f64)> = None;
        for (r, delta) in infeasibility.enumerate() {
            if delta == 0.0 {
                continue;
            }
            let (square, weight) = (delta * delta, self.inverse.weight(r).max(1e-300));
            if best.is_none_or(|(_, _, s, w)| square * w > s * weight) {
                best = Some((r, delta, square, weight));
            }
        }
        best.map(|(r, delta, _, _)| (r, delta))
    }

    /// Whether the proof that the boxed LP is infeasible, row `r` of the
    /// tableau with no entering column, rests on an artificial bound: the
    /// leaving variable's violated bound, or the bound a nonbasic variable
    /// with an entry in the row sits at (moving off it, beyond the box,
    /// would have made it a candidate). Then the LP itself may be
    /// feasible, only beyond the box.
    fn rests_on_artificial(&self, row: &TableauRow, r: usize, delta: f64) -> bool {
        let p = self.basis.basic[r];
        let (lower_artificial, upper_artificial) = self.boxed.artificial[p];
        if (delta < 0.0 && lower_artificial) || (delta > 0.0 && upper_artificial) {
            return true;
        }
        row.support.iter().any(|&j| {
            let (lower, upper) = self.boxed.artificial[j];
            row.alpha[j] != 0.0
                && match self.basis.status[j] {
                    Status::Lower => lower,
                    Status::Upper => upper,
                    Status::Basic => false,
                }
        })
    }

    /// The entering column for leaving row `r` moving by `delta` (negative:
    /// up to its lower bound), and the columns whose bounds flip on the way
    /// (the bound-flipping ratio test, Fourer's "long step"; Koberstein's
    /// thesis, ch. 3). The dual objective rises at the rate `|delta|` as
    /// the dual step grows; each breakpoint passed, a nonbasic variable
    /// whose reduced cost reaches 0, lowers that rate by `|alpha_j|` times
    /// its box's width, since the variable then moves to its other bound.
    /// Breakpoints are passed in groups while the rate stays positive; the
    /// entering column is chosen in the first group that would make it
    /// negative, by a two-pass Harris test on the reduced costs'
    /// feasible-side values (a reduced cost already a little on the wrong
    /// side counts as 0, so the tolerance cannot compound). `None`: the dual
    /// is unbounded (no candidate), so the LP is infeasible.
    fn choose_column(&self, row: &TableauRow, delta: f64) -> Option<(usize, Vec<usize>)> {
        let s = if delta < 0.0 { 1.0 } else { -1.0 };
        let dual_tol = DUAL_TOL * self.cost_scale;
        let max_alpha = row
            .support
            .iter()
            .fold(0.0f64, |a, &j| a.max(row.alpha[j].abs()));
        let pivot_tol = PIVOT_TOL * max_alpha.max(1.0);
        // (column, |alpha|, the reduced cost's feasible-side value).
        let mut candidates: Vec<(usize, f64, f64)> = Vec::new();
        for &j in &row.support {
            let alpha_j = row.alpha[j];
            let st = self.basis.status[j];
            if st == Status::Basic || self.boxed.lower[j] == self.boxed.upper[j] {
                continue;
            }
            let a = s * alpha_j;
            match st {
                Status::Lower if a < -pivot_tol => candidates.push((j, -a, self.d[j].max(0.0))),
                Status::Upper if a > pivot_tol => candidates.push((j, a, (-self.d[j]).max(0.0))),
                _ => {}
            }
        }
        let mut slope = delta.abs();
        let mut flips = Vec::new();
        loop {
            // Pass 1: the largest step with every reduced cost relaxed by tol.
            let bound = candidates
                .iter()
                .map(|&(_, a, d)| (d + dual_tol) / a)
                .fold(f64::INFINITY, f64::min);
            if !bound.is_finite() {
                return None;
            }
            // The group within it, and what passing it would cost the rate.
            let mut drop = 0.0;
            let mut best: Option<(usize, f64)> = None;
            let mut rest = 0;
            for &(j, a, d) in &candidates {
                if d / a <= bound {
                    drop += a * (self.boxed.upper[j] - self.boxed.lower[j]);
                    if best.is_none_or(|(_, b)| a > b) {
                        best = Some((j, a));
                    }
                } else {
                    rest += 1;
                }
            }
            if !self.bound_flips || slope - drop <= 0.0 || rest == 0 {
                // Pass 2: among steps within the bound, the largest pivot.
                return best.map(|(j, _)| (j, flips));
            }
            slope -= drop;
            candidates.retain(|&(j, a, d)| {
                let passed = d / a <= bound;
                if passed {
                    flips.push(j);
                }
                !passed
            });
        }
    }

    fn iterate(&mut self) -> Result<(), SolveError> {
        let mut column = vec![0.0; self.m];
        self.refresh_infeasibility();
        loop {
            let Some((r, delta)) = self.choose_row_kept() else {
                return Ok(());
            };
            if self.iterations % 64 == 0
                && let Some((at, seconds)) = self.deadline
                && std::time::Instant::now() >= at
            {
                return Err(SolveError::TimeLimit { seconds });
            }
            if self.iterations >= MAX_ITERATIONS {
                return Err(failed(format!(
                    "no optimum after {MAX_ITERATIONS} iterations"
                )));
            }
            self.iterations += 1;
            // Row r of the tableau: alpha_j = (e_r·B⁻¹)·a_j.
            let (rho, rho_nonzero) = self.inverse.row_indexed(r);
            let row = self.tableau_row_listed(&rho, rho_nonzero.as_deref());
            let Some((q, flips)) = self.choose_column(&row, delta) else {
                self.infeasible_on_artificial = self.rests_on_artificial(&row, r, delta);
                self.recycle(row);
                return Err(SolveError::Infeasible);
            };
            // What is left of the leaving row's infeasibility once the
            // passed breakpoints' variables are at their other bounds (in
            // exact arithmetic of the same sign as `delta`; round-off may
            // take it just across 0, so the direction stays `delta`'s).
            let remaining = if flips.is_empty() {
                delta
            } else {
                self.flip_bounds(&flips, &mut column);
                let p = self.basis.basic[r];
                if delta < 0.0 {
                    self.x[p] - self.boxed.lower[p]
                } else {
                    self.x[p] - self.boxed.upper[p]
                }
            };
            // Dual step: d_j += s·t·alpha_j with t = |d_q / alpha_q|.
            let s = if delta < 0.0 { 1.0 } else { -1.0 };
            // The step: the entering reduced cost's feasible-side value
            // (0 if it had drifted across) over its pivot.
            let feasible_side = if self.basis.status[q] == Status::Lower {
                self.d[q]
            } else {
                -self.d[q]
            };
            let t = feasible_side.max(0.0) / row.alpha[q].abs();
            for &j in &row.support {
                if self.basis.status[j] != Status::Basic {
                    self.d[j] += s * t * row.alpha[j];
                }
            }
            self.recycle(row);
            let p = self.basis.basic[r];
            self.d[q] = 0.0;
            self.d[p] = s * t;
            // Primal step: x_q moves so that x_p reaches its bound.
            let (aq, aq_nonzero) = self.multiply_column(q);
            let step = remaining / aq[r];
            let m = self.m;
            let mut move_basic = |i: usize| {
                if aq[i] != 0.0 {
                    let j = self.basis.basic[i];
                    self.x[j] -= aq[i] * step;
                    self.infeasible[i] = self.infeasibility(i);
                }
            };
            match &aq_nonzero {
                Some(positions) => positions.iter().for_each(|&i| move_basic(i)),
                None => (0..m).for_each(move_basic),
            }
            self.x[q] += step;
            self.exchange(
                r,
                q,
                delta < 0.0,
                (&aq, aq_nonzero.as_deref()),
                (&rho, rho_nonzero.as_deref()),
            )?;
            self.infeasible[r] = self.infeasibility(r);
        }
    }

    /// Moves each listed nonbasic variable to its other bound and the
    /// basic variables with it: `Δx_B = −B⁻¹·Σ_j a_j·Δx_j` (one solve with
    /// the basis for all of them; `scratch` is `m` long).
    fn flip_bounds(&mut self, flips: &[usize], scratch: &mut [f64]) {
        scratch.iter_mut().for_each(|v| *v = 0.0);
        for &j in flips {
            let (lo, hi) = (self.boxed.lower[j], self.boxed.upper[j]);
            let (status, to) = if self.basis.status[j] == Status::Lower {
                (Status::Upper, hi)
            } else {
                (Status::Lower, lo)
            };
            let change = to - self.x[j];
            self.basis.status[j] = status;
            self.x[j] = to;
            if j < self.n {
                for (i, a) in self.columns.entries(j) {
                    scratch[i] -= a * change;
                }
            } else {
                scratch[j - self.n] += change;
            }
        }
        let moved = self.inverse.multiply(scratch);
        for (r, &j) in self.basis.basic.iter().enumerate() {
            if moved[r] != 0.0 {
                self.x[j] += moved[r];
                self.infeasible[r] = self.infeasibility(r);
            }
        }
    }

    fn refactor(&mut self) -> Result<(), SolveError> {
        let weights = self.inverse.take_weights();
        self.inverse = factorise(self.columns, self.n, &mut self.basis, Some(weights))?;
        self.place_repaired();
        self.recompute_primal();
        self.recompute_duals();
        self.refresh_infeasibility();
        Ok(())
    }

    /// `B⁻¹·a_q` for column `q` of `[A  −I]`, from its nonzeros, with the
    /// list of positions where it may be nonzero (`None`: any).
    fn multiply_column(&mut self, q: usize) -> (Vec<f64>, Option<Vec<usize>>) {
        let mut entries = std::mem::take(&mut self.entries);
        entries.clear();
        if q < self.n {
            entries.extend(self.columns.entries(q));
        } else {
            entries.push((q - self.n, -1.0));
        }
        let aq = self.inverse.multiply_entries(&entries);
        self.entries = entries;
        aq
    }

    /// The answer: basic values recomputed from the nonbasic ones (so
    /// round-off of the steps does not accumulate; the caller verifies
    /// them); refused if it rests on an artificial bound.
    fn solution(&mut self) -> Result<Solution, SolveError> {
        // Fresh duals: where the updated ones drifted, a nonbasic variable
        // on the wrong bound for its reduced cost moves to the other one
        // (every variable is boxed), and the dual simplex goes on.
        // The dual simplex leaves reduced costs within its ratio test's
        // tolerance of their bounds' sides; with fresh duals, primal
        // simplex pivots finish what that tolerance left (a tiny cost on
        // a huge range, such as a scenario's CVaR row, matters).
        let mut clean = false;
        for _ in 0..MAX_CLEANUPS {
            self.iterate()?;
            self.recompute_duals();
            self.primal_cleanup()?;
            self.recompute_primal();
            if self.choose_row().is_none() {
                clean = true;
                break;
            }
        }
        if !clean {
            return Err(failed(format!(
                "no optimum that holds with fresh duals after {MAX_CLEANUPS} rounds"
            )));
        }
        for j in 0..self.n + self.m {
            let (lo_art, hi_art) = if j < self.n {
                self.boxed.artificial[j]
            } else {
                (false, false)
            };
            let v = self.x[j];
            let at = |bound: f64| (v - bound).abs() <= 1e-9 * bound.abs();
            if (lo_art && at(self.boxed.lower[j])) || (hi_art && at(self.boxed.upper[j])) {
                // Nothing bounds it and the objective still gains: unbounded.
                return Err(SolveError::Unbounded);
            }
        }
        let values = self.x[..self.n].to_vec();
        let objective = self.lp.objective(&values);
        let cb: Vec<f64> = self.basis.basic.iter().map(|&j| self.cost(j)).collect();
        let y = self.inverse.left_multiply(&cb);
        // The row duals are the LP's only where no bound the boxing added
        // carries a reduced cost (else that price belongs to some row).
        let tol = 1e-7 * self.cost_scale;
        let duals_valid = (0..self.n + self.m).all(|j| {
            if self.basis.status[j] == Status::Basic || self.d[j].abs() <= tol {
                return true;
            }
            // A positive reduced cost prices the lower bound, a negative one
            // the upper: that bound must be the LP's own, and held.
            let (lo, hi) = self.boxed.original[j];
            if self.d[j] > 0.0 {
                lo && self.x[j] == self.boxed.lower[j]
            } else {
                hi && self.x[j] == self.boxed.upper[j]
            }
        });
        Ok(Solution {
            values,
            objective,
            row_duals: duals_valid.then_some(y),
        })
    }
}

impl Run<'_> {
    /// `Σ_j min(d_j·l_j, d_j·u_j)` over all `n + m` variables.
    fn dual_bound(&self) -> f64 {
        (0..self.n + self.m)
            .map(|j| {
                let d = self.d[j];
                if self.basis.status[j] == Status::Basic || d == 0.0 {
                    0.0
                } else {
                    (d * self.boxed.lower[j]).min(d * self.boxed.upper[j])
                }
            })
            .sum()
    }

    /// Reduced costs of columns, then of rows' activities, nonbasic at one
    /// of the LP's own bounds (`n + m` entries; a row's is its dual).
    fn bound_prices(&self) -> Vec<f64> {
        // A positive reduced cost prices the lower bound, a negative one the
        // upper (whatever the status says: a variable whose box is one
        // point sits at both), and only the LP's own bounds count.
        (0..self.n + self.m)
            .map(|j| {
                let (lo, hi) = self.boxed.original[j];
                let d = self.d[j];
                let priced = if d > 0.0 {
                    lo && self.x[j] == self.boxed.lower[j]
                } else {
                    hi && self.x[j] == self.boxed.upper[j]
                };
                if self.basis.status[j] != Status::Basic && priced {
                    d
                } else {
                    0.0
                }
            })
            .collect()
    }
}

/// Factorises `basis`; where it is singular, the dependent columns leave
/// for the logicals of the rows nothing covers (basis repair: they are
/// left at their lower bounds, `Status::Lower`, for the caller to place),
/// and it factorises again.
fn factorise(
    columns: &Columns,
    n: usize,
    basis: &mut Basis,
    weights: Option<Vec<f64>>,
) -> Result<Inverse, SolveError> {
    let m = basis.basic.len();
    let mut weights = weights;
    for _ in 0..3 {
        match Inverse::factor(
            m,
            &basis.basic,
            |j, out| column_entries(columns, n, j, out),
            weights.take(),
        ) {
            Ok(inverse) => return Ok(inverse),
            Err(singular) => {
                for (&r, &row) in singular.positions.iter().zip(&singular.rows) {
                    let out = basis.basic[r];
                    basis.status[out] = Status::Lower;
                    basis.basic[r] = n + row;
                    basis.status[n + row] = Status::Basic;
                }
            }
        }
    }
    Err(failed("the basis stayed singular after repair".to_string()))
}

/// Column `j` of `[A  −I]`'s nonzeros.
fn column_entries(columns: &Columns, n: usize, j: usize, out: &mut Vec<(usize, f64)>) {
    out.clear();
    if j < n {
        out.extend(columns.entries(j));
    } else {
        out.push((j - n, -1.0));
    }
}

/// Column `j` of `[A  −I]` as a dense vector.
fn column_into(lp: &LinearProgram, columns: &Columns, n: usize, j: usize, out: &mut [f64]) {
    out.iter_mut().for_each(|v| *v = 0.0);
    if j < n {
        for (i, a) in columns.entries(j) {
            out[i] = a;
        }
    } else {
        out[j - n] = -1.0;
    }
    let _ = lp;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fractional knapsack: min Σ c_j·x_j with Σ w_j·x_j ≥ b and
    /// 0 ≤ x_j ≤ 1. From the slack basis the row is short; the optimum
    /// takes the items of least cost per weight whole and one in part.
    fn knapsack(items: usize) -> (LinearProgram, f64) {
        let mut lp = LinearProgram::new();
        let mut terms = Vec::new();
        let mut items_taken = Vec::new();
        for k in 0..items {
            let (cost, weight) = (1.0 + (k * 7 % 11) as f64, 1.0 + (k * 5 % 13) as f64);
            let j = lp.add_column(format!("x{k}"), 0.0, 1.0, cost);
            terms.push((j, weight));
            items_taken.push((cost, weight, 1.0));
        }
        let total: f64 = terms.iter().map(|&(_, w)| w).sum();
        let need = 0.6 * total;
        lp.add_row("need".into(), need, f64::INFINITY, &terms);
        (lp, greedy(items_taken, need))
    }

    /// The fractional knapsack's optimum, `min Σ c·x` with `Σ w·x ≥ need`
    /// and `0 ≤ x ≤ most` for items `(c, w, most)`: greedy by cost per
    /// weight, which is optimal for it.
    fn greedy(mut items: Vec<(f64, f64, f64)>, need: f64) -> f64 {
        items.sort_by(|a, b| (a.0 / a.1).total_cmp(&(b.0 / b.1)));
        let (mut left, mut optimum) = (need, 0.0);
        for (cost, weight, most) in items {
            let take = (left / weight).min(most);
            optimum += take * cost;
            left -= take * weight;
            if left <= 0.0 {
                break;
            }
        }
        optimum
    }

    /// A value column whose cost comes only through rows (as a scenario
    /// cost's at λ = 1) and whose optimum, 3e9, passes the first
    /// artificial bound (1e9): the chain of rows that implies its lower
    /// bound is longer than bound propagation's passes, so the box alone
    /// does not know it. The solve widens the box and finds the optimum,
    /// where it once called the LP infeasible (a generated model with its
    /// penalties tripled, proptest's seed 7145320245501719277).
    #[test]
    fn a_value_past_the_artificial_bound_widens_the_box() {
        let mut lp = LinearProgram::new();
        let links = 9;
        let y: Vec<usize> = (0..=links)
            .map(|k| lp.add_column(format!("y{k}"), 0.0, f64::INFINITY, 0.0))
            .collect();
        let z = lp.add_column("z".into(), 0.0, f64::INFINITY, 1.0);
        // Rows listed against the chain, so each pass of propagation
        // carries the bound one link: z ≥ y9, y9 ≥ 10·y8, …, y0 ≥ 3.
        lp.add_row(
            "value".into(),
            0.0,
            f64::INFINITY,
            &[(z, 1.0), (y[links], -1.0)],
        );
        for k in (1..=links).rev() {
            lp.add_row(
                format!("link{k}"),
                0.0,
                f64::INFINITY,
                &[(y[k], 1.0), (y[k - 1], -10.0)],
            );
        }
        lp.add_row("start".into(), 3.0, f64::INFINITY, &[(y[0], 1.0)]);
        let columns = Columns::of(&lp);
        let boxed = box_bounds_relaxed(&lp, &columns, &[], &[]);
        assert!(
            boxed.artificial[z].1 && boxed.upper[z] < 3e9,
            "{:?}",
            (boxed.lower[z], boxed.upper[z])
        );
        let mut simplex = WarmSimplex::default();
        let solution = simplex.solve(&lp).expect("feasible beyond the first box");
        assert!(
            (solution.objective - 3e9).abs() <= 1e-9 * 3e9,
            "{}",
            solution.objective
        );
        assert!((solution.values[z] - 3e9).abs() <= 1e-9 * 3e9);
    }

    #[test]
    fn bound_flips_take_the_cheap_items_in_one_pivot() {
        let (lp, optimum) = knapsack(40);
        let mut flipping = WarmSimplex::new();
        let with = flipping.solve(&lp).expect("solves");
        let mut one_by_one = WarmSimplex::new();
        one_by_one.without_bound_flips = true;
        let without = one_by_one.solve(&lp).expect("solves");
        assert!(
            (with.objective - optimum).abs() < 1e-9 * optimum,
            "{}",
            with.objective
        );
        assert!((without.objective - optimum).abs() < 1e-9 * optimum);
        // One pivot brings in the item in part; the rest flip on the way.
        assert_eq!(flipping.last_iterations, 1);
        assert!(
            one_by_one.last_iterations > 10,
            "{} pivots without flips",
            one_by_one.last_iterations
        );
        // The answer: every item but one at a bound.
        let inside = with
            .values
            .iter()
            .filter(|&&v| v > 1e-12 && v < 1.0 - 1e-12)
            .count();
        assert!(inside <= 1, "{:?}", with.values);
    }

    /// `blocks` knapsacks, one row each, whose items come in pieces of a
    /// third with rising costs (`c`, `2c`, `3c` a unit), each piece a copy
    /// of the item's column, then a piece that would give weight back at
    /// a cost (a negated copy, never worth taking). The optimum, by the
    /// greedy rule over every piece of a row: `(lp, optimum)`.
    fn knapsacks_in_pieces(blocks: usize, items: usize) -> (LinearProgram, f64) {
        let mut lp = LinearProgram::new();
        let mut optimum = 0.0;
        for b in 0..blocks {
            let mut terms = Vec::new();
            let mut pieces = Vec::new();
            for k in 0..items {
                let seed = b * 31 + k;
                let (cost, weight) = (1.0 + (seed * 7 % 11) as f64, 1.0 + (seed * 5 % 13) as f64);
                for step in 1..=3 {
                    let unit = cost * step as f64;
                    let j = lp.add_column(String::new(), 0.0, 1.0 / 3.0, unit);
                    terms.push((j, weight));
                    pieces.push((unit, weight, 1.0 / 3.0));
                }
                let j = lp.add_column(String::new(), 0.0, 1.0, cost);
                terms.push((j, -weight));
            }
            let need = 0.5 * terms.iter().map(|&(_, w)| w.max(0.0)).sum::<f64>() / 3.0;
            lp.add_row(String::new(), need, f64::INFINITY, &terms);
            optimum += greedy(pieces, need);
        }
        (lp, optimum)
    }

    #[test]
    fn copies_are_found_among_neighbouring_columns_only() {
        let mut lp = LinearProgram::new();
        for _ in 0..8 {
            lp.add_column(String::new(), 0.0, 1.0, 0.0);
        }
        // Columns: x0 = (1, 2), x1 = x0, x2 = −x0, x3 = (1, 3), x4 = x3,
        // x5 = x0 (but after x3), x6 and x7 empty.
        lp.add_row(
            String::new(),
            0.0,
            1.0,
            &[(0, 1.0), (1, 1.0), (2, -1.0), (3, 1.0), (4, 1.0), (5, 1.0)],
        );
        lp.add_row(
            String::new(),
            0.0,
            1.0,
            &[(0, 2.0), (1, 2.0), (2, -2.0), (3, 3.0), (4, 3.0), (5, 2.0)],
        );
        let columns = Columns::of(&lp);
        assert_eq!(columns.copy_sign, [0.0, 1.0, -1.0, 0.0, 1.0, 0.0, 0.0, 0.0]);
        let (start, col, _) = columns.originals_by_row.expect("copies found");
        assert_eq!((start, col), (vec![0, 3, 6], vec![0, 3, 5, 0, 3, 5]));
    }

    #[test]
    fn pieces_that_copy_a_column_reach_the_greedy_optimum() {
        // One row (the tableau row by columns) and twelve (by rows, each
        // pivot's `e_r·B⁻¹` reaching one row).
        for blocks in [1, 12] {
            let (lp, optimum) = knapsacks_in_pieces(blocks, 15);
            assert!(
                Columns::of(&lp)
                    .copy_sign
                    .iter()
                    .filter(|&&s| s != 0.0)
                    .count()
                    >= 45 * blocks
            );
            let solution = WarmSimplex::new().solve(&lp).expect("solves");
            assert!(
                (solution.objective - optimum).abs() < 1e-9 * optimum,
                "{blocks} blocks: {} against {optimum}",
                solution.objective
            );
            // Pieces fill in order: a dearer piece of an item only where
            // the cheaper ones are full.
            for item in solution.values.chunks(4) {
                assert!(item[1] <= 1e-12 || item[0] >= 1.0 / 3.0 - 1e-12, "{item:?}");
                assert!(item[2] <= 1e-12 || item[1] >= 1.0 / 3.0 - 1e-12, "{item:?}");
                assert!(item[3] <= 1e-12, "{item:?}");
            }
        }
    }
}
