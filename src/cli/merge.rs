//! `rareplan merge SHARD.csv... -o results.csv`.

use std::path::PathBuf;

use clap::Args;

use super::Error;
use super::{Cli, print};
use rareplan::advanced::output::OutputTarget;
use rareplan::strategy::{BatchError, JournalError, merge};

/// `rareplan merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shards' files (`rareplan batch --shard I/N -o FILE`), in any order.
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,
    /// The results file: what one run of the whole batch writes.
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
}

/// Merges the shards' files into one results file.
pub fn run(cli: &Cli, args: &MergeArgs) -> Result<(), Error> {
    let inputs: Vec<&std::path::Path> = args.shards.iter().map(PathBuf::as_path).collect();
    let target = OutputTarget::parse(&args.output, &inputs)?;
    let mut files = Vec::with_capacity(args.shards.len());
    for path in &args.shards {
        let text = std::fs::read_to_string(path).map_err(|source| {
            Error::from(BatchError::Journal(JournalError::Io {
                path: path.display().to_string(),
                source,
            }))
        })?;
        files.push((path.display().to_string(), text));
    }
    let text = merge(&files).map_err(BatchError::from)?;
    target.write(text.as_bytes())?;
    if !cli.quiet && !target.is_stdout() {
        print::err(&format!(
            "merged {} shard files into {}",
            files.len(),
            target.display()
        ))?;
    }
    Ok(())
}
