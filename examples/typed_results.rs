//! Reading a plan by typed fields: each reservation with its positions in
//! the model, shadow prices matched on what they price, one scenario's
//! flows.
//!
//! ```sh
//! cargo run --example typed_results [MODEL]
//! ```

use std::path::PathBuf;

use rareplan::plan::Limit;
use rareplan::{Settings, SolverChoice};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/models/japan-2011-quota.toml"
            ))
        });
    let loaded = rareplan::load_model(&path)?;
    let model = &loaded.model;
    let settings = Settings::builder()
        .solver(SolverChoice::Auto)
        .scenario_flows(true)
        .time_limit(120.0)
        .build()?;
    let outcome = rareplan::plan(model, &settings)?;
    let plan = &outcome.plan;
    println!(
        "{}: {} by {}, expected cost {:.0} {}, CVaR {:.0}",
        plan.model, plan.status, plan.solver, plan.expected_cost, plan.currency, plan.cvar
    );

    // Reservations: ids as written in plan files, and where each sits in
    // the model, to read the model's own numbers beside it.
    println!("\nreservations (with the offer's contract price):");
    for r in &plan.reservations {
        let at = r.at(model)?;
        let offer = &model.suppliers[at.supplier].offers[at.offer];
        println!(
            "  {:<14} {:<12} {:<10} {:<8} {:>9.1} {} at {:>9.0}",
            r.supplier,
            r.material,
            r.buyer,
            r.period,
            r.quantity,
            plan.unit,
            offer.price[at.period]
        );
    }

    // Shadow prices: matched on what they price, not on strings.
    let (mut quotas, mut capacities) = (0.0_f64, 0.0_f64);
    for price in &plan.shadow_prices {
        match &price.limit {
            Limit::Quota { .. } => quotas = quotas.max(price.value),
            Limit::Capacity { .. } => capacities = capacities.max(price.value),
            _ => {}
        }
    }
    println!("\nthe dearest tonne of quota: {quotas:.0}; of capacity: {capacities:.0}");
    if let Some(top) = plan
        .shadow_prices
        .iter()
        .max_by(|a, b| a.value.total_cmp(&b.value))
    {
        match &top.limit {
            Limit::Quota { quota, period } => println!(
                "  most valuable: one more tonne of quota {quota} in {period} saves {:.0}",
                top.value
            ),
            Limit::Capacity {
                supplier,
                material,
                period,
            } => println!(
                "  most valuable: one more tonne of {supplier}'s {material} in {period} saves {:.0}",
                top.value
            ),
            _ => {}
        }
    }

    // One scenario's flows: the costliest.
    let worst = plan
        .scenarios
        .iter()
        .max_by(|a, b| a.cost.total_cmp(&b.cost))
        .ok_or("the plan has no scenarios")?;
    let flows = plan
        .scenario_flows_of(&worst.id)
        .ok_or("the plan lists no flows for its costliest scenario")?;
    println!(
        "\nthe costliest scenario, {} (p = {:.4}, cost {:.0}): {} deliveries",
        worst.id,
        worst.probability,
        worst.cost,
        flows.deliveries.len()
    );
    for s in flows.stock.iter().filter(|s| s.shortage >= 0.05) {
        let at = s.at(model)?;
        println!(
            "  short {:.1} {} of {} at {} in {} (need {:.1})",
            s.shortage,
            plan.unit,
            s.material,
            s.buyer,
            s.period,
            model.buyers[at.buyer].need[at.material][at.period]
        );
    }
    Ok(())
}
