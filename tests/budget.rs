//! One time budget: `Settings::solve.time_limit` covers the whole
//! `plan()` call — scenarios, the solve, the second solve for duals, the
//! value of risk — not each solve on its own (a 10 s limit once took
//! 15.4 s, the duals' second solve getting its own 10 s).

use std::path::Path;
use std::time::{Duration, Instant};

use rareplan::{Method, PlanError, Settings, SolveError, SolverChoice, load_model_str, plan};

/// The tiny model with 30 more outages at probability 0.5: nearly every
/// draw is a scenario of its own, so 6,000 draws make an extensive form of
/// about 180,000 columns and 6,000 wait-and-see plans: more work than the
/// limits below (3,000 draws once were, until the wait-and-see plans got
/// the sparse simplex and Clarabel planned it with its value in 2 s), and
/// still quick to build (building the LP is not
/// interrupted: 20,000 draws overran a 0.5 s limit by 2 s on two shared
/// cores). The decomposition may plan it within the limit; then only the
/// time is checked.
fn big_model() -> rareplan::Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/tiny.toml");
    let mut text = std::fs::read_to_string(path).unwrap();
    for i in 0..30 {
        text.push_str(&format!(
            "\n[[outage]]\nid = \"halt-{i}\"\nsupplier = \"au-mine\"\ncapacity_factor = 0.5\nprobability = 0.5\n"
        ));
    }
    load_model_str(&text, "big.toml").unwrap().model
}

/// The call ends within the limit plus a margin for the steps that cannot
/// be stopped (building the LP, verifying, writing the plan), and says the
/// limit it was given.
fn holds(model: &rareplan::Model, limit: f64, solver: SolverChoice, value: bool) {
    for method in [Method::Extensive, Method::Decomposition] {
        holds_by(model, limit, solver, value, method);
    }
}

fn holds_by(
    model: &rareplan::Model,
    limit: f64,
    solver: SolverChoice,
    value: bool,
    method: Method,
) {
    let settings = Settings::builder()
        .method(method)
        .samples(6_000)
        .seed(11)
        .time_limit(limit)
        .solver(solver)
        .value(value)
        .build()
        .unwrap();
    let started = Instant::now();
    let result = plan(model, &settings);
    let took = started.elapsed();
    let margin = Duration::from_secs_f64(limit * 0.25 + 2.0);
    assert!(
        took <= Duration::from_secs_f64(limit) + margin,
        "{method} {solver} value={value}: a {limit} s limit took {took:?}"
    );
    match result {
        Err(PlanError::Solve(SolveError::TimeLimit { seconds })) => assert_eq!(seconds, limit),
        Err(PlanError::DecompositionTimeLimit { seconds, .. }) => assert_eq!(seconds, limit),
        Err(PlanError::Scenario(rareplan::ScenarioError::TimeLimit { .. })) => {}
        Err(e) => panic!("{method} {solver} value={value}: {e}"),
        Ok(_) if method == Method::Decomposition => {}
        Ok(outcome) => panic!(
            "{method} {solver} value={value}: planned within {limit} s (objective {}): the model is too small to test the budget",
            outcome.plan.objective
        ),
    }
}

#[test]
fn the_time_limit_covers_the_whole_call() {
    let model = big_model();
    for limit in [0.5, 1.0, 2.0] {
        holds(&model, limit, SolverChoice::Clarabel, true);
    }
}

#[test]
fn the_time_limit_holds_under_microlp() {
    // microlp gives no duals: were it to finish, Clarabel would solve again
    // for them within what is left of the same budget.
    let model = big_model();
    holds(&model, 1.0, SolverChoice::Microlp, false);
}
