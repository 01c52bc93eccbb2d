//! `rareplan frontier MODEL --points K [-o frontier.csv] [--chart frontier.svg]`.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{Cli, ModelArgs};
use rareplan::Error;
use rareplan::plan::write_atomically;
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
    let loaded = args.model.load(cli)?;
    let settings = rareplan::Settings {
        shadow_prices: false,
        ..args.model.settings()?
    };
    let started = std::time::Instant::now();
    let points = frontier(&loaded.model, &settings, args.points, args.threads)?;
    if cli.verbose {
        eprintln!(
            "frontier: {} plans in {:.3} s",
            points.len(),
            started.elapsed().as_secs_f64()
        );
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
    if let (Some(path), Some(svg)) = (&args.chart, &svg) {
        write_atomically(path, svg)?;
        if !cli.quiet {
            eprintln!("wrote the chart to {}", path.display());
        }
    }
    match &args.output {
        Some(path) => {
            write_atomically(path, &csv)?;
            if !cli.quiet {
                eprintln!("wrote {} points to {}", points.len(), path.display());
            }
        }
        None => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(csv.as_bytes()).and_then(|()| out.flush());
        }
    }
    Ok(())
}
