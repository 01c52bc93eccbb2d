//! The first stage alone, for the decomposition's master problem
//! (formulation.md, "Decomposition"): reservations `r` with constraint 1
//! (within nominal capacity) and constraint 9 (diversification), no
//! objective yet. The decomposition adds its value column and its cuts.

use super::builder::Builder;
use super::first_stage::{define_diversification, define_reservation_capacity};
use super::routes::{Routes, arc_label};
use crate::lp::LinearProgram;
use crate::model::Model;

/// The reservations' LP: columns `r` (cost 0) and their rows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ReservationLp {
    /// Columns `r[arc]` first, in arc order, then the rows.
    pub(crate) lp: LinearProgram,
    /// Per arc, the most it may reserve: its offer's capacity in the ship
    /// period (constraint 1 with the other buyers at 0).
    pub(crate) capacity: Vec<f64>,
    /// The rows of constraint 1, as shadow prices read them.
    pub(crate) priced_rows: Vec<super::PricedRow>,
}

/// Builds the reservations' LP of a model. Each `r[arc]` is bounded by its
/// offer's capacity (implied by constraint 1, stated so the master is
/// bounded before any cut).
pub(crate) fn reservation_lp(model: &Model, routes: &Routes) -> ReservationLp {
    let mut capacity = vec![0.0; routes.arcs.len()];
    for ((s, o, t), ids) in &routes.offer_groups {
        for &i in ids {
            capacity[i] = model.suppliers[*s].offers[*o].capacity[*t];
        }
    }
    let mut b = Builder::new(model, routes, false);
    let reservation: Vec<usize> = routes
        .arcs
        .iter()
        .zip(&capacity)
        .map(|(arc, &cap)| {
            b.column(
                || format!("r[{}]", arc_label(model, arc)),
                (0.0, cap),
                0.0,
                None,
                arc.fee,
            )
        })
        .collect();
    define_reservation_capacity(&mut b, &reservation);
    define_diversification(&mut b, &reservation);
    ReservationLp {
        lp: b.lp,
        capacity,
        priced_rows: b.priced_rows,
    }
}
