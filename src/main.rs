//! The `rareplan` command: parse arguments, call the library, map errors to
//! exit statuses.

mod cli;

use std::io::{ErrorKind, Write};

use clap::Parser;

fn main() {
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        // `--help`, `--version` and usage errors: clap's own text, but a
        // failed write is not ignored (`--help > /dev/full` is exit 1).
        Err(e) => {
            let printed = e.print().and_then(|()| std::io::stdout().flush());
            let code = match printed {
                Ok(()) => e.exit_code(),
                Err(w) if w.kind() == ErrorKind::BrokenPipe => e.exit_code(),
                Err(w) => {
                    let _ = writeln!(std::io::stderr(), "error: cannot write the help: {w}");
                    e.exit_code().max(1)
                }
            };
            std::process::exit(code);
        }
    };
    std::process::exit(cli::run(args));
}
