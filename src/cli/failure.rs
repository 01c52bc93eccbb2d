//! What stops a command: a library error, a usage error clap cannot see,
//! or either with its place in the model file. Each maps to an exit
//! status; the flag wording of a few library errors is added here (the
//! library's messages name no flag).

use rareplan::ScenarioError;
use rareplan::advanced::exit;
use rareplan::strategy::{BatchError, JournalError};
use rareplan::{Error as Library, PlanError};

/// Anything that stops a command.
#[derive(Debug)]
pub enum CliError {
    /// The library refused or failed.
    Library(Library),
    /// The command line is wrong in a way clap cannot see.
    Usage(String),
    /// An error rendered with its place in the model file.
    Located(String, Box<CliError>),
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Library(Library::Plan(e)) => f.write_str(&plan_error(e)),
            CliError::Library(Library::Evaluate(rareplan::EvaluateError::Plan(e))) => {
                f.write_str(&plan_error(e))
            }
            CliError::Library(Library::Batch(BatchError::Journal(e))) => {
                f.write_str(&journal_error(e))
            }
            CliError::Library(e) => write!(f, "{e}"),
            CliError::Usage(text) | CliError::Located(text, _) => f.write_str(text),
        }
    }
}

/// A planning error in the command line's words: where the library says
/// what to change, name the flag that changes it.
pub fn plan_error(error: &PlanError) -> String {
    match error {
        PlanError::TooLarge { columns, limit } => format!(
            "the LP would have {columns} columns, more than the limit of {limit}; plan fewer scenarios (--samples), periods or suppliers, or raise --max-variables"
        ),
        PlanError::Suboptimal {
            solver,
            checker,
            objective,
            better,
        } => format!(
            "the {solver} answer ({objective}) is above the optimum that {checker} reaches ({better}); no plan was written: use --solver {checker} or auto"
        ),
        PlanError::Scenario(ScenarioError::SamplesWithExplicit { samples }) => format!(
            "--samples {samples} asks for sampled scenarios, but the model lists its own [[scenario]] entries; leave out --samples, or remove the [[scenario]] entries to sample from the events"
        ),
        PlanError::Scenario(ScenarioError::TooManyDistinct {
            drawn,
            samples,
            distinct,
            max,
        }) => format!(
            "after {drawn} of {samples} draws there are {distinct} distinct scenarios, more than the {max} that fit in --max-variables; draw fewer samples (--samples) or raise --max-variables"
        ),
        e => e.to_string(),
    }
}

/// A journal error in the command line's words (`--resume`).
fn journal_error(error: &JournalError) -> String {
    match error {
        JournalError::Mismatch { path, reason } => format!(
            "{path} is the journal of another batch ({reason}); run without --resume to start again, or remove it"
        ),
        JournalError::Corrupt { path, line, reason } => format!(
            "{path}:{line}: not a journal line ({reason}); run without --resume to start again"
        ),
        e => e.to_string(),
    }
}

impl CliError {
    /// The exit status for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Library(e) => rareplan::advanced::exit_code(e),
            CliError::Usage(_) => exit::USAGE,
            CliError::Located(_, inner) => inner.exit_code(),
        }
    }

    /// Whether the error ends the command quietly (a closed pipe).
    pub fn is_quiet(&self) -> bool {
        matches!(self, CliError::Library(e) if rareplan::advanced::is_quiet(e))
    }
}

/// `?` on any library error.
macro_rules! from_library {
    ($($t:ty),* $(,)?) => {$(
        impl From<$t> for CliError {
            fn from(e: $t) -> Self {
                CliError::Library(e.into())
            }
        }
    )*};
}

from_library!(
    Library,
    rareplan::LoadError,
    PlanError,
    rareplan::plan::PlanWriteError,
    rareplan::advanced::output::OutputError,
    rareplan::PlanReadError,
    rareplan::EvaluateError,
    rareplan::strategy::BatchError,
    rareplan::strategy::frontier::FrontierError,
);
