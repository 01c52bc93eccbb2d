//! The L-shaped method (formulation.md, "Decomposition"): the same optimum
//! as the extensive form, reached without building it.
//!
//! A master over the reservations holds one cut per group of scenarios per
//! iteration ([`groups_for`]) on that group's share of `Φ − F`, where `Φ`
//! is the whole objective (expected cost and CVaR, so mean-CVaR stays
//! exact: each scenario's subgradient is weighed by its share of the mean
//! and of the tail) and `F` the fees, which the master carries itself so
//! that a cut holds only the recourse's sparse subgradients. Cuts idle for
//! a while are dropped, and the master's simplex keeps its basis through
//! cuts added and dropped.
//! Every scenario's recourse LP is solved at each `r̂` by the scenario loop
//! ([`ScenarioLoop`]), warm-started across scenarios and iterations.
//!
//! Regularisation: the level method. The master's minimum is the lower
//! bound `L`; the best `Φ` found is the upper bound `U`; the next point is
//! the nearest to the best one (by a piecewise-linear stand-in for the
//! squared Euclidean distance, `master::Segments`) where the cuts allow
//! `Φ ≤ L + κ·(U − L)` (or, where that set is empty by round-off, the
//! master's minimiser). It stops when `U − L ≤ gap·max(1, |U|)`. The
//! first point scored is the expected-value problem's plan, so the method
//! starts around it rather than from the master's first corner.
//!
//! The plan is a vertex where one is found within the gap: once the gap is
//! closed the master's minimiser (a basic answer of the simplex, which
//! never splits tonnes across identical suppliers) is scored, up to
//! [`VERTEX_TRIES`] times, and is the plan where its objective is within
//! the gap of `L`; else the best point scored stands.

mod aggregate;
mod master;
mod planned;
mod scenario_loop;

pub use master::MasterError;

pub use scenario_loop::{LocalLoop, RecourseError, RecourseValue, ScenarioLoop};

pub(crate) use planned::plan_decomposed;
pub(crate) use scenario_loop::fits;

use std::time::Instant;

use aggregate::{floor_limits, floors, point};
pub(crate) use master::LimitSlopes;
use master::{Master, Shape};

use crate::formulate::{ReservationLp, Routes};

/// The level: this share of the way from the lower bound to the upper.
const LEVEL: f64 = 0.5;

/// Once the gap is closed, how many of the master's minimisers (vertices)
/// are scored in search of one within the gap, to be the plan in place of
/// the best point found.
const VERTEX_TRIES: usize = 10;

/// Iterations before giving up.
const MAX_ITERATIONS: usize = 5_000;
/// The default relative gap at which the method stops.
pub const DEFAULT_GAP: f64 = 1e-6;

/// Cut groups: one per 16 scenarios, at least 4 and at most 32 (with
/// the fees out of the cuts, more groups took fewer iterations on every
/// model measured, until the master's rows cost more than the iterations
/// saved; with the level projection's pieces, whose rows cost more, 32
/// groups beat 64 on the 1,000-scenario shape: BENCHMARKS.md,
/// "Decomposition"). Never more groups than scenarios; with one scenario,
/// one cut on the whole objective.
pub(crate) fn groups_for(scenarios: usize) -> usize {
    (scenarios / 16).clamp(4, 32)
}

/// What the decomposition reports with its plan.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let settings = rareplan::Settings::builder().method(rareplan::Method::Decomposition).build()?;
/// let plan = rareplan::plan(&loaded.model, &settings)?.plan;
/// let report = plan.decomposition.expect("decomposed");
/// assert!(report.lower_bound <= report.upper_bound + 1e-6);
/// assert!(report.gap <= rareplan::DEFAULT_GAP);
/// assert!(report.iterations >= 1 && report.recourse_solves >= 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DecompositionReport {
    /// The best lower bound on the optimum (the master's value).
    pub lower_bound: f64,
    /// The objective of the plan (the best point scored).
    pub upper_bound: f64,
    /// `(upper − lower) / max(1, |upper|)`.
    pub gap: f64,
    /// Iterations (master solves and scenario passes).
    pub iterations: usize,
    /// Cuts in the master at the end.
    pub cuts: usize,
    /// Groups of scenarios, one cut each per iteration.
    pub groups: usize,
    /// Recourse LPs solved.
    pub recourse_solves: usize,
    /// Seconds in the master's LPs. Not written to plan files (the same
    /// model gives the same bytes); `-v` prints it.
    #[serde(skip_serializing, default)]
    pub master_seconds: f64,
    /// Seconds in the scenario passes. Not written to plan files; `-v`
    /// prints it.
    #[serde(skip_serializing, default)]
    pub recourse_seconds: f64,
}

/// Progress of the method, after each iteration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Iterations so far.
    pub iteration: usize,
    /// The lower bound.
    pub lower_bound: f64,
    /// The upper bound (infinite before the first plan is scored).
    pub upper_bound: f64,
}

/// Why the method stopped without a plan.
///
/// ```
/// use rareplan::DecomposeError;
/// let e = DecomposeError::TimeLimit { lower_bound: 10.0, upper_bound: 12.0 };
/// assert_eq!(e.to_string(), "time limit reached with the optimum between 10 and 12");
/// let e = DecomposeError::MasterAfter {
///     source: rareplan::advanced::decompose::MasterError::TooLarge { rows: 300_000 },
///     lower_bound: 10.0,
///     upper_bound: 12.0,
/// };
/// assert_eq!(
///     e.to_string(),
///     "the master problem needs 300000 rows, more than the simplex takes (200000); \
///      the optimum was between 10 and 12 when it failed"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DecomposeError {
    /// A scenario's recourse failed.
    #[error(transparent)]
    Recourse(RecourseError),
    /// The master failed.
    #[error(transparent)]
    Master(#[from] MasterError),
    /// The master failed once a plan had been scored: the bounds so far
    /// (the last master LP, not the plan, is what failed).
    #[error("{source}; the optimum was between {lower_bound} and {upper_bound} when it failed")]
    MasterAfter {
        /// Why the master failed.
        source: MasterError,
        /// The best lower bound.
        lower_bound: f64,
        /// The best upper bound.
        upper_bound: f64,
    },
    /// The deadline passed; the bounds so far.
    #[error("time limit reached with the optimum between {lower_bound} and {upper_bound}")]
    TimeLimit {
        /// The best lower bound.
        lower_bound: f64,
        /// The best upper bound (infinite if no plan was scored).
        upper_bound: f64,
    },
    /// A scenario's recourse LP is too large for the decomposition's
    /// simplex.
    #[error(
        "each scenario's recourse LP has {rows} rows, more than the decomposition's simplex takes ({}); plan this model with the extensive form",
        crate::solve::simplex::MAX_ROWS
    )]
    RecourseTooLarge {
        /// Rows of one recourse LP.
        rows: usize,
    },
    /// No convergence.
    #[error("no convergence after {MAX_ITERATIONS} iterations (gap {gap:.1e})")]
    Stalled {
        /// The gap reached.
        gap: f64,
    },
}

/// The method's answer: the reservations and the bounds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decomposed {
    /// Tonnes per arc.
    pub(crate) reserved: Vec<f64>,
    pub(crate) report: DecompositionReport,
    /// The master's slopes in the nominal numbers at the end (for the
    /// shadow prices), where it has them.
    pub(crate) slopes: Option<master::LimitSlopes>,
}

/// What the method needs to know.
pub(crate) struct Problem<'a> {
    pub(crate) routes: &'a Routes,
    pub(crate) reservations: &'a ReservationLp,
    pub(crate) probabilities: &'a [f64],
    pub(crate) risk: (f64, f64),
    pub(crate) gap: f64,
    /// Groups of scenarios that share a cut (1: one aggregated cut).
    pub(crate) groups: usize,
    /// A first point to score before the master's (clipped to the
    /// capacities): the level method then starts around it.
    pub(crate) start: Option<Vec<f64>>,
    pub(crate) deadline: Option<Instant>,
}

/// Runs the level method with `scenarios` solving the recourse.
pub(crate) fn decompose(
    problem: &Problem<'_>,
    scenarios: &mut dyn ScenarioLoop,
    progress: &mut dyn FnMut(Progress),
) -> Result<Decomposed, DecomposeError> {
    let fees: Vec<f64> = problem.routes.arcs.iter().map(|a| a.fee).collect();
    let cap = &problem.reservations.capacity;
    let (mut lower, mut upper) = (f64::NEG_INFINITY, f64::INFINITY);
    let timed_out = |lower: f64, upper: f64| DecomposeError::TimeLimit {
        lower_bound: lower,
        upper_bound: upper,
    };
    let mut recourse_seconds = 0.0;
    let mut master_seconds = 0.0;
    let master_error = |e: MasterError, lower: f64, upper: f64| match e {
        MasterError::Solve(crate::solve::SolveError::TimeLimit { .. }) => timed_out(lower, upper),
        other if upper.is_finite() => DecomposeError::MasterAfter {
            source: other,
            lower_bound: lower,
            upper_bound: upper,
        },
        other => DecomposeError::Master(other),
    };
    let solve_all =
        |scenarios: &mut dyn ScenarioLoop, at: &[f64], lower: f64, upper: f64, clock: &mut f64| {
            let started = Instant::now();
            let values = scenarios.solve_all(at).map_err(|e| match e {
                RecourseError::TimeLimit => timed_out(lower, upper),
                other => DecomposeError::Recourse(other),
            });
            *clock += started.elapsed().as_secs_f64();
            values
        };
    // At the largest reservations every recourse cost is at its least:
    // floors under the master's columns, and first cuts.
    // Groups of one are the cut on Φ; with λ = 0 the groups' cuts sum to
    // it, so it is left out.
    let groups = match problem.groups.min(problem.probabilities.len()) {
        0 | 1 => 0,
        g => g,
    };
    let whole = groups == 0 || problem.risk.0 > 0.0;
    let at_cap = solve_all(scenarios, cap, lower, upper, &mut recourse_seconds)?;
    let (floor, group_floors, eta_floor) =
        floors(&at_cap, problem.probabilities, problem.risk, groups);
    let (floor_limits, group_floor_limits) =
        floor_limits(&at_cap, problem.probabilities, problem.risk, groups);
    let first = point(
        &at_cap,
        problem.probabilities,
        &fees,
        cap,
        problem.risk,
        whole,
        groups,
    );
    lower = floor;
    let mut master = Master::new(
        problem.reservations,
        Shape {
            lambda: problem.risk.0,
            floor,
            group_floors,
            eta_floor,
            floor_limits,
            group_floor_limits,
            scale: first.value,
            fees: fees.clone(),
        },
        problem.deadline,
    );
    master.add_cuts(first.cuts);
    let mut best: Option<Vec<f64>> = None;
    let mut vertex_tries = 0;
    if let Some(start) = &problem.start {
        let start: Vec<f64> = start
            .iter()
            .zip(cap)
            .map(|(&r, &c)| r.clamp(0.0, c))
            .collect();
        let values = solve_all(scenarios, &start, lower, upper, &mut recourse_seconds)?;
        let at = point(
            &values,
            problem.probabilities,
            &fees,
            &start,
            problem.risk,
            whole,
            groups,
        );
        master.add_cuts(at.cuts);
        upper = at.value;
        best = Some(start);
    }
    // The answer: `reserved` and the bounds, after `iterations`, with the
    // seconds spent in the master and in the recourse.
    let done = |reserved: &[f64],
                (lower, upper): (f64, f64),
                iterations: usize,
                master: &Master<'_>,
                (master_seconds, recourse_seconds): (f64, f64)| Decomposed {
        reserved: reserved.to_vec(),
        report: DecompositionReport {
            lower_bound: lower,
            upper_bound: upper,
            gap: (upper - lower) / upper.abs().max(1.0),
            iterations,
            cuts: master.cuts(),
            groups: groups.max(1),
            recourse_solves: 0,
            master_seconds,
            recourse_seconds,
        },
        slopes: master.limit_slopes(),
    };
    for iteration in 1..=MAX_ITERATIONS {
        let past_deadline = problem.deadline.is_some_and(|d| Instant::now() >= d);
        let started = Instant::now();
        let bound = match (past_deadline, vertex_tries > 0, &best) {
            // The gap was closed and vertices are being tried: the time
            // left, or the master, running out ends the tries, not the plan.
            (true, true, Some(center)) => Err(center),
            (true, _, _) => return Err(timed_out(lower, upper)),
            _ => match (master.lower_bound(groups + usize::from(whole)), &best) {
                (Ok(bound), _) => Ok(bound),
                (
                    Err(MasterError::Solve(crate::solve::SolveError::TimeLimit { .. })),
                    Some(center),
                ) if vertex_tries > 0 => Err(center),
                (Err(e), _) => return Err(master_error(e, lower, upper)),
            },
        };
        let bound = match bound {
            Ok(bound) => bound,
            Err(center) => {
                let seconds = (master_seconds, recourse_seconds);
                return Ok(done(
                    center,
                    (lower, upper),
                    iteration - 1,
                    &master,
                    seconds,
                ));
            }
        };
        lower = lower.max(bound.value);
        let within = |value: f64, lower: f64| value - lower <= problem.gap * value.abs().max(1.0);
        if let Some(center) = &best
            && within(upper, lower)
        {
            master_seconds += started.elapsed().as_secs_f64();
            let finish = |reserved: &[f64], upper: f64, master: &Master<'_>, recourse_seconds| {
                let seconds = (master_seconds, recourse_seconds);
                done(reserved, (lower, upper), iteration - 1, master, seconds)
            };
            // The plan is a vertex where it can be (issue 12, item 3):
            // the master's minimiser, the simplex's basic answer, splits
            // nothing across identical suppliers, where the best point
            // scored (a level projection's) may. Where its score is
            // within the gap of the lower bound it is the plan; else its
            // cuts go in and the next lower bound's minimiser is tried,
            // up to [`VERTEX_TRIES`] times, before the best point stands.
            if vertex_tries == VERTEX_TRIES || bound.reserved == *center {
                return Ok(finish(center, upper, &master, recourse_seconds));
            }
            vertex_tries += 1;
            let started = Instant::now();
            let values = match scenarios.solve_all(&bound.reserved) {
                Ok(values) => values,
                Err(RecourseError::TimeLimit) => {
                    return Ok(finish(center, upper, &master, recourse_seconds));
                }
                Err(other) => return Err(DecomposeError::Recourse(other)),
            };
            recourse_seconds += started.elapsed().as_secs_f64();
            let at = point(
                &values,
                problem.probabilities,
                &fees,
                &bound.reserved,
                problem.risk,
                whole,
                groups,
            );
            if within(at.value, lower) {
                return Ok(finish(&bound.reserved, at.value, &master, recourse_seconds));
            }
            master.add_cuts(at.cuts);
            if at.value < upper {
                upper = at.value;
                best = Some(bound.reserved);
            }
            progress(Progress {
                iteration,
                lower_bound: lower,
                upper_bound: upper,
            });
            continue;
        }
        // An empty level set (the level below the master's minimum, which
        // the lower bound, a dual bound, can trail by round-off) takes the
        // master's minimiser instead: a plain cutting-plane step. So does a
        // projection the simplex could not finish, warm or cold (seen once
        // on the 553k-column sweep model): the minimiser is as valid a
        // next point, only a less regularised one.
        let candidate = match &best {
            None => bound.reserved,
            Some(center) => match master.project(center, lower + LEVEL * (upper - lower)) {
                Ok(projected) => projected,
                Err(MasterError::Solve(
                    crate::solve::SolveError::Infeasible | crate::solve::SolveError::Failed { .. },
                )) => bound.reserved,
                Err(e) => return Err(master_error(e, lower, upper)),
            },
        };
        master_seconds += started.elapsed().as_secs_f64();
        let values = solve_all(scenarios, &candidate, lower, upper, &mut recourse_seconds)?;
        let at = point(
            &values,
            problem.probabilities,
            &fees,
            &candidate,
            problem.risk,
            whole,
            groups,
        );
        master.add_cuts(at.cuts);
        if at.value < upper {
            upper = at.value;
            best = Some(candidate);
        }
        progress(Progress {
            iteration,
            lower_bound: lower,
            upper_bound: upper,
        });
    }
    match &best {
        // The gap was closed; the last iterations were vertex tries.
        Some(center) if vertex_tries > 0 => {
            let seconds = (master_seconds, recourse_seconds);
            Ok(done(
                center,
                (lower, upper),
                MAX_ITERATIONS,
                &master,
                seconds,
            ))
        }
        _ => Err(DecomposeError::Stalled {
            gap: (upper - lower) / upper.abs().max(1.0),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formulate::reservation_lp;
    use crate::scenario::{SamplingOverride, build_scenarios};

    /// A scenario loop that runs out of time at its `fail_at`-th pass
    /// (counting from 1), and counts its passes.
    struct RunsOut<'a> {
        inner: LocalLoop<'a>,
        passes: usize,
        fail_at: usize,
    }

    impl ScenarioLoop for RunsOut<'_> {
        fn len(&self) -> usize {
            self.inner.len()
        }
        fn solve_all(&mut self, reserved: &[f64]) -> Result<Vec<RecourseValue>, RecourseError> {
            self.passes += 1;
            if self.passes == self.fail_at {
                return Err(RecourseError::TimeLimit);
            }
            self.inner.solve_all(reserved)
        }
    }

    /// The gap closed, the time running out while a vertex is scored ends
    /// the tries, not the plan: the best point stands, with its bounds.
    /// (At a gap of 1e-4 the gap closes at a projection's point, and the
    /// lower bound's minimiser, a vertex, is tried; at 1e-6 the Japan
    /// model's method now ends on the minimiser itself, with no tries.)
    #[test]
    fn time_running_out_in_the_vertex_tries_keeps_the_plan() {
        let loaded =
            crate::load_model(std::path::Path::new("models/japan-2011-quota.toml")).unwrap();
        let model = &loaded.model;
        let (scenarios, _) = build_scenarios(model, SamplingOverride::default()).unwrap();
        let routes = Routes::new(model);
        let reservations = reservation_lp(model, &routes);
        let probabilities: Vec<f64> = scenarios.iter().map(|s| s.probability).collect();
        let risk = (model.risk.weight, model.risk.alpha);
        let problem = Problem {
            routes: &routes,
            reservations: &reservations,
            probabilities: &probabilities,
            risk,
            gap: 1e-4,
            groups: groups_for(scenarios.len()),
            start: None,
            deadline: None,
        };
        let run = |fail_at: usize| {
            let inner = LocalLoop::new(model, &routes, &scenarios, &reservations.capacity, None);
            let mut scenario_loop = RunsOut {
                inner,
                passes: 0,
                fail_at,
            };
            let answer = decompose(&problem, &mut scenario_loop, &mut |_| {});
            (answer, scenario_loop.passes)
        };
        let (whole, passes) = run(0);
        let whole = whole.expect("a plan");
        // Out of time at the last pass, the vertex that became the plan:
        // the gap was closed before it, at the best point scored.
        let (cut_short, _) = run(passes);
        let cut_short = cut_short.expect("the plan found before the tries");
        assert!(cut_short.report.gap <= problem.gap);
        assert!(cut_short.report.upper_bound >= whole.report.lower_bound);
        assert_ne!(cut_short.reserved, whole.reserved, "a vertex was tried");
        // Out of time before the gap closed: no plan, the bounds.
        let (early, _) = run(3);
        assert!(matches!(early, Err(DecomposeError::TimeLimit { .. })));
    }
}
