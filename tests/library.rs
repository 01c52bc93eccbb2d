//! The library as an embedding tool sees it: the settings builder, names
//! parsed and printed, typed results and their positions in the model,
//! the plan file format unchanged by the types.

use std::path::Path;

use rareplan::plan::{GenerationMode, Limit, LimitAt, PlanStatus, RouteAt, ShadowPrice};
use rareplan::{
    CsvTable, Format, PlanError, Setting, Settings, SettingsError, SolverChoice, load_model,
    load_model_str, plan,
};

fn model(name: &str) -> rareplan::Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models")
        .join(name);
    load_model(&path).unwrap().model
}

fn out_of_range(e: SettingsError) -> (Setting, f64) {
    match e {
        SettingsError::OutOfRange { setting, value, .. } => (setting, value),
        other => panic!("{other}"),
    }
}

#[test]
fn the_builder_keeps_the_defaults_and_sets_what_it_is_given() {
    let defaults = Settings::builder().build().unwrap();
    assert_eq!(defaults, Settings::default());
    assert_eq!(defaults.risk_weight, None);
    assert_eq!(defaults.alpha, None);
    assert_eq!(defaults.solve.time_limit, None);
    assert_eq!(defaults.solver, SolverChoice::Auto);
    assert!(defaults.shadow_prices);
    assert_eq!(defaults.max_columns, rareplan::DEFAULT_MAX_COLUMNS);
    assert!(!defaults.value && !defaults.scenario_flows);

    let s = Settings::builder()
        .risk_weight(0.3)
        .alpha(0.9)
        .samples(40)
        .seed(9)
        .time_limit(10.0)
        .solver(SolverChoice::Simplex)
        .shadow_prices(false)
        .max_columns(1_000)
        .value(true)
        .scenario_flows(true)
        .build()
        .unwrap();
    assert_eq!((s.risk_weight, s.alpha), (Some(0.3), Some(0.9)));
    assert_eq!((s.sampling.samples, s.sampling.seed), (Some(40), Some(9)));
    assert_eq!(s.solve.time_limit, Some(10.0));
    assert_eq!(s.solver, SolverChoice::Simplex);
    assert!(!s.shadow_prices && s.value && s.scenario_flows);
    assert_eq!(s.max_columns, 1_000);
    assert_eq!(
        s.to_builder()
            .no_time_limit()
            .build()
            .unwrap()
            .solve
            .time_limit,
        None
    );
}

#[test]
fn the_builder_refuses_every_value_out_of_range() {
    let b = Settings::builder;
    assert_eq!(
        out_of_range(b().risk_weight(-0.1).build().unwrap_err()),
        (Setting::RiskWeight, -0.1)
    );
    assert_eq!(
        out_of_range(b().risk_weight(1.5).build().unwrap_err()),
        (Setting::RiskWeight, 1.5)
    );
    assert_eq!(
        out_of_range(b().alpha(1.0).build().unwrap_err()),
        (Setting::Alpha, 1.0)
    );
    assert_eq!(
        out_of_range(b().time_limit(0.0).build().unwrap_err()),
        (Setting::TimeLimit, 0.0)
    );
    assert_eq!(
        out_of_range(b().time_limit(2e9).build().unwrap_err()),
        (Setting::TimeLimit, 2e9)
    );
    assert_eq!(
        out_of_range(b().samples(0).build().unwrap_err()),
        (Setting::Samples, 0.0)
    );
    assert_eq!(
        out_of_range(b().max_columns(0).build().unwrap_err()),
        (Setting::MaxColumns, 0.0)
    );
    let (setting, value) = out_of_range(b().risk_weight(f64::NAN).build().unwrap_err());
    assert!(setting == Setting::RiskWeight && value.is_nan());
    assert_eq!(
        b().alpha(1.0).build().unwrap_err().to_string(),
        "alpha must be in [0, 1), found 1"
    );
    // The edges are in range.
    assert!(
        b().risk_weight(0.0)
            .risk_weight(1.0)
            .alpha(0.0)
            .time_limit(1e9)
            .build()
            .is_ok()
    );
}

#[test]
fn a_setting_changed_by_hand_is_refused_by_the_planner() {
    let m = model("tiny.toml");
    let mut settings = Settings::default();
    settings.risk_weight = Some(2.0);
    let e = plan(&m, &settings).unwrap_err();
    assert_eq!(
        e,
        PlanError::Setting {
            name: "the risk weight",
            expected: "in [0, 1]",
            value: 2.0
        }
    );
    assert_eq!(e.to_string(), "the risk weight must be in [0, 1], found 2");
}

#[test]
fn names_parse_print_and_serialise_alike() {
    for &choice in SolverChoice::ALL {
        let name = choice.to_string();
        assert_eq!(name.parse::<SolverChoice>().unwrap(), choice);
        assert_eq!(
            serde_json::to_string(&choice).unwrap(),
            format!("\"{name}\"")
        );
        assert_eq!(
            serde_json::from_str::<SolverChoice>(&format!("\"{name}\"")).unwrap(),
            choice
        );
    }
    for &format in Format::ALL {
        let name = format.to_string();
        assert_eq!(name.parse::<Format>().unwrap(), format);
        assert_eq!(
            serde_json::to_string(&format).unwrap(),
            format!("\"{name}\"")
        );
    }
    for &table in CsvTable::ALL {
        let name = table.to_string();
        assert_eq!(name.parse::<CsvTable>().unwrap(), table);
        assert_eq!(
            toml::Value::try_from(table).unwrap().as_str(),
            Some(name.as_str())
        );
    }
    let e = "gurobi".parse::<SolverChoice>().unwrap_err();
    assert_eq!((e.what(), e.given()), ("solver", "gurobi"));
    assert!(
        e.to_string().starts_with(
            "unknown solver `gurobi`; expected one of auto, microlp, clarabel, simplex"
        )
    );
    assert!("Json".parse::<Format>().is_err(), "names are lowercase");
}

#[test]
fn messages_of_the_library_name_no_flag() {
    let m = load_model_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/tiny.toml"))
            .unwrap(),
        "tiny.toml",
    )
    .unwrap()
    .model;
    let e = plan(&m, &Settings::builder().max_columns(10).build().unwrap()).unwrap_err();
    let text = e.to_string();
    assert!(text.contains("raise the column limit"), "{text}");
    assert!(!text.contains("--"), "{text}");
    // Too many distinct draws for the column limit: the scenario error
    // says it in words.
    let many_events =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("models/magnets-2026-many-events.toml");
    let sampled = rareplan::load_model(&many_events).unwrap().model;
    let crowded = plan(
        &sampled,
        &Settings::builder()
            .samples(100_000)
            .max_columns(3_000)
            .build()
            .unwrap(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        crowded.contains("distinct scenarios, more than the"),
        "{crowded}"
    );
    assert!(crowded.contains("raise the column limit"), "{crowded}");
    assert!(!crowded.contains("--"), "{crowded}");
    let quiet = plan(
        &m,
        &Settings::builder().shadow_prices(false).build().unwrap(),
    )
    .unwrap();
    assert_eq!(
        quiet.plan.shadow_price_source,
        "not computed (shadow prices turned off)"
    );
    assert!(quiet.plan.shadow_prices.is_empty());
}

#[test]
fn typed_results_point_into_the_model() {
    let m = model("japan-2011-quota.toml");
    let settings = Settings::builder().scenario_flows(true).build().unwrap();
    let p = plan(&m, &settings).unwrap().plan;
    assert_eq!(p.status, PlanStatus::Optimal);
    assert_eq!(p.scenario_generation.mode, GenerationMode::Enumerated);
    assert!(!p.reservations.is_empty());
    for r in &p.reservations {
        let RouteAt {
            supplier,
            offer,
            material,
            buyer,
            period,
            ..
        } = r.at(&m).unwrap();
        assert_eq!(m.suppliers[supplier].id, r.supplier);
        assert_eq!(m.suppliers[supplier].offers[offer].material, material);
        assert_eq!(m.materials[material].id, r.material);
        assert_eq!(m.buyers[buyer].id, r.buyer);
        assert_eq!(m.periods[period], r.period);
        // A reservation never exceeds the offer's capacity in its period.
        assert!(r.quantity <= m.suppliers[supplier].offers[offer].capacity[period] + 1e-6);
    }
    let (mut quotas, mut capacities) = (0, 0);
    for price in &p.shadow_prices {
        match (&price.limit, price.limit.at(&m).unwrap()) {
            (
                Limit::Quota { quota, period },
                LimitAt::Quota {
                    quota: q,
                    period: t,
                },
            ) => {
                assert_eq!(m.quotas[q].id, quota.as_str());
                assert_eq!(m.periods[t], period.as_str());
                assert_eq!(price.id(), quota.as_str());
                quotas += 1;
            }
            (
                Limit::Capacity {
                    supplier,
                    material,
                    period,
                },
                LimitAt::Capacity {
                    supplier: s,
                    offer: o,
                    period: t,
                },
            ) => {
                assert_eq!(m.suppliers[s].id, supplier.as_str());
                assert_eq!(
                    m.materials[m.suppliers[s].offers[o].material].id,
                    material.as_str()
                );
                assert_eq!(m.periods[t], period.as_str());
                assert_eq!(price.id(), format!("{supplier}/{material}"));
                capacities += 1;
            }
            (limit, at) => panic!("{limit:?} is at {at:?}"),
        }
    }
    assert!(
        quotas > 0 && capacities > 0,
        "{quotas} quota and {capacities} capacity prices"
    );
    // The quota binds in every quarter (README): its shadow price is positive.
    assert!(
        p.shadow_prices
            .iter()
            .any(|s| matches!(s.limit, Limit::Quota { .. }) && s.value > 1e5)
    );
    // Every scenario's flows, by id, and each flow's place in the model.
    for s in &p.scenarios {
        let flows = p.scenario_flows_of(&s.id).unwrap();
        assert_eq!(flows.scenario, s.id);
        for d in &flows.deliveries {
            let at = d.at(&m).unwrap();
            assert_eq!(m.suppliers[at.supplier].id, d.supplier);
        }
        let short: f64 = flows.stock.iter().map(|f| f.shortage).sum();
        assert!(
            (short - s.shortage).abs() <= 1e-6 * s.shortage.max(1.0),
            "{}: {short} vs {}",
            s.id,
            s.shortage
        );
        for f in &flows.stock {
            let at = f.at(&m).unwrap();
            assert_eq!(m.buyers[at.buyer].id, f.buyer);
        }
    }
    assert!(p.scenario_flows_of("no-such-scenario").is_none());
    assert_eq!(p.scenario(&p.scenarios[0].id), Some(&p.scenarios[0]));
    // Ids the model lacks are named.
    let mut stranger = p.reservations[0].clone();
    stranger.supplier = "acme".into();
    assert_eq!(
        stranger.at(&m).unwrap_err().to_string(),
        "the model has no supplier `acme`"
    );
}

#[test]
fn the_types_keep_the_plan_file_format() {
    let m = model("japan-2011-quota.toml");
    let p = plan(&m, &Settings::default()).unwrap().plan;
    let json: serde_json::Value =
        serde_json::from_str(&rareplan::plan::render(&p, Format::Json).unwrap()).unwrap();
    assert_eq!(json["status"], "optimal");
    assert_eq!(
        json["scenario_generation"],
        serde_json::json!({ "mode": "enumerated" })
    );
    // The record's fields in their old order.
    let first = serde_json::to_string(&p.shadow_prices[0]).unwrap();
    let expected = format!(
        "{{\"kind\":\"{}\",\"id\":\"{}\",\"period\":\"{}\",\"value\":",
        p.shadow_prices[0].kind(),
        p.shadow_prices[0].id(),
        p.shadow_prices[0].period()
    );
    assert!(first.starts_with(&expected), "{first}");
    for (written, typed) in json["shadow_prices"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&p.shadow_prices)
    {
        assert_eq!(written["kind"], typed.kind());
        assert_eq!(written["id"], typed.id().as_str());
        assert_eq!(written["period"], typed.period());
        assert_eq!(written["value"].as_f64(), Some(typed.value));
    }
    // A record that names neither kind, or a capacity without its `/`, is refused.
    for bad in [
        r#"{"kind": "tariff", "id": "x", "period": "Q1", "value": 1.0}"#,
        r#"{"kind": "capacity", "id": "lynas", "period": "Q1", "value": 1.0}"#,
    ] {
        assert!(serde_json::from_str::<ShadowPrice>(bad).is_err(), "{bad}");
    }
}
