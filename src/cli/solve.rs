//! `rareplan solve MODEL [-o FILE] [--format F]`.

use super::{Cli, SolveArgs, print};
use rareplan::Error;
use rareplan::output::OutputTarget;
use rareplan::plan::{Format, render};

/// Plans the model and writes the plan.
pub fn run(cli: &Cli, args: &SolveArgs) -> Result<(), Error> {
    let target = match &args.output {
        Some(path) => OutputTarget::parse(path, &[&args.model.model])?,
        None => OutputTarget::Stdout,
    };
    let format = match (&args.format, &args.output) {
        (Some(format), _) => *format,
        (None, Some(path)) if !target.is_stdout() => Format::from_path(path).ok_or_else(|| {
            Error::Usage(format!(
                "cannot tell the plan format from `{}`; name the file .json, .toml, .csv or .txt, or pass --format",
                path.display()
            ))
        })?,
        (None, _) => Format::Table,
    };
    let mut settings = args.model.settings()?;
    settings.value = args.value;
    settings.scenario_flows = args.scenario_flows;
    let loaded = args.model.load(cli)?;
    let outcome = args.model.plan(&loaded, &settings)?;
    let text = render(&outcome.plan, format)?;
    if cli.verbose {
        let lp = &outcome.plan.lp;
        print::err(&format!(
            "lp: {} columns, {} rows, {} nonzeros; build {:.4} s, solve {:.4} s; max residual {:.1e}",
            lp.columns,
            lp.rows,
            lp.nonzeros,
            outcome.build_time.as_secs_f64(),
            outcome.solve_time.as_secs_f64(),
            lp.max_row_residual
        ))?;
    }
    target.write(text.as_bytes())?;
    if !cli.quiet && !target.is_stdout() {
        print::err(&format!("wrote the plan to {}", target.display()))?;
    }
    Ok(())
}
