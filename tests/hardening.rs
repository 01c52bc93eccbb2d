//! Numbers, seeds, limits, scenarios and messages (issue 11, items 8-16);
//! the refusals of bad files are in the bad-input corpus.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use rareplan::advanced::build;
use rareplan::advanced::solve::{
    AUTO_CROSSOVER_COLUMNS, Backend, ClarabelBackend, MicrolpBackend, SolveOptions, SolverChoice,
};
use rareplan::{Generation, ScenarioError};
use rareplan::{Plan, load_model_str};
use rareplan::{PlanError, Settings, plan};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rareplan"))
}

fn tiny_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("models/tiny.toml")
}

fn tiny_text() -> String {
    std::fs::read_to_string(tiny_path()).unwrap()
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("rareplan runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The tiny model with three more independent events and sampling.
fn sampled_tiny(scenarios: &str) -> String {
    let extra = r#"
[[outage]]
id = "au-strike"
supplier = "au-mine"
capacity_factor = 0.5
probability = 0.2

[[demand_shock]]
id = "surge"
buyers = ["plant"]
materials = ["ndpr-oxide"]
demand_factor = 1.2
probability = 0.4
"#;
    format!("{scenarios}\n{}{extra}", tiny_text())
}

#[test]
fn a_seed_above_2_pow_53_is_exact_in_a_file_and_on_the_command_line() {
    let seed: u64 = 9_007_199_254_740_993; // 2^53 + 1: no f64 holds it
    let in_file = sampled_tiny(&format!(
        "[scenarios]\nmode = \"sample\"\nsamples = 64\nseed = {seed}\n"
    ));
    let loaded = load_model_str(&in_file, "seeded.toml").unwrap();
    assert_eq!(loaded.model.scenarios.seed, seed);
    let (from_file, generation, _) = build(&loaded.model, &Settings::default()).unwrap();
    assert_eq!(generation, Generation::Sampled { samples: 64, seed });

    let plain = load_model_str(&sampled_tiny(""), "plain.toml").unwrap();
    let on_command_line = Settings::builder().samples(64).seed(seed).build().unwrap();
    let (from_flags, _, _) = build(&plain.model, &on_command_line).unwrap();
    assert_eq!(from_file, from_flags);
    // The seed below (what reading through f64 gave) draws other scenarios.
    let rounded = Settings::builder()
        .samples(64)
        .seed(seed - 1)
        .build()
        .unwrap();
    let (from_rounded, _, _) = build(&plain.model, &rounded).unwrap();
    assert_ne!(from_file, from_rounded);
}

#[test]
fn the_largest_lead_time_is_echoed_exactly() {
    let text = tiny_text().replace("lead_time = 1 ", "lead_time = 9223372036854775807 ");
    let loaded = load_model_str(&text, "far.toml").unwrap();
    assert_eq!(
        loaded.model.suppliers[1].lead_time,
        9_223_372_036_854_775_807
    );
    let warnings = loaded.rendered_warnings("far.toml").join("\n");
    assert!(
        warnings.contains("a lead time of 9223372036854775807 periods"),
        "{warnings}"
    );
}

#[test]
fn huge_time_limits_are_refused_in_the_cli_and_the_library() {
    for (limit, echoed) in [
        ("1e19", "1e19"),
        ("1e300", "1e300"),
        ("1e10", "10000000000"),
    ] {
        let o = run(&[
            "solve",
            tiny_path().to_str().unwrap(),
            "--time-limit",
            limit,
        ]);
        assert_eq!(o.status.code(), Some(2), "{limit}: {}", stderr(&o));
        assert_eq!(
            stderr(&o),
            format!(
                "error: --time-limit must be a positive number of seconds up to 1000000000 (about 31 years; leave it out for no limit), found {echoed}\n"
            )
        );
    }
    let loaded = load_model_str(&tiny_text(), "tiny.toml").unwrap();
    for limit in [1e19, 1e300, f64::INFINITY, f64::NAN, -1.0, 0.0] {
        // The builder refuses the limit, and so does the planner when the
        // field is set by hand.
        let refused = Settings::builder().time_limit(limit).build().unwrap_err();
        assert!(
            matches!(
                refused,
                rareplan::SettingsError::OutOfRange {
                    setting: rareplan::Setting::TimeLimit,
                    ..
                }
            ),
            "{refused}"
        );
        let mut settings = Settings::default();
        settings.solve.time_limit = Some(limit);
        let err = plan(&loaded.model, &settings).unwrap_err();
        // (NaN is not equal to itself: compare the messages.)
        assert_eq!(err.to_string(), PlanError::from(refused).to_string());
        assert!(
            matches!(
                err,
                PlanError::Setting {
                    name: "the time limit",
                    ..
                }
            ),
            "{err}"
        );
        assert_eq!(
            rareplan::advanced::exit_code(&rareplan::Error::from(err)),
            2
        );
    }
    // The backends themselves never panic on a limit a `Duration` cannot hold.
    let (_, _, formulation) = build(&loaded.model, &Settings::default()).unwrap();
    for limit in [1e19, 1e300, f64::INFINITY, f64::NAN] {
        let options = SolveOptions {
            time_limit: Some(limit),
        };
        if limit.is_finite() {
            let solution = MicrolpBackend.solve(&formulation.lp, &options).unwrap();
            assert!((solution.objective - 12_110_200.0).abs() < 1e-3);
        } else {
            let _ = MicrolpBackend.solve(&formulation.lp, &options);
        }
        let _ = ClarabelBackend.solve(&formulation.lp, &options);
    }
}

#[test]
fn a_tiny_time_limit_is_echoed_in_exponent_notation() {
    let o = run(&[
        "solve",
        tiny_path().to_str().unwrap(),
        "--time-limit",
        "1e-300",
    ]);
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "error: the time limit of 1e-300 s passed before the solver found an optimal plan\n"
    );
}

#[test]
fn the_time_limit_covers_sampling() {
    let started = Instant::now();
    let o = run(&[
        "solve",
        tiny_path().to_str().unwrap(),
        "--samples",
        "1000000000",
        "--time-limit",
        "1",
    ]);
    let took = started.elapsed();
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with("error: the time limit of 1 s passed while drawing scenarios ("),
        "{}",
        stderr(&o)
    );
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[test]
fn samples_whose_lp_cannot_fit_are_refused_while_drawing() {
    // 30 events at probability 0.5: nearly every draw is a new scenario.
    let mut text = tiny_text();
    for i in 0..30 {
        text.push_str(&format!(
            "\n[[outage]]\nid = \"halt-{i}\"\nsupplier = \"au-mine\"\ncapacity_factor = 0.5\nprobability = 0.5\n"
        ));
    }
    let loaded = load_model_str(&text, "many.toml").unwrap();
    let settings = Settings::builder()
        .samples(1_000_000_000)
        .max_columns(2_000)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = build(&loaded.model, &settings).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(
        rareplan::advanced::exit_code(&rareplan::Error::from(err.clone())),
        2
    );
    let lambda = loaded.model.risk.weight;
    let fixed = rareplan::advanced::formulate::column_count(&loaded.model, 0, lambda);
    let per_scenario =
        rareplan::advanced::formulate::column_count(&loaded.model, 1, lambda) - fixed;
    let fit = (2_000 - fixed) / per_scenario;
    let PlanError::Scenario(ScenarioError::TooManyDistinct {
        samples,
        distinct,
        max,
        ..
    }) = err
    else {
        panic!("expected TooManyDistinct, got {err}");
    };
    assert_eq!((samples, distinct, max), (1_000_000_000, fit + 1, fit));
    assert!(rareplan::advanced::formulate::column_count(&loaded.model, fit, lambda) <= 2_000);
    assert!(rareplan::advanced::formulate::column_count(&loaded.model, fit + 1, lambda) > 2_000);
}

/// The tiny model with a shortage penalty of 1e9: the reference (HiGHS)
/// gives 12,110,200, as with 500,000 (the plan covers every tonne).
#[test]
fn a_large_penalty_plans_and_matches_the_reference() {
    let text = tiny_text().replace("shortage_penalty = 500000", "shortage_penalty = 1e9");
    let loaded = load_model_str(&text, "penalty.toml").unwrap();
    for solver in [
        SolverChoice::Auto,
        SolverChoice::Microlp,
        SolverChoice::Clarabel,
    ] {
        let settings = Settings::builder().solver(solver).build().unwrap();
        let outcome = plan(&loaded.model, &settings).unwrap();
        let objective = outcome.plan.objective;
        assert!(
            (objective - 12_110_200.0).abs() <= 1e-6 * 12_110_200.0,
            "{solver:?}: {objective}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("penalty.toml");
    std::fs::write(&path, &text).unwrap();
    let reference = crate::reference::reference(&path, None)["objective"]
        .as_f64()
        .expect("the reference's objective");
    assert!((reference - 12_110_200.0).abs() < 1e-3, "{reference}");
}

#[test]
fn check_refuses_what_solve_cannot_solve_accurately_with_the_same_message() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("near-zero.toml");
    let text = tiny_text().replace("capacity_factor = 0.25", "capacity_factor = 1e-12");
    std::fs::write(&model, text).unwrap();
    let check = run(&["check", model.to_str().unwrap()]);
    let solve = run(&["solve", model.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(2), "{}", stderr(&check));
    assert_eq!(solve.status.code(), Some(2), "{}", stderr(&solve));
    assert_eq!(stderr(&check), stderr(&solve));
    assert!(stderr(&check).contains("near-zero.toml: the LP's coefficients span 1.0e12 even after scaling its rows and columns (from -1e-12 of r[s=cn-mine,"), "{}", stderr(&check));
    assert!(check.stdout.is_empty());
}

#[test]
fn samples_with_explicit_scenarios_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("explicit.toml");
    let text = tiny_text().replace("probability = 0.3", "")
        + "\n[[scenario]]\nid = \"halt\"\nevents = [\"cn-halt\"]\nprobability = 0.3\n";
    std::fs::write(&model, text).unwrap();
    let o = run(&["check", model.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&["solve", model.to_str().unwrap(), "--samples", "10"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "error: --samples 10 asks for sampled scenarios, but the model lists its own [[scenario]] entries; leave out --samples, or remove the [[scenario]] entries to sample from the events\n"
    );
}

#[test]
fn help_shows_no_doc_markup() {
    let o = run(&["solve", "--help"]);
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(!help.contains("[`"), "{help}");
    assert!(
        help.contains(&format!(
            "microlp up to {AUTO_CROSSOVER_COLUMNS} columns, Clarabel above"
        )),
        "{help}"
    );
}

#[test]
fn the_table_shows_huge_numbers_in_exponent_notation() {
    let text = r#"
[model]
periods = ["P1"]
[[material]]
id = "nd"
[[buyer]]
id = "b"
need = { nd = 1 }
shortage_penalty = 1e308
[[supplier]]
id = "s"
[supplier.offers.nd]
capacity = 1
price = 6e307
"#;
    let loaded = load_model_str(text, "dear.toml").unwrap();
    let settings = Settings::builder().shadow_prices(false).build().unwrap();
    let outcome = plan(&loaded.model, &settings).unwrap();
    let table = rareplan::plan::render_table(&outcome.plan);
    assert!(table.contains("objective            6e307 USD"), "{table}");
    assert!(table.lines().all(|l| l.len() < 120), "{table}");
    let plan: &Plan = &outcome.plan;
    assert_eq!(plan.objective, 6e307);
}
