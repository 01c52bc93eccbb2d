//! Checked writes to standard output and standard error: `println!` and
//! `eprintln!` panic when a write fails; these return the failure instead
//! (a closed pipe as [`OutputError::ClosedPipe`], which ends the command
//! quietly with exit status 0).

use std::io;

use super::Error;
use rareplan::advanced::output::{OutputError, OutputTarget, write_stream};

/// Writes `text` to standard output and flushes it.
pub fn out(text: &str) -> Result<(), Error> {
    Ok(OutputTarget::Stdout.write(text.as_bytes())?)
}

/// Writes `line` and a newline to standard error.
pub fn err(line: &str) -> Result<(), Error> {
    let text = format!("{line}\n");
    write_stream(&mut io::stderr().lock(), text.as_bytes()).map_err(|source| {
        let output = "standard error".to_string();
        Error::from(if source.kind() == io::ErrorKind::BrokenPipe {
            OutputError::ClosedPipe { output }
        } else {
            OutputError::Io { output, source }
        })
    })
}
