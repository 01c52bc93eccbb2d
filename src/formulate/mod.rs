//! Model + scenarios → [`LinearProgram`], with index maps back to the domain.
//!
//! One shared index of the network ([`Routes`]), one builder for the first
//! stage ([`first_stage`]) and one for a scenario's recourse block
//! ([`recourse`]). The block lands either in the extensive form
//! ([`formulate`]: beside the first stage, with the reservations `r` as
//! columns) or in a standalone recourse LP ([`recourse_lp`]: the
//! reservations given as numbers `r̂`, constraint 2 kept as rows
//! `x ≤ a·r̂` so their duals give the subgradient in `r`). The extensive form
//! and every evaluation are built by the same code, so they cannot drift.

mod builder;
mod extensive;
mod first_stage;
mod master;
mod recourse;
mod routes;
mod size;
mod standalone;

pub use extensive::{Formulation, ScenarioInput, formulate, formulate_inputs};
pub(crate) use master::{ReservationLp, reservation_lp};
pub use routes::{Arc, OfferGroups, QuotaGroups, Routes, build_arcs};
pub use size::{CoefficientRange, coefficient_range, column_count};
pub(crate) use standalone::recourse_lp_bounded;
pub use standalone::{RecourseLp, recourse_lp};

/// The kind of nominal number a shadow price is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PricedKind {
    /// A quota's limit `ℓ[q,t]` (index of the quota).
    Quota(usize),
    /// An offer's capacity `cap[s,e,t]` (supplier index, offer index).
    Capacity(usize, usize),
}

/// A row whose right-hand side is `factor ×` a nominal number of the model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PricedRow {
    /// Which nominal number.
    pub kind: PricedKind,
    /// Ship period.
    pub period: usize,
    /// The row.
    pub row: usize,
    /// The scenario factor on the nominal number (1 for first-stage rows).
    pub factor: f64,
}

/// Columns (and the exercise rows) of one scenario's recourse block.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecourseColumns {
    /// `x[k,arc]`: contract tonnes exercised, per arc.
    pub exercise: Vec<usize>,
    /// Per arc, the row of constraint 2, `x ≤ a·r` (its dual times `a` is
    /// the scenario cost's subgradient in `r[arc]`).
    pub exercise_rows: Vec<usize>,
    /// `y[k,arc]`: spot tonnes, per arc where the offer has a spot price.
    pub spot: Vec<Option<usize>>,
    /// `v[k,b,e,t]` at `stock_index(b,e,t)`.
    pub stock: Vec<usize>,
    /// `u[k,b,e,t]` at `stock_index(b,e,t)`.
    pub shortage: Vec<usize>,
    /// `w[k,b,e]` at `b·E + e`, where the buyer has an end-stock target.
    pub end_shortfall: Vec<Option<usize>>,
    /// `z_k`, when `λ > 0` (extensive form only).
    pub tail: Option<usize>,
}

/// The risk weights of the objective.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Weights {
    /// λ.
    pub(crate) lambda: f64,
    /// α.
    pub(crate) alpha: f64,
}

impl Weights {
    /// `1 - λ`: the weight on expected cost.
    pub(crate) fn expected(self) -> f64 {
        1.0 - self.lambda
    }

    /// Whether the CVaR columns `η`, `z` exist.
    pub(crate) fn has_cvar(self) -> bool {
        self.lambda > 0.0
    }
}
