//! `rareplan solve MODEL [-o FILE] [--format F] [--report FILE]`.

use super::Error;
use super::{Cli, SolveArgs, print};
use rareplan::Format;
use rareplan::advanced::output::OutputTarget;
use rareplan::plan::{render_bytes, render_csv_table};

/// Plans the model and writes the plan (and the report, if asked for).
pub fn run(cli: &Cli, args: &SolveArgs) -> Result<(), Error> {
    let target = match &args.output {
        Some(path) => OutputTarget::parse(path, &[&args.model.model])?,
        None => OutputTarget::Stdout,
    };
    let report_target = match &args.report {
        Some(path) => Some(OutputTarget::parse(path, &[&args.model.model])?),
        None => None,
    };
    let format = match (&args.format, &args.output) {
        (Some(format), _) => Format::from(*format),
        (None, Some(path)) if !target.is_stdout() => Format::from_path(path).ok_or_else(|| {
            Error::Usage(format!(
                "cannot tell the plan format from `{}`; name the file .json, .toml, .csv, .xlsx or .txt, or pass --format",
                path.display()
            ))
        })?,
        (None, _) => Format::Table,
    };
    if format == Format::Xlsx && target.is_stdout() {
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
    let mut settings = args.model.settings()?;
    settings.value = args.value;
    settings.scenario_flows = args.scenario_flows;
    let loaded = args.model.load(cli)?;
    let (mut outcome, decisions) = match &args.report {
        Some(_) => {
            // The report draws the costliest scenarios' stock paths.
            let mut with_flows = settings;
            with_flows.scenario_flows = true;
            let (outcome, decisions) =
                rareplan::explain::plan_and_explain(&loaded.model, &with_flows)?;
            (outcome, Some(decisions))
        }
        None => (args.model.plan(cli, &loaded, &settings)?, None),
    };
    let report = match &report_target {
        Some(report_target) => {
            let html = rareplan::report::render_html(
                &outcome.plan,
                Some(&loaded.model),
                decisions.as_ref(),
            )
            .map_err(|e| rareplan::plan::PlanWriteError::Render {
                format: "html",
                message: e.to_string(),
            })?;
            Some((report_target, html))
        }
        None => None,
    };
    if !args.scenario_flows {
        outcome.plan.scenario_flows = None;
    }
    let bytes = match format {
        Format::Csv => render_csv_table(
            &outcome.plan,
            args.table.map(Into::into).unwrap_or_default(),
        )?
        .into_bytes(),
        _ => render_bytes(&outcome.plan, format)?,
    };
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
        if let Some(d) = &outcome.plan.decomposition {
            print::err(&format!(
                "decomposition: {} iterations, {} recourse solves; master {:.4} s, recourse {:.4} s",
                d.iterations, d.recourse_solves, d.master_seconds, d.recourse_seconds
            ))?;
        }
    }
    if let Some((report_target, html)) = &report {
        report_target.write(html.as_bytes())?;
        if !cli.quiet && !report_target.is_stdout() {
            print::err(&format!("wrote the report to {}", report_target.display()))?;
        }
    }
    target.write(&bytes)?;
    if !cli.quiet && !target.is_stdout() {
        print::err(&format!("wrote the plan to {}", target.display()))?;
    }
    Ok(())
}
