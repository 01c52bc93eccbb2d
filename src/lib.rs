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

pub mod decompose;
pub mod diagnostic;
pub mod error;
pub mod evaluate;
pub mod explain;
pub mod formulate;
pub mod lp;
pub mod model;
pub mod output;
pub mod plan;
pub mod planner;
pub mod report;
pub mod scenario;
pub mod solve;
pub mod strategy;

pub use diagnostic::{Diagnostic, Severity};
pub use error::Error;
pub use lp::LinearProgram;
pub use model::{LoadError, Loaded, Model, ModelBuilder, load_model, load_model_str};
pub use plan::{Format, Plan};
pub use planner::{Outcome, PlanError, Settings, SolveProgress, plan, plan_with_progress};
