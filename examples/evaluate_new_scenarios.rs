//! A plan made on the model's own scenarios, then held fixed and scored on
//! a fresh sample of 500 draws (equal draws merge into one scenario of
//! their summed probability): does it hold up out of sample?
//!
//! ```sh
//! cargo run --example evaluate_new_scenarios [MODEL]
//! ```

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use rareplan::{Format, Settings};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/models/licences-2025.toml"
            ))
        });
    let loaded = rareplan::load_model(&path)?;
    let model = &loaded.model;
    let plan = rareplan::plan(model, &Settings::default())?.plan;

    // A plan goes through its file format unchanged: what a tool stores is
    // what it scores later.
    let stored = rareplan::plan::render(&plan, Format::Json)?;
    let plan: rareplan::Plan = serde_json::from_str(&stored)?;

    let fresh = Settings::builder().samples(500).seed(2025).build()?;
    let done = AtomicUsize::new(0);
    let evaluation = rareplan::evaluate_with_progress(model, &plan, &fresh, &|finished, total| {
        // Called from several threads as scenarios finish.
        if done.fetch_max(finished, Ordering::Relaxed) < finished && finished == total {
            eprintln!("scored {total} scenarios");
        }
    })?;
    println!(
        "{:<34} {:>16} {:>16} {:>12}",
        "", "expected cost", "CVaR", "P(shortage)"
    );
    println!(
        "{:<34} {:>16.0} {:>16.0} {:>12.3}",
        "on its own scenarios", plan.expected_cost, plan.cvar, plan.shortage_probability
    );
    println!(
        "{:<34} {:>16.0} {:>16.0} {:>12.3}",
        format!(
            "on 500 fresh draws ({} distinct)",
            evaluation.scenarios.len()
        ),
        evaluation.expected_cost,
        evaluation.cvar,
        evaluation.shortage_probability
    );
    println!(
        "cost quantiles out of sample: p50 {:.0}, p90 {:.0}, p99 {:.0}",
        evaluation.cost_quantiles.p50, evaluation.cost_quantiles.p90, evaluation.cost_quantiles.p99
    );
    Ok(())
}
