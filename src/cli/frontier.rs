//! `rareplan frontier MODEL --points K [-o frontier.csv] [--chart frontier.svg]`.

use std::path::PathBuf;

use clap::Args;

use super::Error;
use super::{Cli, ModelArgs, print};
use rareplan::advanced::output::OutputTarget;
use rareplan::strategy::frontier::{frontier, render_csv, render_svg};

/// `rareplan frontier`.
#[derive(Debug, Args)]
pub struct FrontierArgs {
    /// The model and planning options (`--risk-weight` is what is swept).
    #[command(flatten)]
    pub model: ModelArgs,
    /// Points: risk weights 0, 1/(K-1), …, 1.
    #[arg(long, value_name = "K", default_value_t = 11)]
    pub points: usize,
    /// The CSV file to write; default: standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also draw the frontier as an SVG chart in FILE.
    #[arg(long, value_name = "FILE")]
    pub chart: Option<PathBuf>,
    /// Worker threads; default one per core.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
}

/// Plans the model at each risk weight and writes the frontier.
pub fn run(cli: &Cli, args: &FrontierArgs) -> Result<(), Error> {
    if args.model.risk_weight.is_some() {
        return Err(Error::Usage(
            "frontier sweeps the risk weight from 0 to 1; drop --risk-weight".into(),
        ));
    }
    if args.points < 2 {
        return Err(Error::Usage(format!(
            "--points must be at least 2 (the weights 0 and 1), found {}",
            args.points
        )));
    }
    let inputs = [args.model.model.as_path()];
    let target = match &args.output {
        Some(path) => OutputTarget::parse(path, &inputs)?,
        None => OutputTarget::Stdout,
    };
    let chart = match &args.chart {
        Some(path) => Some(OutputTarget::parse(path, &inputs)?),
        None => None,
    };
    let loaded = args.model.load(cli)?;
    let mut settings = args.model.settings()?;
    settings.shadow_prices = false;
    let started = std::time::Instant::now();
    let points = frontier(&loaded.model, &settings, args.points, args.threads)?;
    if cli.verbose {
        print::err(&format!(
            "frontier: {} plans in {:.3} s",
            points.len(),
            started.elapsed().as_secs_f64()
        ))?;
    }
    let csv = render_csv(&points);
    let alpha = settings.alpha.unwrap_or(loaded.model.risk.alpha);
    let svg = match &args.chart {
        Some(_) => Some(render_svg(
            &points,
            &loaded.model.name,
            &loaded.model.currency,
            alpha,
        )?),
        None => None,
    };
    if let (Some(chart), Some(svg)) = (&chart, &svg) {
        chart.write(svg.as_bytes())?;
        if !cli.quiet && !chart.is_stdout() {
            print::err(&format!("wrote the chart to {}", chart.display()))?;
        }
    }
    target.write(csv.as_bytes())?;
    if !cli.quiet && !target.is_stdout() {
        print::err(&format!(
            "wrote {} points to {}",
            points.len(),
            target.display()
        ))?;
    }
    Ok(())
}
