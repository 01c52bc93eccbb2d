//! `rareplan explain`: every number of the decisions on cases worked out
//! by hand (non-degenerate, so the duals are unique).

use std::path::Path;

use approx::assert_relative_eq;
use rareplan::explain::decisions::{ArcDecision, Decisions};
use rareplan::explain::plan_and_explain;
use rareplan::{Settings, load_model, load_model_str};

fn explain_str(text: &str) -> Decisions {
    let loaded = load_model_str(text, "case.toml").unwrap_or_else(|e| panic!("{e}"));
    plan_and_explain(&loaded.model, &Settings::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .1
}

fn arc<'a>(d: &'a Decisions, supplier: &str, ship: &str) -> &'a ArcDecision {
    d.groups
        .iter()
        .flat_map(|g| &g.suppliers)
        .filter(|s| s.supplier == supplier)
        .flat_map(|s| &s.periods)
        .find(|a| a.ship == ship)
        .unwrap_or_else(|| panic!("no arc {supplier} {ship}"))
}

const QUOTA_CASE: &str = r#"
[model]
periods = ["P1"]
[[material]]
id = "nd"
[[buyer]]
id = "b"
need = { nd = 10 }
shortage_penalty = 1000
[[supplier]]
id = "cn"
country = "CN"
export_tax = 0.1
freight = { JP = 7 }
[supplier.offers.nd]
capacity = 100
price = 100
[[supplier]]
id = "au"
country = "AU"
[supplier.offers.nd]
capacity = 100
price = 150
[[supplier]]
id = "us"
country = "US"
[supplier.offers.nd]
capacity = 100
price = 180
reservation_fee = 5
spot_price = 200
[[quota]]
id = "export"
suppliers = { country = ["CN"] }
limit = 6
"#;

#[test]
fn a_binding_quota_prices_the_gap_and_an_unused_supplier_its_price_cut() {
    // The buyer has no region, so no freight. China lands at 100·1.1 =
    // 110 but only 6 t pass the quota; Australia is the marginal supplier
    // at 150, so one more tonne at the buyer is worth 150 and the quota
    // holds back 150 − 110 = 40 per tonne. The US lands at 180 + 5 fee:
    // its price would have to fall by 35 to 145 to pay; its spot at 200 is
    // 50 above the tonne's value.
    let d = explain_str(QUOTA_CASE);
    assert_eq!(d.groups.len(), 1);
    let g = &d.groups[0];
    assert_relative_eq!(g.marginal_value[0].value, 150.0, max_relative = 1e-6);

    let cn = arc(&d, "cn", "P1");
    assert_relative_eq!(cn.tax, 10.0, max_relative = 1e-12);
    assert_relative_eq!(cn.landed, 110.0, max_relative = 1e-12);
    assert_relative_eq!(cn.reserved, 6.0, max_relative = 1e-6);
    assert_relative_eq!(cn.cost, 110.0, max_relative = 1e-6);
    assert_relative_eq!(cn.value, 150.0, max_relative = 1e-6);
    assert_eq!(cn.limits.len(), 1);
    assert_eq!(cn.limits[0].kind, "quota");
    assert_eq!(cn.limits[0].id, "export");
    assert_relative_eq!(cn.limits[0].value, 40.0, max_relative = 1e-6);
    assert_eq!(cn.reduced_cost, 0.0);
    assert_eq!(cn.price_cut_to_enter, Some(0.0));

    let au = arc(&d, "au", "P1");
    assert_relative_eq!(au.reserved, 4.0, max_relative = 1e-6);
    assert_relative_eq!(au.cost, 150.0, max_relative = 1e-6);
    assert_relative_eq!(au.value, 150.0, max_relative = 1e-6);
    assert!(au.limits.is_empty(), "{:?}", au.limits);

    let us = arc(&d, "us", "P1");
    assert_eq!(us.reserved, 0.0);
    assert_relative_eq!(us.landed, 185.0, max_relative = 1e-12);
    assert_relative_eq!(us.price_cut_to_enter.unwrap(), 35.0, max_relative = 1e-6);
    // Reserved and never used: the fee is its reduced cost.
    assert_relative_eq!(us.reduced_cost, 5.0, max_relative = 1e-6);
    let spot = us.spot.as_ref().unwrap();
    assert_relative_eq!(spot.landed, 200.0, max_relative = 1e-12);
    assert_eq!(spot.expected, 0.0);
    assert_relative_eq!(spot.least_gap, 50.0, max_relative = 1e-6);
    let used: Vec<bool> = g.suppliers.iter().map(|s| s.used).collect();
    assert_eq!(used, [true, true, false]);
}

#[test]
fn the_tutorial_shows_what_the_reservation_fee_buys() {
    // Baseline (0.8): the cheap mine is marginal at 50,000, so a tonne is
    // worth 0.8 · 50,000 = 40,000 there. Halt (0.2): the safe mine's
    // reserved tonnes are marginal; one more tonne needs one more reserved
    // (fee 2,000) and exercised (0.2 · 60,000): 14,000, i.e. 70,000 per
    // tonne in the halt. Value 54,000 in all. The safe mine's spot, 90,000,
    // is 20,000 above the 70,000 a tonne is worth in the halt.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/tutorial.toml");
    let loaded = load_model(&path).unwrap();
    let (outcome, d) = plan_and_explain(&loaded.model, &Settings::default()).unwrap();
    assert_relative_eq!(outcome.plan.objective, 5_400_000.0, max_relative = 1e-9);
    assert_relative_eq!(
        d.groups[0].marginal_value[0].value,
        54_000.0,
        max_relative = 1e-6
    );
    let cheap = arc(&d, "cheap-mine", "Q1");
    assert_relative_eq!(cheap.cost, 40_000.0, max_relative = 1e-6);
    assert_relative_eq!(cheap.value, 40_000.0, max_relative = 1e-6);
    assert_relative_eq!(cheap.reserved, 100.0, max_relative = 1e-6);
    let safe = arc(&d, "safe-mine", "Q1");
    assert_relative_eq!(safe.landed, 62_000.0, max_relative = 1e-12);
    assert_relative_eq!(safe.cost, 14_000.0, max_relative = 1e-6);
    assert_relative_eq!(safe.value, 14_000.0, max_relative = 1e-6);
    assert_relative_eq!(safe.reserved, 100.0, max_relative = 1e-6);
    assert_eq!(safe.reduced_cost, 0.0);
    let spot = safe.spot.as_ref().unwrap();
    assert_relative_eq!(spot.least_gap, 20_000.0, max_relative = 1e-6);
    assert_eq!(spot.scenario, "cheap-halt");
}

#[test]
fn the_split_adds_up_on_a_real_model() {
    // reduced cost = cost − value + limits on every arc, and reserved arcs
    // have reduced cost 0 (complementary slackness) up to the tolerance.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/embargo-2010.toml");
    let loaded = load_model(&path).unwrap();
    let (_, d) = plan_and_explain(&loaded.model, &Settings::default()).unwrap();
    let mut arcs = 0;
    for a in d
        .groups
        .iter()
        .flat_map(|g| &g.suppliers)
        .flat_map(|s| &s.periods)
    {
        arcs += 1;
        let limits: f64 = a.limits.iter().map(|l| l.value).sum();
        let scale = a.cost.abs().max(a.value.abs()).max(1.0);
        assert!(
            (a.reduced_cost - (a.cost - a.value + limits)).abs() <= 1e-6 * scale,
            "{a:?}"
        );
        if a.reserved > 1e-6 {
            assert!(a.reduced_cost.abs() <= 1e-5 * scale, "{a:?}");
        }
        assert!(a.reduced_cost >= -1e-5 * scale, "{a:?}");
    }
    // cn-exporter (lead 1): 5 ship periods × 2 materials; jp-traders: 6 × 2.
    assert_eq!(arcs, 22);
}

#[test]
fn explain_prints_the_decisions_in_words() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_rareplan"))
        .args(["explain", "-q"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/tutorial.toml"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("one more t in stock is worth: Q1 54,000"),
        "{text}"
    );
    assert!(
        text.contains("ship Q1 → arrive Q1: landed 62,000 (price 60,000 + tax 0.00 + freight 0.00 + fee 2,000); cost 14,000 against value 14,000; reserved 100.0 t; spot at landed 90,000: never bought, at least 20,000 per t above its value (in cheap-halt)"),
        "{text}"
    );
}
