//! Small models whose optimal plans are worked out by hand.

use approx::assert_relative_eq;
use rareplan::{Plan, Settings, load_model_str, plan};

fn solve(text: &str) -> Plan {
    solve_with(text, Settings::default())
}

fn solve_with(text: &str, settings: Settings) -> Plan {
    let loaded = load_model_str(text, "case.toml").unwrap_or_else(|e| panic!("{e}"));
    plan(&loaded.model, &settings)
        .unwrap_or_else(|e| panic!("{e}"))
        .plan
}

fn reserved(plan: &Plan, supplier: &str, period: &str) -> f64 {
    plan.reservations
        .iter()
        .filter(|r| r.supplier == supplier && r.period == period)
        .map(|r| r.quantity)
        .sum()
}

#[test]
fn a_single_supplier_covers_the_need() {
    // 10 t in each of two periods at 100 per tonne: 2,000; the contract
    // must be reserved before it is exercised.
    let p = solve(
        r#"
        [model]
        periods = ["P1", "P2"]
        [[material]]
        id = "nd"
        [[buyer]]
        id = "b"
        need = { nd = 10 }
        shortage_penalty = 1000
        [[supplier]]
        id = "s"
        [supplier.offers.nd]
        capacity = 50
        price = 100
        "#,
    );
    assert_relative_eq!(p.objective, 2000.0, max_relative = 1e-9);
    assert_relative_eq!(p.expected_cost, 2000.0, max_relative = 1e-9);
    assert_relative_eq!(reserved(&p, "s", "P1"), 10.0, max_relative = 1e-9);
    assert_relative_eq!(reserved(&p, "s", "P2"), 10.0, max_relative = 1e-9);
    assert_eq!(p.scenarios.len(), 1);
    assert_eq!(p.scenarios[0].id, "baseline");
    assert_eq!(p.expected_shortage, 0.0);
}

#[test]
fn a_binding_quota_sends_the_rest_elsewhere() {
    // China sells at 100 but only 6 t pass the quota; Australia fills the
    // other 4 t at 150: 600 + 600 = 1,200.
    let p = solve(
        r#"
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
        [supplier.offers.nd]
        capacity = 100
        price = 100
        [[supplier]]
        id = "au"
        country = "AU"
        [supplier.offers.nd]
        capacity = 100
        price = 150
        [[quota]]
        id = "export"
        suppliers = { country = ["CN"] }
        limit = 6
        "#,
    );
    assert_relative_eq!(p.objective, 1200.0, max_relative = 1e-9);
    assert_relative_eq!(reserved(&p, "cn", "P1"), 6.0, max_relative = 1e-9);
    assert_relative_eq!(reserved(&p, "au", "P1"), 4.0, max_relative = 1e-9);
}

#[test]
fn a_lead_time_forces_stock() {
    // The only supplier ships 10 t in P1, arriving in P2 (lead time 1);
    // 5 t wait in stock through P2 at 2 per tonne: 1,000 + 10 = 1,010.
    let p = solve(
        r#"
        [model]
        periods = ["P1", "P2", "P3"]
        [[material]]
        id = "nd"
        [[buyer]]
        id = "b"
        need = { nd = [0, 5, 5] }
        shortage_penalty = 1000
        holding_cost = 2
        [[supplier]]
        id = "s"
        lead_time = 1
        [supplier.offers.nd]
        capacity = [10, 0, 0]
        price = 100
        "#,
    );
    assert_relative_eq!(p.objective, 1010.0, max_relative = 1e-9);
    assert_relative_eq!(reserved(&p, "s", "P1"), 10.0, max_relative = 1e-9);
    let stock: Vec<f64> = p.expected.iter().map(|e| e.stock).collect();
    assert_eq!(stock.len(), 2, "{:?}", p.expected);
    assert_relative_eq!(stock[0], 5.0, max_relative = 1e-9);
    assert_eq!(p.expected[0].period, "P2");
    assert_relative_eq!(p.expected[0].contract, 10.0, max_relative = 1e-9);
}

const HEDGE: &str = r#"
    [model]
    periods = ["P1"]
    [[material]]
    id = "nd"
    [[buyer]]
    id = "b"
    need = { nd = 10 }
    shortage_penalty = 1000
    [[supplier]]
    id = "cheap"
    [supplier.offers.nd]
    capacity = 10
    price = 100
    [[supplier]]
    id = "safe"
    [supplier.offers.nd]
    capacity = 10
    price = 150
    reservation_fee = 30
    [[outage]]
    id = "halt"
    supplier = "cheap"
    capacity_factor = 0
    probability = PROBABILITY
"#;

#[test]
fn an_outage_makes_a_reservation_worth_its_fee() {
    // With a 20% chance that the cheap mine stops, reserving 10 t from the
    // safe supplier (fee 300) saves 0.2·(10,000 − 1,500) in expectation:
    // 300 + 0.8·1,000 + 0.2·1,500 = 1,400.
    let p = solve(&HEDGE.replace("PROBABILITY", "0.2"));
    assert_relative_eq!(p.objective, 1400.0, max_relative = 1e-9);
    assert_relative_eq!(reserved(&p, "safe", "P1"), 10.0, max_relative = 1e-9);
    assert_relative_eq!(reserved(&p, "cheap", "P1"), 10.0, max_relative = 1e-9);
    assert_eq!(p.expected_shortage, 0.0);
    // Without the outage the fee buys nothing.
    let p = solve(&HEDGE.replace("PROBABILITY", "0"));
    assert_relative_eq!(p.objective, 1000.0, max_relative = 1e-9);
    assert_eq!(reserved(&p, "safe", "P1"), 0.0);
    assert_eq!(
        p.scenarios.len(),
        1,
        "a scenario of probability 0 is dropped"
    );
}

const TAIL: &str = r#"
    [model]
    periods = ["P1"]
    [risk]
    weight = WEIGHT
    alpha = 0.5
    [[material]]
    id = "nd"
    [[buyer]]
    id = "b"
    need = { nd = 10 }
    shortage_penalty = 1000
    [[supplier]]
    id = "s"
    [supplier.offers.nd]
    capacity = 100
    price = 150
    reservation_fee = 20
    spot_price = 100
    [[price_shock]]
    id = "spike"
    materials = ["nd"]
    price_factor = 3
    probability = 0.1
"#;

#[test]
fn cvar_at_full_weight_on_two_scenarios() {
    // Risk-neutral: buy spot, 0.9·1,000 + 0.1·3,000 = 1,200, no reservation.
    let p = solve(&TAIL.replace("WEIGHT", "0"));
    assert_relative_eq!(p.objective, 1200.0, max_relative = 1e-9);
    assert_eq!(p.reservations.len(), 0);
    assert_relative_eq!(p.var, 1000.0, max_relative = 1e-9);
    assert_relative_eq!(p.cvar, 1000.0 + 0.1 * 2000.0 / 0.5, max_relative = 1e-9);
    // λ = 1: reserving 10 t (fee 200) caps the spike at 1,700, and
    // CVaR_0.5 = 1,200 + 0.1·500/0.5 = 1,300 < 1,400.
    let p = solve(&TAIL.replace("WEIGHT", "1"));
    assert_relative_eq!(p.objective, 1300.0, max_relative = 1e-9);
    assert_relative_eq!(p.cvar, 1300.0, max_relative = 1e-9);
    assert_relative_eq!(p.var, 1200.0, max_relative = 1e-9);
    assert_relative_eq!(reserved(&p, "s", "P1"), 10.0, max_relative = 1e-9);
    assert_relative_eq!(
        p.expected_cost,
        0.9 * 1200.0 + 0.1 * 1700.0,
        max_relative = 1e-9
    );
    // The command-line override gives the same plan as the file's weight.
    let q = solve_with(
        &TAIL.replace("WEIGHT", "0"),
        Settings::builder().risk_weight(1.0).build().unwrap(),
    );
    assert_relative_eq!(q.objective, 1300.0, max_relative = 1e-9);
}

#[test]
fn storage_end_stock_and_in_transit() {
    // 4 t arrive in transit in P1 and 6 t are in stock; need 5 + 5, and an
    // end-stock target of 3 t, penalised at 1,000 per tonne short. Storage
    // of 8 t caps what can be held: buying 3 t (at 100) in P2 meets the
    // target; stock ends P1 at 5 t (holding 1 per tonne per period).
    let p = solve(
        r#"
        [model]
        periods = ["P1", "P2"]
        [[material]]
        id = "nd"
        [[buyer]]
        id = "b"
        need = { nd = 5 }
        initial_stock = { nd = 6 }
        in_transit = { nd = [4, 0] }
        shortage_penalty = 1000
        holding_cost = 1
        storage = 8
        end_stock = { nd = 3 }
        [[supplier]]
        id = "s"
        [supplier.offers.nd]
        capacity = 100
        price = 100
        "#,
    );
    // Stock after P1: 6 + 4 − 5 = 5; P2 buys 3 → stock 3. Holding 5 + 3.
    assert_relative_eq!(p.objective, 300.0 + 8.0, max_relative = 1e-9);
    assert_eq!(p.expected_end_shortfall, 0.0);
}
