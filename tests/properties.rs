//! Properties over generated valid models (proptest picks the generator's
//! seeds): verified plans, monotone objectives, risk, determinism, and
//! plans that survive a write and a read.

use proptest::prelude::*;
use rareplan::model::Model;
use rareplan::plan::{Format, render};
use rareplan::{Plan, Settings, load_model_str, plan};

fn model(seed: u64) -> Model {
    let text = crate::generator::generate(seed);
    load_model_str(&text, "generated.toml")
        .unwrap_or_else(|e| panic!("seed {seed}: {e}"))
        .model
}

fn solve(model: &Model, settings: &Settings) -> Plan {
    plan(model, settings).unwrap_or_else(|e| panic!("{e}")).plan
}

fn quick() -> Settings {
    Settings::builder().shadow_prices(false).build().unwrap()
}

/// Objectives compared with a tolerance relative to their size.
fn at_most(a: f64, b: f64) -> bool {
    a <= b + 1e-6 * a.abs().max(b.abs()).max(1.0)
}

fn scale_offers(model: &mut Model, f: impl Fn(&mut rareplan::model::Offer)) {
    for supplier in &mut model.suppliers {
        for offer in &mut supplier.offers {
            f(offer);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn more_capacity_or_quota_never_costs_more(seed in any::<u64>(), factor in 1.0f64..3.0) {
        let base = model(seed);
        let before = solve(&base, &quick()).objective;
        let mut more = base.clone();
        scale_offers(&mut more, |o| o.capacity.iter_mut().for_each(|c| *c *= factor));
        let with_capacity = solve(&more, &quick()).objective;
        prop_assert!(at_most(with_capacity, before), "capacity ×{factor}: {with_capacity} > {before}");
        let mut more = base.clone();
        for quota in &mut more.quotas {
            quota.limit.iter_mut().for_each(|l| *l *= factor);
        }
        let with_quota = solve(&more, &quick()).objective;
        prop_assert!(at_most(with_quota, before), "quota ×{factor}: {with_quota} > {before}");
    }

    #[test]
    fn dearer_supply_or_shortage_never_costs_less(seed in any::<u64>(), factor in 1.0f64..3.0) {
        let base = model(seed);
        let before = solve(&base, &quick()).objective;
        let mut dearer = base.clone();
        scale_offers(&mut dearer, |o| {
            o.price.iter_mut().for_each(|p| *p *= factor);
            if let Some(spot) = &mut o.spot_price {
                spot.iter_mut().for_each(|p| *p *= factor);
            }
        });
        let priced = solve(&dearer, &quick()).objective;
        prop_assert!(at_most(before, priced), "prices ×{factor}: {priced} < {before}");
        let mut dearer = base.clone();
        for buyer in &mut dearer.buyers {
            buyer.shortage_penalty.iter_mut().for_each(|p| *p *= factor);
        }
        let penalised = solve(&dearer, &quick()).objective;
        prop_assert!(at_most(before, penalised), "penalties ×{factor}: {penalised} < {before}");
    }

    #[test]
    fn a_higher_risk_weight_never_raises_cvar(seed in any::<u64>(), low in 0.0f64..1.0, step in 0.0f64..1.0) {
        let base = model(seed);
        let high = low + (1.0 - low) * step;
        let at = |weight: f64| solve(&base, &quick().to_builder().risk_weight(weight).build().unwrap());
        let (a, b) = (at(low), at(high));
        prop_assert!(at_most(b.cvar, a.cvar), "λ {low} → {high}: CVaR {} → {}", a.cvar, b.cvar);
        prop_assert!(at_most(a.expected_cost, b.expected_cost), "λ {low} → {high}: E {} → {}", a.expected_cost, b.expected_cost);
    }

    #[test]
    fn the_same_model_gives_the_same_bytes_and_plans_read_back(seed in any::<u64>()) {
        let m = model(seed);
        let first = solve(&m, &Settings::default());
        let second = solve(&m, &Settings::default());
        let json = render(&first, Format::Json).unwrap();
        prop_assert_eq!(&json, &render(&second, Format::Json).unwrap());
        let from_json: Plan = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&from_json, &first);
        let from_toml: Plan = toml::from_str(&render(&first, Format::Toml).unwrap()).unwrap();
        prop_assert_eq!(&from_toml, &first);
        prop_assert!(first.lp.max_row_residual <= 1e-6);
    }
}
/// A generated model that costs nothing (objective 0) stalls Clarabel
/// ("insufficient progress"); under `auto` the simplex takes over, and
/// the plan is its vertex at 0. (Found by the property above.)
#[test]
fn auto_falls_back_to_the_simplex_where_clarabel_stalls() {
    let stalled = model(12764869689458473299);
    let clarabel = Settings::builder()
        .solver(rareplan::SolverChoice::Clarabel)
        .build()
        .unwrap();
    let failure = plan(&stalled, &clarabel).expect_err("Clarabel alone stalls");
    assert!(
        failure.to_string().contains("InsufficientProgress"),
        "{failure}"
    );
    let planned = solve(&stalled, &Settings::default());
    assert_eq!(planned.solver, "simplex");
    assert_eq!(planned.objective, 0.0);
    assert!(planned.lp.columns > 150, "Clarabel's size under auto");
}
