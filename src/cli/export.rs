//! `rareplan export MODEL -o model.lp|model.mps [--format lp|mps]`.

use super::Error;
use super::{Cli, ExportArgs, print};

use rareplan::advanced::lp::{LinearProgram, write_lp, write_mps};
use rareplan::advanced::output::OutputTarget;

/// A format for the LP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LpFormat {
    /// CPLEX LP.
    Lp,
    /// Free MPS.
    Mps,
}

/// Writes the model's LP with its domain names.
pub fn run(cli: &Cli, args: &ExportArgs) -> Result<(), Error> {
    let target = OutputTarget::parse(&args.output, &[&args.model.model])?;
    let extension = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let format = match (args.format, extension.as_deref()) {
        (Some(format), _) => format,
        (None, Some("lp")) => LpFormat::Lp,
        (None, Some("mps")) => LpFormat::Mps,
        _ => {
            return Err(Error::Usage(format!(
                "cannot tell the LP format from `{}`; name the file .lp or .mps, or pass --format lp|mps",
                args.output.display()
            )));
        }
    };
    let writer: fn(&LinearProgram) -> String = match format {
        LpFormat::Lp => write_lp,
        LpFormat::Mps => write_mps,
    };
    let settings = args.model.settings()?;
    let loaded = args.model.load(cli)?;
    let (_, _, formulation) = args.model.build(&loaded, &settings)?;
    target.write(writer(&formulation.lp).as_bytes())?;
    if !cli.quiet && !target.is_stdout() {
        let lp = &formulation.lp;
        print::err(&format!(
            "wrote {} ({} columns, {} rows, {} nonzeros)",
            target.display(),
            lp.num_columns(),
            lp.num_rows(),
            lp.num_nonzeros()
        ))?;
    }
    Ok(())
}
