//! Limits: LP size known before building, badly scaled models refused.

use rareplan::advanced::build;
use rareplan::advanced::formulate::column_count;
use rareplan::load_model_str;
use rareplan::{PlanError, Settings, plan};

#[test]
fn the_column_count_is_known_before_building() {
    for seed in 0..80 {
        let text = crate::generator::generate(seed);
        let loaded =
            load_model_str(&text, "generated.toml").unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let (scenarios, _, f) = build(&loaded.model, &Settings::default()).unwrap();
        let lambda = f.value_at_risk.map_or(0.0, |_| 0.5);
        assert_eq!(
            column_count(&loaded.model, scenarios.len(), lambda),
            f.lp.num_columns(),
            "seed {seed}"
        );
    }
}

#[test]
fn a_model_above_the_limit_is_refused_before_building() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/japan-2011-quota.toml"
    ))
    .unwrap();
    let loaded = load_model_str(&text, "japan.toml").unwrap();
    let settings = Settings::builder().max_columns(5_000).build().unwrap();
    let err = plan(&loaded.model, &settings).unwrap_err();
    assert_eq!(
        err,
        PlanError::TooLarge {
            // The corrected Japan model (one Ganzhou supplier, lead time 1).
            columns: 7_145,
            limit: 5_000
        }
    );
    assert!(
        err.to_string()
            .contains("7145 columns, more than the limit of 5000"),
        "{err}"
    );
}

#[test]
fn a_badly_scaled_model_is_refused_with_advice() {
    // A capacity factor of 1e-12 puts 1e-12 beside 1 in the same rows and
    // columns: no scaling of rows or columns brings them together.
    let text = r#"
        [model]
        periods = ["P1"]
        [[material]]
        id = "nd"
        [[buyer]]
        id = "b"
        need = { nd = 10 }
        shortage_penalty = 1e6
        [[supplier]]
        id = "s"
        [supplier.offers.nd]
        capacity = 50
        price = 100
        [[outage]]
        id = "halt"
        supplier = "s"
        capacity_factor = 1e-12
        probability = 0.5
    "#;
    let loaded = load_model_str(text, "wild.toml").unwrap();
    let err = plan(&loaded.model, &Settings::default()).unwrap_err();
    let PlanError::BadlyScaled(range) = &err else {
        panic!("expected BadlyScaled, got {err}");
    };
    assert_eq!(range.smallest, 1e-12);
    assert_eq!(range.largest, 1.0);
    assert_eq!(
        range.smallest_at,
        "-1e-12 of r[s=s,e=nd,b=b,t=P1] in row exercise[k=halt,s=s,e=nd,b=b,t=P1]"
    );
    let message = err.to_string();
    assert!(
        message.contains("span 1.0e12 even after scaling"),
        "{message}"
    );
    assert!(message.contains("rescale units"), "{message}");
    // Bad input, as `check` also says.
    assert_eq!(
        rareplan::advanced::exit_code(&rareplan::Error::from(err)),
        2
    );
}

#[test]
fn a_wide_objective_alone_is_not_badly_scaled() {
    // Costs from 0.001 to 1e12 in the objective, every matrix entry 1: the
    // span check of old refused it; the solver has no trouble.
    let text = r#"
        [model]
        periods = ["P1"]
        [[material]]
        id = "nd"
        [[buyer]]
        id = "b"
        need = { nd = 10 }
        shortage_penalty = 1e12
        holding_cost = 0.001
        [[supplier]]
        id = "s"
        [supplier.offers.nd]
        capacity = 50
        price = 100
    "#;
    let loaded = load_model_str(text, "wide.toml").unwrap();
    let outcome = plan(&loaded.model, &Settings::default()).unwrap();
    assert_eq!(outcome.plan.objective, 1_000.0);
}
