//! What the simplex derives from an LP before it pivots — the matrix by
//! columns ([`Columns`]) and the finite box of every variable
//! ([`box_relaxed`], bound propagation over the rows) — kept between
//! solves of LPs that give the same: every scenario's recourse LP of a
//! model has one matrix, and one scenario's LP differs from one iteration
//! of the decomposition to the next only in the upper bounds the
//! reservations set, which the relaxed box does not read. On the
//! 1,000-scenario shape the two took 18 % of the decomposition's samples
//! (BENCHMARKS.md, "The recourse solves' set-up kept").
//!
//! Each is kept with a key: a 64-bit digest of what it was derived from
//! (the matrix; for the box also the costs, the bounds with the relaxed
//! columns' upper bounds at `max(own, relaxed)`, and the rows left
//! unpropagated). An LP whose digest differs gets its own, computed
//! afresh: one derived from another LP is used only if the two digests
//! collide (a chance of 2⁻⁶⁴ a pair).

use std::sync::OnceLock;

use super::boxing::{Boxed, Columns, box_relaxed, restore_own_bounds};
use crate::lp::LinearProgram;

/// A [`Columns`] kept for LPs of one matrix.
pub(crate) struct KeptColumns {
    key: u64,
    columns: Columns,
}

/// A relaxed box ([`box_relaxed`]) kept for one scenario's LPs.
pub(crate) struct KeptBox {
    key: u64,
    boxed: Boxed,
}

/// Where a solve may find (or leave) what it derives from its LP: the
/// matrix by columns shared by many LPs, and the relaxed box of LPs that
/// differ only below the relaxed bounds. Empty cells are filled by the
/// first solve that uses them.
#[derive(Clone, Copy)]
pub(crate) struct Kept<'a> {
    /// Shared by every LP of the matrix.
    pub(crate) columns: &'a OnceLock<KeptColumns>,
    /// This LP's (one scenario's) box.
    pub(crate) boxed: &'a OnceLock<KeptBox>,
}

/// The matrix by columns and the box of `lp`, from `kept` where its
/// digests match, else computed (and kept where the cells are empty).
pub(crate) fn columns_and_box<'k>(
    lp: &LinearProgram,
    relaxed: &[(usize, f64)],
    unpropagated: &[usize],
    kept: Kept<'k>,
) -> (std::borrow::Cow<'k, Columns>, Boxed) {
    use std::borrow::Cow;
    let matrix = matrix_key(lp);
    let shared = kept.columns.get_or_init(|| KeptColumns {
        key: matrix,
        columns: Columns::of(lp),
    });
    let columns = if shared.key == matrix {
        Cow::Borrowed(&shared.columns)
    } else {
        Cow::Owned(Columns::of(lp))
    };
    let key = box_key(matrix, lp, relaxed, unpropagated);
    let own = kept.boxed.get_or_init(|| KeptBox {
        key,
        boxed: box_relaxed(lp, &columns, relaxed, unpropagated, 1.0),
    });
    let mut boxed = if own.key == key {
        own.boxed.clone()
    } else {
        box_relaxed(lp, &columns, relaxed, unpropagated, 1.0)
    };
    restore_own_bounds(lp, relaxed, &mut boxed);
    (columns, boxed)
}

/// A running 64-bit digest (multiply–rotate over 64-bit words).
struct Digest(u64);

impl Digest {
    fn word(&mut self, x: u64) {
        self.0 = (self.0 ^ x)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(31);
    }

    fn number(&mut self, x: f64) {
        self.word(x.to_bits());
    }
}

/// The digest of the matrix: its shape, row starts, columns and values.
fn matrix_key(lp: &LinearProgram) -> u64 {
    let mut d = Digest(0x5EED_0001);
    d.word(lp.num_columns() as u64);
    d.word(lp.num_rows() as u64);
    for &s in &lp.row_start {
        d.word(s as u64);
    }
    for &j in &lp.col_index {
        d.word(j as u64);
    }
    for &a in &lp.values {
        d.number(a);
    }
    d.0
}

/// The digest of what [`box_relaxed`] reads: the matrix's, the costs, the
/// row bounds, the column bounds with each relaxed column's upper bound at
/// `max(own, relaxed)`, the relaxed list and the unpropagated rows.
fn box_key(
    matrix: u64,
    lp: &LinearProgram,
    relaxed: &[(usize, f64)],
    unpropagated: &[usize],
) -> u64 {
    let mut upper: Vec<f64> = lp.columns.iter().map(|c| c.upper).collect();
    let mut d = Digest(matrix);
    for &(j, value) in relaxed {
        if let Some(u) = upper.get_mut(j) {
            *u = u.max(value);
        }
        d.word(j as u64);
        d.number(value);
    }
    for (c, u) in lp.columns.iter().zip(&upper) {
        d.number(c.lower);
        d.number(*u);
        d.number(c.cost);
    }
    for r in &lp.rows {
        d.number(r.lower);
        d.number(r.upper);
    }
    for &i in unpropagated {
        d.word(i as u64);
    }
    d.0
}

#[cfg(test)]
mod tests {
    use super::super::boxing::box_bounds_relaxed;
    use super::*;

    const INF: f64 = f64::INFINITY;

    /// A recourse-like LP: `x ≤ reserved` (the relaxed column), `y` free
    /// above, `x + y ≥ need`, `y − s ≤ 0` bounding `y` through `s ≤ cap`.
    fn recourse(reserved: f64, need: f64) -> LinearProgram {
        let mut lp = LinearProgram::new();
        let x = lp.add_column("x".into(), 0.0, reserved, 1.0);
        let y = lp.add_column("y".into(), 0.0, INF, 3.0);
        let s = lp.add_column("s".into(), 0.0, 40.0, 0.0);
        lp.add_row("need".into(), need, INF, &[(x, 1.0), (y, 1.0)]);
        lp.add_row("link".into(), -INF, 0.0, &[(y, 1.0), (s, -1.0)]);
        lp
    }

    fn kept_for(lp: &LinearProgram, relaxed: &[(usize, f64)], cells: Kept<'_>) -> Boxed {
        columns_and_box(lp, relaxed, &[], cells).1
    }

    /// A kept box is reused where only the relaxed column's own upper
    /// bound moved (below the relaxed value), and the answer is the box
    /// computed afresh; where anything else moved, the LP gets its own.
    #[test]
    fn a_kept_box_serves_other_reservations_and_no_other_lp() {
        let relaxed = [(0, 100.0)];
        let (columns, boxed) = (OnceLock::new(), OnceLock::new());
        let cells = Kept {
            columns: &columns,
            boxed: &boxed,
        };
        let first = recourse(30.0, 50.0);
        let fresh = |lp: &LinearProgram| box_bounds_relaxed(lp, &Columns::of(lp), &relaxed, &[]);
        assert_eq!(kept_for(&first, &relaxed, cells), fresh(&first));
        let key = boxed.get().expect("kept").key;
        // Other reservations: the kept box, with x's own bound back.
        let moved = recourse(70.0, 50.0);
        let reused = kept_for(&moved, &relaxed, cells);
        assert_eq!(reused, fresh(&moved));
        assert_eq!(reused.upper[0], 70.0);
        assert_eq!(boxed.get().expect("kept").key, key);
        // y is implied by the link row (≤ s ≤ 40) in both.
        assert_eq!(reused.upper[1], 40.0);
        // Another need: its own box (the kept one is not touched).
        let other = recourse(30.0, 20.0);
        assert_ne!(box_key(matrix_key(&other), &other, &relaxed, &[]), key);
        assert_eq!(kept_for(&other, &relaxed, cells), fresh(&other));
        // An own bound above the relaxed value changes what is read.
        let above = recourse(150.0, 50.0);
        assert_ne!(box_key(matrix_key(&above), &above, &relaxed, &[]), key);
        assert_eq!(kept_for(&above, &relaxed, cells), fresh(&above));
    }

    /// Another matrix gets its own columns, not the kept ones.
    #[test]
    fn another_matrix_gets_its_own_columns() {
        let (columns, boxed) = (OnceLock::new(), OnceLock::new());
        let cells = Kept {
            columns: &columns,
            boxed: &boxed,
        };
        let lp = recourse(30.0, 50.0);
        let (kept, _) = columns_and_box(&lp, &[], &[], cells);
        assert!(matches!(kept, std::borrow::Cow::Borrowed(_)));
        let mut other = recourse(30.0, 50.0);
        other.values[0] = 2.0;
        let (own, _) = columns_and_box(&other, &[], &[], cells);
        assert!(matches!(own, std::borrow::Cow::Owned(_)));
        assert_eq!(own.entries(0).collect::<Vec<_>>(), vec![(0, 2.0)]);
    }
}
