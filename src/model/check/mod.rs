//! Validation of a typed [`Model`], however it was made: read from a file,
//! built in code ([`ModelBuilder`](super::ModelBuilder)), changed after
//! either, or written out field by field.
//!
//! The rules are `model-format.md`'s, said in the same words as the file
//! reader says them (both call [`rules`](super::rules)), at the same field
//! paths (`supplier[1].offers.ndpr.price`), without places in a text. A
//! typed model can also break rules that a file cannot (an index out of
//! range, a list per material of the wrong length); those are checked
//! here too. The file loader runs this after reading, and the planner
//! before every plan, evaluation and build.

mod entities;
mod events;
mod warnings;

pub(crate) use events::{event_path, kind_and_factor};

use super::Model;
use super::reader::{index, join};
use super::rules::{self, Problem};
use crate::diagnostic::Diagnostic;

/// A model that breaks rules of the model format: every problem found,
/// errors and the warnings found with them, each naming the field's path.
///
/// ```
/// use rareplan::model::{BuyerSpec, Material, ModelBuilder, validate_model};
/// let mut model = ModelBuilder::new(["Q1"])
///     .material(Material::new("ndpr"))
///     .buyer(BuyerSpec::new("plant").need("ndpr", 10.0).shortage_penalty(500_000.0))
///     .build()?
///     .model;
/// model.buyers[0].need[0] = vec![f64::NAN];
/// let invalid = validate_model(&model).unwrap_err();
/// let error = invalid.errors().next().unwrap();
/// assert_eq!(error.path, "buyer[0].need.ndpr");
/// assert_eq!(error.message, "NaN is not a finite number");
/// # Ok::<(), rareplan::model::InvalidModel>(())
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", render(.diagnostics))]
pub struct InvalidModel {
    /// Every problem found: at least one error, and any warnings.
    pub diagnostics: Vec<Diagnostic>,
}

impl InvalidModel {
    /// The errors (the problems that refuse the model).
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

/// `the model is invalid (2 errors): path: message (help: ...); ...`.
fn render(diagnostics: &[Diagnostic]) -> String {
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| match &d.help {
            Some(help) => format!("{d} ({help})"),
            None => d.to_string(),
        })
        .collect();
    format!(
        "the model is invalid ({} error{}): {}",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" },
        errors.join("; ")
    )
}

/// Checks `model` against every rule of the model format.
///
/// Returns the warnings when there is no error (the model may be planned),
/// and every diagnostic otherwise. Paths are those a model file would
/// have (`buyer[0].need.ndpr`, `outage[1].probability`); diagnostics carry
/// no span.
///
/// ```
/// use rareplan::model::{BuyerSpec, Material, ModelBuilder, validate_model};
/// let built = ModelBuilder::new(["Q1", "Q2"])
///     .material(Material::new("ndpr"))
///     .buyer(BuyerSpec::new("plant").need("ndpr", 10.0).shortage_penalty(500_000.0))
///     .build()?;
/// let mut model = built.model;
/// model.risk.alpha = 1.0;
/// let invalid = validate_model(&model).unwrap_err();
/// let error = invalid.errors().next().unwrap();
/// assert_eq!(error.path, "risk.alpha");
/// assert_eq!(error.message, "must be in [0, 1), found 1");
/// # Ok::<(), rareplan::model::InvalidModel>(())
/// ```
pub fn validate_model(model: &Model) -> Result<Vec<Diagnostic>, InvalidModel> {
    let diagnostics = check(model);
    if diagnostics.iter().any(Diagnostic::is_error) {
        Err(InvalidModel { diagnostics })
    } else {
        Ok(diagnostics)
    }
}

/// Every diagnostic of `model`, errors and warnings, in the order of the
/// model's sections.
pub(crate) fn check(model: &Model) -> Vec<Diagnostic> {
    let mut c = rules_of(model);
    if !c.has_errors() {
        super::magnitudes::check_magnitudes(&mut c.out, model);
    }
    if !c.has_errors() {
        c.warnings();
    }
    c.out
}

/// The rules' diagnostics only: without the overflows of products and the
/// warnings about a valid model, which need the rules to hold first.
pub(crate) fn check_rules(model: &Model) -> Vec<Diagnostic> {
    rules_of(model).out
}

fn rules_of(model: &Model) -> Check<'_> {
    let mut c = Check {
        model,
        out: Vec::new(),
    };
    c.horizon();
    c.settings();
    c.materials();
    c.buyers();
    c.suppliers();
    c.limits();
    c.events();
    c.explicit_scenarios();
    c
}

/// The model being checked and what was found so far.
struct Check<'m> {
    model: &'m Model,
    out: Vec<Diagnostic>,
}

impl Check<'_> {
    fn has_errors(&self) -> bool {
        self.out.iter().any(Diagnostic::is_error)
    }

    /// Records a rule's problem at `path`.
    fn problem(&mut self, path: &str, problem: Problem) {
        self.out
            .push(Diagnostic::error(path, None, problem.message).with_help(problem.help));
    }

    /// Records an error at `path`.
    fn error(&mut self, path: &str, message: impl Into<String>, help: impl Into<String>) {
        self.out
            .push(Diagnostic::error(path, None, message).with_help(help));
    }

    /// Records a warning at `path`.
    fn warning(&mut self, path: &str, message: impl Into<String>) {
        self.out.push(Diagnostic::warning(path, None, message));
    }

    /// Checks one number with `rule`; records its problem at `path`.
    fn number(&mut self, path: &str, value: f64, rule: fn(f64) -> Result<f64, Problem>) -> bool {
        match rule(value) {
            Ok(_) => true,
            Err(problem) => {
                self.problem(path, problem);
                false
            }
        }
    }

    /// Checks a per-period list: one value per period, each by `rule`.
    /// A list whose values are all equal is reported once, at `path`, as
    /// a file's single number for every period would be.
    fn per_period(&mut self, path: &str, values: &[f64], rule: fn(f64) -> Result<f64, Problem>) {
        let n = self.model.horizon();
        if n == 0 {
            // No periods is reported already; lists cannot be counted.
            return;
        }
        if let Err(problem) = rules::period_count(values.len(), n) {
            self.problem(path, problem);
            return;
        }
        let same = values.windows(2).all(|w| w[0].to_bits() == w[1].to_bits());
        if same && !values.is_empty() {
            self.number(path, values[0], rule);
            return;
        }
        for (t, &value) in values.iter().enumerate() {
            self.number(&index(path, t), value, rule);
        }
    }

    /// Checks that a list per material has one entry per material.
    fn per_material(&mut self, path: &str, entries: usize) -> bool {
        let materials = self.model.materials.len();
        if entries == materials {
            return true;
        }
        let plural = |count: usize, one: &str, many: &str| {
            format!("{count} {}", if count == 1 { one } else { many })
        };
        self.error(
            path,
            format!(
                "{} for {}",
                plural(entries, "entry", "entries"),
                plural(materials, "material", "materials")
            ),
            "give one entry per material, in the order of the model's materials",
        );
        false
    }

    /// Checks that `target` is the index of one of `count` entities of
    /// `kind`.
    fn index_in_range(&mut self, path: &str, target: usize, count: usize, kind: &str) -> bool {
        if target < count {
            return true;
        }
        self.error(
            path,
            format!(
                "no {kind} at index {target}: the model has {count} {kind}{}",
                if count == 1 { "" } else { "s" }
            ),
            format!("refer to a {kind} by its position in the model, from 0"),
        );
        false
    }

    /// Checks a selector's indices against `count` entities of `kind`;
    /// warns where it selects nothing.
    fn selector(&mut self, path: &str, selector: &super::Selector, count: usize, kind: &str) {
        let super::Selector::Only(chosen) = selector else {
            return;
        };
        for (i, &k) in chosen.iter().enumerate() {
            self.index_in_range(&index(path, i), k, count, kind);
        }
        if chosen.is_empty() {
            self.warning(path, format!("selector selects no {kind}"));
        }
    }

    /// Checks the ids of `entries` (at `kind[i]`): well formed and unique
    /// among them.
    fn ids<'a>(&mut self, kind: &str, ids: impl Iterator<Item = &'a str>) {
        let mut seen = std::collections::HashMap::new();
        for (i, id) in ids.enumerate() {
            let path = index(kind, i);
            self.id(&path, id, &mut seen);
        }
    }

    /// Checks one id at `path` against those `seen` (id → path of its
    /// entry).
    fn id(&mut self, path: &str, id: &str, seen: &mut std::collections::HashMap<String, String>) {
        let field = join(path, "id");
        if let Err(problem) = rules::id_syntax(id) {
            self.problem(&field, problem);
        } else if let Some(first) = seen.get(id) {
            let problem = rules::duplicate_id(id, first);
            self.problem(&field, problem);
        } else {
            seen.insert(id.to_string(), path.to_string());
        }
    }
}
