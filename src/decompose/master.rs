//! The master problem over the reservations (formulation.md,
//! "Decomposition"): the first stage's rows, `η'` (when `λ > 0`), one
//! `θ_G` per group of scenarios, and the cuts of [`super::aggregate`],
//! which bound `Φ − F`; the fees `F(r) = f·r` are the reservations' costs.
//! Every value column is in units of a scale `S` (a typical objective), so
//! the simplex works near 1.
//!
//! Two LPs are solved from it, each by its own warm simplex (a new cut is
//! a new last row, which keeps the basis; a dropped cut's row goes with its
//! basic logical, which keeps it too):
//! - the lower bound, `min F(r) + λ·η' + Σ θ_G`;
//! - the level projection, `min d(r, c)` with
//!   `F(r) + λ·η' + Σ θ_G ≤ level` (the level method's regularisation),
//!   where `d` is a piecewise-linear stand-in for `‖r − c‖²` written with
//!   moves up and down from the center in pieces of rising cost
//!   ([`Segments`]), so the distance needs no rows.
//!
//! Cuts slack at the last [`IDLE_LIMIT`] lower bounds (and at every
//! projection since) are dropped, and
//! where the rows would still pass what the simplex takes, cuts slack at
//! the last lower bound, oldest first.

use super::aggregate::{Cut, Target};
use crate::formulate::ReservationLp;
use crate::lp::LinearProgram;
use crate::solve::{Solution, SolveError, Tolerances, VerifyError, WarmSimplex, simplex, verify};

const INF: f64 = f64::INFINITY;

/// A cut slack at this many lower bounds in a row is dropped.
const IDLE_LIMIT: usize = 10;
/// A bound price of `η'` on its floor at most this (in the scaled units,
/// where the objective is near 1) is round-off, not a price: it would move
/// a shadow price by at most this share of the objective per unit of the
/// floor's slope (seen: 3.6e-17 on a generated model, which cost the plan
/// its shadow prices).
const NEGLIGIBLE_PRICE: f64 = 1e-12;
/// Slack (in the scaled units) above which a cut counts as idle.
const IDLE_SLACK: f64 = 1e-9;

/// Why the master has no answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MasterError {
    /// The simplex gave no optimal answer.
    #[error("the master problem: {0}")]
    Solve(#[from] SolveError),
    /// Its answer failed the check.
    #[error("the master problem's answer failed verification: {0}")]
    Verify(#[from] VerifyError),
    /// Too many rows for the simplex, even without the slack cuts.
    #[error(
        "the master problem needs {rows} rows, more than the simplex takes ({})",
        simplex::MAX_ROWS
    )]
    TooLarge {
        /// Rows it would have.
        rows: usize,
    },
}

/// What the master's value columns are: `φ` (objective 1) always, and
/// with groups `η` and the `θ`s, linked by `φ ≥ λ·η + Σ θ_G`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shape {
    /// λ (the weight on `η`); no `η` column when 0.
    pub(crate) lambda: f64,
    /// A lower bound on `φ`.
    pub(crate) floor: f64,
    /// Per group, a lower bound on its `θ`.
    pub(crate) group_floors: Vec<f64>,
    /// A lower bound on `η`.
    pub(crate) eta_floor: f64,
    /// The slopes of `floor` and of each group's floor in the nominal
    /// numbers: per recourse priced row (as a cut's `limits`), then per
    /// arc (its capacity).
    pub(crate) floor_limits: Vec<f64>,
    pub(crate) group_floor_limits: Vec<Vec<f64>>,
    /// The scale `S`.
    pub(crate) scale: f64,
    /// Per arc, its fee (the reservation column's cost).
    pub(crate) fees: Vec<f64>,
}

/// The master problem and its two warm solvers.
pub(crate) struct Master<'a> {
    base: &'a ReservationLp,
    shape: Shape,
    cuts: Vec<Held>,
    lower: WarmSimplex,
    projection: WarmSimplex,
    deadline: Option<std::time::Instant>,
    /// The last lower bound's LP: its columns and its first cut row.
    last: Option<LastLower>,
}

/// A cut the master holds, with how it fared at the lower bounds.
#[derive(Debug, Clone, PartialEq)]
struct Held {
    cut: Cut,
    /// Its slack at the last lower bound (scaled).
    slack: f64,
    /// The lower bounds in a row at which it was slack (and no projection
    /// since held by it).
    idle: usize,
}

/// Where the last lower bound's LP put things.
#[derive(Debug, Clone, Copy, PartialEq)]
struct LastLower {
    columns: usize,
    first_cut: usize,
    values: Values,
}

/// The last lower bound's slopes in the model's nominal numbers (cost per
/// tonne, `≤ 0`: more quota or capacity never costs more), whose negatives are
/// the shadow prices of the master's model of the objective, which lies
/// below the objective everywhere and touches it at the optimum
/// (formulation.md, "What is reported").
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LimitSlopes {
    /// Per recourse priced row (as in the cuts), `Σ_c dual_c · slope_c`.
    pub(crate) recourse: Vec<f64>,
    /// Per priced row of the reservations' LP (constraint 1), its dual.
    pub(crate) reservation_rows: Vec<f64>,
    /// Per arc, the price of `r ≤ cap` (the column's bound).
    pub(crate) arcs: Vec<f64>,
}

/// A warm simplex that stops at `deadline`, whose boxing implies no
/// bounds from the first `unpropagated` rows (the reservations' rows in the
/// lower bound's LP: their duals, and the price of `r ≤ cap`, then carry
/// all the shadow prices, none of which lands on a bound implied from
/// them).
fn engine(deadline: Option<std::time::Instant>, unpropagated: usize) -> WarmSimplex {
    let mut engine = WarmSimplex::new();
    engine.set_deadline(deadline.map(|at| (at, 0.0)));
    engine.set_unpropagated((0..unpropagated).collect());
    engine
}

/// The lower bound's answer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bound {
    pub(crate) value: f64,
    pub(crate) reserved: Vec<f64>,
}

impl<'a> Master<'a> {
    pub(crate) fn new(
        base: &'a ReservationLp,
        mut shape: Shape,
        deadline: Option<std::time::Instant>,
    ) -> Master<'a> {
        shape.scale = shape.scale.abs().max(1.0);
        Master {
            base,
            shape,
            cuts: Vec::new(),
            lower: engine(deadline, base.lp.num_rows()),
            projection: engine(deadline, 0),
            deadline,
            last: None,
        }
    }

    /// Cuts held now.
    pub(crate) fn cuts(&self) -> usize {
        self.cuts.len()
    }

    pub(crate) fn add_cuts(&mut self, cuts: Vec<Cut>) {
        self.cuts.extend(cuts.into_iter().map(|cut| Held {
            cut,
            slack: 0.0,
            idle: 0,
        }));
    }

    fn has_eta(&self) -> bool {
        self.shape.lambda > 0.0 && !self.shape.group_floors.is_empty()
    }

    /// The value columns `φ`, `η`, the `θ`s (after the columns already in
    /// `lp`) and the row linking them; `φ ≤ cap / S` where given.
    fn add_value_columns(&self, lp: &mut LinearProgram, objective: bool) -> Values {
        let s = self.shape.scale;
        let phi = lp.add_column(
            String::new(),
            self.shape.floor / s,
            INF,
            if objective { 1.0 } else { 0.0 },
        );
        let eta = self
            .has_eta()
            .then(|| lp.add_column(String::new(), self.shape.eta_floor / s, INF, 0.0));
        let theta = lp.num_columns();
        for &f in &self.shape.group_floors {
            lp.add_column(String::new(), f / s, INF, 0.0);
        }
        if !self.shape.group_floors.is_empty() {
            let mut terms = vec![(phi, 1.0)];
            if let Some(eta) = eta {
                terms.push((eta, -self.shape.lambda));
            }
            for g in 0..self.shape.group_floors.len() {
                terms.push((theta + g, -1.0));
            }
            lp.add_row(String::new(), 0.0, INF, &terms);
        }
        Values { phi, eta, theta }
    }

    /// The column a cut bounds.
    fn target(&self, values: &Values, cut: &Cut) -> usize {
        match cut.target {
            Target::Whole => values.phi,
            Target::Group(g) => values.theta + g,
        }
    }

    /// Drops slack cuts, oldest first, until `room` more rows fit.
    fn make_room(&mut self, room: usize) -> Result<(), MasterError> {
        let limit = simplex::MAX_ROWS;
        let base = self.base.lp.num_rows() + 1;
        if base + self.cuts.len() + room <= limit {
            return Ok(());
        }
        let mut excess = base + self.cuts.len() + room - limit;
        let slack = self
            .cuts
            .iter()
            .filter(|held| held.slack > IDLE_SLACK)
            .count();
        if slack < excess {
            return Err(MasterError::TooLarge {
                rows: base + self.cuts.len() + room,
            });
        }
        self.cuts.retain(|held| {
            let drop = excess > 0 && held.slack > IDLE_SLACK;
            excess -= usize::from(drop);
            !drop
        });
        // The rows changed in the middle: start both LPs afresh.
        self.lower = engine(self.deadline, self.base.lp.num_rows());
        self.projection = engine(self.deadline, 0);
        Ok(())
    }

    /// Drops the cuts slack at the last [`IDLE_LIMIT`] lower bounds. Both
    /// LPs keep their bases: a slack cut's logical is basic, and the basis
    /// less it is a basis of the LP less its row.
    fn drop_idle(&mut self) {
        let idle: Vec<usize> = (0..self.cuts.len())
            .filter(|&i| self.cuts[i].idle >= IDLE_LIMIT)
            .collect();
        if idle.is_empty() {
            return;
        }
        // The first cut's row: after the reservations' rows and the row
        // linking the value columns in the lower bound's LP, and after the
        // level's row too in the projection's.
        let base_rows = self.base.lp.num_rows();
        let first_cut = base_rows + usize::from(!self.shape.group_floors.is_empty());
        for (engine_of, first, unpropagated) in [
            (&mut self.lower, first_cut, base_rows),
            (&mut self.projection, first_cut + 1, 0),
        ] {
            let rows: Vec<usize> = idle.iter().map(|i| first + i).collect();
            if !engine_of.remove_rows(&rows) {
                *engine_of = engine(self.deadline, unpropagated);
            }
        }
        self.cuts.retain(|held| held.idle < IDLE_LIMIT);
    }

    /// Entries of the cut rows, with `per_reservation` for each nonzero
    /// coefficient (and one each for `η` and the value column).
    fn cut_entries(&self, per_reservation: usize) -> usize {
        self.cuts
            .iter()
            .map(|held| {
                let nonzeros = held.cut.coefficients.iter().filter(|a| **a != 0.0).count();
                per_reservation * nonzeros + 2
            })
            .sum()
    }

    /// `min λ·η + Σ θ_G`: the lower bound and the reservations that reach
    /// it. Drops long-idle cuts and makes room for `room` cuts to come
    /// first.
    pub(crate) fn lower_bound(&mut self, room: usize) -> Result<Bound, MasterError> {
        self.drop_idle();
        self.make_room(room)?;
        let s = self.shape.scale;
        let n = self.base.capacity.len();
        let mut lp = self.base.lp.clone();
        for (column, &fee) in lp.columns.iter_mut().zip(&self.shape.fees) {
            column.cost = fee / s;
        }
        lp.reserve(
            self.cuts.len() + 1,
            self.cut_entries(1) + self.shape.group_floors.len() + 2,
        );
        let values = self.add_value_columns(&mut lp, true);
        let eta = values.eta;
        let first_cut = lp.num_rows();
        for Held { cut, .. } in &self.cuts {
            // θ − Σ (a/S)·r − b·η' ≥ constant/S.
            let mut terms: Vec<(usize, f64)> = cut
                .coefficients
                .iter()
                .enumerate()
                .filter(|(_, a)| **a != 0.0)
                .map(|(j, a)| (j, -a / s))
                .collect();
            if let Some(eta) = eta
                && cut.eta != 0.0
            {
                terms.push((eta, -cut.eta));
            }
            terms.push((self.target(&values, cut), 1.0));
            lp.add_row(String::new(), cut.constant / s, INF, &terms);
        }
        let solution = solve(&mut self.lower, &lp)?;
        self.last = Some(LastLower {
            columns: lp.num_columns(),
            first_cut,
            values,
        });
        for (i, held) in self.cuts.iter_mut().enumerate() {
            let row = first_cut + i;
            held.slack = lp.activity(row, &solution.values) - lp.rows[row].lower;
            held.idle = if held.slack > IDLE_SLACK {
                held.idle + 1
            } else {
                0
            };
        }
        // The dual bound, not the answer's value: round-off within the
        // simplex's tolerances must never lift a lower bound.
        let value = solution.objective.min(self.lower.dual_bound());
        Ok(Bound {
            value: value * s,
            reserved: clip(&solution.values[..n], &self.base.capacity),
        })
    }

    /// The slopes of the last lower bound in the nominal numbers, from
    /// its LP's duals; `None` before any, or where `η` rests on its floor
    /// (the least scenario cost, whose slope no linear term carries) with a
    /// price beyond round-off ([`NEGLIGIBLE_PRICE`]).
    pub(crate) fn limit_slopes(&self) -> Option<LimitSlopes> {
        let last = self.last?;
        let prices = self.lower.bound_prices();
        let Values { phi, eta, theta } = last.values;
        if eta.is_some_and(|j| prices[j].abs() > NEGLIGIBLE_PRICE) {
            return None;
        }
        let s = self.shape.scale;
        let n = self.base.capacity.len();
        let mut recourse = vec![0.0; self.shape.floor_limits.len().saturating_sub(n)];
        let mut floor_arcs = vec![0.0; n];
        // A value column on its floor: the floor's slopes, by its price.
        let floors = std::iter::once((phi, &self.shape.floor_limits)).chain(
            self.shape
                .group_floor_limits
                .iter()
                .enumerate()
                .map(|(g, limits)| (theta + g, limits)),
        );
        for (j, limits) in floors {
            if prices[j] != 0.0 {
                let (rows, arcs) = limits.split_at(recourse.len());
                for (r, &l) in recourse.iter_mut().zip(rows) {
                    *r += prices[j] * l;
                }
                for (a, &l) in floor_arcs.iter_mut().zip(arcs) {
                    *a += prices[j] * l;
                }
            }
        }
        for (i, Held { cut, .. }) in self.cuts.iter().enumerate() {
            // The row's dual in the scaled units is the bound's slope in
            // the cut's constant (the scale cancels).
            let dual = prices[last.columns + last.first_cut + i];
            if dual != 0.0 {
                for (r, &l) in recourse.iter_mut().zip(&cut.limits) {
                    *r += dual * l;
                }
            }
        }
        let reservation_rows = self
            .base
            .priced_rows
            .iter()
            .map(|row| s * row.factor * prices[last.columns + row.row])
            .collect();
        let arcs = (0..n)
            .map(|j| s * prices[j].min(0.0) + floor_arcs[j])
            .collect();
        Some(LimitSlopes {
            recourse,
            reservation_rows,
            arcs,
        })
    }

    /// The reservations nearest `center` where the cuts allow
    /// `F(r) + λ·η' + Σ θ_G ≤ level`, by the distance of [`Segments`]
    /// (close to the Euclidean one in tonnes).
    pub(crate) fn project(&mut self, center: &[f64], level: f64) -> Result<Vec<f64>, MasterError> {
        let s = self.shape.scale;
        let cap = &self.base.capacity;
        let segments = Segments::new(cap);
        let mut lp = LinearProgram::new();
        segments.add_columns(&mut lp, center, cap);
        // Each reservation's entry is one per move (`2·SEGMENTS`).
        let moves = 2 * SEGMENTS;
        lp.reserve(
            self.base.lp.num_rows() + self.cuts.len() + 2,
            moves * (self.base.lp.num_nonzeros() + self.shape.fees.len())
                + self.cut_entries(moves)
                + self.shape.group_floors.len()
                + 2,
        );
        let values = self.add_value_columns(&mut lp, false);
        let eta = values.eta;
        // φ + F(c + moves) ≤ level.
        let fees = &self.shape.fees;
        let mut terms = vec![(values.phi, 1.0)];
        for (j, &fee) in fees.iter().enumerate().filter(|(_, f)| **f != 0.0) {
            segments.expand(&mut terms, j, fee / s);
        }
        let at_center: f64 = fees.iter().zip(center).map(|(f, c)| f * c).sum();
        lp.add_row(String::new(), -INF, (level - at_center) / s, &terms);
        let base = &self.base.lp;
        for (i, row) in base.rows.iter().enumerate() {
            let mut at_center = 0.0;
            let mut terms = Vec::new();
            for (j, a) in base.row_entries(i) {
                at_center += a * center[j];
                segments.expand(&mut terms, j, a);
            }
            lp.add_row(
                String::new(),
                row.lower - at_center,
                row.upper - at_center,
                &terms,
            );
        }
        for Held { cut, .. } in &self.cuts {
            let mut at_center = 0.0;
            let mut terms = Vec::new();
            for (j, &a) in cut.coefficients.iter().enumerate() {
                if a != 0.0 {
                    at_center += a * center[j];
                    segments.expand(&mut terms, j, -a / s);
                }
            }
            if let Some(eta) = eta
                && cut.eta != 0.0
            {
                terms.push((eta, -cut.eta));
            }
            terms.push((self.target(&values, cut), 1.0));
            lp.add_row(String::new(), (cut.constant + at_center) / s, INF, &terms);
        }
        let solution = solve(&mut self.projection, &lp)?;
        // A cut that holds the projection is not idle, however slack it is
        // at the lower bound's minimiser: dropped, it let the projections
        // return to the points it had cut off (the 121k harness model
        // stalled at a gap of 2.9e-6 for hundreds of iterations, its
        // projections a few tonnes from the center and all worse).
        let first_cut = 1 + base.num_rows();
        for (i, held) in self.cuts.iter_mut().enumerate() {
            let row = first_cut + i;
            if lp.activity(row, &solution.values) - lp.rows[row].lower <= IDLE_SLACK {
                held.idle = 0;
            }
        }
        let reserved = segments.reserved(center, &solution.values);
        Ok(clip(&reserved, cap))
    }
}

/// Pieces of the level projection's distance between the next
/// point `r` and the center `c`: per arc, [`SEGMENTS`] moves up from the
/// center and as many down, the `i`-th from breakpoint `b_{i−1}` to `b_i`
/// (`b_0 = 0`, `b_i = B·SEGMENT_RATIO^{i−SEGMENTS}`, `B` the largest capacity,
/// the last without end), costing `(b_{i−1} + b_i)/B` a tonne: the chords
/// of `x²/B` through the breakpoints, so the distance is a convex
/// piecewise-linear stand-in for the squared Euclidean one, and the
/// segments fill in order without any row. Columns `2·SEGMENTS·j ..` are
/// arc `j`'s, its moves up first.
///
/// Why not the plain L1 distance: an LP's answer is a vertex, and the
/// nearest point in L1 moves few reservations, each far; the rising
/// slopes spread the move over many, as the Euclidean projection of the
/// level method does. On the 1,000-scenario sweep shape that took the gap
/// at 60 s from 1.4e-4 to 1.0e-5, and to 6.6e-6 once the simplex priced
/// the six columns of a reservation once (BENCHMARKS.md, "The level
/// projection's distance").
struct Segments {
    breaks: [f64; SEGMENTS],
    largest: f64,
}

/// Segments a side in the level projection's distance ([`Segments`]).
const SEGMENTS: usize = 3;
/// The ratio of one breakpoint to the one before.
const SEGMENT_RATIO: f64 = 8.0;

impl Segments {
    fn new(cap: &[f64]) -> Segments {
        let largest = cap.iter().fold(0.0f64, |m, &c| m.max(c)).max(1e-9);
        let mut breaks = [0.0; SEGMENTS];
        for (i, b) in breaks.iter_mut().enumerate() {
            *b = largest * SEGMENT_RATIO.powi(i as i32 + 1 - SEGMENTS as i32);
        }
        Segments { breaks, largest }
    }

    /// The moves' columns, each bounded by its piece and by the room to
    /// the arc's bounds `[0, cap]`.
    fn add_columns(&self, lp: &mut LinearProgram, center: &[f64], cap: &[f64]) {
        for (&c, &cap) in center.iter().zip(cap) {
            for room in [(cap - c).max(0.0), c.max(0.0)] {
                let (mut used, mut previous) = (0.0, 0.0);
                for (i, &b) in self.breaks.iter().enumerate() {
                    let piece = if i + 1 == SEGMENTS { INF } else { b - previous };
                    let width = piece.min(room - used).max(0.0);
                    lp.add_column(String::new(), 0.0, width, (previous + b) / self.largest);
                    used += width;
                    previous = b;
                }
            }
        }
    }

    /// `a·(r_j − c_j)` as terms in arc `j`'s moves.
    fn expand(&self, terms: &mut Vec<(usize, f64)>, j: usize, a: f64) {
        let first = 2 * SEGMENTS * j;
        terms.extend((first..first + SEGMENTS).map(|col| (col, a)));
        terms.extend((first + SEGMENTS..first + 2 * SEGMENTS).map(|col| (col, -a)));
    }

    /// The point the moves `x` reach from `center`.
    fn reserved(&self, center: &[f64], x: &[f64]) -> Vec<f64> {
        center
            .iter()
            .enumerate()
            .map(|(j, &c)| {
                let moves = &x[2 * SEGMENTS * j..2 * SEGMENTS * (j + 1)];
                let (up, down) = moves.split_at(SEGMENTS);
                c + up.iter().sum::<f64>() - down.iter().sum::<f64>()
            })
            .collect()
    }
}

/// Where the value columns are.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Values {
    phi: usize,
    eta: Option<usize>,
    theta: usize,
}

/// Solves and verifies one master LP; a warm start that fails, or whose
/// answer fails the check (seen once: a reservation row 2.3e-4 over its
/// limit after a long run of warm solves), is retried cold.
fn solve(engine: &mut WarmSimplex, lp: &LinearProgram) -> Result<Solution, MasterError> {
    match engine.solve(lp) {
        Ok(mut solution) => {
            if verify(lp, &mut solution, Tolerances::default()).is_ok() {
                return Ok(solution);
            }
        }
        Err(SolveError::TimeLimit { seconds }) => {
            return Err(SolveError::TimeLimit { seconds }.into());
        }
        Err(_) => {}
    }
    engine.clear();
    let mut solution = engine.solve(lp)?;
    verify(lp, &mut solution, Tolerances::default())?;
    Ok(solution)
}

/// Reservations within `[0, cap]` (round-off of the solver removed).
fn clip(reserved: &[f64], cap: &[f64]) -> Vec<f64> {
    reserved
        .iter()
        .zip(cap)
        .map(|(&r, &c)| if r < 1e-9 { 0.0 } else { r.min(c) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    /// Two arcs of 100 t each, no rows, no fees.
    fn two_arcs() -> ReservationLp {
        let mut lp = LinearProgram::new();
        lp.add_column(String::new(), 0.0, 100.0, 0.0);
        lp.add_column(String::new(), 0.0, 100.0, 0.0);
        ReservationLp {
            lp,
            capacity: vec![100.0, 100.0],
            priced_rows: Vec::new(),
        }
    }

    /// The master's value `φ ≥ 0` bounded by one cut
    /// `φ ≥ constant + slope·(r₁ + r₂)` (a recourse that moves the same
    /// for a tonne reserved on either arc).
    fn master(base: &ReservationLp, constant: f64, slope: f64) -> Master<'_> {
        let mut master = Master::new(
            base,
            Shape {
                lambda: 0.0,
                floor: 0.0,
                group_floors: Vec::new(),
                eta_floor: 0.0,
                floor_limits: Vec::new(),
                group_floor_limits: Vec::new(),
                scale: 1.0,
                fees: vec![0.0, 0.0],
            },
            None,
        );
        master.add_cuts(vec![Cut {
            target: Target::Whole,
            coefficients: vec![slope, slope],
            eta: 0.0,
            constant,
            limits: Vec::new(),
        }]);
        master
    }

    #[test]
    fn the_projection_spreads_its_move_over_the_arcs() {
        let base = two_arcs();
        let mut master = master(&base, 100.0, -1.0);
        // Level 60 needs r₁ + r₂ ≥ 40. The nearest point in L1 may be the
        // vertex (40, 0); in the Euclidean distance it is (20, 20). The
        // pieces' breakpoints are 100/64 and 100/8 t, so the cheapest
        // moves take both arcs past 12.5 t before either goes further.
        let reserved = master.project(&[0.0, 0.0], 60.0).unwrap();
        assert_relative_eq!(reserved[0] + reserved[1], 40.0, epsilon = 1e-7);
        assert!(
            reserved.iter().all(|&r| r >= 12.5 - 1e-7),
            "the move went to one arc: {reserved:?}"
        );
        // The lower bound: the cut at full reservations, 100 − 200 < 0,
        // so the floor of φ (0) holds it, at any r with r₁ + r₂ ≥ 100.
        let bound = master.lower_bound(0).unwrap();
        assert_relative_eq!(bound.value, 0.0, epsilon = 1e-9);
        assert!(bound.reserved[0] + bound.reserved[1] >= 100.0 - 1e-7);
    }

    /// A cut that holds the projection is not idle, whatever the lower
    /// bounds said; a cut slack there keeps its count.
    #[test]
    fn a_cut_binding_at_the_projection_is_not_idle() {
        let base = two_arcs();
        let mut master = master(&base, 100.0, -1.0);
        master.add_cuts(vec![Cut {
            target: Target::Whole,
            coefficients: vec![0.0, 0.0],
            eta: 0.0,
            constant: -1000.0,
            limits: Vec::new(),
        }]);
        for held in &mut master.cuts {
            held.idle = 5;
        }
        // Level 60 from (0, 0): the first cut, φ ≥ 100 − r₁ − r₂, holds
        // the projection at r₁ + r₂ = 40; the second, φ ≥ −1000, is slack.
        let reserved = master.project(&[0.0, 0.0], 60.0).unwrap();
        assert_relative_eq!(reserved[0] + reserved[1], 40.0, epsilon = 1e-7);
        let idle: Vec<usize> = master.cuts.iter().map(|held| held.idle).collect();
        assert_eq!(idle, [0, 5]);
    }

    #[test]
    fn the_projection_moves_down_and_keeps_within_the_capacities() {
        let base = two_arcs();
        let mut master = master(&base, -100.0, 1.0);
        // From full reservations (φ ≥ 100 there), level 50 needs
        // r₁ + r₂ ≤ 150: each arc gives up 25 t in the Euclidean
        // projection; here both go down past the 12.5 t breakpoint.
        let reserved = master.project(&[100.0, 100.0], 50.0).unwrap();
        assert_relative_eq!(reserved[0] + reserved[1], 150.0, epsilon = 1e-7);
        assert!(
            reserved
                .iter()
                .all(|&r| (50.0 - 1e-7..=87.5 + 1e-7).contains(&r)),
            "{reserved:?}"
        );
    }

    #[test]
    fn the_pieces_are_chords_of_a_parabola_bounded_by_the_room_left() {
        let segments = Segments::new(&[64.0, 10.0]);
        assert_eq!(segments.breaks, [1.0, 8.0, 64.0]);
        let mut lp = LinearProgram::new();
        segments.add_columns(&mut lp, &[60.0, 10.0], &[64.0, 10.0]);
        let widths: Vec<f64> = lp.columns.iter().map(|c| c.upper).collect();
        let costs: Vec<f64> = lp.columns.iter().map(|c| c.cost).collect();
        // Arc 0 from 60 t: 4 t of room up (1 + 3 + 0), 60 down (1 + 7 + 52);
        // arc 1 at its capacity: none up, 10 down (1 + 7 + 2).
        assert_eq!(
            widths,
            [1.0, 3.0, 0.0, 1.0, 7.0, 52.0, 0.0, 0.0, 0.0, 1.0, 7.0, 2.0]
        );
        // Slopes (b_{i−1} + b_i)/B: 1/64, 9/64, 72/64.
        let slopes = [1.0 / 64.0, 9.0 / 64.0, 72.0 / 64.0];
        for arc in 0..2 {
            for side in 0..2 {
                let first = 6 * arc + 3 * side;
                assert_eq!(costs[first..first + 3], slopes);
            }
        }
        let mut x = vec![0.0; 12];
        x[0] = 1.0; // arc 0 up 1
        x[9] = 1.0; // arc 1 down 1 + 3
        x[10] = 3.0;
        assert_eq!(segments.reserved(&[60.0, 10.0], &x), [61.0, 6.0]);
        let mut terms = Vec::new();
        segments.expand(&mut terms, 1, 2.0);
        assert_eq!(
            terms,
            [
                (6, 2.0),
                (7, 2.0),
                (8, 2.0),
                (9, -2.0),
                (10, -2.0),
                (11, -2.0)
            ]
        );
    }
}
