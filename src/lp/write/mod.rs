//! LP and MPS writers for a [`LinearProgram`], with the domain names.
//!
//! Both writers keep the program's meaning exactly: the same columns with
//! the same bounds and costs, the same rows, and every coefficient written
//! with Rust's shortest round-trip formatting, so a reader that parses
//! decimals correctly gets back the very same `f64`s.
//!
//! # Names
//!
//! Domain names such as `x[k=baotou-halt,s=lynas,e=ndpr-oxide,b=aichi,t=2012Q3]`
//! hold characters that LP readers reject, so both writers rename, by a
//! fixed rule, and list every changed name in a comment at the end of the
//! file (`new <- original`).
//!
//! **LP** (characters legal in the CPLEX, Gurobi, HiGHS and GLPK readers):
//!
//! * ASCII letters, digits, `_`, `.`, `(` and `)` are kept;
//! * `[` becomes `(`, `]` becomes `)` and `,` becomes `.`;
//! * every other character (`=`, `-`, `+`, `:`, spaces, non-ASCII, …)
//!   becomes `_`;
//! * names longer than 160 characters are cut to 160;
//! * a `_` is put in front of a name that is empty, starts with a digit,
//!   `.`, `(` or `)`, could be read as a number (`e`/`E` alone or followed
//!   by a digit or another `e`/`E`, such as `e1`; `inf…`, `nan…`), or is a
//!   keyword of the format (`st`, `end`, `free`, `bounds`, …, in any case).
//!
//! So `x[k=baotou-halt,s=lynas,t=2012Q3]` is written
//! `x(k_baotou_halt.s_lynas.t_2012Q3)` and `eta` stays `eta`.
//!
//! **MPS** (free format, where fields are separated by spaces): every
//! character that is not printable ASCII (spaces, control characters,
//! non-ASCII) becomes `_`, names are cut to 160 characters, and a `_` is put
//! in front of a name that is empty or starts with `*` or `$` (comment
//! markers in some readers). The domain names are usually kept as they are.
//!
//! **Uniqueness** (both formats; columns and rows are separate name spaces,
//! and the row name `obj` is kept for the objective): names that the rule
//! leaves unchanged keep them, first come first served; then, in order,
//! each changed name takes its new form if that is still free, or else the
//! first free one of `new#2`, `new#3`, … (`#` never comes out of the LP rule,
//! so a suffixed name never meets a plain one there). The result depends
//! only on the program, never on the run.
//!
//! # Rows
//!
//! A ranged row (`lower < upper`, both finite) is written in MPS with a
//! `RANGES` entry and in LP as two rows, `name_lo` (`>= lower`) and
//! `name_hi` (`<= upper`), named by the same rule. A row with
//! `lower > upper` (infeasible) is written as those two rows in both
//! formats. A row with no bounds at all constrains nothing and is left out,
//! with a comment. A row with no coefficients is kept, in LP as
//! `0 first_column`, so an empty row whose bounds exclude 0 still makes the
//! program infeasible. Repeated entries for one column in a row are summed.
//! A program without columns gets one, `_zero`, fixed at 0, for its rows to
//! refer to.
//!
//! # Numbers that cannot be written
//!
//! A NaN bound is read as "no bound", and a NaN or infinite cost or
//! coefficient is left out (as 0); each such repair is reported in a
//! `warning` comment at the top of the file. Infinite bounds are written as
//! `free`, `-inf`/`+inf` (LP) or `FR`/`MI` (MPS); the rare bound of `+inf`
//! on a lower side (or `-inf` on an upper side) is written as `+inf` (LP) or
//! `1e30` (MPS), which readers take as infinite.

mod lp_file;
mod mps_file;
mod names;
mod numbers;

use std::collections::HashMap;
use std::collections::HashSet;

use super::LinearProgram;
pub use lp_file::write_lp;
pub use mps_file::write_mps;
use names::*;
use numbers::*;

/// Longest line written (some LP readers stop at 255 characters).
const MAX_LINE: usize = 255;

/// The objective's name (a reserved row name).
const OBJECTIVE: &str = "obj";

/// The column written, fixed at 0, when the program has none: LP rows and
/// objective need a variable to refer to, and HiGHS calls a program without
/// columns "empty" without looking at its rows.
const ZERO_COLUMN: &str = "_zero";

/// The program cleaned for writing: merged row entries, finite costs and
/// coefficients, no NaN bounds; what was repaired, in `warnings`.
struct Prepared {
    /// Per row, its entries with repeated columns summed and zeros dropped.
    entries: Vec<Vec<(usize, f64)>>,
    /// Per column, its cost (0 where it was not finite).
    cost: Vec<f64>,
    /// Per column, its bounds (NaN read as no bound).
    bounds: Vec<(f64, f64)>,
    /// Per row, what it requires.
    sense: Vec<Sense>,
    /// Rows with no bounds, which are left out.
    free_rows: Vec<usize>,
    /// One line per repair.
    warnings: Vec<String>,
}

impl Prepared {
    fn new(lp: &LinearProgram) -> Self {
        let n = lp.columns.len();
        let mut warnings = Vec::new();
        let cost = lp
            .columns
            .iter()
            .map(|c| {
                if c.cost.is_finite() {
                    c.cost
                } else {
                    warnings.push(format!("column `{}`: cost {} left out", c.name, c.cost));
                    0.0
                }
            })
            .collect();
        let bounds = lp
            .columns
            .iter()
            .map(|c| {
                let (l, u) = no_nan(c.lower, c.upper);
                if (l, u) != (c.lower, c.upper) {
                    warnings.push(format!("column `{}`: NaN bound read as no bound", c.name));
                }
                (l, u)
            })
            .collect();

        // `slot[j]`: position of column j in the row being merged.
        let mut slot = vec![usize::MAX; n];
        let mut entries = Vec::with_capacity(lp.rows.len());
        let mut sense = Vec::with_capacity(lp.rows.len());
        let mut free_rows = Vec::new();
        for (i, row) in lp.rows.iter().enumerate() {
            let (l, u) = no_nan(row.lower, row.upper);
            if (l, u) != (row.lower, row.upper) {
                warnings.push(format!("row `{}`: NaN bound read as no bound", row.name));
            }
            let s = Sense::of(l, u);
            if s == Sense::Free {
                free_rows.push(i);
            }
            sense.push(s);

            let start = lp.row_start.get(i).copied().unwrap_or(0);
            let end = lp.row_start.get(i + 1).copied().unwrap_or(start);
            let (Some(cols), Some(vals)) =
                (lp.col_index.get(start..end), lp.values.get(start..end))
            else {
                warnings.push(format!(
                    "row `{}`: entries out of range, left out",
                    row.name
                ));
                entries.push(Vec::new());
                continue;
            };
            let mut merged: Vec<(usize, f64)> = Vec::with_capacity(cols.len());
            for (&j, &a) in cols.iter().zip(vals) {
                if j >= n {
                    warnings.push(format!(
                        "row `{}`: column {j} does not exist, left out",
                        row.name
                    ));
                } else if !a.is_finite() {
                    warnings.push(format!(
                        "row `{}`: coefficient {a} of column `{}` left out",
                        row.name, lp.columns[j].name
                    ));
                } else if slot[j] == usize::MAX {
                    slot[j] = merged.len();
                    merged.push((j, a));
                } else {
                    merged[slot[j]].1 += a;
                }
            }
            for &(j, _) in &merged {
                slot[j] = usize::MAX;
            }
            merged.retain(|&(_, a)| a != 0.0);
            entries.push(merged);
        }
        Prepared {
            entries,
            cost,
            bounds,
            sense,
            free_rows,
            warnings,
        }
    }

    /// Per column, whether the LP file names it outside the Bounds section
    /// (in the objective or a written row), so that it is declared there.
    fn declared(&self, no_columns: bool) -> Vec<bool> {
        let mut seen: Vec<bool> = self.cost.iter().map(|&c| c != 0.0).collect();
        let mut placeholder = !seen.iter().any(|&s| s);
        for (i, entries) in self.entries.iter().enumerate() {
            if self.sense[i] == Sense::Free {
                continue;
            }
            placeholder |= entries.is_empty();
            for &(j, _) in entries {
                seen[j] = true;
            }
        }
        // `0 first_column` stands in for an empty objective or row.
        if placeholder && !no_columns {
            if let Some(first) = seen.first_mut() {
                *first = true;
            }
        }
        seen
    }
}

/// What a row requires of its activity.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Sense {
    /// Nothing.
    Free,
    /// `≥ lower`.
    Ge(f64),
    /// `≤ upper`.
    Le(f64),
    /// `= value`.
    Eq(f64),
    /// `lower ≤ · ≤ upper`, `lower < upper`, both finite.
    Range(f64, f64),
    /// `lower ≤ · ≤ upper` with `lower > upper`: infeasible, written as two
    /// rows.
    Split(f64, f64),
}

impl Sense {
    fn of(lower: f64, upper: f64) -> Sense {
        let has_lower = lower > f64::NEG_INFINITY;
        let has_upper = upper < f64::INFINITY;
        match (has_lower, has_upper) {
            (false, false) => Sense::Free,
            (true, false) => Sense::Ge(lower),
            (false, true) => Sense::Le(upper),
            (true, true) if lower == upper => Sense::Eq(lower),
            (true, true) if lower < upper => Sense::Range(lower, upper),
            (true, true) => Sense::Split(lower, upper),
        }
    }
}

/// A comparison in a written row.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Ge,
    Le,
    Eq,
}

impl Op {
    fn lp(self) -> &'static str {
        match self {
            Op::Ge => ">=",
            Op::Le => "<=",
            Op::Eq => "=",
        }
    }

    fn mps(self) -> &'static str {
        match self {
            Op::Ge => "G",
            Op::Le => "L",
            Op::Eq => "E",
        }
    }
}

/// A row as written: one row of the program, or one side of it.
#[derive(Debug, Clone, PartialEq)]
struct OutRow {
    /// The program's row.
    source: usize,
    op: Op,
    rhs: f64,
    /// MPS `RANGES` value.
    range: Option<f64>,
    /// `""`, or `_lo`/`_hi` for one side of a row written as two.
    suffix: &'static str,
}

impl OutRow {
    fn new(source: usize, op: Op, rhs: f64) -> Self {
        OutRow {
            source,
            op,
            rhs,
            range: None,
            suffix: "",
        }
    }

    fn sides(source: usize, lower: f64, upper: f64) -> [OutRow; 2] {
        [
            OutRow {
                suffix: "_lo",
                ..OutRow::new(source, Op::Ge, lower)
            },
            OutRow {
                suffix: "_hi",
                ..OutRow::new(source, Op::Le, upper)
            },
        ]
    }
}

/// The domain names of the written rows, each with "may keep its name"
/// (false for a side of a row written as two).
fn out_row_originals(lp: &LinearProgram, rows: &[OutRow]) -> Vec<(String, bool)> {
    rows.iter()
        .map(|r| {
            let name = &lp.rows[r.source].name;
            (format!("{name}{}", r.suffix), r.suffix.is_empty())
        })
        .collect()
}

/// An LP line being filled with tokens, wrapped at [`MAX_LINE`].
struct Line<'a> {
    out: &'a mut String,
    line: String,
}

impl<'a> Line<'a> {
    fn new(out: &'a mut String, start: &str) -> Self {
        Line {
            out,
            line: start.to_string(),
        }
    }

    /// Adds a token after a space, on a new line if it would not fit.
    fn push(&mut self, token: &str) {
        if self.line.len() + 1 + token.len() > MAX_LINE && !self.line.trim().is_empty() {
            self.out.push_str(&self.line);
            self.out.push('\n');
            self.line.clear();
            self.line.push_str("  ");
        }
        self.line.push(' ');
        self.line.push_str(token);
    }

    fn finish(self) {
        self.out.push_str(&self.line);
        self.out.push('\n');
    }
}

/// A comment line: `prefix` then `text` escaped to printable ASCII and cut
/// to fit in [`MAX_LINE`].
fn push_comment(out: &mut String, prefix: &str, text: &str) {
    let escaped: String = text.escape_default().collect();
    let room = MAX_LINE.saturating_sub(prefix.len());
    out.push_str(prefix);
    if escaped.len() > room {
        out.push_str(&escaped[..room.saturating_sub(3)]);
        out.push_str("...");
    } else {
        out.push_str(&escaped);
    }
    out.push('\n');
}

/// The comment header: sizes, how rows were written, and warnings.
fn push_header(
    out: &mut String,
    comment: &str,
    lp: &LinearProgram,
    prepared: &Prepared,
    rows: &[OutRow],
) {
    out.push_str(&format!(
        "{comment} rareplan: {} columns, {} rows\n",
        lp.columns.len(),
        lp.rows.len()
    ));
    let split = rows.iter().filter(|r| r.suffix == "_lo").count();
    let free = prepared.free_rows.len();
    if split > 0 || free > 0 {
        out.push_str(&format!(
            "{comment} written as {} rows: {split} with two bounds as two rows (_lo, _hi), {free} with no bounds left out\n",
            rows.len()
        ));
    }
    for warning in &prepared.warnings {
        push_comment(out, &format!("{comment} warning: "), warning);
    }
}

/// The table of changed names, `new <- original`, as comments.
fn push_renames(
    out: &mut String,
    comment: &str,
    lp: &LinearProgram,
    column_names: &[String],
    rows: &[OutRow],
    row_names: &[String],
) {
    let columns = lp
        .columns
        .iter()
        .zip(column_names)
        .filter(|(c, new)| c.name != **new)
        .map(|(c, new)| (new, c.name.clone()));
    let rows = rows
        .iter()
        .zip(row_names)
        .filter(|(r, new)| !r.suffix.is_empty() || lp.rows[r.source].name != **new)
        .map(|(r, new)| {
            let original = &lp.rows[r.source].name;
            let side = match r.suffix {
                "_lo" => " (lower side)",
                "_hi" => " (upper side)",
                _ => "",
            };
            (new, format!("{original}{side}"))
        });
    let mut header = Some(format!("{comment} names changed (new <- original):\n"));
    for (kind, (new, original)) in columns
        .map(|c| ("column", c))
        .chain(rows.map(|r| ("row", r)))
    {
        if let Some(h) = header.take() {
            out.push_str(&h);
        }
        push_comment(out, &format!("{comment} {kind} {new} <- "), &original);
    }
}

#[cfg(test)]
mod tests {
    use super::lp_file::*;
    use super::mps_file::*;
    use super::*;

    #[test]
    fn lp_names_keep_their_shape() {
        assert_eq!(
            sanitise_lp("x[k=baotou-halt,s=lynas,e=ndpr-oxide,b=aichi,t=2012Q3]"),
            "x(k_baotou_halt.s_lynas.e_ndpr_oxide.b_aichi.t_2012Q3)"
        );
        assert_eq!(
            sanitise_lp("balance[k=baseline,b=aichi,e=ndpr-oxide,t=2012Q3]"),
            "balance(k_baseline.b_aichi.e_ndpr_oxide.t_2012Q3)"
        );
        assert_eq!(sanitise_lp("z[k=a+b]"), "z(k_a_b)");
        assert_eq!(sanitise_lp("eta"), "eta");
        assert_eq!(sanitise_lp("a b:c/d*e^f<g>h;i\\j"), "a_b_c_d_e_f_g_h_i_j");
        assert_eq!(sanitise_lp("Nürnberg"), "N_rnberg");
    }

    #[test]
    fn lp_names_that_could_be_misread_get_a_prefix() {
        for (name, expected) in [
            ("", "_"),
            ("3d", "_3d"),
            (".x", "_.x"),
            ("[a]", "_(a)"),
            ("e", "_e"),
            ("E", "_E"),
            ("e1", "_e1"),
            ("E8cats", "_E8cats"),
            ("eels", "_eels"),
            ("inf", "_inf"),
            ("Infinity", "_Infinity"),
            ("info", "_info"),
            ("NaN", "_NaN"),
            ("st", "_st"),
            ("END", "_END"),
            ("free", "_free"),
            ("Bounds", "_Bounds"),
            ("s.t.", "_s.t."),
        ] {
            assert_eq!(sanitise_lp(name), expected, "{name:?}");
        }
        for name in ["eta", "exercise[k=a]", "x", "ends", "st1", "minimal"] {
            assert!(!sanitise_lp(name).starts_with('_'), "{name:?}");
        }
    }

    #[test]
    fn long_names_are_cut() {
        let long = "x".repeat(400);
        assert_eq!(sanitise_lp(&long).len(), MAX_NAME);
        assert_eq!(sanitise_mps(&long).len(), MAX_NAME);
    }

    #[test]
    fn mps_names_lose_only_spaces_and_the_like() {
        assert_eq!(
            sanitise_mps("x[k=a+b,s=lynas,t=2012Q3]"),
            "x[k=a+b,s=lynas,t=2012Q3]"
        );
        assert_eq!(sanitise_mps("two words\there"), "two_words_here");
        assert_eq!(sanitise_mps("*star"), "_*star");
        assert_eq!(sanitise_mps("$x"), "_$x");
        assert_eq!(sanitise_mps(""), "_");
        assert_eq!(sanitise_mps("Nürnberg"), "N_rnberg");
    }

    fn names(list: &[&str]) -> Vec<(String, bool)> {
        list.iter().map(|n| (n.to_string(), true)).collect()
    }

    #[test]
    fn unchanged_names_win_and_collisions_get_suffixes() {
        let got = unique_names(
            &names(&["z[k=a+b]", "z[k=a-b]", "z(k_a_b)", "z[k=a+b]", "w"]),
            sanitise_lp,
            &[],
        );
        assert_eq!(
            got,
            ["z(k_a_b)#2", "z(k_a_b)#3", "z(k_a_b)", "z(k_a_b)#4", "w"]
        );
    }

    #[test]
    fn duplicate_names_and_reserved_names_are_renamed() {
        let got = unique_names(&names(&["a", "a", "obj", "a#2"]), sanitise_mps, &["obj"]);
        assert_eq!(got, ["a", "a#3", "obj#2", "a#2"]);
        let got = unique_names(
            &[("r_lo".to_string(), true), ("r_lo".to_string(), false)],
            sanitise_lp,
            &[],
        );
        assert_eq!(got, ["r_lo", "r_lo#2"]);
    }

    #[test]
    fn renaming_is_deterministic_and_unique() {
        let list: Vec<String> = (0..300)
            .map(|i| format!("v[{}]", ["a-b", "a+b", "a=b", "a_b", "a b"][i % 5]))
            .collect();
        let originals: Vec<(String, bool)> = list.iter().map(|n| (n.clone(), true)).collect();
        let first = unique_names(&originals, sanitise_lp, &[]);
        assert_eq!(first, unique_names(&originals, sanitise_lp, &[]));
        let set: HashSet<&String> = first.iter().collect();
        assert_eq!(set.len(), first.len());
    }

    #[test]
    fn numbers_are_short_and_read_back_exactly() {
        for (x, text) in [
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (-2.5, "-2.5"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e-5, "0.00001"),
            (1e15, "1000000000000000"),
            (1e16, "1e16"),
            (1e300, "1e300"),
            (-1.5e-7, "-1.5e-7"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e308"),
            (123456.789, "123456.789"),
        ] {
            assert_eq!(num(x), text, "{x:?}");
        }
        let mut x = 1.2345e-310;
        while x < 1e308 {
            for v in [x, -x, x / 7.0 * 3.0] {
                let text = num(v);
                assert!(text.len() <= 24, "{text}");
                assert!(!text.contains(['N', 'i']), "{text}");
                assert_eq!(text.parse::<f64>(), Ok(v), "{text}");
            }
            x *= 17.3;
        }
    }

    #[test]
    fn infinities_only_in_bounds() {
        assert_eq!(lp_bound(f64::NEG_INFINITY), "-inf");
        assert_eq!(lp_bound(f64::INFINITY), "+inf");
        assert_eq!(mps_num(f64::INFINITY), "1e30");
        assert_eq!(mps_num(f64::NEG_INFINITY), "-1e30");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn lp_terms_and_bounds() {
        assert_eq!(lp_term(1.0, "x"), "+ x");
        assert_eq!(lp_term(-1.0, "x"), "- x");
        assert_eq!(lp_term(-2e-7, "x"), "- 2e-7 x");
        let inf = f64::INFINITY;
        assert_eq!(
            lp_column_bounds("x", -inf, inf, true).as_deref(),
            Some("x free")
        );
        assert_eq!(lp_column_bounds("x", 0.0, inf, true), None);
        assert_eq!(
            lp_column_bounds("x", 0.0, inf, false).as_deref(),
            Some("x >= 0")
        );
        assert_eq!(
            lp_column_bounds("x", -3.0, inf, true).as_deref(),
            Some("x >= -3")
        );
        assert_eq!(
            lp_column_bounds("x", 2.5, 2.5, true).as_deref(),
            Some("x = 2.5")
        );
        assert_eq!(
            lp_column_bounds("x", -inf, -1.0, true).as_deref(),
            Some("-inf <= x <= -1")
        );
        assert_eq!(
            lp_column_bounds("x", 0.0, -1.0, true).as_deref(),
            Some("0 <= x <= -1")
        );
    }

    #[test]
    fn mps_bounds_survive_the_negative_upper_bound_rule() {
        let inf = f64::INFINITY;
        assert_eq!(mps_column_bounds(0.0, inf), []);
        assert_eq!(mps_column_bounds(-inf, inf), [("FR", None)]);
        assert_eq!(mps_column_bounds(2.0, 2.0), [("FX", Some(2.0))]);
        assert_eq!(
            mps_column_bounds(-inf, 4.0),
            [("MI", None), ("UP", Some(4.0))]
        );
        assert_eq!(mps_column_bounds(0.0, 4.0), [("UP", Some(4.0))]);
        assert_eq!(
            mps_column_bounds(0.0, -1.0),
            [("UP", Some(-1.0)), ("LO", Some(0.0))]
        );
        assert_eq!(mps_column_bounds(-3.0, inf), [("LO", Some(-3.0))]);
        assert_eq!(
            mps_column_bounds(-3.0, -1.0),
            [("UP", Some(-1.0)), ("LO", Some(-3.0))]
        );
    }

    #[test]
    fn ranged_rows_give_back_both_bounds() {
        for (l, u) in [(1.0, 4.0), (0.1, 0.3), (-1e-9, 1e9), (1e20, 1e20 + 1e5)] {
            let row = mps_range_row(0, l, u);
            let r = row.range.unwrap_or(f64::NAN).abs();
            let (lo, hi) = match row.op {
                Op::Ge => (row.rhs, row.rhs + r),
                _ => (row.rhs - r, row.rhs),
            };
            assert_eq!(lo, l);
            assert!((hi - u).abs() <= f64::EPSILON * u.abs(), "{l} {u}");
        }
    }

    #[test]
    fn row_senses() {
        let inf = f64::INFINITY;
        assert_eq!(Sense::of(-inf, inf), Sense::Free);
        assert_eq!(Sense::of(1.0, inf), Sense::Ge(1.0));
        assert_eq!(Sense::of(-inf, 1.0), Sense::Le(1.0));
        assert_eq!(Sense::of(1.0, 1.0), Sense::Eq(1.0));
        assert_eq!(Sense::of(1.0, 2.0), Sense::Range(1.0, 2.0));
        assert_eq!(Sense::of(2.0, 1.0), Sense::Split(2.0, 1.0));
    }

    fn sample() -> LinearProgram {
        let mut lp = LinearProgram::new();
        let x = lp.add_column("x[k=a+b]".into(), -3.0, 4.0, 2.0);
        let y = lp.add_column("y".into(), 0.0, f64::INFINITY, 0.0);
        lp.add_column("lonely".into(), 0.0, f64::INFINITY, 0.0);
        lp.add_row("r".into(), 1.0, 4.0, &[(x, 1.0), (y, 1.0), (x, 2.0)]);
        lp.add_row("empty".into(), -1.0, f64::INFINITY, &[]);
        lp.add_row("free".into(), f64::NEG_INFINITY, f64::INFINITY, &[(y, 1.0)]);
        lp
    }

    #[test]
    fn lp_text() {
        let text = write_lp(&sample());
        let expected = "\\ rareplan: 3 columns, 3 rows
\\ written as 3 rows: 1 with two bounds as two rows (_lo, _hi), 1 with no bounds left out
Minimize
 obj: + 2 x(k_a_b)
Subject To
 r_lo: + 3 x(k_a_b) + y >= 1
 r_hi: + 3 x(k_a_b) + y <= 4
 empty: 0 x(k_a_b) >= -1
\\ left out, no bounds: free
Bounds
 -3 <= x(k_a_b) <= 4
 lonely >= 0
\\ names changed (new <- original):
\\ column x(k_a_b) <- x[k=a+b]
\\ row r_lo <- r (lower side)
\\ row r_hi <- r (upper side)
End
";
        assert_eq!(text, expected);
    }

    #[test]
    fn mps_text() {
        let text = write_mps(&sample());
        let expected = "* rareplan: 3 columns, 3 rows
* written as 2 rows: 0 with two bounds as two rows (_lo, _hi), 1 with no bounds left out
NAME rareplan
ROWS
 N obj
 G r
 G empty
* left out, no bounds: free
COLUMNS
 x[k=a+b] obj 2
 x[k=a+b] r 3
 y r 1
 lonely obj 0
RHS
 RHS r 1
 RHS empty -1
RANGES
 RNG r 3
BOUNDS
 UP BND x[k=a+b] 4
 LO BND x[k=a+b] -3
ENDATA
";
        assert_eq!(text, expected);
    }

    #[test]
    fn long_rows_are_wrapped() {
        let mut lp = LinearProgram::new();
        let terms: Vec<(usize, f64)> = (0..300)
            .map(|i| {
                (
                    lp.add_column(format!("{}{i}", "v".repeat(300)), 0.0, 1.0, -1.5e-7),
                    1.0,
                )
            })
            .collect();
        lp.add_row("sum".into(), 1.0, f64::INFINITY, &terms);
        let text = write_lp(&lp);
        assert!(text.lines().all(|l| l.len() <= MAX_LINE));
        assert_eq!(text.matches(" + ").count(), 300);
    }

    #[test]
    fn an_empty_program_still_has_a_variable() {
        let mut lp = LinearProgram::new();
        lp.add_row("impossible".into(), 1.0, 1.0, &[]);
        let text = write_lp(&lp);
        assert!(text.contains(" obj: 0 _zero\n"));
        assert!(text.contains(" impossible: 0 _zero = 1\n"));
        assert!(text.contains(" _zero = 0\n"));
    }

    #[test]
    fn an_empty_program_still_has_a_column_in_mps() {
        let mut lp = LinearProgram::new();
        lp.add_row("impossible".into(), 1.0, 1.0, &[]);
        let text = write_mps(&lp);
        assert!(text.contains(" _zero obj 0\n"), "{text}");
        assert!(text.contains(" FX BND _zero 0\n"), "{text}");
        assert!(text.contains(" RHS impossible 1\n"), "{text}");
    }

    #[test]
    fn repairs_are_reported() {
        let mut lp = LinearProgram::new();
        let x = lp.add_column("x".into(), f64::NAN, 1.0, f64::NAN);
        lp.add_row("r".into(), 0.0, f64::NAN, &[(x, f64::INFINITY), (7, 1.0)]);
        for text in [write_lp(&lp), write_mps(&lp)] {
            assert_eq!(text.matches("warning: ").count(), 5, "{text}");
            for line in text.lines().filter(|l| !l.starts_with(['\\', '*'])) {
                let lower = line.to_ascii_lowercase().replace("-inf", "");
                assert!(!lower.contains("nan") && !lower.contains("inf"), "{line}");
            }
        }
    }
}
