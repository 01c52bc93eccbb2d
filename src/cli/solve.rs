//! `rareplan solve MODEL [-o FILE] [--format F]`.

use std::io::Write;

use super::{Cli, SolveArgs};
use rareplan::Error;
use rareplan::plan::{Format, render_bytes, render_csv_table, write_bytes_atomically};

/// Plans the model and writes the plan.
pub fn run(cli: &Cli, args: &SolveArgs) -> Result<(), Error> {
    let format = match (&args.format, &args.output) {
        (Some(format), _) => *format,
        (None, Some(path)) => Format::from_path(path).ok_or_else(|| {
            Error::Usage(format!(
                "cannot tell the plan format from `{}`; name the file .json, .toml, .csv, .xlsx or .txt, or pass --format",
                path.display()
            ))
        })?,
        (None, None) => Format::Table,
    };
    if format == Format::Xlsx && args.output.is_none() {
        return Err(Error::Usage(
            "a workbook is binary: write it to a file with -o plan.xlsx".to_string(),
        ));
    }
    if args.table.is_some() && format != Format::Csv {
        return Err(Error::Usage(
            "--table picks the table of --format csv; add --format csv or name the file .csv"
                .to_string(),
        ));
    }
    let loaded = args.model.load(cli)?;
    let mut settings = args.model.settings()?;
    settings.value = args.value;
    settings.scenario_flows = args.scenario_flows;
    let (mut outcome, decisions) = match &args.report {
        Some(_) => {
            // The report draws the costliest scenarios' stock paths.
            let with_flows = rareplan::Settings {
                scenario_flows: true,
                ..settings
            };
            let (outcome, decisions) =
                rareplan::explain::plan_and_explain(&loaded.model, &with_flows)?;
            (outcome, Some(decisions))
        }
        None => (rareplan::plan(&loaded.model, &settings)?, None),
    };
    let report = match &args.report {
        Some(path) => {
            let html = rareplan::report::render_html(
                &outcome.plan,
                Some(&loaded.model),
                decisions.as_ref(),
            )
            .map_err(|e| rareplan::plan::PlanWriteError::Render {
                format: "html",
                message: e.to_string(),
            })?;
            Some((path, html))
        }
        None => None,
    };
    if !args.scenario_flows {
        outcome.plan.scenario_flows = None;
    }
    let text = match format {
        Format::Csv => {
            render_csv_table(&outcome.plan, args.table.unwrap_or_default())?.into_bytes()
        }
        _ => render_bytes(&outcome.plan, format)?,
    };
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
    if let Some((path, html)) = &report {
        write_bytes_atomically(path, html.as_bytes())?;
        if !cli.quiet {
            eprintln!("wrote the report to {}", path.display());
        }
    }
    match &args.output {
        Some(path) => {
            write_bytes_atomically(path, &text)?;
            if !cli.quiet {
                eprintln!("wrote the plan to {}", path.display());
            }
        }
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a status.
            let _ = out.write_all(&text).and_then(|()| out.flush());
        }
    }
    Ok(())
}
