//! rareplan: sourcing plans for critical minerals under supply risk.
//!
//! A model file describes buyers, suppliers, export quotas and the
//! disruptions that may hit them. rareplan turns it into a two-stage
//! stochastic LP (expected cost plus CVaR), solves it with a pure-Rust
//! solver, checks the answer against the LP, and returns a [`Plan`]: what to
//! reserve now, what it costs on average and in the bad tail, and where
//! shortages remain.
//!
//! The flow, one module per stage: [`model`] (text → validated model),
//! [`scenario`] (events → scenarios), [`formulate`] (→ [`LinearProgram`]),
//! [`solve`] (backends and verification), [`plan`] (→ plan and writers);
//! [`planner`] runs them all.
//!
//! ```
//! let text = r#"
//! [model]
//! periods = ["Q1", "Q2"]
//!
//! [[material]]
//! id = "ndpr"
//!
//! [[buyer]]
//! id = "plant"
//! need = { ndpr = 10 }
//! shortage_penalty = 500000
//!
//! [[supplier]]
//! id = "mine"
//! [supplier.offers.ndpr]
//! capacity = 50
//! price = 60000
//!
//! [[outage]]
//! id = "halt"
//! supplier = "mine"
//! capacity_factor = 0.5
//! probability = 0.2
//! "#;
//! let loaded = rareplan::load_model_str(text, "example.toml")?;
//! let outcome = rareplan::plan(&loaded.model, &rareplan::Settings::default())?;
//! // 10 t a quarter for two quarters at 60,000 per tonne, in every scenario.
//! assert!((outcome.plan.expected_cost - 1_200_000.0).abs() < 1e-6);
//! assert_eq!(outcome.plan.scenarios.len(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// Nothing a model file or the command line reaches may panic.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

// The stages, one module each. Only what is re-exported below is the
// library's face; the rest is reached through `advanced` (not stable) or
// not at all.
mod diagnostic;
mod error;
mod evaluate;
pub mod explain;
mod formulate;
mod lp;
pub mod model;
mod output;
pub mod plan;
mod planner;
pub mod report;
mod scenario;
mod solve;
pub mod strategy;

pub use diagnostic::{Diagnostic, Severity};
pub use error::{Error, ParseNameError};
pub use evaluate::{
    CostQuantiles, EvaluateError, Evaluation, InSample, PlanReadError, RecourseSummary,
    ReservationError, ScoreError, evaluate, evaluate_with_progress, read_plan,
    render_evaluation_table,
};
pub use model::{LoadError, Loaded, Model, load_model, load_model_str};
pub use plan::{CsvTable, Format, Plan};
pub use planner::{
    DEFAULT_MAX_COLUMNS, Infeasibility, Outcome, PlanError, Setting, Settings, SettingsBuilder,
    SettingsError, plan,
};
pub use scenario::{Generation, SamplingOverride, Scenario, ScenarioError, build_scenarios};
pub use solve::{SolveError, SolveOptions, SolverChoice, VerifyError};

/// The machinery under the planner, for tools that need it: the LP, its
/// formulation, the backends, output files and the command line's exit
/// statuses.
///
/// **Not stable.** Anything here may change or go in any release; the
/// `rareplan` binary and the project's own tests use it. Build on the
/// crate root's items where they suffice.
///
/// ```
/// use rareplan::advanced::{build, lp::write_lp};
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let (scenarios, _, formulation) = build(&loaded.model, &rareplan::Settings::default())?;
/// assert_eq!(scenarios.len(), 2);
/// let mut text = Vec::new();
/// write_lp(&formulation.lp, &mut text)?;
/// assert!(String::from_utf8(text)?.starts_with("\\"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub mod advanced {
    pub use crate::error::{exit, exit_code, is_quiet};
    pub use crate::evaluate::reserved_per_arc;
    pub use crate::planner::{MAX_COEFFICIENT_SPAN, build, check_scaling, risk_in_force};
    pub use crate::scenario::{Factors, ScenarioLimits, SplitMix64, build_scenarios_within};

    /// Small helpers for messages: numbers as people read them,
    /// "did you mean", line and column of an offset.
    pub mod diagnostic {
        pub use crate::diagnostic::*;
    }
    /// The model's LP: [`Formulation`](formulate::Formulation) with its index
    /// maps, column counts, coefficient ranges.
    pub mod formulate {
        pub use crate::formulate::*;
    }
    /// Our own sparse LP and its `.lp`/`.mps` writers.
    pub mod lp {
        pub use crate::lp::*;
    }
    /// Where results go: `-o` paths, links, FIFOs, devices, standard output.
    pub mod output {
        pub use crate::output::*;
    }
    /// The backends, one per solver, and the check of every answer.
    pub mod solve {
        pub use crate::solve::*;
    }
}
