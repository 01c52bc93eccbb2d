//! `rareplan check MODEL`: validate, and print the model's and the LP's size.

use super::Error;
use super::{Cli, ModelArgs, print};
use rareplan::Generation;

/// Validates the model and prints its size. A model whose LP is too badly
/// scaled to solve accurately is refused as `solve` would refuse it.
pub fn run(cli: &Cli, args: &ModelArgs) -> Result<(), Error> {
    let settings = args.settings()?;
    let loaded = args.load(cli)?;
    let model = &loaded.model;
    let (scenarios, generation, formulation) = args.build(&loaded, &settings)?;
    rareplan::advanced::check_scaling(&formulation)
        .map_err(|e| super::locate_error(e.into(), &loaded, &args.model.display().to_string()))?;
    let offers: usize = model.suppliers.iter().map(|s| s.offers.len()).sum();
    let how = match generation {
        Generation::Explicit => "explicit".to_string(),
        Generation::Enumerated => "enumerated".to_string(),
        Generation::Sampled { samples, seed } => format!("sampled: {samples} draws, seed {seed}"),
    };
    let lp = &formulation.lp;
    let text = format!(
        "{}: valid\n\
         model: {} periods, {} materials, {} buyers, {} suppliers, {} offers, {} quotas, {} diversification limits, {} events\n\
         scenarios: {} ({how})\n\
         lp: {} columns, {} rows, {} nonzeros\n",
        args.model.display(),
        model.horizon(),
        model.materials.len(),
        model.buyers.len(),
        model.suppliers.len(),
        offers,
        model.quotas.len(),
        model.diversifications.len(),
        model.events.len(),
        scenarios.len(),
        lp.num_columns(),
        lp.num_rows(),
        lp.num_nonzeros()
    );
    print::out(&text)
}
