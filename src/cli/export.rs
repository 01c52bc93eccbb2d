//! `rareplan export MODEL -o model.lp|model.mps`.

use super::{Cli, ExportArgs};
use rareplan::Error;
use rareplan::lp::{write_lp, write_mps};
use rareplan::plan::write_atomically;

/// Writes the model's LP with its domain names.
pub fn run(cli: &Cli, args: &ExportArgs) -> Result<(), Error> {
    let extension = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let writer = match extension.as_deref() {
        Some("lp") => write_lp,
        Some("mps") => write_mps,
        _ => {
            return Err(Error::Usage(format!(
                "cannot tell the LP format from `{}`; name the file .lp or .mps",
                args.output.display()
            )));
        }
    };
    let loaded = args.model.load(cli)?;
    let settings = args.model.settings()?;
    let (_, _, formulation) = rareplan::planner::build(&loaded.model, &settings)?;
    write_atomically(&args.output, &writer(&formulation.lp))?;
    if !cli.quiet {
        let lp = &formulation.lp;
        eprintln!(
            "wrote {} ({} columns, {} rows, {} nonzeros)",
            args.output.display(),
            lp.num_columns(),
            lp.num_rows(),
            lp.num_nonzeros()
        );
    }
    Ok(())
}
