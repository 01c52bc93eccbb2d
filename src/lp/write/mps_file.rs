//! The free MPS file.

#[allow(unused_imports)]
use super::*;

/// The program in free MPS format (`NAME`, `ROWS`, `COLUMNS`, `RHS`,
/// `RANGES`, `BOUNDS`, `ENDATA`), readable by HiGHS, CPLEX, Gurobi and
/// GLPK, with numbers in shortest round-trip form.
///
/// Names lose only what free MPS cannot hold: characters that are not
/// printable ASCII (spaces, …) become `_`, names are cut to 160 characters,
/// and a `_` goes in front of a name that is empty or starts with `*` or
/// `$`. Uniqueness works as in [`write_lp`] (suffixes `#2`, `#3`, …; `obj`
/// is the objective), and changed names are listed in a comment at the end.
///
/// Ranged rows get a `RANGES` entry; bounds use `FR`, `MI`, `UP`, `LO` and
/// `FX`, with `LO` after `UP` so that no reader's rule for a negative upper
/// bound changes the lower one.
pub fn write_mps(lp: &LinearProgram) -> String {
    let prepared = Prepared::new(lp);
    let rows = mps_rows(&prepared);
    let columns: Vec<(String, bool)> = lp.columns.iter().map(|c| (c.name.clone(), true)).collect();
    let column_names = unique_names(&columns, sanitise_mps, &[]);
    let row_names = unique_names(
        &out_row_originals(lp, &rows),
        sanitise_mps,
        &[OBJECTIVE, "'MARKER'"],
    );

    let mut out = String::new();
    push_header(&mut out, "*", lp, &prepared, &rows);
    if lp.columns.is_empty() {
        out.push_str("* no columns: `_zero` (fixed at 0) stands in for one\n");
    }
    out.push_str("NAME rareplan\nROWS\n");
    out.push_str(&format!(" N {OBJECTIVE}\n"));
    for (r, row) in rows.iter().enumerate() {
        out.push_str(&format!(" {} {}\n", row.op.mps(), row_names[r]));
    }
    for &i in &prepared.free_rows {
        push_comment(&mut out, "* left out, no bounds: ", &lp.rows[i].name);
    }

    // Column-major: the entries of each column, by output row.
    let mut by_column: Vec<Vec<(usize, f64)>> = vec![Vec::new(); lp.columns.len()];
    for (r, row) in rows.iter().enumerate() {
        for &(j, a) in &prepared.entries[row.source] {
            by_column[j].push((r, a));
        }
    }
    out.push_str("COLUMNS\n");
    for (j, name) in column_names.iter().enumerate() {
        let cost = prepared.cost[j];
        // Every column is listed, so that each is declared.
        if cost != 0.0 || by_column[j].is_empty() {
            out.push_str(&format!(" {name} {OBJECTIVE} {}\n", num(cost)));
        }
        for &(r, a) in &by_column[j] {
            out.push_str(&format!(" {name} {} {}\n", row_names[r], num(a)));
        }
    }

    if lp.columns.is_empty() {
        out.push_str(&format!(" {ZERO_COLUMN} {OBJECTIVE} 0\n"));
    }

    out.push_str("RHS\n");
    for (r, row) in rows.iter().enumerate() {
        if row.rhs != 0.0 {
            out.push_str(&format!(" RHS {} {}\n", row_names[r], mps_num(row.rhs)));
        }
    }
    if rows.iter().any(|row| row.range.is_some()) {
        out.push_str("RANGES\n");
        for (r, row) in rows.iter().enumerate() {
            if let Some(range) = row.range {
                out.push_str(&format!(" RNG {} {}\n", row_names[r], num(range)));
            }
        }
    }

    out.push_str("BOUNDS\n");
    for (j, name) in column_names.iter().enumerate() {
        let (l, u) = prepared.bounds[j];
        for (kind, value) in mps_column_bounds(l, u) {
            match value {
                Some(v) => out.push_str(&format!(" {kind} BND {name} {}\n", mps_num(v))),
                None => out.push_str(&format!(" {kind} BND {name}\n")),
            }
        }
    }

    if lp.columns.is_empty() {
        out.push_str(&format!(" FX BND {ZERO_COLUMN} 0\n"));
    }

    push_renames(&mut out, "*", lp, &column_names, &rows, &row_names);
    out.push_str("ENDATA\n");
    out
}

/// The rows of the MPS file.
pub(super) fn mps_rows(p: &Prepared) -> Vec<OutRow> {
    let mut rows = Vec::with_capacity(p.sense.len());
    for (i, &s) in p.sense.iter().enumerate() {
        match s {
            Sense::Free => {}
            Sense::Ge(l) => rows.push(OutRow::new(i, Op::Ge, l)),
            Sense::Le(u) => rows.push(OutRow::new(i, Op::Le, u)),
            Sense::Eq(v) => rows.push(OutRow::new(i, Op::Eq, v)),
            Sense::Range(l, u) => rows.push(mps_range_row(i, l, u)),
            Sense::Split(l, u) => rows.extend(OutRow::sides(i, l, u)),
        }
    }
    rows
}

/// A ranged row in MPS: a `G` row `[rhs, rhs + R]` or an `L` row
/// `[rhs - R, rhs]`, whichever gives back both bounds exactly.
pub(super) fn mps_range_row(source: usize, lower: f64, upper: f64) -> OutRow {
    let range = upper - lower;
    if lower + range != upper && upper - range == lower {
        OutRow {
            range: Some(range),
            ..OutRow::new(source, Op::Le, upper)
        }
    } else {
        OutRow {
            range: Some(range),
            ..OutRow::new(source, Op::Ge, lower)
        }
    }
}

/// A column's MPS bound entries (kind, value), in the order to write them.
///
/// MPS defaults are `[0, +inf)`; some readers move the lower bound to
/// `-inf` on an `UP` entry with a negative value, so `LO` comes after `UP`
/// whenever the upper bound is negative.
pub(super) fn mps_column_bounds(lower: f64, upper: f64) -> Vec<(&'static str, Option<f64>)> {
    if lower == f64::NEG_INFINITY && upper == f64::INFINITY {
        return vec![("FR", None)];
    }
    if lower == upper && lower.is_finite() {
        return vec![("FX", Some(lower))];
    }
    let mut out = Vec::new();
    if lower == f64::NEG_INFINITY {
        out.push(("MI", None));
    }
    if upper < f64::INFINITY {
        out.push(("UP", Some(upper)));
    }
    if lower > f64::NEG_INFINITY && (lower != 0.0 || upper < 0.0) {
        out.push(("LO", Some(lower)));
    }
    out
}
