//! Scoring fixed reservations scenario by scenario: each scenario's
//! standalone recourse LP is built, solved and verified on its own.
//!
//! Scenarios are cut into chunks of [`CHUNK`] in scenario order; chunks run
//! in parallel (rayon), each solving its scenarios in order with one warm
//! solver. The chunking does not depend on the thread count and results
//! come back in scenario order, so the same input gives the same numbers
//! with one thread or many.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use super::engine::Engine;
use crate::formulate::{RecourseColumns, Routes, recourse_lp};
use crate::model::Model;
use crate::scenario::{Factors, Scenario};
use crate::solve::verify::Residuals;
use crate::solve::{SolveError, SolveOptions, SolverChoice, Tolerances, VerifyError, verify};

/// Scenarios solved in order by one warm solver.
pub(crate) const CHUNK: usize = 32;

/// How to score.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ScoreOptions {
    /// The backend for the scenario LPs.
    pub(crate) solver: SolverChoice,
    /// Stop when this instant passes.
    pub(crate) deadline: Option<(Instant, f64)>,
    /// Keep every scenario's column values (for flows).
    pub(crate) keep_values: bool,
}

/// One scenario's optimal recourse under the fixed reservations.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ScenarioScore {
    /// `C*_k(r̂)`, fees included.
    pub(crate) cost: f64,
    /// `Σ u`.
    pub(crate) shortage: f64,
    /// `Σ w`.
    pub(crate) end_shortfall: f64,
    /// The recourse LP's column values, when kept.
    pub(crate) values: Option<Vec<f64>>,
    /// The verification's residuals.
    pub(crate) residuals: Residuals,
    /// The engine that solved it.
    pub(crate) solver: &'static str,
}

/// Every scenario scored, with the column layout all of them share.
#[derive(Debug, Clone)]
pub(crate) struct Scoring {
    pub(crate) scenarios: Vec<ScenarioScore>,
    /// The recourse LP's layout (the same in every scenario).
    pub(crate) columns: RecourseColumns,
    /// Columns, rows and nonzeros of one recourse LP.
    pub(crate) size: (usize, usize, usize),
}

/// Why scoring stopped.
///
/// ```
/// use rareplan::{ScoreError, SolveError};
/// let e = ScoreError::Solve { scenario: "cn-halt".into(), source: SolveError::Unbounded };
/// assert_eq!(e.to_string(), "scenario `cn-halt`: the solver found the problem unbounded");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScoreError {
    /// A scenario's recourse LP had no optimal answer.
    #[error("scenario `{scenario}`: {source}")]
    Solve {
        /// The scenario.
        scenario: String,
        /// What the solver said.
        source: SolveError,
    },
    /// A scenario's answer failed the check against its LP.
    #[error("scenario `{scenario}`: the {solver} answer failed verification: {source}")]
    Verify {
        /// The scenario.
        scenario: String,
        /// The engine.
        solver: &'static str,
        /// What failed.
        source: VerifyError,
    },
}

/// Scores `reserved` (tonnes per arc of `routes`) on `scenarios`.
/// `progress` is called with the number of scenarios done so far.
pub(crate) fn score(
    model: &Model,
    routes: &Routes,
    scenarios: &[Scenario],
    reserved: &[f64],
    options: ScoreOptions,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Scoring, ScoreError> {
    let done = AtomicUsize::new(0);
    // Scenarios with like events are solved one after another, so a kept
    // basis is a close start; every chunk starts from the basis of the
    // first scenario in that order, whatever the thread count.
    let mut order: Vec<usize> = (0..scenarios.len()).collect();
    order.sort_by(|&a, &b| {
        scenarios[a]
            .events
            .cmp(&scenarios[b].events)
            .then(a.cmp(&b))
    });
    let mut root = Engine::new(options.solver);
    if let Some(&first) = order.first() {
        // Warms the engine only: the scenario is solved again in its chunk.
        let _ = score_one(
            model,
            routes,
            &scenarios[first],
            reserved,
            options,
            &mut root,
        );
    }
    let chunks: Vec<Result<Vec<(usize, ScenarioScore)>, ScoreError>> = order
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut engine = root.clone();
            let mut out = Vec::with_capacity(chunk.len());
            for &k in chunk {
                let scored =
                    score_one(model, routes, &scenarios[k], reserved, options, &mut engine)?;
                out.push((k, scored));
                progress(done.fetch_add(1, Ordering::Relaxed) + 1);
            }
            Ok(out)
        })
        .collect();
    let mut slots: Vec<Option<ScenarioScore>> = vec![None; scenarios.len()];
    for chunk in chunks {
        for (k, scored) in chunk? {
            slots[k] = Some(scored);
        }
    }
    let all: Vec<ScenarioScore> = slots.into_iter().flatten().collect();
    let layout = recourse_lp(
        model,
        routes,
        "layout",
        &Factors::of(model, &Scenario::baseline()),
        reserved,
        false,
    );
    Ok(Scoring {
        scenarios: all,
        size: (
            layout.lp.num_columns(),
            layout.lp.num_rows(),
            layout.lp.num_nonzeros(),
        ),
        columns: layout.columns,
    })
}

fn score_one(
    model: &Model,
    routes: &Routes,
    scenario: &Scenario,
    reserved: &[f64],
    options: ScoreOptions,
    engine: &mut Engine,
) -> Result<ScenarioScore, ScoreError> {
    let solve_options = match options.deadline {
        Some((deadline, seconds)) => {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(ScoreError::Solve {
                    scenario: scenario.id.clone(),
                    source: SolveError::TimeLimit { seconds },
                });
            }
            SolveOptions {
                time_limit: Some(left.as_secs_f64()),
            }
        }
        None => SolveOptions::default(),
    };
    let factors = Factors::of(model, scenario);
    let rlp = recourse_lp(model, routes, &scenario.id, &factors, reserved, false);
    let (mut solution, solver) =
        engine
            .solve(&rlp.lp, &solve_options)
            .map_err(|source| ScoreError::Solve {
                scenario: scenario.id.clone(),
                // The engine saw what was left; the user set the whole limit.
                source: match (source, options.deadline) {
                    (SolveError::TimeLimit { .. }, Some((_, seconds))) => {
                        SolveError::TimeLimit { seconds }
                    }
                    (other, _) => other,
                },
            })?;
    let mut solver = solver;
    let residuals = match verify(&rlp.lp, &mut solution, Tolerances::default()) {
        Ok(r) => r,
        Err(first) => {
            let retried = if engine.can_fall_back() {
                engine.fallback(&rlp.lp, &solve_options).ok()
            } else {
                None
            };
            let checked = retried.and_then(|(mut again, name)| {
                verify(&rlp.lp, &mut again, Tolerances::default())
                    .ok()
                    .map(|r| (again, name, r))
            });
            match checked {
                Some((again, name, r)) => {
                    solution = again;
                    solver = name;
                    r
                }
                None => {
                    // Name the failure in domain words: rebuild with names.
                    let named = recourse_lp(model, routes, &scenario.id, &factors, reserved, true);
                    let mut copy = solution.clone();
                    let source = verify(&named.lp, &mut copy, Tolerances::default())
                        .err()
                        .unwrap_or(first);
                    return Err(ScoreError::Verify {
                        scenario: scenario.id.clone(),
                        solver,
                        source,
                    });
                }
            }
        }
    };
    let x = &solution.values;
    let cols = &rlp.columns;
    let shortage = cols.shortage.iter().map(|&j| x[j]).sum();
    let end_shortfall = cols.end_shortfall.iter().flatten().map(|&j| x[j]).sum();
    Ok(ScenarioScore {
        cost: rlp.fees + solution.objective,
        shortage,
        end_shortfall,
        values: options.keep_values.then(|| solution.values.clone()),
        residuals,
        solver,
    })
}
