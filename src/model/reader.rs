//! Typed reads from the spanned TOML tree, each one recording a
//! [`Diagnostic`] (with the field's path and span) instead of failing.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, nearest};

/// A value of the TOML tree with its byte span.
pub(crate) type Node<'i> = Spanned<DeValue<'i>>;

/// Collects diagnostics while the tree is read.
#[derive(Debug, Default)]
pub(crate) struct Reader {
    pub(crate) diagnostics: Vec<Diagnostic>,
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

    /// Records a warning.
    pub(crate) fn warning(
        &mut self,
        path: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::warning(path, span, message));
    }

    /// Records a type mismatch.
    pub(crate) fn wrong_type(&mut self, path: &str, node: &Node<'_>, expected: &str) {
        let found = kind_of(node.get_ref());
        self.error(
            path,
            node.span(),
            format!("expected {expected}, found {found}"),
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
            self.wrong_type(path, node, "a table");
            return None;
        };
        for (key, _) in table.iter() {
            let name = key.get_ref().as_ref();
            if !known.contains(&name) {
                let field = join(path, name);
                let message = format!("unknown key `{name}`");
                match nearest(name, known.iter().copied()) {
                    Some(near) => self.error_help(
                        &field,
                        key.span(),
                        message,
                        format!("did you mean `{near}`?"),
                    ),
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
        if found.is_none() {
            self.error(
                &join(path, key),
                table_span,
                format!("missing required field `{key}`"),
            );
        }
        found
    }

    /// A finite number (an integer or a float).
    pub(crate) fn number(&mut self, node: &Node<'_>, path: &str) -> Option<f64> {
        let value = match node.get_ref() {
            DeValue::Integer(i) => {
                let digits = i.as_str().replace('_', "");
                i64::from_str_radix(&digits, i.radix())
                    .ok()
                    .map(|v| v as f64)
            }
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => {
                self.wrong_type(path, node, "a number");
                return None;
            }
        };
        match value {
            Some(v) if v.is_finite() => Some(v),
            Some(v) => {
                self.error_help(
                    path,
                    node.span(),
                    format!("{v} is not a finite number"),
                    "give a finite number; nan and inf have no meaning in a plan",
                );
                None
            }
            None => {
                self.error(path, node.span(), "number out of range");
                None
            }
        }
    }

    /// A finite number ≥ 0.
    pub(crate) fn non_negative(&mut self, node: &Node<'_>, path: &str) -> Option<f64> {
        let value = self.number(node, path)?;
        if value < 0.0 {
            self.error_help(
                path,
                node.span(),
                format!("must be ≥ 0, found {value}"),
                "quantities, prices and factors cannot be negative",
            );
            return None;
        }
        Some(value)
    }

    /// A number in [0,1] (a probability, share or weight).
    pub(crate) fn fraction(&mut self, node: &Node<'_>, path: &str) -> Option<f64> {
        let value = self.number(node, path)?;
        if !(0.0..=1.0).contains(&value) {
            self.error_help(
                path,
                node.span(),
                format!("must be in [0, 1], found {value}"),
                "give a fraction such as 0.25",
            );
            return None;
        }
        Some(value)
    }

    /// A whole number ≥ 0.
    pub(crate) fn whole(&mut self, node: &Node<'_>, path: &str) -> Option<u64> {
        let value = self.number(node, path)?;
        if value < 0.0 || value.fract() != 0.0 || value > u64::MAX as f64 {
            self.error_help(
                path,
                node.span(),
                format!("must be a whole number ≥ 0, found {value}"),
                "give a whole number such as 2",
            );
            return None;
        }
        Some(value as u64)
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
                if items.len() != periods {
                    self.error_help(
                        path,
                        node.span(),
                        format!("{} values for {periods} periods", items.len()),
                        format!("give one value per period ({periods}), or a single number for every period"),
                    );
                    return None;
                }
                let mut out = Vec::with_capacity(periods);
                for (i, item) in items.iter().enumerate() {
                    out.push(check(self, item, &index(path, i)));
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

/// Whether `id` is a valid id: non-empty, letters, digits, `-`, `_`, `.`.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
}
