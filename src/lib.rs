//! rareplan: sourcing plans for critical minerals under supply risk.
//!
//! A model describes buyers, suppliers, export quotas and the disruptions
//! that may hit them. rareplan turns it into a two-stage stochastic LP
//! (expected cost plus CVaR), solves it with a pure-Rust solver, checks the
//! answer against the LP, and returns a [`Plan`]: what to reserve now,
//! what it costs on average and in the bad tail, where shortages remain,
//! and what one more tonne of quota or capacity is worth.
//!
//! # The flow
//!
//! 1. **A model**: [`load_model`] / [`load_model_str`] read a TOML model
//!    and validate it, collecting every [`Diagnostic`]; the result is a
//!    [`Model`] ([`model`] holds its parts).
//! 2. **Settings**: [`Settings::builder`] overrides the model's risk and
//!    sampling, picks the [`SolverChoice`], sets one time budget for the
//!    whole call, and checks every value ([`SettingsError`]).
//! 3. **A plan**: [`plan()`] makes the scenarios ([`Scenario`]), builds and
//!    solves the LP, verifies the answer and maps it back onto the model:
//!    an [`Outcome`] holding the [`Plan`]. Its parts are typed
//!    ([`plan::Reservation`] with [`at`](plan::Reservation::at) for its
//!    positions in the model, [`plan::ShadowPrice`] with a
//!    [`plan::Limit`], [`plan::PlanStatus`], [`plan::GenerationMode`]); it
//!    is written with [`plan::render`] in any [`Format`], and read back
//!    with serde or [`read_plan`].
//! 4. **Scoring a fixed plan**: [`evaluate`] holds a plan's reservations
//!    and scores them on the model's scenarios or a fresh sample.
//! 5. **Many plans**: [`strategy`] changes a model by id (strategies) and
//!    runs many in parallel with a progress callback
//!    ([`strategy::Batch::run`]); [`strategy::frontier`] sweeps the risk
//!    weight. [`explain`] says why each supplier is used or not, and
//!    [`report`] draws a plan as one HTML page.
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
//! let settings = rareplan::Settings::builder().time_limit(30.0).build()?;
//! let outcome = rareplan::plan(&loaded.model, &settings)?;
//! // 10 t a quarter for two quarters at 60,000 per tonne, in every scenario.
//! assert!((outcome.plan.expected_cost - 1_200_000.0).abs() < 1e-6);
//! assert_eq!(outcome.plan.scenarios.len(), 2);
//! for r in &outcome.plan.reservations {
//!     let at = r.at(&loaded.model)?;
//!     assert_eq!(loaded.model.suppliers[at.supplier].id, "mine");
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Errors
//!
//! Every stage returns its own typed error: [`LoadError`] (with every
//! diagnostic of a bad model), [`SettingsError`], [`PlanError`] (settings,
//! scenarios, size, scaling, infeasibility with the conflicting rows,
//! solver failures, a failed verification), [`EvaluateError`],
//! [`PlanReadError`], [`plan::PlanWriteError`], [`strategy::BatchError`].
//! [`Error`] wraps them all for `?` across stages. Messages are lowercase,
//! one sentence, and name no command-line flag. Nothing a model or a
//! setting can hold makes the library panic: what cannot be planned is an
//! error.
//!
//! # What is stable
//!
//! The items at the crate root and in [`model`], [`plan`](mod@plan), [`strategy`],
//! [`explain`] and [`report`] are the library's face, kept across minor
//! versions. Enums and structs that will grow are `#[non_exhaustive]`:
//! match them with a wildcard arm and build settings with the builder.
//! The serde form of [`Plan`] is the plan file format and changes only
//! with a CHANGELOG line. [`advanced`] (the LP, the formulation, the
//! backends, output files, exit statuses) is **not** stable.
//!
//! # Features
//!
//! * `cli` (default): the `rareplan` binary and what only it uses (clap,
//!   its completions and man page, indicatif). A library user can turn
//!   default features off: the library never uses them.
//! * `microlp` (default): the microlp backend through good_lp
//!   ([`SolverChoice`]'s `Microlp`), `auto`'s choice up to
//!   [`AUTO_CROSSOVER_COLUMNS`](advanced::solve::AUTO_CROSSOVER_COLUMNS)
//!   columns.
//! * `clarabel` (default): the Clarabel backend (`Clarabel`), `auto`'s
//!   choice above that, and the second solve that prices quotas and
//!   capacities where microlp gives no duals.
//! * `highs`: the HiGHS backend (`Highs`), built from source.
//!
//! The project's own simplex (`SolverChoice::Simplex`) is always built,
//! so `auto` plans in every build: with `microlp` off the simplex takes
//! the small LPs; with `clarabel` off it takes the larger ones up to its
//! 200,000 rows (microlp beyond, where built) and prices the LP where its
//! answer carries duals (else the plan has no shadow prices, and its
//! `shadow_price_source` names the `clarabel` feature); with
//! both off an LP beyond it is a [`SolveError::NoBackend`] that names the
//! feature to turn on. A backend's name in a build without it fails to
//! parse with a [`ParseNameError`] that says which feature it needs.
//! `default-features = false, features = ["clarabel"]` is the smallest
//! build that plans any size.
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
mod decompose;
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

pub use decompose::{DEFAULT_GAP, DecomposeError, DecompositionReport};
pub use diagnostic::{Diagnostic, Severity};
pub use error::{Error, ParseNameError};
pub use evaluate::{
    CostQuantiles, EvaluateError, Evaluation, InSample, PlanReadError, RecourseSummary,
    ReservationError, ScoreError, evaluate, evaluate_with_progress, read_plan,
    render_evaluation_table,
};
pub use model::{LoadError, Loaded, Model, ModelBuilder, load_model, load_model_str};
pub use plan::{CsvTable, Format, Plan};
pub use planner::{
    AUTO_DECOMPOSITION_COLUMNS, AUTO_DECOMPOSITION_SCENARIO_COLUMNS, AUTO_DECOMPOSITION_SCENARIOS,
    CROSSOVER_MAX_ROWS, CROSSOVER_SOLVER, DEFAULT_MAX_COLUMNS, Infeasibility, Method, Outcome,
    PlanError, Setting, Settings, SettingsBuilder, SettingsError, SolveProgress, plan,
    plan_with_progress,
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
/// let text = write_lp(&formulation.lp);
/// assert!(text.contains("Subject To"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub mod advanced {
    pub use crate::error::{exit, exit_code, is_quiet};
    pub use crate::evaluate::reserved_per_arc;
    pub use crate::planner::{MAX_COEFFICIENT_SPAN, build, check_scaling, risk_in_force};
    pub use crate::scenario::{Factors, ScenarioLimits, SplitMix64, build_scenarios_within};

    /// The L-shaped decomposition's parts: the scenario loop behind a
    /// trait (for tools that run recourse LPs elsewhere), its errors.
    pub mod decompose {
        pub use crate::decompose::*;
    }
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
