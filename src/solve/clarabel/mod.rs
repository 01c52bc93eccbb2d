//! Clarabel (pure-Rust interior point) through its own API, not good_lp's
//! wrapper: that one hides Clarabel's status (it calls `AlmostSolved` and
//! even "dual infeasible" optimal) and adds a row per bound.
//!
//! Clarabel solves `min q·x` subject to `A·x + s = b`, `s` in a product of
//! cones. Our rows and bounds become:
//!
//! * equality rows: the zero cone, `a·x + s = l`, `s = 0`;
//! * a finite upper bound `a·x ≤ u`: `a·x + s = u`, `s ≥ 0`;
//! * a finite lower bound `a·x ≥ l`: `−a·x + s = −l`, `s ≥ 0`;
//! * column bounds likewise, as rows of one entry; a free column has none.
//!
//! The zero-cone rows come first, then all the nonnegative ones, so there
//! are at most two cones. Clarabel's multiplier `z` of a row satisfies
//! `∂(optimum)/∂b = −z`, which gives the duals in HiGHS's convention
//! (`∂(optimum)/∂(bound)`): `−z` for an upper or equality part, `+z` for a
//! lower part, summed over the parts of a row.
//!
//! What it takes to get optimal answers out of Clarabel on our LPs
//! (measured on `models/`, 10,000 generated models and sampled variants
//! of the Japan model up to 1M nonzeros, against HiGHS and microlp):
//!
//! 1. A presolve that fixes the columns forcing rows pin to a bound
//!    (`Σ r ≤ 0` for an offer without capacity, `x ≤ 0·r` in an outage).
//!    Such rows leave the LP without an interior; left in, Clarabel takes
//!    twice the time, and with its default settings it stopped at
//!    `Solved` 0.1% to 1% above the optimum, its own gap estimate agreeing.
//! 2. A small static regularisation (1e-11, not 1e-8: the default biased
//!    answers by up to 1% on these badly scaled LPs), shorter steps (0.9
//!    of the way to the boundary, not 0.99: with long steps it declared a
//!    feasible model infeasible after two iterations), feasibility to
//!    1e-12 and the gap to 1e-10 (tighter, it stalls on large models).
//! 3. An acceptance check of our own: the answer, clipped to its bounds,
//!    must pass [`verify`] and have a duality gap, recomputed from the LP,
//!    the columns and the duals, within 1e-6 of the objective. At 1M
//!    nonzeros Clarabel said `Solved` at 1.6e-5 above the optimum. Failing
//!    the check, or on an infeasible or unbounded verdict, a second attempt
//!    with other settings decides.
//! 4. Columns whose cost is tiny next to the largest, scaled up (see
//!    [`COST_FLOOR`]). Clarabel's dual residual is relative to the largest
//!    cost, so the reduced cost of a CVaR excess `z_k` (cost ~3e-6, value
//!    ~4e8) came back wrong by about its whole cost: on a generated model
//!    of 72k columns both attempts then failed the check (gaps 2.5e-5 and
//!    1.2e-3) though the first answer was within 6e-7 of the optimum.

use std::panic::AssertUnwindSafe;
use std::time::Instant;

use clarabel::algebra::CscMatrix;
use clarabel::solver::{DefaultSettings, DefaultSolver, IPSolver, SolverStatus, SupportedConeT};

use super::{Backend, Solution, SolveError, SolveOptions, Tolerances, verify};
use crate::lp::LinearProgram;

mod certificate;
mod conic;
mod presolve;

use certificate::*;
use conic::*;
use presolve::*;

/// The Clarabel backend: an interior-point method that scales to about a
/// million nonzeros and gives row duals. Every answer it returns is
/// clipped to the column bounds, has passed [`verify()`], and is within 1e-6
/// (relative) of the bound its duals prove; its objective is recomputed
/// from the columns.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClarabelBackend;

const NAME: &str = "clarabel";

/// Clarabel's settings for one attempt.
#[derive(Debug, Clone, Copy)]
struct Attempt {
    /// Static regularisation of the KKT system.
    regularization: f64,
    /// Fraction of the step to the cone boundary.
    step: f64,
    /// κ/τ tolerance; an infeasibility verdict needs κ/τ above 1000 / this.
    ktratio: f64,
}

/// The settings tried in turn. The first alone solved every model in
/// `models/` and 10,000 generated ones; the second, about as good, also
/// asks a larger κ/τ before it calls a model infeasible or unbounded.
const ATTEMPTS: [Attempt; 2] = [
    Attempt {
        regularization: 1e-11,
        step: 0.9,
        ktratio: 1e-6,
    },
    Attempt {
        regularization: 1e-10,
        step: 0.9,
        ktratio: 1e-8,
    },
];

/// Primal and dual feasibility tolerance (relative to Clarabel's norms):
/// as tight as it goes. Looser (1e-10), answers with stocks at −1e-5 t
/// failed [`verify`] on 3 generated models in 10,000.
const TOL_FEAS: f64 = 1e-12;

/// Duality gap tolerance, absolute and relative. At 1e-12 a model of 1M
/// nonzeros reached 1e-10 in 250 iterations and then stalled there until
/// the iteration limit. Where Clarabel stalls short of the tolerances it
/// says `AlmostSolved`, and the acceptance check decides.
const TOL_GAP: f64 = 1e-10;

/// Interior-point iterations per attempt; models take 10 to 150, and
/// about 250 at 1M nonzeros.
const MAX_ITER: u32 = 500;

fn failed(message: impl Into<String>) -> SolveError {
    SolveError::Failed {
        backend: NAME,
        message: message.into(),
    }
}

/// Checks the LP's shape and numbers, so that nothing below can index out
/// of range or feed Clarabel a NaN. An empty interval (`lower > upper`, or
/// an infinite bound on the wrong side) is infeasible without solving.
fn check(lp: &LinearProgram) -> Result<(), SolveError> {
    let n = lp.num_columns();
    let m = lp.num_rows();
    if lp.row_start.len() != m + 1
        || lp.row_start.first() != Some(&0)
        || lp.row_start.windows(2).any(|w| w[0] > w[1])
        || lp.row_start.last() != Some(&lp.col_index.len())
        || lp.col_index.len() != lp.values.len()
    {
        return Err(failed("the linear program's row storage is inconsistent"));
    }
    if let Some(k) = lp.col_index.iter().position(|&j| j >= n) {
        return Err(failed(format!(
            "entry {k} refers to column {}, but there are only {n}",
            lp.col_index[k]
        )));
    }
    if let Some(k) = lp.values.iter().position(|v| !v.is_finite()) {
        let i = lp.row_start.partition_point(|&s| s <= k).saturating_sub(1);
        return Err(failed(format!(
            "row `{}` has the coefficient {}",
            lp.rows[i].name, lp.values[k]
        )));
    }
    for c in &lp.columns {
        if !c.cost.is_finite() {
            return Err(failed(format!(
                "column `{}` has the cost {}",
                c.name, c.cost
            )));
        }
        if c.lower.is_nan() || c.upper.is_nan() {
            return Err(failed(format!("column `{}` has a NaN bound", c.name)));
        }
        if c.lower > c.upper || c.lower == f64::INFINITY || c.upper == f64::NEG_INFINITY {
            return Err(SolveError::Infeasible);
        }
    }
    for r in &lp.rows {
        if r.lower.is_nan() || r.upper.is_nan() {
            return Err(failed(format!("row `{}` has a NaN bound", r.name)));
        }
        if r.lower > r.upper || r.lower == f64::INFINITY || r.upper == f64::NEG_INFINITY {
            return Err(SolveError::Infeasible);
        }
    }
    Ok(())
}

fn settings(attempt: Attempt, time_limit: f64) -> DefaultSettings<f64> {
    DefaultSettings {
        verbose: false,
        tol_gap_abs: TOL_GAP,
        tol_gap_rel: TOL_GAP,
        tol_feas: TOL_FEAS,
        tol_ktratio: attempt.ktratio,
        static_regularization_constant: attempt.regularization,
        max_step_fraction: attempt.step,
        max_iter: MAX_ITER,
        time_limit,
        ..DefaultSettings::default()
    }
}

/// What Clarabel returned: its `x` (per kept column), its `z` (per row of
/// the conic form) and its status.
struct Answer {
    x: Vec<f64>,
    z: Vec<f64>,
    /// Clarabel's own primal objective of the presolved LP.
    objective: f64,
    status: SolverStatus,
}

/// Runs Clarabel once on the presolved LP and maps its status: an error
/// unless it reached `Solved` or `AlmostSolved`. A panic inside Clarabel
/// (it asserts on its own invariants) becomes an error rather than taking
/// the caller down.
fn run(
    lp: &LinearProgram,
    reduced: &Reduced,
    conic: &Conic,
    settings: DefaultSettings<f64>,
) -> Result<Answer, SolveError> {
    let q: Vec<f64> = reduced
        .kept
        .iter()
        .zip(&conic.scale)
        .map(|(&j, s)| lp.columns[j].cost * s)
        .collect();
    if conic.sources.is_empty() {
        // Only free columns in no row (Clarabel's factorisation fails on an
        // empty matrix): any cost makes the LP unbounded.
        if q.iter().any(|&c| c != 0.0) {
            return Err(SolveError::Unbounded);
        }
        return Ok(Answer {
            x: vec![0.0; q.len()],
            z: Vec::new(),
            objective: 0.0,
            status: SolverStatus::Solved,
        });
    }
    let n = q.len();
    let p = CscMatrix::zeros((n, n));
    let time_limit = settings.time_limit;
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let mut solver = DefaultSolver::new(&p, &q, &conic.a, &conic.b, &conic.cones, settings)
            .map_err(|e| failed(e.to_string()))?;
        solver.solve();
        Ok(solver.solution)
    }));
    let result = outcome.unwrap_or_else(|_| Err(failed("Clarabel panicked")))?;
    match result.status {
        SolverStatus::Solved | SolverStatus::AlmostSolved => Ok(Answer {
            x: result.x,
            z: result.z,
            objective: result.obj_val,
            status: result.status,
        }),
        SolverStatus::PrimalInfeasible | SolverStatus::AlmostPrimalInfeasible => {
            Err(SolveError::Infeasible)
        }
        SolverStatus::DualInfeasible | SolverStatus::AlmostDualInfeasible => {
            Err(SolveError::Unbounded)
        }
        SolverStatus::MaxTime => Err(SolveError::TimeLimit {
            seconds: time_limit,
        }),
        other => Err(failed(format!(
            "Clarabel stopped with status {other} after {} iterations",
            result.iterations
        ))),
    }
}

/// One attempt, from Clarabel's run to an accepted answer and its gap.
fn attempt(
    lp: &LinearProgram,
    reduced: &Reduced,
    conic: &Conic,
    settings: DefaultSettings<f64>,
) -> Result<(Solution, f64), SolveError> {
    let answer = run(lp, reduced, conic, settings)?;
    let (values, duals) = postsolve(lp, reduced, conic, &answer);
    // What Clarabel itself reports, plus the fixed columns' cost: the
    // verifier then checks it against the objective the values give. The
    // values go out as Clarabel returned them (the verifier clips round-off
    // within its tolerance and reports the residual before clipping).
    let fixed_cost: f64 = reduced
        .fixed
        .iter()
        .zip(&lp.columns)
        .filter_map(|(f, c)| f.map(|v| c.cost * v))
        .sum();
    let solution = Solution {
        objective: answer.objective + fixed_cost,
        row_duals: Some(duals),
        values,
    };
    accept(lp, solution, answer.status)
}

impl Backend for ClarabelBackend {
    fn name(&self) -> &'static str {
        NAME
    }

    fn solve(&self, lp: &LinearProgram, options: &SolveOptions) -> Result<Solution, SolveError> {
        let started = Instant::now();
        check(lp)?;
        let reduced = presolve(lp)?;
        let conic = translate(lp, &reduced);
        let limit = options.bounded_time_limit();
        let out_of_time = || SolveError::TimeLimit {
            seconds: limit.unwrap_or(f64::INFINITY),
        };
        let mut best: Option<(Solution, f64)> = None;
        let mut first: Option<SolveError> = None;
        let mut timed_out = false;
        for &try_with in &ATTEMPTS {
            let left = match limit {
                Some(seconds) => seconds - started.elapsed().as_secs_f64(),
                None => f64::INFINITY,
            };
            if left.is_nan() || left <= 0.0 {
                timed_out = true;
                break;
            }
            match attempt(lp, &reduced, &conic, settings(try_with, left)) {
                Ok((solution, gap)) => {
                    if best.as_ref().is_none_or(|(_, g)| gap < *g) {
                        best = Some((solution, gap));
                    }
                    if gap <= REFINE {
                        break;
                    }
                }
                Err(SolveError::TimeLimit { .. }) => {
                    timed_out = true;
                    break;
                }
                Err(e) => match first.take() {
                    None => first = Some(e),
                    // Two attempts agree that there is no optimum.
                    Some(earlier) if earlier == e => return Err(e),
                    Some(earlier) => {
                        first = Some(failed(format!(
                            "two attempts disagreed: first \"{earlier}\", then \"{e}\""
                        )));
                    }
                },
            }
        }
        match (best, first) {
            (Some((solution, _)), _) => Ok(solution),
            (None, Some(e)) if !timed_out => Err(e),
            (None, _) => Err(out_of_time()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solve(lp: &LinearProgram) -> Result<Solution, SolveError> {
        ClarabelBackend.solve(lp, &SolveOptions::default())
    }

    #[test]
    fn translation_orders_cones_and_merges_repeated_entries() {
        // 2x + y = 4 written x + y + x, 1 ≤ x − y ≤ 3, 0 ≤ x ≤ 5, y free.
        let mut lp = LinearProgram::new();
        let x = lp.add_column("x".into(), 0.0, 5.0, 1.0);
        let y = lp.add_column("y".into(), f64::NEG_INFINITY, f64::INFINITY, 0.0);
        lp.add_row("range".into(), 1.0, 3.0, &[(x, 1.0), (y, -1.0)]);
        lp.add_row("eq".into(), 4.0, 4.0, &[(x, 1.0), (y, 1.0), (x, 1.0)]);
        check(&lp).expect("well formed");
        let c = translate(&lp, &presolve(&lp).expect("presolves"));
        // Rows: eq; range ≤ 3; range ≥ 1; x ≤ 5; x ≥ 0.
        assert_eq!(c.b, vec![4.0, 3.0, -1.0, 5.0, -0.0]);
        assert_eq!(
            c.cones,
            vec![
                SupportedConeT::ZeroConeT(1),
                SupportedConeT::NonnegativeConeT(4)
            ]
        );
        assert_eq!(c.a.colptr, vec![0, 5, 8]);
        assert_eq!(c.a.rowval, vec![0, 1, 2, 3, 4, 0, 1, 2]);
        assert_eq!(c.a.nzval, vec![2.0, 1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0]);
        let s = solve(&lp).expect("solves");
        // min x: x − y ≥ 1 and 2x + y = 4 give x ≥ 5/3.
        assert!((s.values[0] - 5.0 / 3.0).abs() < 1e-8, "{:?}", s.values);
    }

    #[test]
    fn forcing_rows_fix_columns_and_get_duals_of_their_sign() {
        // min −x − 2y + z  s.t.  x + y ≤ 0 (forcing: x = y = 0),
        // x + y + z ≥ 1 (then z ≥ 1), all ≥ 0. Optimum 1 at z = 1.
        let inf = f64::INFINITY;
        let mut lp = LinearProgram::new();
        let x = lp.add_column("x".into(), 0.0, inf, -1.0);
        let y = lp.add_column("y".into(), 0.0, inf, -2.0);
        let z = lp.add_column("z".into(), 0.0, inf, 1.0);
        lp.add_row("cap".into(), -inf, 0.0, &[(x, 1.0), (y, 1.0)]);
        lp.add_row("cover".into(), 1.0, inf, &[(x, 1.0), (y, 1.0), (z, 1.0)]);
        let r = presolve(&lp).expect("presolves");
        assert_eq!(r.fixed, vec![Some(0.0), Some(0.0), None]);
        assert_eq!(r.forcing, vec![(0, 1.0)]);
        let s = solve(&lp).expect("solves");
        assert_eq!(&s.values[..2], &[0.0, 0.0]);
        assert!((s.values[2] - 1.0).abs() < 1e-9);
        let duals = s.row_duals.expect("duals");
        // cover: 1 (z's cost); cap: the most negative reduced cost per
        // unit, y's −2 − 1 = −3.
        assert!((duals[1] - 1.0).abs() < 1e-8, "{duals:?}");
        assert!((duals[0] + 3.0).abs() < 1e-8, "{duals:?}");
    }

    #[test]
    fn chains_of_forcing_rows_are_followed() {
        // r ≤ 0 forces r = 0; then x ≤ 0.5·r forces x = 0; x + u ≥ 2 with
        // u ≤ 2 then forces u = 2. Everything is fixed: no Clarabel run.
        let inf = f64::INFINITY;
        let mut lp = LinearProgram::new();
        let r = lp.add_column("r".into(), 0.0, inf, 1.0);
        let x = lp.add_column("x".into(), 0.0, inf, 1.0);
        let u = lp.add_column("u".into(), 0.0, 2.0, 10.0);
        lp.add_row("reserve".into(), -inf, 0.0, &[(r, 1.0)]);
        lp.add_row("exercise".into(), -inf, 0.0, &[(x, 1.0), (r, -0.5)]);
        lp.add_row("need".into(), 2.0, inf, &[(x, 1.0), (u, 1.0)]);
        let s = solve(&lp).expect("solves");
        assert_eq!(s.values, vec![0.0, 0.0, 2.0]);
        assert_eq!(s.objective, 20.0);
        let d = s.row_duals.expect("duals");
        // need: ≥ 0; the chain of ≤ rows: ≤ 0; and optimality holds.
        assert!(d[2] >= 0.0 && d[1] <= 0.0 && d[0] <= 0.0, "{d:?}");
        assert!(duality_gap(&lp, &s.values, &d).abs() < 1e-12, "{d:?}");
        // A forcing row that cannot hold: x ≥ 3 with x ≤ 2.
        let mut lp = LinearProgram::new();
        let x = lp.add_column("x".into(), 0.0, 2.0, 1.0);
        lp.add_row("too much".into(), 3.0, inf, &[(x, 1.0)]);
        assert_eq!(solve(&lp), Err(SolveError::Infeasible));
    }

    #[test]
    fn columns_with_tiny_costs_are_scaled_and_unscaled() {
        // min 1e3·x + 1e-6·z  s.t.  1e5·x + z ≥ 4e8, x ≤ 1, z ≥ 0: z covers
        // it all (1e-6 per unit against 1e-2), objective 400.
        let inf = f64::INFINITY;
        let mut lp = LinearProgram::new();
        let x = lp.add_column("x".into(), 0.0, 1.0, 1e3);
        let z = lp.add_column("z".into(), 0.0, inf, 1e-6);
        lp.add_row("cover".into(), 4e8, inf, &[(x, 1e5), (z, 1.0)]);
        let c = translate(&lp, &presolve(&lp).expect("presolves"));
        assert_eq!(c.scale, vec![1.0, 1e4]);
        let s = solve(&lp).expect("solves");
        assert!(s.values[0].abs() < 1e-6, "{:?}", s.values);
        assert!((s.values[1] - 4e8).abs() < 1e-2, "{:?}", s.values);
        assert!((s.objective - 400.0).abs() < 1e-6, "{}", s.objective);
        let duals = s.row_duals.expect("duals");
        assert!((duals[0] - 1e-6).abs() < 1e-12, "{duals:?}");
    }

    #[test]
    fn malformed_programs_fail_without_panicking() {
        let mut lp = LinearProgram::new();
        let x = lp.add_column("x".into(), 0.0, 1.0, 1.0);
        lp.add_row("r".into(), 0.0, 1.0, &[(x, f64::NAN)]);
        assert!(matches!(solve(&lp), Err(SolveError::Failed { .. })));
        lp.values[0] = 1.0;
        lp.col_index[0] = 7;
        assert!(matches!(solve(&lp), Err(SolveError::Failed { .. })));
        lp.col_index[0] = 0;
        lp.row_start.push(5);
        assert!(matches!(solve(&lp), Err(SolveError::Failed { .. })));
        lp.row_start.pop();
        lp.columns[0].cost = f64::INFINITY;
        assert!(matches!(solve(&lp), Err(SolveError::Failed { .. })));
        lp.columns[0].cost = 1.0;
        lp.rows[0].lower = 2.0;
        assert_eq!(solve(&lp), Err(SolveError::Infeasible));
        lp.rows[0].lower = f64::INFINITY;
        lp.rows[0].upper = f64::INFINITY;
        assert_eq!(solve(&lp), Err(SolveError::Infeasible));
    }

    #[test]
    fn programs_without_rows_for_clarabel_solve() {
        let s = solve(&LinearProgram::new()).expect("solves");
        assert!(s.values.is_empty());
        assert_eq!(s.objective, 0.0);
        let mut lp = LinearProgram::new();
        let y = lp.add_column("y".into(), f64::NEG_INFINITY, f64::INFINITY, 0.0);
        lp.add_row("free".into(), f64::NEG_INFINITY, f64::INFINITY, &[(y, 1.0)]);
        let s = solve(&lp).expect("solves");
        assert_eq!(s.values, vec![0.0]);
        assert_eq!(s.row_duals, Some(vec![0.0]));
        lp.columns[0].cost = 1.0;
        assert_eq!(solve(&lp), Err(SolveError::Unbounded));
        let mut lp = LinearProgram::new();
        lp.add_row("empty".into(), 1.0, 2.0, &[]);
        assert_eq!(solve(&lp), Err(SolveError::Infeasible));
    }
}
