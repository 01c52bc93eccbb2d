//! The CPLEX LP file.

#[allow(unused_imports)]
use super::*;

/// The program in CPLEX LP format (`Minimize`, `Subject To`, `Bounds`,
/// `End`), readable by HiGHS, CPLEX, Gurobi and GLPK, with lines of at most
/// 255 characters and numbers in shortest round-trip form.
///
/// Names keep ASCII letters, digits, `_`, `.`, `(` and `)`; `[` becomes
/// `(`, `]` becomes `)`, `,` becomes `.` and any other character `_`; names
/// are cut to 160 characters; a `_` goes in front of a name that is empty,
/// starts with a digit, `.`, `(` or `)`, could be read as a number (`e1`,
/// `E`, `inf…`, `nan…`) or is a keyword (`st`, `end`, `free`, …). So
/// `x[k=baotou-halt,s=lynas,t=2012Q3]` becomes
/// `x(k_baotou_halt.s_lynas.t_2012Q3)`. Names the rule leaves unchanged keep
/// them; a changed name that is already taken gets the first free suffix
/// `#2`, `#3`, …; the row name `obj` is the objective's. Every changed name
/// is listed in a comment at the end (`new <- original`).
///
/// A ranged row is written as two rows, `name_lo` (`>=`) and `name_hi`
/// (`<=`); a row without bounds is left out, with a comment; an empty row is
/// written `0 first_column`, keeping its meaning.
pub fn write_lp(lp: &LinearProgram) -> String {
    let prepared = Prepared::new(lp);
    let rows = lp_rows(&prepared);
    let columns: Vec<(String, bool)> = lp.columns.iter().map(|c| (c.name.clone(), true)).collect();
    let column_names = unique_names(&columns, sanitise_lp, &[]);
    let row_names = unique_names(&out_row_originals(lp, &rows), sanitise_lp, &[OBJECTIVE]);
    // With no columns, a fixed dummy gives rows and objective a variable.
    let first_column = column_names
        .first()
        .map(String::as_str)
        .unwrap_or(ZERO_COLUMN);

    let mut out = String::new();
    push_header(&mut out, "\\", lp, &prepared, &rows);
    if lp.columns.is_empty() {
        out.push_str("\\ no columns: `_zero` (fixed at 0) stands in for one\n");
    }

    out.push_str("Minimize\n");
    let mut line = Line::new(&mut out, &format!(" {OBJECTIVE}:"));
    let mut any_cost = false;
    for (j, &cost) in prepared.cost.iter().enumerate() {
        if cost != 0.0 {
            line.push(&lp_term(cost, &column_names[j]));
            any_cost = true;
        }
    }
    if !any_cost {
        line.push(&format!("0 {first_column}"));
    }
    line.finish();

    out.push_str("Subject To\n");
    for (r, row) in rows.iter().enumerate() {
        let mut line = Line::new(&mut out, &format!(" {}:", row_names[r]));
        let entries = &prepared.entries[row.source];
        for &(j, a) in entries {
            line.push(&lp_term(a, &column_names[j]));
        }
        if entries.is_empty() {
            line.push(&format!("0 {first_column}"));
        }
        line.push(&format!("{} {}", row.op.lp(), lp_bound(row.rhs)));
        line.finish();
    }
    for &i in &prepared.free_rows {
        push_comment(&mut out, "\\ left out, no bounds: ", &lp.rows[i].name);
    }

    out.push_str("Bounds\n");
    let declared = prepared.declared(lp.columns.is_empty());
    for (j, name) in column_names.iter().enumerate() {
        let (l, u) = prepared.bounds[j];
        if let Some(text) = lp_column_bounds(name, l, u, declared[j]) {
            out.push(' ');
            out.push_str(&text);
            out.push('\n');
        }
    }
    if lp.columns.is_empty() {
        out.push_str(&format!(" {ZERO_COLUMN} = 0\n"));
    }

    push_renames(&mut out, "\\", lp, &column_names, &rows, &row_names);
    out.push_str("End\n");
    out
}

/// The rows of the LP file.
pub(super) fn lp_rows(p: &Prepared) -> Vec<OutRow> {
    let mut rows = Vec::with_capacity(p.sense.len());
    for (i, &s) in p.sense.iter().enumerate() {
        match s {
            Sense::Free => {}
            Sense::Ge(l) => rows.push(OutRow::new(i, Op::Ge, l)),
            Sense::Le(u) => rows.push(OutRow::new(i, Op::Le, u)),
            Sense::Eq(v) => rows.push(OutRow::new(i, Op::Eq, v)),
            Sense::Range(l, u) | Sense::Split(l, u) => rows.extend(OutRow::sides(i, l, u)),
        }
    }
    rows
}

/// A term of an LP expression: `+ 2 x`, `- x`, `+ 1.5e-7 y`.
pub(super) fn lp_term(coefficient: f64, name: &str) -> String {
    let sign = if coefficient < 0.0 { '-' } else { '+' };
    let magnitude = coefficient.abs();
    if magnitude == 1.0 {
        format!("{sign} {name}")
    } else {
        format!("{sign} {} {name}", num(magnitude))
    }
}

/// A column's line in the LP Bounds section, or `None` when the default
/// `[0, +inf)` holds and the column is declared elsewhere.
pub(super) fn lp_column_bounds(
    name: &str,
    lower: f64,
    upper: f64,
    declared: bool,
) -> Option<String> {
    if lower == f64::NEG_INFINITY && upper == f64::INFINITY {
        Some(format!("{name} free"))
    } else if lower == upper && lower.is_finite() {
        Some(format!("{name} = {}", num(lower)))
    } else if upper == f64::INFINITY {
        if lower == 0.0 && declared {
            None
        } else {
            Some(format!("{name} >= {}", lp_bound(lower)))
        }
    } else {
        // Both sides, so that no reader applies its own rule for a
        // negative upper bound.
        Some(format!(
            "{} <= {name} <= {}",
            lp_bound(lower),
            lp_bound(upper)
        ))
    }
}
