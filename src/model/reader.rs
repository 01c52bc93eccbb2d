//! Typed reads from the spanned TOML tree, each one recording a
//! [`Diagnostic`] (with the field's path and span) instead of failing.

use std::collections::HashSet;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::rules;
use crate::diagnostic::{Diagnostic, nearest, readable};

/// A value of the TOML tree with its byte span.
pub(crate) type Node<'i> = Spanned<DeValue<'i>>;

/// Collects diagnostics while the tree is read.
#[derive(Debug, Default)]
pub(crate) struct Reader {
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Paths of fields that a misspelt key was taken for (`capacty` →
    /// `...capacity`): their absence is not reported a second time.
    corrected: HashSet<String>,
    /// Set when `model.periods` is missing or unreadable: per-period lists
    /// then cannot be counted, and are not (one error, not one per list).
    pub(crate) horizon_unknown: bool,
    /// Ids compared so far in search of the nearest to an unknown one.
    pub(crate) compared: usize,
}

/// `parent.key`, or `key` at the top.
pub(crate) fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// `parent[index]`.
pub(crate) fn index(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}

/// What kind of TOML value this is, in words.
fn kind_of(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// The value under `key`, if present.
pub(crate) fn get<'t, 'i>(table: &'t DeTable<'i>, key: &str) -> Option<&'t Node<'i>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(_, v)| v)
}

impl Reader {
    /// Records an error.
    pub(crate) fn error(&mut self, path: &str, span: Range<usize>, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(path, Some(span), message));
    }

    /// Records an error with a hint.
    pub(crate) fn error_help(
        &mut self,
        path: &str,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::error(path, Some(span), message).with_help(help));
    }

    /// Records a type mismatch.
    pub(crate) fn wrong_type(&mut self, path: &str, node: &Node<'_>, expected: &str) {
        let found = kind_of(node.get_ref());
        let message = format!("expected {expected}, found {found}");
        let wants_number = expected.starts_with("a number");
        let help = match node.get_ref() {
            DeValue::String(s) if wants_number && s.trim().parse::<f64>().is_ok() => {
                Some(format!("write the number without quotes: `{}`", s.trim()))
            }
            DeValue::Integer(v) if expected == "a string" => {
                Some(format!("write it in quotes: `\"{}\"`", v.as_str()))
            }
            DeValue::Float(v) if expected == "a string" => {
                Some(format!("write it in quotes: `\"{}\"`", v.as_str()))
            }
            DeValue::String(s) if expected == "an array" => {
                let items: Vec<String> = s
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|item| !item.is_empty())
                    .map(|item| format!("\"{item}\""))
                    .collect();
                Some(format!("write a list: `[{}]`", items.join(", ")))
            }
            _ => None,
        };
        match help {
            Some(help) => self.error_help(path, node.span(), message, help),
            None => self.error(path, node.span(), message),
        }
    }

    /// Replaces the hint of the error already recorded at `key_path` (an
    /// unknown key) by `help`, and takes that key for the field at
    /// `meant_path`, whose absence is then not reported again.
    pub(crate) fn misnamed(&mut self, key_path: &str, meant_path: &str, help: String) {
        if let Some(d) = self
            .diagnostics
            .iter_mut()
            .rev()
            .find(|d| d.is_error() && d.path == key_path)
        {
            d.help = Some(help);
            self.corrected.insert(meant_path.to_string());
        }
    }

    /// Records a type mismatch, with a hint.
    pub(crate) fn wrong_type_help(
        &mut self,
        path: &str,
        node: &Node<'_>,
        expected: &str,
        help: impl Into<String>,
    ) {
        let found = kind_of(node.get_ref());
        self.error_help(
            path,
            node.span(),
            format!("expected {expected}, found {found}"),
            help,
        );
    }

    /// The node as a table whose keys are all in `known`; unknown keys are
    /// reported with the nearest known one.
    pub(crate) fn table<'n, 'i>(
        &mut self,
        node: &'n Node<'i>,
        path: &str,
        known: &[&str],
    ) -> Option<&'n DeTable<'i>> {
        let DeValue::Table(table) = node.get_ref() else {
            let top_level = !path.is_empty() && !path.contains(['.', '[']);
            match node.get_ref() {
                DeValue::Array(items)
                    if top_level
                        && items
                            .iter()
                            .all(|item| matches!(item.get_ref(), DeValue::Table(_))) =>
                {
                    self.error_help(
                        path,
                        node.span(),
                        format!(
                            "expected one table `[{path}]`, found an array of tables `[[{path}]]`"
                        ),
                        format!("write the header as `[{path}]`, once"),
                    );
                }
                _ => self.wrong_type(path, node, "a table"),
            }
            return None;
        };
        for (key, _) in table.iter() {
            let name = key.get_ref().as_ref();
            if !known.contains(&name) {
                let field = join(path, name);
                let message = format!("unknown key `{name}`");
                match nearest(name, known.iter().copied()) {
                    Some(near) => {
                        if get(table, near).is_none() {
                            self.corrected.insert(join(path, near));
                        }
                        self.error_help(
                            &field,
                            key.span(),
                            message,
                            format!("did you mean `{near}`?"),
                        );
                    }
                    None => self.error_help(
                        &field,
                        key.span(),
                        message,
                        format!("known keys here: {}", known.join(", ")),
                    ),
                }
            }
        }
        Some(table)
    }

    /// The node as a table of free keys (ids or regions), without checking
    /// the keys.
    pub(crate) fn map<'n, 'i>(
        &mut self,
        node: &'n Node<'i>,
        path: &str,
    ) -> Option<&'n DeTable<'i>> {
        match node.get_ref() {
            DeValue::Table(table) => Some(table),
            _ => {
                self.wrong_type(path, node, "a table");
                None
            }
        }
    }

    /// The node as an array of nodes.
    pub(crate) fn array<'n, 'i>(
        &mut self,
        node: &'n Node<'i>,
        path: &str,
    ) -> Option<&'n [Node<'i>]> {
        match node.get_ref() {
            DeValue::Array(items) => Some(items),
            _ => {
                self.wrong_type(path, node, "an array");
                None
            }
        }
    }

    /// A required field; reports its absence against the table's span.
    pub(crate) fn required<'t, 'i>(
        &mut self,
        table: &'t DeTable<'i>,
        table_span: Range<usize>,
        path: &str,
        key: &str,
    ) -> Option<&'t Node<'i>> {
        let found = get(table, key);
        let field = join(path, key);
        if found.is_none() && !self.corrected.contains(&field) {
            self.problem(&field, table_span, rules::missing(key));
        }
        found
    }

    /// A finite number (an integer or a float).
    pub(crate) fn number(&mut self, node: &Node<'_>, path: &str) -> Option<f64> {
        let (value, literal) = match node.get_ref() {
            DeValue::Integer(i) => {
                let digits = i.as_str().replace('_', "");
                let value = i64::from_str_radix(&digits, i.radix())
                    .ok()
                    .map(|v| v as f64);
                (value, i.as_str())
            }
            DeValue::Float(f) => (f.as_str().replace('_', "").parse::<f64>().ok(), f.as_str()),
            _ => {
                self.wrong_type(path, node, "a number");
                return None;
            }
        };
        match value {
            Some(v) if v.is_finite() => Some(v),
            Some(v) if v.is_infinite() && !literal.contains("inf") => {
                self.error_help(
                    path,
                    node.span(),
                    format!(
                        "{literal} is too large: it is beyond the largest number (about 1.8e308)"
                    ),
                    "give a finite number",
                );
                None
            }
            Some(v) => {
                let checked = rules::finite(v);
                self.ruled(node, path, checked)
            }
            None => {
                self.error_help(
                    path,
                    node.span(),
                    format!(
                        "integer {literal} is out of range: TOML integers are 64-bit (at most {})",
                        i64::MAX
                    ),
                    "write a larger number as a float, such as 1e20",
                );
                None
            }
        }
    }

    /// A finite number ≥ 0.
    pub(crate) fn non_negative(&mut self, node: &Node<'_>, path: &str) -> Option<f64> {
        let value = self.number(node, path)?;
        self.ruled(node, path, rules::non_negative(value))
    }

    /// A number in [0,1] (a probability, share or weight).
    pub(crate) fn fraction(&mut self, node: &Node<'_>, path: &str) -> Option<f64> {
        let value = self.number(node, path)?;
        self.ruled(node, path, rules::fraction(value))
    }

    /// The value a rule accepted, or its problem recorded at `node`.
    pub(crate) fn ruled<T>(
        &mut self,
        node: &Node<'_>,
        path: &str,
        checked: Result<T, rules::Problem>,
    ) -> Option<T> {
        match checked {
            Ok(value) => Some(value),
            Err(problem) => {
                self.problem(path, node.span(), problem);
                None
            }
        }
    }

    /// Records a rule's problem as an error at `span`.
    pub(crate) fn problem(&mut self, path: &str, span: Range<usize>, problem: rules::Problem) {
        self.error_help(path, span, problem.message, problem.help);
    }

    /// A whole number ≥ `min`, read from a TOML integer as it is written
    /// (never through a float, so 2^53 + 1 stays 2^53 + 1); a float is
    /// taken where it is whole and at most 2^53 (exact). TOML integers are
    /// 64-bit signed: larger ones cannot be written (use the command line).
    pub(crate) fn whole(&mut self, node: &Node<'_>, path: &str, min: u64) -> Option<u64> {
        let refuse = |r: &mut Reader, found: String| {
            r.problem(path, node.span(), rules::not_whole(min, &found));
            None
        };
        match node.get_ref() {
            DeValue::Integer(i) => {
                let digits = i.as_str().replace('_', "");
                match i64::from_str_radix(&digits, i.radix()) {
                    Ok(v) => match u64::try_from(v) {
                        Ok(v) if v >= min => Some(v),
                        _ => refuse(self, v.to_string()),
                    },
                    Err(_) => {
                        self.error_help(
                            path,
                            node.span(),
                            format!(
                                "integer {} is out of range: TOML integers are 64-bit (at most {})",
                                crate::diagnostic::cut(i.as_str()),
                                i64::MAX
                            ),
                            "give a smaller whole number (a seed above it can be given with --seed)",
                        );
                        None
                    }
                }
            }
            DeValue::Float(_) => {
                let value = self.number(node, path)?;
                const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
                if value.fract() == 0.0 && value >= min as f64 && value <= EXACT {
                    Some(value as u64)
                } else if value.fract() == 0.0 && value > EXACT {
                    self.error_help(
                        path,
                        node.span(),
                        format!("{} is a float too large to be exact", readable(value)),
                        "write it as an integer, without a decimal point or exponent",
                    );
                    None
                } else {
                    refuse(self, readable(value))
                }
            }
            _ => {
                self.wrong_type(path, node, "a number");
                None
            }
        }
    }

    /// A string.
    pub(crate) fn string(&mut self, node: &Node<'_>, path: &str) -> Option<String> {
        match node.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.wrong_type(path, node, "a string");
                None
            }
        }
    }

    /// An array of strings, each with its span.
    pub(crate) fn strings(
        &mut self,
        node: &Node<'_>,
        path: &str,
    ) -> Option<Vec<(String, Range<usize>)>> {
        let items = self.array(node, path)?;
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match self.string(item, &index(path, i)) {
                Some(s) => out.push((s, item.span())),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// A per-period value: a number for every period, or a list of exactly
    /// `periods` numbers; each checked with `check`.
    pub(crate) fn per_period(
        &mut self,
        node: &Node<'_>,
        path: &str,
        periods: usize,
        check: fn(&mut Reader, &Node<'_>, &str) -> Option<f64>,
    ) -> Option<Vec<f64>> {
        match node.get_ref() {
            DeValue::Array(items) => {
                if !self.horizon_unknown
                    && let Err(problem) = rules::period_count(items.len(), periods)
                {
                    self.problem(path, node.span(), problem);
                    return None;
                }
                let mut out = Vec::with_capacity(periods);
                for (i, item) in items.iter().enumerate() {
                    out.push(check(self, item, &index(path, i)));
                }
                if items.len() != periods {
                    return None;
                }
                out.into_iter().collect()
            }
            DeValue::Integer(_) | DeValue::Float(_) => {
                check(self, node, path).map(|v| vec![v; periods])
            }
            _ => {
                self.wrong_type(path, node, "a number or a list of numbers, one per period");
                None
            }
        }
    }
}

/// The span of the value at a field path such as `buyer[0].need.ndpr`
/// (keys may themselves hold dots), if the tree has it.
pub(crate) fn span_at(root: &DeTable<'_>, path: &str) -> Option<Range<usize>> {
    walk_table(root, path)
}

fn walk_table(table: &DeTable<'_>, rest: &str) -> Option<Range<usize>> {
    table.iter().find_map(|(key, value)| {
        let key = key.get_ref().as_ref();
        let after = rest.strip_prefix(key)?;
        if after.is_empty() || after.starts_with('.') || after.starts_with('[') {
            walk_node(value, after)
        } else {
            None
        }
    })
}

fn walk_node(node: &Node<'_>, rest: &str) -> Option<Range<usize>> {
    if rest.is_empty() {
        return Some(node.span());
    }
    if let Some(after) = rest.strip_prefix('.') {
        return match node.get_ref() {
            DeValue::Table(table) => walk_table(table, after),
            _ => None,
        };
    }
    let after = rest.strip_prefix('[')?;
    let (digits, after) = after.split_once(']')?;
    let i: usize = digits.parse().ok()?;
    match node.get_ref() {
        DeValue::Array(items) => walk_node(items.get(i)?, after),
        // `[quota]` read as the one entry of `[[quota]]`.
        DeValue::Table(_) if i == 0 => walk_node(node, after),
        _ => None,
    }
}
