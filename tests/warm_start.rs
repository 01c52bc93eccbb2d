//! The simplex keeps its basis: a scenario's recourse LP solved
//! after another's (same matrix, other bounds, right-hand sides and spot
//! costs) takes fewer iterations than from scratch, to the same optimum as
//! microlp's.

use std::path::Path;

use rareplan::advanced::Factors;
use rareplan::advanced::formulate::{Routes, recourse_lp};
use rareplan::advanced::solve::{
    Backend, MicrolpBackend, SolveOptions, Tolerances, WarmSimplex, verify,
};
use rareplan::{SamplingOverride, build_scenarios};
use rareplan::{Settings, load_model};

#[test]
fn a_kept_basis_needs_fewer_iterations_for_the_next_scenario() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/magnets-2026-many-events.toml");
    let model = load_model(&path).expect("loads").model;
    let plan = rareplan::plan(&model, &Settings::default())
        .expect("plans")
        .plan;
    let routes = Routes::new(&model);
    let reserved =
        rareplan::advanced::reserved_per_arc(&model, &routes, &plan.reservations).expect("fits");
    let (mut scenarios, _) =
        build_scenarios(&model, SamplingOverride::default()).expect("scenarios");
    // Like events after one another, as an evaluation orders them.
    scenarios.sort_by(|a, b| a.events.cmp(&b.events));
    let (mut warm_total, mut cold_total) = (0, 0);
    let mut warm = WarmSimplex::new();
    for scenario in scenarios.iter().take(40) {
        let lp = recourse_lp(
            &model,
            &routes,
            &scenario.id,
            &Factors::of(&model, scenario),
            &reserved,
            false,
        )
        .lp;
        let mut w = warm.solve(&lp).expect("warm solve");
        warm_total += warm.last_iterations;
        let mut cold = WarmSimplex::new();
        let mut c = cold.solve(&lp).expect("cold solve");
        cold_total += cold.last_iterations;
        verify(&lp, &mut w, Tolerances::default()).expect("warm answer verifies");
        verify(&lp, &mut c, Tolerances::default()).expect("cold answer verifies");
        let exact = MicrolpBackend
            .solve(&lp, &SolveOptions::default())
            .expect("microlp");
        let scale = exact.objective.abs().max(1.0);
        assert!(
            (w.objective - exact.objective).abs() <= 1e-7 * scale,
            "{}: warm {} microlp {}",
            scenario.id,
            w.objective,
            exact.objective
        );
        assert!(
            (c.objective - exact.objective).abs() <= 1e-7 * scale,
            "{}: cold {} microlp {}",
            scenario.id,
            c.objective,
            exact.objective
        );
    }
    assert!(
        2 * warm_total < cold_total,
        "warm starts took {warm_total} iterations, cold {cold_total}"
    );
}

#[test]
fn a_saved_basis_reloads_and_a_bound_change_resolves_in_few_iterations() {
    // min x + 2y  s.t.  x + y >= b,  0 <= x <= 3:  x = min(b, 3), y = b - x.
    let mut lp = rareplan::advanced::lp::LinearProgram::new();
    let x = lp.add_column("x".into(), 0.0, 3.0, 1.0);
    let y = lp.add_column("y".into(), 0.0, f64::INFINITY, 2.0);
    lp.add_row("cover".into(), 2.0, f64::INFINITY, &[(x, 1.0), (y, 1.0)]);
    let mut solver = WarmSimplex::new();
    let s = solver.solve(&lp).expect("solves");
    assert_eq!(s.values, vec![2.0, 0.0]);
    let cold = solver.last_iterations;
    assert!(cold >= 1);
    let saved = solver.basis().expect("a basis").clone();
    // The bound moves: the kept basis is still optimal, no pivot needed.
    lp.rows[0].lower = 2.5;
    let mut again = WarmSimplex::new();
    again.set_basis(saved);
    let s = again.solve(&lp).expect("solves");
    assert_eq!(s.values, vec![2.5, 0.0]);
    assert_eq!(again.last_iterations, 0);
    // Past x's bound y must come in; from the kept basis that takes no
    // more pivots than from scratch.
    lp.rows[0].lower = 5.0;
    let s = again.solve(&lp).expect("solves");
    assert_eq!(s.values, vec![3.0, 2.0]);
    let mut fresh = WarmSimplex::new();
    assert_eq!(fresh.solve(&lp).expect("solves").values, vec![3.0, 2.0]);
    assert!(again.last_iterations <= fresh.last_iterations);
    // Duals, where given, price the row at y's cost.
    if let Some(duals) = s.row_duals {
        assert_eq!(duals, vec![2.0]);
    }
}
