//! Embedding rareplan in a planning tool: strategies built in code, run as
//! a batch with the tool's own progress callback, compared in a table.
//!
//! ```sh
//! cargo run --release --example strategies [MODEL]
//! ```

use std::path::PathBuf;

use rareplan::Settings;
use rareplan::strategy::{Base, Batch, Strategy};

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
    let base = Base::load(&path)?;
    let mut strategies = Vec::new();
    for weight in [0.0, 0.3, 0.7] {
        strategies.push(
            Strategy::new(&format!("risk-{weight}"))?
                .with_set("risk.weight", &weight.to_string())?,
        );
    }
    // Strategies that name entities by id: they apply to models that have
    // them (the Japan model does); on others their rows say what is missing.
    strategies.push(Strategy::new("cap-china-60")?.with_add(
        "diversification",
        "id = \"cn-cap\"\nsuppliers = { country = [\"CN\"] }\nmaterials = { group = [\"light\"] }\nmax_share = 0.6",
    )?);
    strategies.push(Strategy::new("no-lynas")?.with_remove("supplier.lynas")?);

    let batch = Batch::new(base, strategies);
    let rows = batch.run(&Settings::default(), 0, |done| {
        eprintln!(
            "[{}/{}] {} ({:.2} s)",
            done.done,
            done.total,
            done.row.strategy,
            done.elapsed.as_secs_f64()
        );
    })?;
    println!(
        "{:<14}  {:>16}  {:>16}  {:>10}  {:>8}",
        "strategy", "expected cost", "CVaR", "reserved t", "short t"
    );
    for row in &rows {
        match &row.figures {
            Some(f) => println!(
                "{:<14}  {:>16.0}  {:>16.0}  {:>10.1}  {:>8.2}",
                row.strategy, f.expected_cost, f.cvar, f.reserved, f.expected_shortage
            ),
            None => println!(
                "{:<14}  {}: {}",
                row.strategy,
                row.status.as_str(),
                row.message
            ),
        }
    }
    Ok(())
}
