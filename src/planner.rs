//! The whole flow for one model: scenarios → formulation → solve → verify
//! → plan. This is what the CLI and embedding tools call.

use std::time::{Duration, Instant};

use crate::formulate::{Formulation, formulate};
use crate::model::Model;
use crate::plan::{Plan, PlanInputs, build_plan};
use crate::scenario::{Generation, SamplingOverride, Scenario, ScenarioError, build_scenarios};
use crate::solve::{
    Backend, MicrolpBackend, SolveError, SolveOptions, Tolerances, VerifyError, verify,
};

/// Settings that override the model's, as given on the command line.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Settings {
    /// λ, overriding `risk.weight`.
    pub risk_weight: Option<f64>,
    /// α, overriding `risk.alpha`.
    pub alpha: Option<f64>,
    /// Sampling overrides (`--samples`, `--seed`).
    pub sampling: SamplingOverride,
    /// Solver options (time limit).
    pub solve: SolveOptions,
}

/// Why no plan was made for a valid model.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    /// A setting is out of range.
    #[error("{name} must be {expected}, found {value}")]
    Setting {
        /// The option (`--risk-weight`).
        name: &'static str,
        /// The range it takes.
        expected: &'static str,
        /// What was given.
        value: f64,
    },
    /// Scenarios could not be made.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// The solver gave no optimal answer.
    #[error(transparent)]
    Solve(#[from] SolveError),
    /// The solver's answer failed the check against the LP.
    #[error("the {solver} answer failed verification, so no plan was written: {source}")]
    Verify {
        /// The backend.
        solver: &'static str,
        /// What failed.
        source: VerifyError,
    },
}

/// A plan with how long each stage took.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The verified plan.
    pub plan: Plan,
    /// Seconds to make scenarios and build the LP.
    pub build_time: Duration,
    /// Seconds in the solver.
    pub solve_time: Duration,
}

/// λ and α in force: the settings' where given, else the model's; checked.
pub fn risk_in_force(model: &Model, settings: &Settings) -> Result<(f64, f64), PlanError> {
    let lambda = settings.risk_weight.unwrap_or(model.risk.weight);
    let alpha = settings.alpha.unwrap_or(model.risk.alpha);
    if !(0.0..=1.0).contains(&lambda) {
        return Err(PlanError::Setting {
            name: "the risk weight",
            expected: "in [0, 1]",
            value: lambda,
        });
    }
    if !(0.0..1.0).contains(&alpha) {
        return Err(PlanError::Setting {
            name: "alpha",
            expected: "in [0, 1)",
            value: alpha,
        });
    }
    Ok((lambda, alpha))
}

/// The scenarios and the LP of a model under the settings, without solving.
pub fn build(
    model: &Model,
    settings: &Settings,
) -> Result<(Vec<Scenario>, Generation, Formulation), PlanError> {
    let (lambda, alpha) = risk_in_force(model, settings)?;
    let (scenarios, generation) = build_scenarios(model, settings.sampling)?;
    let formulation = formulate(model, &scenarios, lambda, alpha);
    Ok((scenarios, generation, formulation))
}

/// Plans a model: builds the LP, solves it, verifies the answer and maps it
/// back to the domain.
pub fn plan(model: &Model, settings: &Settings) -> Result<Outcome, PlanError> {
    let started = Instant::now();
    let (lambda, alpha) = risk_in_force(model, settings)?;
    let (scenarios, generation, formulation) = build(model, settings)?;
    let build_time = started.elapsed();
    let backend = MicrolpBackend;
    let solving = Instant::now();
    let mut solution = backend.solve(&formulation.lp, &settings.solve)?;
    let solve_time = solving.elapsed();
    let residuals =
        verify(&formulation.lp, &mut solution, Tolerances::default()).map_err(|source| {
            PlanError::Verify {
                solver: backend.name(),
                source,
            }
        })?;
    let duals = match &solution.row_duals {
        Some(duals) => Ok((duals.as_slice(), backend.name())),
        None => Err("none: the microlp backend gives no duals"),
    };
    let plan = build_plan(PlanInputs {
        model,
        scenarios: &scenarios,
        generation,
        formulation: &formulation,
        solution: &solution,
        residuals,
        solver: backend.name(),
        risk_weight: lambda,
        alpha,
        duals,
    });
    Ok(Outcome {
        plan,
        build_time,
        solve_time,
    })
}
