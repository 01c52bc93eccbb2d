//! `rareplan batch STRATEGIES -o results.csv [--resume] [--shard I/N]`.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::Error;
use super::SolverArg;
use super::{Cli, print};
use rareplan::advanced::output::OutputTarget;
use rareplan::strategy::{
    Batch, BatchError, Journal, JournalError, Shard, StrategiesFile, fingerprint, results_text,
    shard_text,
};

/// `rareplan batch`.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// The strategies file (TOML).
    pub strategies: PathBuf,
    /// The results file (CSV), written whole when every strategy is done;
    /// finished rows go to FILE.partial as they finish.
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
    /// Keep the rows already finished (in FILE.partial) and run the rest.
    #[arg(long)]
    pub resume: bool,
    /// Run only the strategies at 0-based positions p with p mod N = I-1.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Worker threads; default one per core.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// Write each strategy's time (this run's) to FILE as CSV.
    #[arg(long, value_name = "FILE")]
    pub timings: Option<PathBuf>,
    /// The LP solver; `auto` picks by the LP's size.
    #[arg(long, value_enum, value_name = "NAME", default_value = "auto")]
    pub solver: SolverArg,
    /// Stop solving a strategy after this many seconds (its status is
    /// `time-limit`).
    #[arg(long, value_name = "SECONDS")]
    pub time_limit: Option<f64>,
    /// Refuse LPs with more columns than this.
    #[arg(long, value_name = "N", default_value_t = rareplan::DEFAULT_MAX_COLUMNS)]
    pub max_variables: usize,
}

/// What `--timings` records of one strategy.
struct Timing {
    strategy: String,
    seconds: f64,
}

/// Runs the batch (or this shard of it) and writes the results.
pub fn run(cli: &Cli, args: &BatchArgs) -> Result<(), Error> {
    if args.output.as_os_str() == "-" {
        return Err(Error::Usage(
            "batch writes a file (its rows are kept in FILE.partial as they finish); give -o results.csv".into(),
        ));
    }
    let inputs = [args.strategies.as_path()];
    let target = OutputTarget::parse(&args.output, &inputs)?;
    let timings_target = match &args.timings {
        Some(path) => Some(OutputTarget::parse(path, &inputs)?),
        None => None,
    };
    if let Some(seconds) = args.time_limit
        && !(seconds.is_finite()
            && seconds > 0.0
            && seconds <= rareplan::advanced::solve::MAX_TIME_LIMIT_SECONDS)
    {
        return Err(Error::Usage(format!(
            "--time-limit must be a positive number of seconds up to {}, found {seconds}",
            rareplan::advanced::solve::MAX_TIME_LIMIT_SECONDS
        )));
    }
    let mut settings = rareplan::Settings::default();
    settings.solve.time_limit = args.time_limit;
    settings.solver = args.solver.into();
    settings.max_columns = args.max_variables;
    let file = StrategiesFile::load(&args.strategies)?;
    let identity = fingerprint(&[
        file.text(),
        file.base.model_text(),
        &format!(
            "{:?} {:?} {} {}",
            args.solver,
            args.time_limit,
            args.max_variables,
            args.shard.map(|s| s.to_string()).unwrap_or_default()
        ),
    ]);
    let batch = Batch::new(file.base.clone(), file.strategies.clone());
    let total = batch.strategies().len();
    let positions = match args.shard {
        Some(shard) => shard.positions(total),
        None => (0..total).collect(),
    };
    let header = batch.header();
    let journal_path = partial_path(&args.output);

    let mut finished: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let journal = if args.resume && journal_path.exists() {
        let (journal, rows) =
            Journal::resume(&journal_path, &identity, &header).map_err(BatchError::from)?;
        finished = rows
            .into_iter()
            .filter(|(p, _)| positions.contains(p))
            .collect();
        journal
    } else if args.resume && args.output.exists() {
        // Finished before: the file is whole (it is only written whole).
        let rows = read_finished(&args.output, &header, args.shard, &positions)?;
        finished = rows;
        Journal::create(&journal_path, &identity, &header).map_err(BatchError::from)?
    } else {
        Journal::create(&journal_path, &identity, &header).map_err(BatchError::from)?
    };
    let todo: Vec<usize> = positions
        .iter()
        .copied()
        .filter(|p| !finished.contains_key(p))
        .collect();

    if !cli.quiet {
        for &p in &positions {
            if let Some(Err(invalid)) = batch.models().get(p) {
                for problem in &invalid.problems {
                    print::err(&problem.render())?;
                }
            }
        }
        if !finished.is_empty() {
            print::err(&format!(
                "resuming: {} of {} strategies already done, {} to run",
                finished.len(),
                positions.len(),
                todo.len()
            ))?;
        }
    }

    let bar = (!cli.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(positions.len() as u64);
        if let Ok(style) = ProgressStyle::with_template(
            "{bar:40} {pos}/{len} strategies, {elapsed} elapsed, about {eta} left",
        ) {
            bar.set_style(style);
        }
        bar.set_position(finished.len() as u64);
        bar.reset_eta();
        bar
    });
    let journal = Mutex::new((journal, None::<JournalError>));
    let timings = Mutex::new(Vec::<(usize, Timing)>::new());
    // Without a progress bar, the notes on failed strategies wait for the
    // end and come in strategy order: the same input, the same bytes.
    let notes = Mutex::new(Vec::<(usize, String)>::new());
    let countries = batch.countries().to_vec();
    let started = Instant::now();
    let rows = batch.run_positions(&todo, &settings, args.threads, |done| {
        let fields = done.row.fields(&countries);
        if let Ok(mut guard) = journal.lock() {
            let (journal, error) = &mut *guard;
            if error.is_none()
                && let Err(e) = journal.append(done.position, &fields)
            {
                *error = Some(e);
            }
        }
        if let Ok(mut t) = timings.lock() {
            t.push((
                done.position,
                Timing {
                    strategy: done.row.strategy.clone(),
                    seconds: done.elapsed.as_secs_f64(),
                },
            ));
        }
        let note = (!done.row.status.succeeded()
            && !matches!(batch.models().get(done.position), Some(Err(_))))
        .then(|| format!("{}: {}", done.row.status.as_str(), done.row.message));
        let timing = cli.verbose.then(|| {
            format!(
                "strategy {} ({}/{}): {} in {:.3} s",
                done.row.strategy,
                done.done,
                done.total,
                done.row.status.as_str(),
                done.elapsed.as_secs_f64()
            )
        });
        if bar.is_none()
            && let Some(note) = note.clone()
            && let Ok(mut n) = notes.lock()
        {
            n.push((done.position, note));
        }
        let now = if bar.is_some() { note } else { None };
        for line in now.into_iter().chain(timing) {
            match &bar {
                Some(bar) => bar.println(line),
                // A progress line that cannot be shown stops nothing: the
                // rows are on disk and the final messages are checked.
                None if !cli.quiet => {
                    let _ = print::err(&line);
                }
                None => {}
            }
        }
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    })?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let mut notes = notes
        .into_inner()
        .map_err(|_| Error::Usage("a worker thread panicked".into()))?;
    notes.sort_by_key(|(position, _)| *position);
    if !cli.quiet {
        for (_, note) in &notes {
            let _ = print::err(note);
        }
    }
    let (journal, error) = journal
        .into_inner()
        .map_err(|_| Error::Usage("a worker thread panicked".into()))?;
    if let Some(error) = error {
        return Err(BatchError::from(error).into());
    }
    for (position, row) in rows {
        finished.insert(position, row.fields(&countries));
    }

    let text = match args.shard {
        Some(shard) => {
            let rows: Vec<(usize, Vec<String>)> = finished.clone().into_iter().collect();
            shard_text(shard, total, &header, &rows)
        }
        None => {
            let rows: Vec<Vec<String>> = finished.values().cloned().collect();
            results_text(&header, &rows)
        }
    };
    target.write(text.as_bytes())?;
    journal.remove().map_err(BatchError::from)?;

    if let Some(timings_target) = &timings_target {
        let mut t = timings
            .into_inner()
            .map_err(|_| Error::Usage("a worker thread panicked".into()))?;
        t.sort_by_key(|(p, _)| *p);
        let mut out = rareplan::strategy::encode_record(&["position", "strategy", "seconds"]);
        for (p, timing) in &t {
            out.push_str(&rareplan::strategy::encode_record(&[
                p.to_string(),
                timing.strategy.clone(),
                format!("{:.6}", timing.seconds),
            ]));
        }
        timings_target.write(out.as_bytes())?;
    }
    let failed = finished
        .values()
        .filter(|fields| {
            !matches!(
                fields.get(1).map(String::as_str),
                Some("optimal" | "evaluated")
            )
        })
        .count();
    if cli.verbose {
        print::err(&format!(
            "batch: {} strategies run in {:.3} s on {} threads",
            todo.len(),
            started.elapsed().as_secs_f64(),
            if args.threads == 0 {
                rayon_threads()
            } else {
                args.threads
            }
        ))?;
    }
    if !cli.quiet {
        print::err(&format!(
            "wrote {} rows to {} ({} planned or evaluated)",
            finished.len(),
            target.display(),
            finished.len() - failed
        ))?;
    }
    if failed > 0 {
        return Err(BatchError::StrategiesFailed {
            failed,
            total: finished.len(),
            output: args.output.display().to_string(),
        }
        .into());
    }
    Ok(())
}

fn rayon_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `results.csv` → `results.csv.partial`.
fn partial_path(output: &Path) -> PathBuf {
    let mut name = output.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

/// The rows of a results file a run finished before, checked against this
/// batch.
fn read_finished(
    output: &Path,
    header: &[String],
    shard: Option<Shard>,
    positions: &[usize],
) -> Result<BTreeMap<usize, Vec<String>>, Error> {
    let shown = output.display().to_string();
    let mismatch = |reason: &str| {
        Error::from(BatchError::Journal(JournalError::Mismatch {
            path: shown.clone(),
            reason: reason.to_string(),
        }))
    };
    let text = std::fs::read_to_string(output).map_err(|source| {
        Error::from(BatchError::Journal(JournalError::Io {
            path: shown.clone(),
            source,
        }))
    })?;
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let skip = if shard.is_some() { 3 } else { 0 };
    let head: Vec<String> = reader
        .headers()
        .map_err(|e| mismatch(&e.to_string()))?
        .iter()
        .skip(skip)
        .map(str::to_string)
        .collect();
    if head != header {
        return Err(mismatch("its columns are not this batch's"));
    }
    let mut rows = BTreeMap::new();
    for (record, &position) in reader.records().zip(positions) {
        let record = record.map_err(|e| mismatch(&e.to_string()))?;
        rows.insert(
            position,
            record.iter().skip(skip).map(str::to_string).collect(),
        );
    }
    if rows.len() != positions.len() {
        return Err(mismatch("it does not hold a row for every strategy"));
    }
    Ok(rows)
}
