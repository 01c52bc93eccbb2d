//! Embedding rareplan in a planning tool: a model built in code (here the
//! tutorial's two mines, with a quota on the cheap one), validated as a
//! file would be, planned, and the plan read by its fields. A mistake
//! comes back as a list of problems, each with its path and a fix.
//!
//! ```sh
//! cargo run --example build_in_code
//! ```

use rareplan::model::{
    BuyerSpec, EventSpec, Material, ModelBuilder, OfferSpec, Pick, QuotaSpec, SupplierSpec, Values,
};
use rareplan::{Settings, plan};

/// The tool's own data: what a buyer typed into a form (the need per
/// quarter, and which mine may halt with what probability).
fn situation(need: impl Into<Values>, halting: &str, probability: f64) -> ModelBuilder {
    ModelBuilder::new(["Q1", "Q2"])
        .name("Two mines, one quota")
        .risk(0.3, 0.95)
        .material(Material::new("ndpr-oxide").group("light"))
        .buyer(
            BuyerSpec::new("plant")
                .need("ndpr-oxide", need)
                .shortage_penalty(500_000.0),
        )
        .supplier(
            SupplierSpec::new("cheap-mine")
                .country("CN")
                .offer("ndpr-oxide", OfferSpec::new(120.0, 50_000.0)),
        )
        .supplier(
            SupplierSpec::new("safe-mine").country("AU").offer(
                "ndpr-oxide",
                OfferSpec::new(150.0, 60_000.0)
                    .reservation_fee(2_000.0)
                    .spot_price(90_000.0),
            ),
        )
        .quota(QuotaSpec::new("cn-export", 110.0).suppliers(Pick::labels(["CN"])))
        .event(EventSpec::outage("halt", halting, 0.0).probability(probability))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let built = situation([100.0, 120.0], "cheap-mine", 0.2).build()?;
    for warning in &built.warnings {
        eprintln!("warning: {warning}");
    }
    let outcome = plan(&built.model, &Settings::default())?;
    let p = &outcome.plan;
    println!(
        "{}: objective {:.0}, expected cost {:.0}, CVaR {:.0} at {}",
        p.model, p.objective, p.expected_cost, p.cvar, p.alpha
    );
    for r in &p.reservations {
        println!(
            "  reserve {:>6.1} t of {} from {} in {}",
            r.quantity, r.material, r.supplier, r.period
        );
    }

    // Three slips in the form: every problem at once, by path.
    let invalid = situation([100.0], "cheap-mnie", 1.5)
        .build()
        .expect_err("the slips are found");
    println!("a model with mistakes is refused:");
    for d in invalid.errors() {
        println!("  {d}");
        if let Some(help) = &d.help {
            println!("    help: {help}");
        }
    }
    Ok(())
}
