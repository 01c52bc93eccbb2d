//! A strategy applied to the base model and the changed model validated,
//! its problems told in the strategy's words: its name, the strategies
//! file's line and the path by id.

use std::fmt;

use toml::de::{DeTable, DeValue};

use super::file::{Base, Strategy};
use super::patch::{self, KINDS};
use crate::diagnostic::Diagnostic;
use crate::model::Model;

/// A strategy whose changed model is not a valid model.
///
/// ```
/// use rareplan::strategy::{Base, Strategy};
/// let base = Base::load(std::path::Path::new("models/tiny.toml"))?;
/// // The outage still names the supplier the strategy removes.
/// let invalid = Strategy::new("no-china")?.with_remove("supplier.cn-mine")?.apply(&base).unwrap_err();
/// assert_eq!(invalid.strategy, "no-china");
/// assert_eq!(invalid.problems.len(), 1);
/// assert!(invalid.problems[0].render().contains("removes `supplier.cn-mine`"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    /// The strategy's name.
    pub strategy: String,
    /// Every problem found, in the order found.
    pub problems: Vec<Problem>,
}

/// One problem of a strategy or of its changed model.
///
/// ```
/// use rareplan::strategy::{Base, Strategy};
/// let base = Base::load(std::path::Path::new("models/tiny.toml"))?;
/// let invalid = Strategy::new("typo")?.with_set("supplier.au-mine.lead_tme", "2")?.apply(&base).unwrap_err();
/// let problem = &invalid.problems[0];
/// assert_eq!(problem.strategy, "typo");
/// assert_eq!(problem.at, None); // made in code: no place in a file
/// assert!(problem.help.as_deref().is_some_and(|h| h.contains("lead_time")), "{problem:?}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The strategy's name.
    pub strategy: String,
    /// `file:line:column` in the strategies file of the key at fault, or
    /// `file:line` of the strategy; none for a strategy made in code.
    pub at: Option<String>,
    /// `file:line:column` in the base model, when the problem is in its
    /// text (an entity that still names one the strategy removed).
    pub in_base: Option<String>,
    /// The field's path, by id (`supplier.lynas.offers.ndpr-oxide.capacity`).
    pub path: String,
    /// What is wrong, in the words of a model file's messages.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl fmt::Display for Problem {
    /// One line: `file:line:col: strategy `name`: path: message (base
    /// location); help: ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(at) = &self.at {
            write!(f, "{at}: ")?;
        }
        write!(f, "strategy `{}`: ", self.strategy)?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{}", self.message)?;
        if let Some(in_base) = &self.in_base {
            write!(f, " (at {in_base})")?;
        }
        if let Some(help) = &self.help {
            write!(f, "; help: {help}")?;
        }
        Ok(())
    }
}

impl Problem {
    /// The problem as a model file's messages are shown: `file:line:col:
    /// error: ...`, then `  help: ...` on a line of its own.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Some(at) = &self.at {
            out.push_str(at);
            out.push_str(": ");
        }
        out.push_str(&format!("error: strategy `{}`: ", self.strategy));
        if !self.path.is_empty() {
            out.push_str(&self.path);
            out.push_str(": ");
        }
        out.push_str(&self.message);
        if let Some(in_base) = &self.in_base {
            out.push_str(&format!(" (at {in_base})"));
        }
        if let Some(help) = &self.help {
            out.push_str("\n  help: ");
            out.push_str(help);
        }
        out
    }
}

impl fmt::Display for Invalid {
    /// The problems on one line, joined by ` | `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.problems.iter().map(|p| p.to_string()).collect();
        write!(f, "{}", lines.join(" | "))
    }
}

impl std::error::Error for Invalid {}

impl Strategy {
    /// The base model with this strategy's changes (`remove`, then `add`,
    /// then `set`), validated whole as a model file is.
    ///
    /// ```
    /// use rareplan::strategy::{Base, Strategy};
    /// let base = Base::load(std::path::Path::new("models/tiny.toml"))?;
    /// let model = Strategy::new("calm")?.with_set("risk.weight", "0")?.apply(&base)?;
    /// assert_eq!(model.risk.weight, 0.0);
    /// let invalid = Strategy::new("bad")?.with_remove("supplier.cn-mine")?.apply(&base);
    /// assert!(invalid.unwrap_err().to_string().contains("removes `supplier.cn-mine`"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply(&self, base: &Base) -> Result<Model, Invalid> {
        let invalid = |problems| Invalid {
            strategy: self.name.clone(),
            problems,
        };
        if !self.problems.is_empty() {
            let problems = self
                .problems
                .iter()
                .map(|d| self.problem(d, None, &[], &[]))
                .collect();
            return Err(invalid(problems));
        }
        let base_text = &base.source.text;
        let (root, _) = DeTable::parse_recoverable(base_text);
        let root_span = root.span();
        let mut tree = root.into_inner();
        let (strategies, _) = DeTable::parse_recoverable(&self.source.text);
        let strategies = strategies.into_inner();
        let table = strategies
            .get("strategy")
            .and_then(|n| n.get_ref().as_array())
            .and_then(|items| items.get(self.index))
            .and_then(|n| n.get_ref().as_table());
        let offset = base_text.len() + 1;
        let mut diagnostics = Vec::new();
        let applied = match table {
            Some(table) => patch::apply(&mut tree, table, offset, &mut diagnostics),
            None => patch::Applied::default(),
        };
        let (model, found) = crate::model::validate_tree(&tree, root_span);
        diagnostics.extend(found.into_iter().filter(Diagnostic::is_error));
        match model {
            Some(model) if diagnostics.is_empty() => Ok(model),
            _ => {
                let problems = diagnostics
                    .iter()
                    .map(|d| {
                        self.problem(d, Some((base, offset)), &applied.removed, &applied.set_keys)
                    })
                    .map(|p| rename_paths(p, &tree))
                    .collect();
                Err(invalid(problems))
            }
        }
    }

    /// A diagnostic of the changed model (spans of the strategies file
    /// shifted by the offset) in the strategy's words.
    fn problem(
        &self,
        d: &Diagnostic,
        base: Option<(&Base, usize)>,
        removed: &[String],
        set_keys: &[(String, std::ops::Range<usize>)],
    ) -> Problem {
        let strategy_line = self.location();
        let (mut at, mut in_base) = (strategy_line.clone(), None);
        let mut help = d.help.clone();
        let start = d.span.as_ref().map(|s| s.start);
        match (base, start) {
            (None, Some(start)) if !self.from_code => at = Some(self.source.locate(start)),
            (Some((_, offset)), Some(start))
                if start >= offset && start - offset <= self.source.text.len() =>
            {
                if !self.from_code {
                    at = Some(self.source.locate(start - offset));
                }
                // A misspelt key in a `set` path: offer the whole path.
                if let Some((path, _)) = set_keys.iter().find(|(_, span)| span.start == start)
                    && let Some(h) = &help
                    && let Some(near) = h
                        .strip_prefix("did you mean `")
                        .and_then(|h| h.strip_suffix("`?"))
                    && let Some(key) = d
                        .message
                        .strip_prefix("unknown key `")
                        .and_then(|m| m.strip_suffix('`'))
                    && let Some(fixed) = replace_segment(path, key, near)
                {
                    help = Some(format!("did you mean `{fixed}`?"));
                }
            }
            (Some((base, _)), Some(start)) => in_base = Some(base.source.locate(start)),
            _ => {}
        }
        // An entity that names one this strategy removed.
        if let Some(gone) = removed.iter().find(|r| {
            r.split_once('.')
                .is_some_and(|(_, id)| d.message.contains(&format!("`{id}`")))
        }) {
            help = Some(format!(
                "this strategy removes `{gone}`, which this field still names; remove its entity too, or keep `{gone}`"
            ));
        }
        if at.is_none() {
            at = strategy_line;
        }
        Problem {
            strategy: self.name.clone(),
            at,
            in_base,
            path: d.path.clone(),
            message: d.message.clone(),
            help,
        }
    }
}

/// `path` with its segment `key` (the last of the segments up to it that
/// equals it) replaced by `near`.
fn replace_segment(path: &str, key: &str, near: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('.').collect();
    let at = segments.iter().rposition(|s| *s == key)?;
    let mut fixed: Vec<&str> = segments.clone();
    fixed[at] = near;
    Some(fixed.join("."))
}

/// A path by position (`supplier[5].offers`) by id instead
/// (`supplier.lynas.offers`), as strategies name entities.
fn rename_paths(mut problem: Problem, tree: &DeTable<'_>) -> Problem {
    problem.path = by_id(&problem.path, tree);
    problem
}

fn by_id(path: &str, tree: &DeTable<'_>) -> String {
    let Some((head, rest)) = path.split_once('[') else {
        return path.to_string();
    };
    if !KINDS.contains(&head) {
        return path.to_string();
    }
    let Some((index, tail)) = rest.split_once(']') else {
        return path.to_string();
    };
    let Ok(index) = index.parse::<usize>() else {
        return path.to_string();
    };
    let id = match tree.get(head).map(|n| n.get_ref()) {
        Some(DeValue::Array(items)) => items.get(index).and_then(patch::id_of),
        _ => None,
    };
    match id {
        Some(id) if !id.is_empty() => format!("{head}.{id}{tail}"),
        _ => path.to_string(),
    }
}
