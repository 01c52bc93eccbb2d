//! Shadow prices lie between the one-sided differences of the optimal
//! objective when the nominal quota limit or offer capacity moves by ±δ.

use rareplan::model::Model;
use rareplan::{Method, SolverChoice};
use rareplan::{Plan, Settings, load_model_str, plan};

/// How a plan under test is made: a backend of the extensive form, or the
/// decomposition.
#[derive(Debug, Clone, Copy)]
enum How {
    Extensive(SolverChoice),
    Decomposition,
}

fn solve(model: &Model, how: How) -> Plan {
    let settings = match how {
        How::Extensive(solver) => Settings::builder().solver(solver).build(),
        How::Decomposition => Settings::builder().method(Method::Decomposition).build(),
    }
    .unwrap();
    plan(model, &settings)
        .unwrap_or_else(|e| panic!("{e}"))
        .plan
}

fn objective(model: &Model, solver: SolverChoice) -> f64 {
    let settings = Settings::builder()
        .solver(solver)
        .method(Method::Extensive)
        .shadow_prices(false)
        .build()
        .unwrap();
    plan(model, &settings)
        .unwrap_or_else(|e| panic!("{e}"))
        .plan
        .objective
}

/// The nominal number a shadow price is about.
fn nominal<'m>(model: &'m mut Model, kind: &str, id: &str, period: &str) -> &'m mut f64 {
    let t = model
        .periods
        .iter()
        .position(|p| p == period)
        .expect("period");
    if kind == "quota" {
        let q = model.quotas.iter().position(|q| q.id == id).expect("quota");
        &mut model.quotas[q].limit[t]
    } else {
        let (supplier, material) = id.split_once('/').expect("supplier/material");
        let e = model
            .materials
            .iter()
            .position(|m| m.id == material)
            .expect("material");
        let s = model
            .suppliers
            .iter()
            .position(|s| s.id == supplier)
            .expect("supplier");
        let o = model.suppliers[s]
            .offers
            .iter()
            .position(|o| o.material == e)
            .expect("offer");
        &mut model.suppliers[s].offers[o].capacity[t]
    }
}

/// Checks every shadow price of `model` against re-solves; returns the plan
/// whose prices were checked.
fn check_brackets(name: &str, model: &Model, how: How) -> Plan {
    check_brackets_with(name, model, how, SolverChoice::Microlp)
}

/// [`check_brackets`], the re-solves by `resolver`.
fn check_brackets_with(name: &str, model: &Model, how: How, resolver: SolverChoice) -> Plan {
    let objective = |m: &Model| objective(m, resolver);
    let p = solve(model, how);
    assert!(
        p.shadow_price_source.contains("duals"),
        "{name}: no shadow prices ({})",
        p.shadow_price_source
    );
    // The differences are of the re-solver's value function: the
    // decomposition's own objective is the optimum only within its gap.
    let base = match how {
        How::Extensive(_) => p.objective,
        How::Decomposition => {
            let base = objective(model);
            let gap = (p.objective - base).abs() / base.abs().max(1.0);
            assert!(
                gap <= 2e-6,
                "{name}: objective {} against {base}",
                p.objective
            );
            base
        }
    };
    let scale = base.abs().max(1.0);
    let mut failures = Vec::new();
    for sp in &p.shadow_prices {
        let mut bumped = model.clone();
        let value = *nominal(&mut bumped, sp.kind(), &sp.id(), sp.period());
        let delta = (value * 1e-3).max(1e-2);
        // Decrease per extra tonne when the number rises, and when it falls.
        *nominal(&mut bumped, sp.kind(), &sp.id(), sp.period()) = value + delta;
        let up = (base - objective(&bumped)) / delta;
        let down = if value >= delta {
            *nominal(&mut bumped, sp.kind(), &sp.id(), sp.period()) = value - delta;
            Some((objective(&bumped) - base) / delta)
        } else {
            None
        };
        // Differences of a value function solved to 1e-9 relative carry
        // that error over δ; duals of an interior point carry its gap.
        let slack = 1e-6 * scale / delta + 1e-4 * sp.value.abs().max(1.0);
        let low_ok = sp.value >= up - slack;
        let high_ok = down.is_none_or(|d| sp.value <= d + slack);
        if !(low_ok && high_ok) {
            failures.push(format!(
                "{} {} {}: value {} not in [{up}, {:?}]",
                sp.kind(),
                sp.id(),
                sp.period(),
                sp.value,
                down
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{name} ({how:?}):\n{}",
        failures.join("\n")
    );
    p
}

/// Shadow prices of `plan` that are not 0.
fn nonzero(plan: &Plan) -> usize {
    plan.shadow_prices
        .iter()
        .filter(|s| s.value.abs() > 1e-6)
        .count()
}

#[test]
fn shadow_prices_of_the_teaching_model_lie_between_one_sided_differences() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/models/tiny.toml");
    let loaded = rareplan::load_model(std::path::Path::new(path)).unwrap();
    for solver in [SolverChoice::Microlp, SolverChoice::Clarabel] {
        let checked = check_brackets("tiny.toml", &loaded.model, How::Extensive(solver))
            .shadow_prices
            .len();
        assert_eq!(checked, 5, "two offers over their ship periods, no quota");
    }
}

#[test]
fn shadow_prices_of_generated_models_lie_between_one_sided_differences() {
    let mut checked = 0;
    let mut found = 0;
    for seed in 0..25 {
        let text = crate::generator::generate(seed);
        let loaded = load_model_str(&text, "generated.toml").unwrap();
        for solver in [SolverChoice::Microlp, SolverChoice::Clarabel] {
            let p = check_brackets(
                &format!("seed {seed}"),
                &loaded.model,
                How::Extensive(solver),
            );
            checked += p.shadow_prices.len();
            if solver == SolverChoice::Microlp {
                found += nonzero(&p);
            }
        }
    }
    assert!(checked > 100, "only {checked} shadow prices checked");
    assert!(
        found > 10,
        "only {found} binding quotas or capacities: the test would not notice a wrong sign"
    );
}

/// The decomposition's shadow prices (the master's duals on its cuts, with
/// the slopes each cut carries in the quotas and capacities) lie between
/// the one-sided differences too, on the shipped models and generated ones.
#[test]
fn decomposition_shadow_prices_lie_between_one_sided_differences() {
    let mut checked = 0;
    let mut found = 0;
    for seed in 0..25 {
        let text = crate::generator::generate(seed);
        let loaded = load_model_str(&text, "generated.toml").unwrap();
        let p = check_brackets(&format!("seed {seed}"), &loaded.model, How::Decomposition);
        checked += p.shadow_prices.len();
        found += nonzero(&p);
    }
    for name in ["tiny.toml", "japan-2011-quota.toml"] {
        let path = format!("{}/models/{name}", env!("CARGO_MANIFEST_DIR"));
        let loaded = rareplan::load_model(std::path::Path::new(&path)).unwrap();
        checked += check_brackets_with(name, &loaded.model, How::Decomposition, SolverChoice::Auto)
            .shadow_prices
            .len();
    }
    assert!(checked > 100, "only {checked} shadow prices checked");
    assert!(found > 10, "only {found} nonzero shadow prices");
}
