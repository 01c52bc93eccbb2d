//! The command line: clap definitions, and one file per subcommand. Only
//! this module (and `main.rs`) knows about arguments and exit statuses.

mod batch;
mod check;
mod choices;
mod evaluate;
mod explain;
mod export;
mod failure;
mod frontier;
mod merge;
mod print;
mod progress;
mod report;
mod solve;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use rareplan::advanced::diagnostic::readable;
use rareplan::advanced::exit;
use rareplan::advanced::solve::MAX_TIME_LIMIT_SECONDS;
use rareplan::{Loaded, Settings};

pub use choices::{FormatArg, MethodArg, SolverArg, TableArg};
pub use failure::CliError as Error;

/// Sourcing plans for critical minerals under supply risk.
#[derive(Debug, Parser)]
#[command(name = "rareplan", version, about, long_about = None)]
pub struct Cli {
    /// Print nothing on stderr but errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Print timings and sizes on stderr.
    #[arg(long, short, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Plan a model and write the sourcing plan.
    Solve(SolveArgs),
    /// Validate a model; print its size and the LP's size.
    Check(ModelArgs),
    /// Write the model's LP (.lp or .mps) for another solver.
    Export(ExportArgs),
    /// Plan a model and say why each supplier is used or not.
    Explain(ExplainArgs),
    /// Write a plan as one self-contained HTML page with charts.
    Report(ReportArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) of rareplan.
    Man,
    /// Print the JSON Schema of model files.
    Schema,
    /// Score a plan's reservations on the model's scenarios or a fresh sample.
    Evaluate(EvaluateArgs),
    /// Plan or evaluate many strategies in parallel, one CSV row each.
    Batch(batch::BatchArgs),
    /// Join the files of a batch's shards into the file one run writes.
    Merge(merge::MergeArgs),
    /// Sweep the risk weight from 0 to 1: expected cost against CVaR.
    Frontier(frontier::FrontierArgs),
}

/// `rareplan report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The plan file (JSON or TOML, as `solve` writes them).
    pub plan: PathBuf,
    /// The HTML file to write (whole or not at all).
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
    /// The plan's model: adds supply by country and the decisions explained
    /// (the model is planned again with the plan's risk settings and
    /// scenarios, and must give the same objective).
    #[arg(long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
}

/// `rareplan explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The model and planning options.
    #[command(flatten)]
    pub model: ModelArgs,
    /// Print the decisions as JSON instead of words.
    #[arg(long)]
    pub json: bool,
}

/// A model and the options that change how it is planned.
#[derive(Debug, Args)]
pub struct ModelArgs {
    /// The model file (TOML), or `-` for standard input.
    pub model: PathBuf,
    /// Risk weight λ in [0, 1], overriding `risk.weight`.
    #[arg(long, value_name = "X")]
    pub risk_weight: Option<f64>,
    /// CVaR level α in [0, 1), overriding `risk.alpha`.
    #[arg(long, value_name = "X")]
    pub alpha: Option<f64>,
    /// Sample N scenarios (SplitMix64), overriding `[scenarios]`.
    #[arg(long, value_name = "N")]
    pub samples: Option<u64>,
    /// Seed for sampling.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Stop solving after this many seconds (exit status 5).
    #[arg(long, value_name = "SECONDS")]
    pub time_limit: Option<f64>,
    /// The LP solver; `auto` picks by the LP's size.
    #[arg(long, value_enum, value_name = "NAME", default_value = "auto")]
    pub solver: SolverArg,
    /// Skip shadow prices (they may need a second solve).
    #[arg(long)]
    pub no_shadow_prices: bool,
    /// Refuse LPs with more columns than this.
    #[arg(long, value_name = "N", default_value_t = rareplan::DEFAULT_MAX_COLUMNS)]
    pub max_variables: usize,
    /// How to solve: the extensive form, the L-shaped decomposition, or
    /// `auto` (the decomposition for large models).
    #[arg(long, value_enum, value_name = "METHOD", default_value = "auto")]
    pub method: MethodArg,
    /// The decomposition stops when its bounds are this close (relative).
    #[arg(long, value_name = "X", default_value_t = rareplan::DEFAULT_GAP)]
    pub gap: f64,
}

/// `rareplan solve`.
#[derive(Debug, Args)]
pub struct SolveArgs {
    /// The model and planning options.
    #[command(flatten)]
    pub model: ModelArgs,
    /// Write the plan to FILE (whole or not at all; `-` is stdout).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format; default: from the extension of -o, else `table`.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Also write the plan as an HTML report (charts and the decisions
    /// explained) to FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// The table `--format csv` writes (default: reservations).
    #[arg(long, value_enum, value_name = "TABLE")]
    pub table: Option<TableArg>,
    /// Also compute what planning for risk is worth: the expected-value
    /// plan and its score (VSS), and wait-and-see (EVPI).
    #[arg(long)]
    pub value: bool,
    /// List every scenario's deliveries, stock and shortage in the plan
    /// (JSON/TOML; large).
    #[arg(long)]
    pub scenario_flows: bool,
}

/// `rareplan export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The model and planning options.
    #[command(flatten)]
    pub model: ModelArgs,
    /// The file to write: `.lp` (CPLEX LP) or `.mps` (free MPS); `-` for
    /// standard output (with --format).
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
    /// The LP format; default: from the extension of -o.
    #[arg(long, value_enum)]
    pub format: Option<export::LpFormat>,
}

/// `rareplan evaluate`.
#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// The model and scoring options (`--samples N --seed S` for a fresh sample).
    #[command(flatten)]
    pub model: ModelArgs,
    /// The plan to score (JSON or TOML, as `solve` writes it).
    #[arg(long, value_name = "PLAN")]
    pub plan: PathBuf,
    /// Write the evaluation to FILE (whole or not at all) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format (table, json or toml); default: from -o, else `table`.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
}

/// Runs the parsed command; returns the exit status.
pub fn run(cli: Cli) -> i32 {
    let result = match &cli.command {
        Command::Solve(args) => solve::run(&cli, args),
        Command::Check(args) => check::run(&cli, args),
        Command::Export(args) => export::run(&cli, args),
        Command::Explain(args) => explain::run(&cli, args),
        Command::Report(args) => report::run(&cli, args),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut bytes = Vec::new();
            clap_complete::generate(*shell, &mut command, "rareplan", &mut bytes);
            print::out(&String::from_utf8_lossy(&bytes))
        }
        Command::Schema => print::out(&rareplan::model::schema::model_schema_text()),
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            let mut bytes = Vec::new();
            clap_mangen::Man::new(command)
                .render(&mut bytes)
                .map_err(|e| Error::Usage(format!("cannot render the man page: {e}")))
                .and_then(|()| print::out(&String::from_utf8_lossy(&bytes)))
        }
        Command::Evaluate(args) => evaluate::run(&cli, args),
        Command::Batch(args) => batch::run(&cli, args),
        Command::Merge(args) => merge::run(&cli, args),
        Command::Frontier(args) => frontier::run(&cli, args),
    };
    match result {
        Ok(()) => exit::OK,
        Err(error) if error.is_quiet() => exit::OK,
        Err(error) => {
            // Where even stderr fails, the status still tells.
            let _ = print::err(&render_error(&error));
            error.exit_code()
        }
    }
}

fn render_error(error: &Error) -> String {
    match error {
        Error::Library(rareplan::Error::Load(rareplan::LoadError::Invalid { .. }))
        | Error::Located(..) => error.to_string(),
        Error::Library(rareplan::Error::Batch(rareplan::strategy::BatchError::Invalid {
            ..
        })) => error.to_string(),
        _ => format!("error: {error}"),
    }
}

/// A model-level error located in the model's text where it can be: the
/// refusal to enumerate names `scenarios.mode`.
fn locate_error(error: Error, loaded: &Loaded, file: &str) -> Error {
    use rareplan::{PlanError, ScenarioError};
    match &error {
        Error::Library(rareplan::Error::Plan(PlanError::Scenario(
            e @ ScenarioError::TooManyToEnumerate { .. },
        ))) => match loaded.diagnostic_at("scenarios.mode", &e.to_string()) {
            Some(d) => {
                let d = d.with_help(
                        "draw scenarios instead: `mode = \"sample\"` (or --samples N), or remove events",
                    );
                let text = format!(
                    "{}\n{file}: 1 error found; nothing was solved",
                    d.render(file, &loaded.source)
                );
                Error::Located(text, Box::new(error))
            }
            None => error,
        },
        Error::Library(rareplan::Error::Plan(e @ PlanError::BadlyScaled(_))) => {
            let text = format!("error: {file}: {e}");
            Error::Located(text, Box::new(error))
        }
        _ => error,
    }
}

impl ModelArgs {
    /// Loads the model and prints its warnings unless quiet.
    fn load(&self, cli: &Cli) -> Result<Loaded, Error> {
        let loaded = rareplan::load_model(&self.model)?;
        if !cli.quiet {
            for line in loaded.rendered_warnings(&self.model.display().to_string()) {
                print::err(&line)?;
            }
        }
        Ok(loaded)
    }

    /// Builds the scenarios and the LP, with a located message where the
    /// model's settings are at fault.
    fn build(
        &self,
        loaded: &Loaded,
        settings: &Settings,
    ) -> Result<
        (
            Vec<rareplan::Scenario>,
            rareplan::Generation,
            rareplan::advanced::formulate::Formulation,
        ),
        Error,
    > {
        rareplan::advanced::build(&loaded.model, settings)
            .map_err(|e| locate_error(e.into(), loaded, &self.model.display().to_string()))
    }

    /// Plans the model, with a located message where the model's settings
    /// are at fault.
    fn plan(
        &self,
        cli: &Cli,
        loaded: &Loaded,
        settings: &Settings,
    ) -> Result<rareplan::Outcome, Error> {
        let spinner = progress::Spinner::new(cli.quiet, cli.verbose);
        let outcome = rareplan::plan_with_progress(&loaded.model, settings, &|p| spinner.report(p));
        spinner.finish();
        outcome.map_err(|e| locate_error(e.into(), loaded, &self.model.display().to_string()))
    }

    /// The planning settings these options give.
    fn settings(&self) -> Result<Settings, Error> {
        if let Some(seconds) = self.time_limit
            && !(seconds.is_finite() && seconds > 0.0 && seconds <= MAX_TIME_LIMIT_SECONDS)
        {
            return Err(Error::Usage(format!(
                "--time-limit must be a positive number of seconds up to {} (about 31 years; leave it out for no limit), found {}",
                readable(MAX_TIME_LIMIT_SECONDS),
                readable(seconds)
            )));
        }
        // Set field by field, not through the builder: the planner checks
        // the ranges once the model is loaded, so a bad model is reported
        // before a bad flag, as it always was.
        let mut settings = Settings::default();
        settings.risk_weight = self.risk_weight;
        settings.alpha = self.alpha;
        settings.sampling.samples = self.samples;
        settings.sampling.seed = self.seed;
        settings.solve.time_limit = self.time_limit;
        settings.solver = self.solver.into();
        settings.shadow_prices = !self.no_shadow_prices;
        settings.max_columns = self.max_variables;
        settings.method = self.method.into();
        settings.gap = self.gap;
        Ok(settings)
    }
}
