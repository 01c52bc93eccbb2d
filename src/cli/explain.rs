//! `rareplan explain MODEL [--format table|json]`: why each supplier is
//! used or not.

use super::Error;
use super::{Cli, ExplainArgs, print};
use rareplan::explain::{plan_and_explain, render_decisions};

/// Plans the model and prints the decisions explained.
pub fn run(cli: &Cli, args: &ExplainArgs) -> Result<(), Error> {
    let loaded = args.model.load(cli)?;
    let settings = args.model.settings()?;
    let (outcome, decisions) = plan_and_explain(&loaded.model, &settings)?;
    if cli.verbose {
        print::err(&format!(
            "plan: objective {:.6e}; solve {:.4} s",
            outcome.plan.objective,
            outcome.solve_time.as_secs_f64()
        ))?;
    }
    let text = if args.json {
        serde_json::to_string_pretty(&decisions)
            .map(|s| s + "\n")
            .map_err(|e| Error::Usage(format!("cannot render the decisions as json: {e}")))?
    } else {
        render_decisions(&decisions)
    };
    print::out(&text)
}
