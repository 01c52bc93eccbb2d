//! Conformance of every solver backend: the same checks, instantiated per
//! backend by `backend_tests!` (after good_lp's `dual_test!`).
//!
//! Each backend must solve a hand-worked LP to its optimum, report
//! infeasible and unbounded LPs as such, and solve every model in
//! `models/` to an answer that passes `verify`, at the objective of the
//! HiGHS reference (`reference_lp.py`) and of the other backends. Backends
//! that give duals must give them in HiGHS's convention, the derivative of
//! the optimum with respect to each row's active bound: exactly on the
//! hand-worked LP, and as valid optimality certificates on the models
//! (where duals need not be unique).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use approx::assert_relative_eq;
use rareplan::advanced::build;
use rareplan::advanced::lp::LinearProgram;
use rareplan::advanced::solve::{
    Backend, ClarabelBackend, MicrolpBackend, Solution, SolveError, SolveOptions, Tolerances,
    verify,
};
use rareplan::{Settings, load_model};

use crate::reference::{Job, reference_batch};

/// The hand-worked LP:
///
/// ```text
/// min  x + 2y + 3z + 0.5w
/// cover:  x + y + z + w ≥ 10
/// cap_x:  0 ≤ x ≤ 4          (a ranged row)
/// mix:    y − z = 1
/// loose:  y ≤ 100
/// x, y, z ≥ 0;  0 ≤ w ≤ 1
/// ```
///
/// `w` (0.5 a unit of cover) sits at its bound 1 and `x` (1 a unit) at its
/// row's bound 4; the other 5 come from `y` and `z` with `y = z + 1`, at
/// 2.5 a unit of cover: `z = 2`, `y = 3`, objective 16.5. The optimum is
/// not degenerate, so the duals are unique: `cover` +2.5 (one more unit of
/// cover costs 2.5), `cap_x` −1.5 (a unit of `x` at 1 replaces 2.5),
/// `mix` −0.5 (`y, z = 3 + δ/2, 2 − δ/2` costs −δ/2), `loose` 0.
fn hand_lp() -> LinearProgram {
    let inf = f64::INFINITY;
    let mut lp = LinearProgram::new();
    let x = lp.add_column("x".into(), 0.0, inf, 1.0);
    let y = lp.add_column("y".into(), 0.0, inf, 2.0);
    let z = lp.add_column("z".into(), 0.0, inf, 3.0);
    let w = lp.add_column("w".into(), 0.0, 1.0, 0.5);
    lp.add_row(
        "cover".into(),
        10.0,
        inf,
        &[(x, 1.0), (y, 1.0), (z, 1.0), (w, 1.0)],
    );
    lp.add_row("cap_x".into(), 0.0, 4.0, &[(x, 1.0)]);
    lp.add_row("mix".into(), 1.0, 1.0, &[(y, 1.0), (z, -1.0)]);
    lp.add_row("loose".into(), -inf, 100.0, &[(y, 1.0)]);
    lp
}

const HAND_VALUES: [f64; 4] = [4.0, 3.0, 2.0, 1.0];
const HAND_OBJECTIVE: f64 = 16.5;
const HAND_DUALS: [f64; 4] = [2.5, -1.5, -0.5, 0.0];

/// `x + y ≥ 5` with `x, y ∈ [0, 1]`.
fn infeasible_lp() -> LinearProgram {
    let mut lp = LinearProgram::new();
    let x = lp.add_column("x".into(), 0.0, 1.0, 1.0);
    let y = lp.add_column("y".into(), 0.0, 1.0, 1.0);
    lp.add_row("cover".into(), 5.0, f64::INFINITY, &[(x, 1.0), (y, 1.0)]);
    lp
}

/// `min −x − y` with `x − y ≤ 1`, `x, y ≥ 0`: the ray `x = y` is free.
fn unbounded_lp() -> LinearProgram {
    let mut lp = LinearProgram::new();
    let x = lp.add_column("x".into(), 0.0, f64::INFINITY, -1.0);
    let y = lp.add_column("y".into(), 0.0, f64::INFINITY, -1.0);
    lp.add_row("gap".into(), f64::NEG_INFINITY, 1.0, &[(x, 1.0), (y, -1.0)]);
    lp
}

/// The model files in `models/`, sorted.
fn models() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no models in {}", dir.display());
    files
}

fn model_lp(path: &Path) -> LinearProgram {
    let loaded = load_model(path).unwrap_or_else(|e| panic!("{e}"));
    let (_, _, formulation) =
        build(&loaded.model, &Settings::default()).unwrap_or_else(|e| panic!("{e}"));
    formulation.lp
}

/// One model solved by one backend, verified.
struct Solved {
    model: PathBuf,
    lp: LinearProgram,
    solution: Solution,
}

/// Solves and verifies with the default tolerances; the objective the
/// columns give must be the one the backend reported (Clarabel and the
/// simplex report their own; microlp's is microlp's), to 1e-9 relative.
fn solve_verified(backend: &dyn Backend, lp: &LinearProgram, what: &str) -> Solution {
    let mut solution = backend
        .solve(lp, &SolveOptions::default())
        .unwrap_or_else(|e| panic!("{} on {what}: {e}", backend.name()));
    let reported = solution.objective;
    let residuals = verify(lp, &mut solution, Tolerances::default())
        .unwrap_or_else(|e| panic!("{} on {what}: {e}", backend.name()));
    assert_relative_eq!(solution.objective, reported, max_relative = 1e-9);
    eprintln!(
        "{} on {what}: objective {:.12e}, max row residual {:.1e}, max bound residual {:.1e}",
        backend.name(),
        solution.objective,
        residuals.max_row,
        residuals.max_bound
    );
    solution
}

/// microlp grows as n^2.3 (solver-notes.md; minutes at 30,000 columns): its
/// conformance runs on the models up to this size.
const MICROLP_MAX_COLUMNS: usize = 10_000;

fn solve_models(backend: &dyn Backend) -> Vec<Solved> {
    models()
        .into_iter()
        .filter_map(|model| {
            let lp = model_lp(&model);
            if backend.name() == "microlp" && lp.num_columns() > MICROLP_MAX_COLUMNS {
                return None;
            }
            let solution = solve_verified(backend, &lp, &model.display().to_string());
            Some(Solved {
                model,
                lp,
                solution,
            })
        })
        .collect()
}

/// The reference objective of `model`.
fn reference_objective(model: &Path) -> f64 {
    reference_objectives()
        .iter()
        .find(|(m, _)| m == model)
        .map(|(_, o)| *o)
        .unwrap_or_else(|| panic!("no reference objective for {}", model.display()))
}

fn relative_gap(a: f64, b: f64) -> f64 {
    (a - b).abs() / 1.0_f64.max(a.abs()).max(b.abs())
}

/// The HiGHS reference's objective for each model, computed once.
fn reference_objectives() -> &'static [(PathBuf, f64)] {
    static CACHE: OnceLock<Vec<(PathBuf, f64)>> = OnceLock::new();
    CACHE.get_or_init(|| {
        let files = models();
        let jobs: Vec<Job<'_>> = files
            .iter()
            .map(|model| Job {
                model,
                plan: None,
                args: Vec::new(),
            })
            .collect();
        let answers = reference_batch(&jobs);
        files
            .iter()
            .zip(answers)
            .map(|(model, answer)| {
                let objective = answer["objective"].as_f64().unwrap_or_else(|| {
                    panic!("no reference objective for {}: {answer}", model.display())
                });
                (model.clone(), objective)
            })
            .collect()
    })
}

/// Checks duals against a solved LP without assuming they are unique. Their
/// signs must be those of a minimisation's multipliers (positive only where
/// the row has a finite lower bound, negative only where it has a finite
/// upper bound), and likewise the reduced costs `c − Aᵀy` at the columns'
/// bounds, and the Lagrangian bound they give must equal the objective.
/// These are the optimality conditions, so any valid set of duals passes.
fn check_duals(lp: &LinearProgram, solution: &Solution, what: &str) {
    let duals = solution
        .row_duals
        .as_ref()
        .unwrap_or_else(|| panic!("no duals on {what}"));
    assert_eq!(duals.len(), lp.num_rows(), "{what}: one dual per row");
    let scale = duals
        .iter()
        .chain(lp.columns.iter().map(|c| &c.cost))
        .fold(1.0_f64, |m, v| m.max(v.abs()));
    let small = 1e-7 * scale;
    let mut reduced: Vec<f64> = lp.columns.iter().map(|c| c.cost).collect();
    let mut bound = 0.0;
    for (i, row) in lp.rows.iter().enumerate() {
        let y = duals[i];
        assert!(y.is_finite(), "{what}: row `{}` has dual {y}", row.name);
        for (j, a) in lp.row_entries(i) {
            reduced[j] -= a * y;
        }
        let b = if y > 0.0 { row.lower } else { row.upper };
        if b.is_finite() {
            bound += y * b;
        } else {
            assert!(
                y.abs() <= small,
                "{what}: row `{}` in [{}, {}] has dual {y}, of the wrong sign",
                row.name,
                row.lower,
                row.upper
            );
            bound += y * lp.activity(i, &solution.values);
        }
    }
    for ((c, d), x) in lp.columns.iter().zip(&reduced).zip(&solution.values) {
        let b = if *d > 0.0 { c.lower } else { c.upper };
        if b.is_finite() {
            bound += d * b;
        } else {
            assert!(
                d.abs() <= small,
                "{what}: column `{}` in [{}, {}] has reduced cost {d}, of the wrong sign",
                c.name,
                c.lower,
                c.upper
            );
            bound += d * x;
        }
    }
    let gap = relative_gap(bound, solution.objective);
    eprintln!("duals on {what}: Lagrangian bound {bound:.12e}, relative gap {gap:.1e}");
    assert!(
        gap <= 1e-6,
        "{what}: the duals bound the objective at {bound}, but it is {}",
        solution.objective
    );
}

fn hand_optimum(backend: &dyn Backend) {
    let lp = hand_lp();
    let s = solve_verified(backend, &lp, "the hand LP");
    for (value, expected) in s.values.iter().zip(HAND_VALUES) {
        assert_relative_eq!(*value, expected, epsilon = 1e-7);
    }
    assert_relative_eq!(s.objective, HAND_OBJECTIVE, max_relative = 1e-9);
    if let Some(duals) = &s.row_duals {
        assert_eq!(duals.len(), HAND_DUALS.len());
        for (row, (dual, expected)) in lp.rows.iter().zip(duals.iter().zip(HAND_DUALS)) {
            assert!(
                (dual - expected).abs() <= 1e-7,
                "{}: row `{}` has dual {dual}, expected {expected}",
                backend.name(),
                row.name
            );
        }
        check_duals(&lp, &s, "the hand LP");
    }
}

fn infeasible(backend: &dyn Backend) {
    assert_eq!(
        backend.solve(&infeasible_lp(), &SolveOptions::default()),
        Err(SolveError::Infeasible),
        "{}",
        backend.name()
    );
}

fn unbounded(backend: &dyn Backend) {
    assert_eq!(
        backend.solve(&unbounded_lp(), &SolveOptions::default()),
        Err(SolveError::Unbounded),
        "{}",
        backend.name()
    );
}

/// Every model's answer (already verified) is at the reference objective,
/// and its duals, where given, certify it.
fn models_at_reference(backend: &str, solved: &[Solved]) {
    assert!(!solved.is_empty(), "{backend} solved no model");
    for s in solved {
        let (model, objective) = (&s.model, &reference_objective(&s.model));
        let what = model.display().to_string();
        let gap = relative_gap(s.solution.objective, *objective);
        eprintln!("{backend} on {what}: HiGHS {objective:.12e}, relative gap {gap:.1e}");
        assert!(
            gap <= 1e-6,
            "{backend} on {what}: objective {} but HiGHS {objective}",
            s.solution.objective
        );
        if s.solution.row_duals.is_some() {
            check_duals(&s.lp, &s.solution, &what);
        }
    }
}

/// Instantiates the conformance checks for one backend, in a module of
/// its own so that failures name the backend. `solved()` solves the models
/// once per test run, for this module and for the comparison of backends.
macro_rules! backend_tests {
    ($module:ident, $backend:expr) => {
        mod $module {
            use super::*;

            pub(super) fn solved() -> &'static [Solved] {
                static SOLVED: OnceLock<Vec<Solved>> = OnceLock::new();
                SOLVED.get_or_init(|| solve_models(&$backend))
            }

            #[test]
            fn solves_the_hand_lp_to_its_optimum_and_duals() {
                hand_optimum(&$backend);
            }

            #[test]
            fn reports_an_infeasible_lp() {
                infeasible(&$backend);
            }

            #[test]
            fn reports_an_unbounded_lp() {
                unbounded(&$backend);
            }

            #[test]
            fn solves_every_model_to_the_reference_objective() {
                models_at_reference($backend.name(), solved());
            }
        }
    };
}

backend_tests!(microlp, MicrolpBackend);

/// The project's own simplex: the same checks, on the models whose LPs
/// it takes (up to its row limit).
mod simplex {
    use super::*;
    use rareplan::advanced::solve::SimplexBackend;
    use rareplan::advanced::solve::simplex::MAX_ROWS;

    #[test]
    fn solves_the_hand_lp_to_its_optimum_and_duals() {
        hand_optimum(&SimplexBackend);
    }

    #[test]
    fn reports_an_infeasible_lp() {
        infeasible(&SimplexBackend);
    }

    #[test]
    fn reports_an_unbounded_lp() {
        unbounded(&SimplexBackend);
    }

    #[test]
    fn solves_the_models_it_takes_to_the_reference_objective() {
        let mut taken = 0;
        for (model, objective) in reference_objectives() {
            let lp = model_lp(model);
            if lp.num_rows() > MAX_ROWS {
                continue;
            }
            taken += 1;
            let mut s = SimplexBackend
                .solve(&lp, &SolveOptions::default())
                .expect("solves");
            verify(&lp, &mut s, Tolerances::default()).expect("verifies");
            let gap = relative_gap(s.objective, *objective);
            assert!(
                gap <= 1e-6,
                "{}: {} but HiGHS {objective}",
                model.display(),
                s.objective
            );
            if s.row_duals.is_some() {
                check_duals(&lp, &s, &model.display().to_string());
            }
        }
        assert!(taken >= 1, "no model within {MAX_ROWS} rows");
    }
}
backend_tests!(clarabel, ClarabelBackend);
#[cfg(feature = "highs")]
backend_tests!(highs, rareplan::advanced::solve::HighsBackend);

/// The backends agree with one another on every model.
#[test]
fn backends_agree_on_every_model() {
    let small = microlp::solved();
    assert!(small.len() >= 3, "microlp took {} models", small.len());
    for a in small {
        let b = clarabel::solved()
            .iter()
            .find(|b| b.model == a.model)
            .expect("clarabel solved every model");
        let gap = relative_gap(a.solution.objective, b.solution.objective);
        eprintln!(
            "{}: microlp {:.12e}, clarabel {:.12e}, relative gap {gap:.1e}",
            a.model.display(),
            a.solution.objective,
            b.solution.objective
        );
        assert!(
            gap <= 1e-6,
            "{}: microlp {} but clarabel {}",
            a.model.display(),
            a.solution.objective,
            b.solution.objective
        );
    }
}

/// Clarabel's answers come back as Clarabel gave them: a bound may be
/// missed by round-off, which the verifier clips within its tolerance and
/// reports (never 0 by construction); the objective is Clarabel's own.
#[test]
fn clarabel_answers_are_verified_as_returned() {
    let lp = model_lp(&Path::new(env!("CARGO_MANIFEST_DIR")).join("models/japan-2011-quota.toml"));
    let mut s = ClarabelBackend
        .solve(&lp, &SolveOptions::default())
        .expect("solves");
    let reported = s.objective;
    let worst = lp
        .columns
        .iter()
        .zip(&s.values)
        .map(|(c, v)| (c.lower - v).max(v - c.upper).max(0.0) / v.abs().max(1.0))
        .fold(0.0, f64::max);
    assert!(
        worst > 0.0,
        "an interior point answer sits on no bound exactly"
    );
    let residuals = verify(&lp, &mut s, Tolerances::default()).expect("verifies");
    assert_eq!(residuals.max_bound, worst);
    assert!(worst < Tolerances::default().clip);
    // Clarabel's own objective and the recomputed one agree to round-off.
    assert_relative_eq!(s.objective, reported, max_relative = 1e-9);
}

/// A time limit that Clarabel itself must enforce (our presolve fits in
/// it, the interior point does not) comes back as `TimeLimit`, after the
/// solver ran, and on time.
#[test]
fn clarabel_honours_the_time_limit() {
    let lp = model_lp(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("models/magnets-2026-many-events.toml"),
    );
    let limit = 0.05;
    let options = SolveOptions {
        time_limit: Some(limit),
    };
    let started = std::time::Instant::now();
    let result = ClarabelBackend.solve(&lp, &options);
    let took = started.elapsed().as_secs_f64();
    assert_eq!(result, Err(SolveError::TimeLimit { seconds: limit }));
    assert!(
        took >= limit,
        "returned after {took} s, before the limit: Clarabel never ran"
    );
    assert!(took < limit + 2.0, "overshot the limit: {took} s");
}
