//! The `rareplan` command: parse arguments, call the library, map errors to
//! exit statuses.

mod cli;

use clap::Parser;

fn main() {
    let args = cli::Cli::parse();
    std::process::exit(cli::run(args));
}
