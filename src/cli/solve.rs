//! `rareplan solve MODEL [-o FILE] [--format F]`.

use std::io::Write;

use super::{Cli, SolveArgs};
use rareplan::Error;
use rareplan::plan::{Format, render, write_atomically};

/// Plans the model and writes the plan.
pub fn run(cli: &Cli, args: &SolveArgs) -> Result<(), Error> {
    let format = match (&args.format, &args.output) {
        (Some(format), _) => *format,
        (None, Some(path)) => Format::from_path(path).ok_or_else(|| {
            Error::Usage(format!(
                "cannot tell the plan format from `{}`; name the file .json, .toml, .csv or .txt, or pass --format",
                path.display()
            ))
        })?,
        (None, None) => Format::Table,
    };
    let loaded = args.model.load(cli)?;
    let mut settings = args.model.settings()?;
    settings.value = args.value;
    settings.scenario_flows = args.scenario_flows;
    let outcome = rareplan::plan(&loaded.model, &settings)?;
    let text = render(&outcome.plan, format)?;
    if cli.verbose {
        let lp = &outcome.plan.lp;
        eprintln!(
            "lp: {} columns, {} rows, {} nonzeros; build {:.4} s, solve {:.4} s; max residual {:.1e}",
            lp.columns,
            lp.rows,
            lp.nonzeros,
            outcome.build_time.as_secs_f64(),
            outcome.solve_time.as_secs_f64(),
            lp.max_row_residual
        );
    }
    match &args.output {
        Some(path) => {
            write_atomically(path, &text)?;
            if !cli.quiet {
                eprintln!("wrote the plan to {}", path.display());
            }
        }
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a status.
            let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
        }
    }
    Ok(())
}
