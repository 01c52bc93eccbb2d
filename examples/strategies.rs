//! Embedding rareplan in a planning tool: plan one model under several
//! risk attitudes and compare what each would sign now.
//!
//! ```sh
//! cargo run --release --example strategies [MODEL]
//! ```

use std::path::PathBuf;

use rareplan::{Settings, load_model, plan};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/models/tiny.toml")));
    let loaded = load_model(&path)?;
    println!("{}", loaded.model.name);
    println!(
        "{:>11}  {:>16}  {:>16}  {:>10}  {:>9}",
        "risk weight", "expected cost", "CVaR", "reserved t", "short t"
    );
    for weight in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let settings = Settings {
            risk_weight: Some(weight),
            shadow_prices: false,
            ..Settings::default()
        };
        let outcome = plan(&loaded.model, &settings)?;
        let p = &outcome.plan;
        let reserved: f64 = p.reservations.iter().map(|r| r.quantity).sum();
        println!(
            "{weight:>11.2}  {:>16.0}  {:>16.0}  {reserved:>10.1}  {:>9.2}",
            p.expected_cost, p.cvar, p.expected_shortage
        );
    }
    Ok(())
}
