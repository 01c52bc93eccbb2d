//! What `auto` does in every build: the backends are cargo features
//! (`microlp`, `clarabel`, `highs`; the project's simplex is always built).
//! This file is its own test binary with no required features, so CI runs
//! it in the reduced builds too (`--no-default-features --features cli`,
//! `--no-default-features --features clarabel`).

use rareplan::{PlanError, Settings, SolveError, SolverChoice, load_model_str};

const TINY: &str = include_str!("../models/tiny.toml");

/// The backend `auto` picks for the tiny model (9 columns, 1 scenario
/// pair) in this build.
fn tiny_backend() -> &'static str {
    if cfg!(feature = "microlp") {
        "microlp"
    } else {
        "simplex"
    }
}

#[test]
fn auto_plans_the_tiny_model_with_the_best_backend_built() {
    let loaded = load_model_str(TINY, "tiny.toml").unwrap();
    let outcome = rareplan::plan(&loaded.model, &Settings::default()).unwrap();
    let plan = &outcome.plan;
    assert_eq!(plan.solver, tiny_backend());
    // The optimum of models/tiny.toml, as every backend reaches it.
    assert!(
        (plan.objective - 12_110_200.0).abs() < 1e-3,
        "{}",
        plan.objective
    );
    // Shadow prices: Clarabel's second solve where it is built. Without
    // it, the simplex prices an LP only where its answer carries the duals
    // (on this one it does not), and the plan says which feature adds them.
    let source = &plan.shadow_price_source;
    if cfg!(feature = "clarabel") {
        assert_eq!(plan.shadow_prices.len(), 5);
        assert_eq!(
            source,
            &format!(
                "clarabel duals from a second solve; {} gives none",
                tiny_backend()
            )
        );
    } else {
        assert!(plan.shadow_prices.is_empty());
        assert!(
            source.ends_with("(the `clarabel` cargo feature adds a backend that gives them)"),
            "{source}"
        );
    }
}

#[test]
fn every_choice_this_build_has_plans_the_tiny_model() {
    let loaded = load_model_str(TINY, "tiny.toml").unwrap();
    let mut names = Vec::new();
    for &choice in SolverChoice::ALL {
        let settings = Settings::builder().solver(choice).build().unwrap();
        let plan = rareplan::plan(&loaded.model, &settings).unwrap().plan;
        assert!((plan.objective - 12_110_200.0).abs() < 1e-3, "{choice}");
        names.push(choice.name());
    }
    let mut expected = vec!["auto"];
    if cfg!(feature = "microlp") {
        expected.push("microlp");
    }
    if cfg!(feature = "clarabel") {
        expected.push("clarabel");
    }
    expected.push("simplex");
    if cfg!(feature = "highs") {
        expected.push("highs");
    }
    assert_eq!(names, expected);
}

#[test]
fn a_backend_left_out_names_its_feature() {
    for (name, built) in [
        ("microlp", cfg!(feature = "microlp")),
        ("clarabel", cfg!(feature = "clarabel")),
        ("highs", cfg!(feature = "highs")),
    ] {
        let parsed = name.parse::<SolverChoice>();
        assert_eq!(parsed.is_ok(), built, "{name}");
        assert_eq!(
            SolverChoice::missing_feature(name),
            (!built).then_some(name)
        );
        if let Err(e) = parsed {
            assert_eq!(e.missing_feature(), Some(name));
            assert!(
                e.to_string().ends_with(&format!(
                    "(`{name}` needs the `{name}` cargo feature, which this build lacks)"
                )),
                "{e}"
            );
        }
    }
    let e = "cplex".parse::<SolverChoice>().unwrap_err();
    assert_eq!(e.missing_feature(), None);
    assert!(!e.to_string().contains("feature"), "{e}");
}

/// A model whose LP has more rows than the simplex takes (2,000): 700
/// quarters, two scenarios.
fn long_model() -> String {
    // About 12 rows a period: past the simplex's 200,000 rows.
    let periods: Vec<String> = (0..17_000).map(|i| format!("\"P{i}\"")).collect();
    TINY.replace(
        "periods = [\"Q1\", \"Q2\", \"Q3\"]",
        &format!("periods = [{}]", periods.join(", ")),
    )
    .replace("periods = [\"Q2\", \"Q3\"]", "periods = [\"P1\", \"P2\"]")
}

#[test]
fn beyond_the_simplex_auto_needs_another_backend() {
    let loaded = load_model_str(&long_model(), "long.toml").unwrap();
    let (_, _, formulation) =
        rareplan::advanced::build(&loaded.model, &Settings::default()).unwrap();
    let rows = formulation.lp.num_rows();
    let limit = rareplan::advanced::solve::simplex::MAX_ROWS;
    assert!(rows > limit, "{rows}");
    // Builds with another backend solve it there (not planned here: an LP
    // of this size takes Clarabel minutes); without one it is refused.
    if !cfg!(any(feature = "clarabel", feature = "microlp")) {
        // The extensive form (auto would decompose a model this long).
        let settings = Settings::builder()
            .shadow_prices(false)
            .method(rareplan::Method::Extensive)
            .build()
            .unwrap();
        match rareplan::plan(&loaded.model, &settings) {
            Err(PlanError::Solve(SolveError::NoBackend { rows: r, max_rows })) => {
                assert_eq!((r, max_rows), (rows, limit));
                let message = SolveError::NoBackend { rows, max_rows }.to_string();
                assert!(
                    message.contains("the `clarabel` cargo feature"),
                    "{message}"
                );
            }
            other => panic!("expected NoBackend, got {other:?}"),
        }
    }
}

/// The command line's `--solver` lists only the backends built.
#[cfg(feature = "cli")]
#[test]
fn the_command_line_offers_only_the_backends_built() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rareplan"))
        .args(["solve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for (name, built) in [
        ("microlp", cfg!(feature = "microlp")),
        ("clarabel", cfg!(feature = "clarabel")),
        ("highs", cfg!(feature = "highs")),
        ("simplex", true),
    ] {
        assert_eq!(
            help.contains(&format!("{name}:")),
            built,
            "{name} in --help:\n{help}"
        );
    }
    let tiny = concat!(env!("CARGO_MANIFEST_DIR"), "/models/tiny.toml");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rareplan"))
        .args(["solve", tiny, "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["solver"], tiny_backend());
}
