//! `rareplan check MODEL`: validate, and print the model's and the LP's size.

use super::{Cli, ModelArgs};
use rareplan::Error;
use rareplan::scenario::Generation;

/// Validates the model and prints its size.
pub fn run(cli: &Cli, args: &ModelArgs) -> Result<(), Error> {
    let loaded = args.load(cli)?;
    let settings = args.settings()?;
    let model = &loaded.model;
    let (scenarios, generation, formulation) = rareplan::planner::build(model, &settings)?;
    let offers: usize = model.suppliers.iter().map(|s| s.offers.len()).sum();
    let how = match generation {
        Generation::Explicit => "explicit".to_string(),
        Generation::Enumerated => "enumerated".to_string(),
        Generation::Sampled { samples, seed } => format!("sampled: {samples} draws, seed {seed}"),
    };
    let lp = &formulation.lp;
    println!("{}: valid", args.model.display());
    println!(
        "model: {} periods, {} materials, {} buyers, {} suppliers, {} offers, {} quotas, {} diversification limits, {} events",
        model.horizon(),
        model.materials.len(),
        model.buyers.len(),
        model.suppliers.len(),
        offers,
        model.quotas.len(),
        model.diversifications.len(),
        model.events.len()
    );
    println!("scenarios: {} ({how})", scenarios.len());
    println!(
        "lp: {} columns, {} rows, {} nonzeros",
        lp.num_columns(),
        lp.num_rows(),
        lp.num_nonzeros()
    );
    Ok(())
}
