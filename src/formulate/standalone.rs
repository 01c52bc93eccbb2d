//! A standalone recourse LP: one scenario's block with the reservations
//! held at given numbers `r̂` (formulation.md, "Scoring a plan"). Its
//! objective is the scenario cost without the fees, `C_k(r̂) − F(r̂)`.
//!
//! Every scenario's recourse LP of one model has the same constraint
//! matrix; scenarios differ only in row bounds, column bounds and costs.

use super::builder::Builder;
use super::recourse::{Context, Link, define_recourse};
use super::routes::Routes;
use super::{PricedRow, RecourseColumns};
use crate::lp::LinearProgram;
use crate::model::Model;
use crate::scenario::Factors;

/// One scenario's recourse LP with the reservations fixed.
#[derive(Debug, Clone, PartialEq)]
pub struct RecourseLp {
    /// The program: minimise the recourse cost.
    pub lp: LinearProgram,
    /// Its columns (and the exercise rows `x ≤ a·r̂`).
    pub columns: RecourseColumns,
    /// The fees of the fixed reservations, `F(r̂) = Σ f·r̂`: the constant
    /// that `C_k` adds to the LP's objective.
    pub fees: f64,
    /// Rows whose duals price capacities and quotas.
    pub priced_rows: Vec<PricedRow>,
}

impl RecourseLp {
    /// The scenario cost `C_k = F + objective` at the solution `x`.
    pub fn scenario_cost(&self, x: &[f64]) -> f64 {
        self.fees + self.lp.objective(x)
    }
}

/// Builds scenario `id`'s recourse LP with the reservations `reserved`
/// (tonnes per arc of `routes`). Names are made only when `names` is set.
pub fn recourse_lp(
    model: &Model,
    routes: &Routes,
    id: &str,
    factors: &Factors,
    reserved: &[f64],
    names: bool,
) -> RecourseLp {
    build(
        model,
        routes,
        id,
        factors,
        reserved,
        names,
        Link::Fixed(reserved),
        None,
    )
}

/// Scenario `id`'s recourse LP for the decomposition: as [`recourse_lp`],
/// but constraint 2 is the column bound `x ≤ a·r̂` (no exercise rows), so
/// the LP is smaller and the bound's reduced cost prices the reservation.
/// `like`, another scenario's LP, gives the size to reserve (every
/// scenario's has the same), so the arrays grow without copies.
pub(crate) fn recourse_lp_bounded(
    model: &Model,
    routes: &Routes,
    id: &str,
    factors: &Factors,
    reserved: &[f64],
    like: Option<&LinearProgram>,
) -> RecourseLp {
    build(
        model,
        routes,
        id,
        factors,
        reserved,
        false,
        Link::Bounds(reserved),
        like,
    )
}

/// Builds the LP; `like` (another scenario's LP) gives the size to
/// reserve.
#[allow(clippy::too_many_arguments)]
fn build(
    model: &Model,
    routes: &Routes,
    id: &str,
    factors: &Factors,
    reserved: &[f64],
    names: bool,
    link: Link<'_>,
    like: Option<&LinearProgram>,
) -> RecourseLp {
    let mut b = Builder::new(model, routes, names);
    if let Some(lp) = like {
        b.lp.columns.reserve_exact(lp.num_columns());
        b.lp.reserve(lp.num_rows(), lp.num_nonzeros());
        b.column_scenario.reserve_exact(lp.num_columns());
        b.column_unit_cost.reserve_exact(lp.num_columns());
    }
    let ctx = Context {
        k: 0,
        id,
        factors,
        weight: 1.0,
        link,
    };
    let columns = define_recourse(&mut b, &ctx);
    let fees = routes
        .arcs
        .iter()
        .zip(reserved)
        .map(|(arc, r)| arc.fee * r)
        .sum();
    RecourseLp {
        lp: b.lp,
        columns,
        fees,
        priced_rows: b.priced_rows,
    }
}
