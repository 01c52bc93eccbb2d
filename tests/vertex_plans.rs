//! Under `auto`, an interior point's plan is finished at a vertex (the
//! crossover): reservations split across identical suppliers are not a
//! plan anyone signs.

use rareplan::{CROSSOVER_SOLVER, Method, Plan, Settings, SolverChoice, load_model_str, plan};

/// Twelve quarters, one Chinese mine with an outage, and three identical
/// Australian mines: any split of the Australian tonnes among them is
/// optimal, so only a vertex says which.
fn three_identical_mines() -> String {
    let periods: Vec<String> = (1..=12).map(|t| format!("\"Q{t}\"")).collect();
    let mut text = format!(
        r#"[model]
name = "three identical mines"
periods = [{}]

[[material]]
id = "ndpr-oxide"

[[buyer]]
id = "plant"
region = "US"
need = {{ ndpr-oxide = 150 }}
shortage_penalty = 500000
holding_cost = 1000

[[supplier]]
id = "cn-mine"
country = "CN"
freight = {{ US = 300 }}
[supplier.offers.ndpr-oxide]
capacity = 100
price = 52000
spot_price = 58000

[[outage]]
id = "cn-halt"
supplier = "cn-mine"
periods = ["Q2", "Q3", "Q7"]
capacity_factor = 0.25
probability = 0.3
"#,
        periods.join(", ")
    );
    for k in 1..=3 {
        text.push_str(&format!(
            r#"
[[supplier]]
id = "au-{k}"
country = "AU"
lead_time = 1
freight = {{ US = 500 }}
[supplier.offers.ndpr-oxide]
capacity = 60
price = 70000
reservation_fee = 3000
"#
        ));
    }
    text
}

/// The vertex plan's objective is the interior one's, within 1e-6.
fn assert_same_optimum(vertex: &Plan, interior: &Plan) {
    let scale = interior.objective.abs();
    assert!(
        (vertex.objective - interior.objective).abs() <= 1e-6 * scale,
        "{} against {}",
        vertex.objective,
        interior.objective
    );
}

/// The shipped magnets model (141 scenarios, 31,250 extensive-form rows)
/// planned by `method` and `solver`.
fn magnets_planned(method: Method, solver: SolverChoice) -> Plan {
    let loaded = load_model_str(
        include_str!("../models/magnets-2026-many-events.toml"),
        "magnets-2026-many-events.toml",
    )
    .expect("the model loads");
    let settings = Settings::builder()
        .method(method)
        .solver(solver)
        .build()
        .expect("settings");
    plan(&loaded.model, &settings).expect("a plan").plan
}

fn planned(solver: SolverChoice) -> Plan {
    let loaded = load_model_str(&three_identical_mines(), "three.toml").expect("the model loads");
    let settings = Settings::builder()
        .solver(solver)
        .build()
        .expect("settings");
    plan(&loaded.model, &settings).expect("a plan").plan
}

/// The Australian mines' reservations strictly between 0 and their
/// capacity. The interior point spreads each period's tonnes over all
/// three; a vertex fills mines to capacity, with a remainder on one where
/// one scenario's need pins it (the Q6 shipment serves both the halt and
/// the no-halt quarter, so it may have two).
fn fractional(plan: &Plan) -> usize {
    plan.reservations
        .iter()
        .filter(|r| r.supplier.starts_with("au-"))
        .filter(|r| r.quantity > 1e-6 && r.quantity < 60.0 - 1e-6)
        .count()
}

#[test]
fn auto_plans_at_a_vertex_where_clarabel_alone_splits() {
    let interior = planned(SolverChoice::Clarabel);
    let vertex = planned(SolverChoice::Auto);
    assert_eq!(interior.solver, "clarabel");
    assert_eq!(vertex.solver, CROSSOVER_SOLVER);
    assert!(vertex.lp.columns > 150, "Clarabel's size under auto");
    assert_same_optimum(&vertex, &interior);
    // The interior point spreads the tonnes over all three mines; the
    // vertex puts them on as few as their capacity allows.
    assert!(
        fractional(&interior) >= 24,
        "the interior point's plan splits: {:?}",
        interior.reservations
    );
    assert!(
        fractional(&vertex) <= 12,
        "the vertex plan splits: {:?}",
        vertex.reservations
    );
    // No reservation rows of round-off.
    assert!(vertex.reservations.iter().all(|r| r.quantity > 1e-6));
    // The Australian tonnes reserved are the same.
    let total = |p: &Plan| -> f64 {
        p.reservations
            .iter()
            .filter(|r| r.supplier.starts_with("au-"))
            .map(|r| r.quantity)
            .sum()
    };
    assert!((total(&vertex) - total(&interior)).abs() <= 1e-4 * total(&interior));
    // The vertex's own simplex duals price the plan (the crossover's dual
    // push leaves no price on a bound the boxing implied): the prices of
    // Clarabel's plan, without its round-off (its 4e-8 on slack limits).
    assert_eq!(
        vertex.shadow_price_source,
        format!("{CROSSOVER_SOLVER} duals")
    );
    assert_eq!(vertex.shadow_prices.len(), interior.shadow_prices.len());
    assert!(vertex.shadow_prices.iter().any(|p| p.value > 1e5));
    for (v, i) in vertex.shadow_prices.iter().zip(&interior.shadow_prices) {
        assert_eq!(v.limit, i.limit);
        assert!(
            (v.value - i.value).abs() <= 1e-6 * i.value.abs().max(1.0),
            "{:?}: {} at the vertex, {} inside",
            v.limit,
            v.value,
            i.value
        );
    }
}

/// The magnets model's extensive form (31,250 rows, three times what the
/// crossover took before the simplex's solves went hypersparse) is
/// finished at a vertex under `--solver auto` too: the same optimum, and
/// none of the rows of round-off that Clarabel's answer lists. (Under
/// `--method auto` the model, 141 scenarios, is decomposed: the last test
/// here.)
#[test]
fn auto_plans_a_thirty_thousand_row_model_at_a_vertex() {
    let interior = magnets_planned(Method::Extensive, SolverChoice::Clarabel);
    let vertex = magnets_planned(Method::Extensive, SolverChoice::Auto);
    assert_eq!(vertex.solver, CROSSOVER_SOLVER);
    assert!(vertex.lp.rows > 30_000, "{} rows", vertex.lp.rows);
    assert_same_optimum(&vertex, &interior);
    let round_off = |p: &Plan| p.reservations.iter().filter(|r| r.quantity < 1e-3).count();
    assert!(
        round_off(&interior) >= 10,
        "Clarabel's plan lists {} rows below 1 kg",
        round_off(&interior)
    );
    assert_eq!(round_off(&vertex), 0, "{:?}", vertex.reservations);
    assert!(vertex.reservations.len() < interior.reservations.len());
}

/// The decomposition's plan is a vertex too: once its gap is closed it
/// scores the master's minimiser (the simplex's basic answer), which fills
/// one identical mine before the next, and takes it where it is within the
/// gap. The best point scored before (a level projection's) splits the
/// tonnes over all three mines and lists a reservation of 3e-9 t.
#[test]
fn the_decomposition_plans_at_a_vertex_too() {
    let loaded = load_model_str(&three_identical_mines(), "three.toml").expect("the model loads");
    let settings = Settings::builder()
        .method(Method::Decomposition)
        .build()
        .expect("settings");
    let decomposed = plan(&loaded.model, &settings).expect("a plan").plan;
    let interior = planned(SolverChoice::Clarabel);
    assert_same_optimum(&decomposed, &interior);
    let report = decomposed.decomposition.as_ref().expect("decomposed");
    assert!(report.gap <= rareplan::DEFAULT_GAP, "gap {}", report.gap);
    assert!(
        fractional(&decomposed) <= 12,
        "the decomposition's plan splits: {:?}",
        decomposed.reservations
    );
    assert!(
        decomposed.reservations.iter().all(|r| r.quantity > 1e-6),
        "{:?}",
        decomposed.reservations
    );
}

/// Under `--method auto` the magnets model (141 scenarios at 210
/// extensive-form columns each) is decomposed, and its plan is the
/// master's vertex: no rows of round-off, and the extensive form's optimum
/// within the gap.
#[test]
fn auto_decomposes_many_small_scenarios_at_a_vertex() {
    let auto = magnets_planned(Method::Auto, SolverChoice::Auto);
    let extensive = magnets_planned(Method::Extensive, SolverChoice::Auto);
    let report = auto.decomposition.as_ref().expect("auto decomposes it");
    assert!(report.gap <= rareplan::DEFAULT_GAP, "gap {}", report.gap);
    assert_same_optimum(&auto, &extensive);
    assert!(
        auto.reservations.iter().all(|r| r.quantity >= 1e-3),
        "{:?}",
        auto.reservations
    );
    assert_eq!(auto.reservations.len(), extensive.reservations.len());
}

/// The crossover's pushes on an 18,053-column mean-CVaR extensive form
/// (64 scenarios; before the pushes its crossover took 12,312 pivots):
/// the reference's optimum, at a vertex.
#[test]
fn the_crossover_matches_the_reference_on_an_eighteen_thousand_column_model() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/decomposition_models/sweep-6x2x3x4x6.toml");
    let text = std::fs::read_to_string(&path).expect("the kept model");
    let loaded = load_model_str(&text, "sweep-6x2x3x4x6.toml").expect("the model loads");
    let settings = Settings::builder()
        .method(Method::Extensive)
        .build()
        .expect("settings");
    let vertex = plan(&loaded.model, &settings).expect("a plan").plan;
    assert_eq!(vertex.solver, CROSSOVER_SOLVER);
    assert_eq!(vertex.lp.columns, 18_053);
    assert!(!vertex.shadow_prices.is_empty());
    let reference = crate::reference::reference(&path, None)["objective"]
        .as_f64()
        .expect("the reference's objective");
    assert!(
        (vertex.objective - reference).abs() <= 1e-6 * reference.abs(),
        "{} against the reference's {reference}",
        vertex.objective
    );
}
