//! One strategy's row of a batch's CSV, and how its numbers are written.

use std::collections::BTreeMap;

use crate::model::Model;
use crate::plan::Reservation;
use crate::planner::PlanError;
use crate::solve::SolveError;

/// What became of a strategy.
///
/// ```
/// use rareplan::strategy::Status;
/// use rareplan::{PlanError, SolveError};
/// assert_eq!(Status::of_error(&PlanError::Solve(SolveError::Unbounded)), Status::Unbounded);
/// assert_eq!(Status::TimeLimit.as_str(), "time-limit");
/// assert!(Status::Evaluated.succeeded() && !Status::Failed.succeeded());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Planned: a verified optimal plan.
    Optimal,
    /// A given plan was scored on the changed model.
    Evaluated,
    /// The changed model (or the plan to score) is not valid.
    Invalid,
    /// The changed model admits no plan.
    Infeasible,
    /// The changed model's LP is unbounded.
    Unbounded,
    /// The time limit passed without a plan.
    TimeLimit,
    /// The solver failed, or its answer failed verification.
    Failed,
}

impl Status {
    /// The word written in the `status` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Evaluated => "evaluated",
            Status::Invalid => "invalid",
            Status::Infeasible => "infeasible",
            Status::Unbounded => "unbounded",
            Status::TimeLimit => "time-limit",
            Status::Failed => "failed",
        }
    }

    /// Whether the strategy has figures (planned or evaluated).
    pub fn succeeded(self) -> bool {
        matches!(self, Status::Optimal | Status::Evaluated)
    }

    /// The status a planning error gives.
    pub fn of_error(error: &PlanError) -> Status {
        match error {
            PlanError::InvalidModel(_)
            | PlanError::Setting { .. }
            | PlanError::Scenario(_)
            | PlanError::TooLarge { .. }
            | PlanError::Solve(SolveError::NoBackend { .. }) => Status::Invalid,
            PlanError::Infeasible(_) | PlanError::Solve(SolveError::Infeasible) => {
                Status::Infeasible
            }
            PlanError::Solve(SolveError::Unbounded) => Status::Unbounded,
            PlanError::Solve(SolveError::TimeLimit { .. }) => Status::TimeLimit,
            _ => Status::Failed,
        }
    }
}

/// A strategy's figures: the plan's (or the evaluation's) risk figures and
/// the tonnes reserved, in total and by supplier country.
///
/// ```
/// use rareplan::strategy::Figures;
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let plan = rareplan::plan(&loaded.model, &rareplan::Settings::default())?.plan;
/// let (total, by_country) = Figures::reserved(&plan.reservations, &loaded.model);
/// let sum: f64 = plan.reservations.iter().map(|r| r.quantity).sum();
/// assert!((total - sum).abs() < 1e-9);
/// assert!((by_country["CN"] + by_country["AU"] - total).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// The objective `(1-λ)·E[C] + λ·CVaR` (the score, when evaluated).
    pub objective: f64,
    /// Expected cost.
    pub expected_cost: f64,
    /// `VaR_α`.
    pub var: f64,
    /// `CVaR_α`.
    pub cvar: f64,
    /// Expected tonnes short.
    pub expected_shortage: f64,
    /// Probability of any shortage.
    pub shortage_probability: f64,
    /// Tonnes reserved, all suppliers.
    pub reserved: f64,
    /// Tonnes reserved by supplier country (suppliers without a country
    /// are in `reserved` only).
    pub reserved_by_country: BTreeMap<String, f64>,
}

impl Figures {
    /// Tonnes reserved in total and by country, from reservations and the
    /// model that names the suppliers' countries.
    pub fn reserved(reservations: &[Reservation], model: &Model) -> (f64, BTreeMap<String, f64>) {
        let mut total = 0.0;
        let mut by_country = BTreeMap::new();
        for r in reservations {
            total += r.quantity;
            let country = model
                .suppliers
                .iter()
                .find(|s| s.id == r.supplier)
                .and_then(|s| s.country.clone());
            if let Some(country) = country {
                *by_country.entry(country).or_insert(0.0) += r.quantity;
            }
        }
        (total, by_country)
    }
}

/// One row of a batch's results.
///
/// ```
/// use rareplan::strategy::{Row, Status};
/// let row = Row::failed("broken", Status::Invalid, "the model has no buyers");
/// assert_eq!(Row::header(&[]), ["strategy", "status", "objective", "expected_cost", "var", "cvar", "expected_shortage", "shortage_probability", "reserved", "message"]);
/// let fields = row.fields(&[]);
/// assert_eq!((fields[0].as_str(), fields[1].as_str()), ("broken", "invalid"));
/// assert_eq!(fields.last().map(String::as_str), Some("the model has no buyers"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The strategy's name.
    pub strategy: String,
    /// What became of it.
    pub status: Status,
    /// Its figures, when it planned or was evaluated.
    pub figures: Option<Figures>,
    /// Why it has no figures (empty when it has), on one line.
    pub message: String,
}

/// The columns before the `share_XX` ones.
pub const LEADING_COLUMNS: &[&str] = &[
    "strategy",
    "status",
    "objective",
    "expected_cost",
    "var",
    "cvar",
    "expected_shortage",
    "shortage_probability",
    "reserved",
];

impl Row {
    /// A row without figures.
    pub fn failed(strategy: &str, status: Status, message: &str) -> Row {
        Row {
            strategy: strategy.to_string(),
            status,
            figures: None,
            message: one_line(message),
        }
    }

    /// The header for these supplier countries.
    pub fn header(countries: &[String]) -> Vec<String> {
        LEADING_COLUMNS
            .iter()
            .map(|c| c.to_string())
            .chain(countries.iter().map(|c| format!("share_{c}")))
            .chain(["message".to_string()])
            .collect()
    }

    /// The row's fields under [`Row::header`] of `countries`. A share is
    /// empty when nothing is reserved.
    pub fn fields(&self, countries: &[String]) -> Vec<String> {
        let mut out = vec![self.strategy.clone(), self.status.as_str().to_string()];
        match &self.figures {
            Some(f) => {
                for x in [
                    f.objective,
                    f.expected_cost,
                    f.var,
                    f.cvar,
                    f.expected_shortage,
                    f.shortage_probability,
                    f.reserved,
                ] {
                    out.push(format_number(x));
                }
                for c in countries {
                    let tonnes = f.reserved_by_country.get(c).copied().unwrap_or(0.0);
                    out.push(if f.reserved > 0.0 {
                        format_number(tonnes / f.reserved)
                    } else {
                        String::new()
                    });
                }
            }
            None => out.extend(std::iter::repeat_n(
                String::new(),
                LEADING_COLUMNS.len() - 2 + countries.len(),
            )),
        }
        out.push(self.message.clone());
        out
    }
}

/// A number as written: the shortest text that reads back to the same
/// f64 (Rust's `Display`), `0` for negative zero.
pub fn format_number(x: f64) -> String {
    if x == 0.0 {
        return "0".to_string();
    }
    format!("{x}")
}

/// Text on one line: line breaks and the indentation after them become
/// `; `.
pub(crate) fn one_line(text: &str) -> String {
    let parts: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    parts.join("; ")
}

/// One CSV record (fields quoted where they need it), ending in `\n`.
pub fn encode_record<S: AsRef<str>>(fields: &[S]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing to memory does not fail; an empty record is the fallback.
    let _ = writer.write_record(fields.iter().map(|f| f.as_ref()));
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}
