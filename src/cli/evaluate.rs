//! `rareplan evaluate MODEL --plan PLAN`: a plan's reservations scored on
//! the model's scenarios or a fresh sample.

use std::io::IsTerminal;

use super::Error;
use super::{Cli, EvaluateArgs, print};
use rareplan::advanced::output::OutputTarget;
use rareplan::{Format, evaluate_with_progress, read_plan, render_evaluation_table};

/// Scenario counts above this get a progress bar on a terminal.
const PROGRESS_FROM: usize = 200;

/// Scores the plan and writes the evaluation.
pub fn run(cli: &Cli, args: &EvaluateArgs) -> Result<(), Error> {
    let target = match &args.output {
        Some(path) => OutputTarget::parse(path, &[&args.model.model, &args.plan])?,
        None => OutputTarget::Stdout,
    };
    let format = match (&args.format, &args.output) {
        (Some(format), _) => Format::from(*format),
        (None, Some(path)) if !target.is_stdout() => Format::from_path(path).ok_or_else(|| {
            Error::Usage(format!(
                "cannot tell the format from `{}`; name the file .json, .toml or .txt, or pass --format",
                path.display()
            ))
        })?,
        (None, _) => Format::Table,
    };
    if format == Format::Csv {
        return Err(Error::Usage(
            "an evaluation is written as table, json or toml, not csv".to_string(),
        ));
    }
    let settings = args.model.settings()?;
    let plan = read_plan(&args.plan)?;
    let loaded = args.model.load(cli)?;
    let bar = std::sync::OnceLock::new();
    let show = !cli.quiet && std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize| {
        if show && total >= PROGRESS_FROM {
            let bar = bar.get_or_init(|| {
                let bar = indicatif::ProgressBar::new(total as u64);
                bar.set_style(
                    indicatif::ProgressStyle::with_template(
                        "scoring {pos}/{len} scenarios [{bar:30}] {eta} left",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
                bar
            });
            bar.set_position(done as u64);
        }
    };
    let started = std::time::Instant::now();
    let evaluation = evaluate_with_progress(&loaded.model, &plan, &settings, &progress)?;
    if let Some(bar) = bar.get() {
        bar.finish_and_clear();
    }
    if cli.verbose {
        print::err(&format!(
            "evaluated {} scenarios in {:.3} s; recourse LP {} columns, {} rows; max residual {:.1e}",
            evaluation.lp.solved,
            started.elapsed().as_secs_f64(),
            evaluation.lp.columns,
            evaluation.lp.rows,
            evaluation.lp.max_row_residual
        ))?;
    }
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&evaluation)
            .map(|s| s + "\n")
            .map_err(|e| Error::Usage(format!("cannot render the evaluation: {e}")))?,
        Format::Toml => toml::to_string(&evaluation)
            .map_err(|e| Error::Usage(format!("cannot render the evaluation: {e}")))?,
        _ => render_evaluation_table(&evaluation),
    };
    target.write(text.as_bytes())?;
    if !cli.quiet && !target.is_stdout() {
        print::err(&format!("wrote the evaluation to {}", target.display()))?;
    }
    Ok(())
}
