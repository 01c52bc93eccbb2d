//! The work that grows with the scenarios: every scenario's recourse LP
//! solved at given reservations, with its cost and subgradient. One trait,
//! so a runner across machines (MPI ranks, see `docs/distributed.md`) can
//! take the place of the local one.

use std::sync::OnceLock;
use std::time::Instant;

use rayon::prelude::*;

use crate::formulate::{PricedRow, RecourseLp, Routes, recourse_lp_bounded};
use crate::lp::LinearProgram;
use crate::model::Model;
use crate::scenario::{Factors, Scenario};
use crate::solve::simplex::{Basis, Kept, KeptBox, KeptColumns};
use crate::solve::{SolveError, Tolerances, VerifyError, WarmSimplex, simplex, verify};

/// Scenarios solved in order by one warm simplex (as in `evaluate`): the
/// chunks do not depend on the thread count, so neither do the numbers.
const CHUNK: usize = 32;

/// One scenario's recourse at the reservations `r̂`.
#[derive(Debug, Clone, PartialEq)]
pub struct RecourseValue {
    /// `Q_k(r̂)`: the scenario's cost without the fees (of the verified
    /// answer: an upper bound's share).
    pub cost: f64,
    /// A lower bound on `Q_k(r̂)` from the duals (the simplex's dual bound,
    /// at most `cost`): the cut's constant, so round-off cannot lift a cut.
    pub bound: f64,
    /// `g_k`: a subgradient of `Q_k` in `r`, per arc (`≤ 0`: more reserved
    /// never costs more in the recourse).
    pub subgradient: Vec<f64>,
    /// Per priced row of the recourse LP (quotas' and capacities' rows, in
    /// the order of [`crate::formulate::RecourseLp::priced_rows`], the same
    /// in every scenario), the slope of `Q_k` in that row's nominal number
    /// (`factor × the row's dual`, `≤ 0`): what the shadow prices are
    /// made of.
    pub limits: Vec<f64>,
}

/// Why a scenario's recourse could not be solved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RecourseError {
    /// The solver gave no optimal answer.
    #[error("scenario `{scenario}`: {source}")]
    Solve {
        /// The scenario.
        scenario: String,
        /// What the solver said.
        source: SolveError,
    },
    /// The answer failed the check against its LP.
    #[error("scenario `{scenario}`: the simplex answer failed verification: {source}")]
    Verify {
        /// The scenario.
        scenario: String,
        /// What failed.
        source: VerifyError,
    },
    /// The deadline passed.
    #[error("the time limit passed")]
    TimeLimit,
}

/// Solves every scenario's recourse at given reservations.
///
/// Implementations return one [`RecourseValue`] per scenario, in scenario
/// order, whatever order or place they solve them in; the caller sums
/// them in that order, so a distributed runner gives the same bytes.
pub trait ScenarioLoop {
    /// The number of scenarios.
    fn len(&self) -> usize;
    /// Whether there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Each scenario's recourse cost and subgradient at `reserved`
    /// (tonnes per arc).
    fn solve_all(&mut self, reserved: &[f64]) -> Result<Vec<RecourseValue>, RecourseError>;
}

/// The scenario loop on this machine: chunks of scenarios in parallel
/// (rayon), each chunk solved in order by one dual simplex. A scenario
/// starts from its own basis at the last reservations (warm across
/// iterations); in the first pass, from the previous scenario's in event
/// order (warm across scenarios). Both depend on the scenario alone, not on
/// the thread count. Keeping each scenario's basis cut the magnets model
/// with 2,000 draws from 207 iterations and 11 s to 44 and 1.4 s
/// (BENCHMARKS.md).
pub struct LocalLoop<'a> {
    model: &'a Model,
    routes: &'a Routes,
    scenarios: &'a [Scenario],
    factors: Vec<Factors>,
    /// Per arc, the most it may reserve (for the relaxed bounds that keep
    /// every cut valid wherever the reservations go).
    capacity: &'a [f64],
    order: Vec<usize>,
    root: WarmSimplex,
    /// Per scenario, its basis (and pricing weights) at the last
    /// reservations: where the next solve starts.
    bases: Vec<Option<(Basis, Vec<f64>)>>,
    /// The recourse LPs' matrix by columns (one for every scenario), and
    /// per scenario its relaxed box: derived at the first solve and kept,
    /// as the reservations do not change them (`simplex::prepared`).
    columns: OnceLock<KeptColumns>,
    boxes: Vec<OnceLock<KeptBox>>,
    deadline: Option<Instant>,
    /// The quota and capacity rows of every recourse LP (the same in each).
    pub(crate) priced_rows: Vec<PricedRow>,
    /// One recourse LP (the baseline scenario's): every scenario's has its
    /// size, which is reserved before each is built.
    shape: LinearProgram,
    /// Recourse LPs solved so far.
    pub solves: usize,
}

impl<'a> LocalLoop<'a> {
    /// A loop over `scenarios`, stopping at `deadline`.
    pub(crate) fn new(
        model: &'a Model,
        routes: &'a Routes,
        scenarios: &'a [Scenario],
        capacity: &'a [f64],
        deadline: Option<Instant>,
    ) -> LocalLoop<'a> {
        let baseline = Self::baseline(model, routes);
        let mut order: Vec<usize> = (0..scenarios.len()).collect();
        order.sort_by(|&a, &b| {
            scenarios[a]
                .events
                .cmp(&scenarios[b].events)
                .then(a.cmp(&b))
        });
        LocalLoop {
            model,
            routes,
            factors: scenarios.iter().map(|s| Factors::of(model, s)).collect(),
            scenarios,
            capacity,
            order,
            root: {
                let mut engine = WarmSimplex::new();
                engine.set_deadline(deadline.map(|at| (at, 0.0)));
                engine.set_unpropagated(baseline.priced_rows.iter().map(|row| row.row).collect());
                engine
            },
            bases: vec![None; scenarios.len()],
            columns: OnceLock::new(),
            boxes: (0..scenarios.len()).map(|_| OnceLock::new()).collect(),
            deadline,
            priced_rows: baseline.priced_rows,
            shape: baseline.lp,
            solves: 0,
        }
    }

    /// One scenario's recourse LP at no reservations: its shape is every
    /// scenario's.
    fn baseline(model: &Model, routes: &Routes) -> RecourseLp {
        let factors = Factors::of(model, &Scenario::baseline());
        let reserved = vec![0.0; routes.arcs.len()];
        recourse_lp_bounded(model, routes, "baseline", &factors, &reserved, None)
    }

    /// Rows of one scenario's recourse LP (the same in every scenario).
    pub(crate) fn recourse_rows(model: &Model, routes: &Routes) -> usize {
        Self::baseline(model, routes).lp.num_rows()
    }

    fn solve_one(
        &self,
        k: usize,
        reserved: &[f64],
        engine: &mut WarmSimplex,
    ) -> Result<RecourseValue, RecourseError> {
        if self.deadline.is_some_and(|d| Instant::now() >= d) {
            return Err(RecourseError::TimeLimit);
        }
        let scenario = &self.scenarios[k];
        let factors = &self.factors[k];
        let rlp = recourse_lp_bounded(
            self.model,
            self.routes,
            &scenario.id,
            factors,
            reserved,
            Some(&self.shape),
        );
        let relaxed = self.relaxed(&rlp, factors);
        let kept = Kept {
            columns: &self.columns,
            boxed: &self.boxes[k],
        };
        let (solution, bound, prices) = match solve_verified(engine, &rlp, &relaxed, Some(kept)) {
            Ok(answer) => answer,
            Err(Failure::Solve(SolveError::TimeLimit { .. })) => {
                return Err(RecourseError::TimeLimit);
            }
            Err(_) => {
                // A cold start once more before giving up, with the
                // set-up derived afresh (nothing kept is trusted twice).
                engine.clear();
                solve_verified(engine, &rlp, &relaxed, None).map_err(|e| e.named(&scenario.id))?
            }
        };
        let subgradient = self
            .routes
            .arcs
            .iter()
            .zip(&rlp.columns.exercise)
            .map(|(arc, &x)| {
                let a = factors.capacity[arc.supplier][arc.ship];
                // The price of x's upper bound a·r̂ (a lower-bound price is
                // of the bound 0, which r does not move).
                a * prices[x].min(0.0)
            })
            .collect();
        let n = rlp.lp.num_columns();
        let limits = rlp
            .priced_rows
            .iter()
            .map(|row| row.factor * prices[n + row.row])
            .collect();
        Ok(RecourseValue {
            cost: solution,
            bound,
            subgradient,
            limits,
        })
    }

    /// `x[arc] ≤ 2·a·cap[arc]`: the bounds the rows are read with. Any
    /// bound at least `a·cap` keeps every cut valid wherever the
    /// reservations go; twice that keeps the bounds implied from it out of
    /// reach of any feasible answer, so no price lands on one (whose value
    /// would move with the nominal capacity, which the shadow prices read
    /// off the rows alone).
    fn relaxed(&self, rlp: &RecourseLp, factors: &Factors) -> Vec<(usize, f64)> {
        self.routes
            .arcs
            .iter()
            .zip(&rlp.columns.exercise)
            .zip(self.capacity)
            .map(|((arc, &x), &cap)| (x, 2.0 * factors.capacity[arc.supplier][arc.ship] * cap))
            .collect()
    }
}

/// What went wrong in one solve, before the scenario is named.
enum Failure {
    Solve(SolveError),
    Verify(VerifyError),
}

impl Failure {
    fn named(self, scenario: &str) -> RecourseError {
        match self {
            Failure::Solve(source) => RecourseError::Solve {
                scenario: scenario.to_string(),
                source,
            },
            Failure::Verify(source) => RecourseError::Verify {
                scenario: scenario.to_string(),
                source,
            },
        }
    }
}

/// The recourse cost (objective), its dual bound and the bound prices,
/// verified; with the set-up `kept` where given, else derived afresh.
fn solve_verified(
    engine: &mut WarmSimplex,
    rlp: &RecourseLp,
    relaxed: &[(usize, f64)],
    kept: Option<Kept<'_>>,
) -> Result<(f64, f64, Vec<f64>), Failure> {
    let mut solution = match kept {
        Some(kept) => engine.solve_relaxed_kept(&rlp.lp, relaxed, kept),
        None => engine.solve_relaxed(&rlp.lp, relaxed),
    }
    .map_err(Failure::Solve)?;
    verify(&rlp.lp, &mut solution, Tolerances::default()).map_err(Failure::Verify)?;
    let cost = rlp.lp.objective(&solution.values);
    Ok((
        cost,
        engine.dual_bound().min(cost),
        engine.bound_prices().to_vec(),
    ))
}

impl ScenarioLoop for LocalLoop<'_> {
    fn len(&self) -> usize {
        self.scenarios.len()
    }

    fn solve_all(&mut self, reserved: &[f64]) -> Result<Vec<RecourseValue>, RecourseError> {
        let Some(&first) = self.order.first() else {
            return Ok(Vec::new());
        };
        // The root engine follows the reservations from one call to the
        // next; a chunk starts from its basis where a scenario has none of
        // its own yet (the first pass), so once every scenario has one the
        // root is not solved again.
        let mut root = self.root.clone();
        let warming = self.bases.iter().any(Option::is_none);
        if warming && let Err(RecourseError::TimeLimit) = self.solve_one(first, reserved, &mut root)
        {
            return Err(RecourseError::TimeLimit);
        }
        let this = &*self;
        type Solved = (usize, RecourseValue, Option<(Basis, Vec<f64>)>);
        let chunks: Vec<Result<Vec<Solved>, RecourseError>> = this
            .order
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut engine = root.clone();
                chunk
                    .iter()
                    .map(|&k| {
                        if let Some(start) = &this.bases[k] {
                            engine.restore(start.clone());
                        }
                        let value = this.solve_one(k, reserved, &mut engine)?;
                        Ok((k, value, engine.snapshot()))
                    })
                    .collect()
            })
            .collect();
        self.root = root;
        let mut slots: Vec<Option<RecourseValue>> = vec![None; self.scenarios.len()];
        for chunk in chunks {
            for (k, value, basis) in chunk? {
                slots[k] = Some(value);
                self.bases[k] = basis;
            }
        }
        self.solves += self.scenarios.len() + usize::from(warming);
        Ok(slots.into_iter().flatten().collect())
    }
}

/// Whether the decomposition's simplex takes this model's recourse LPs.
pub(crate) fn fits(model: &Model, routes: &Routes) -> bool {
    LocalLoop::recourse_rows(model, routes) <= simplex::MAX_ROWS
}
