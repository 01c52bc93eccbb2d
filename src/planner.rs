//! The whole flow for one model: scenarios → formulation → solve → verify
//! → plan. This is what the CLI and embedding tools call.

use std::time::{Duration, Instant};

use crate::evaluate::{ScoreError, ScoreOptions, score, value_of_risk};
use crate::explain::{IisError, StockOverflow, conflicting_rows_until, stock_overflow};
use crate::formulate::{CoefficientRange, Formulation, coefficient_range, column_count, formulate};
use crate::model::Model;
use crate::plan::{Plan, PlanInputs, build_plan};
use crate::scenario::{
    Generation, SamplingOverride, Scenario, ScenarioError, ScenarioLimits, build_scenarios_within,
};
use crate::solve::choice::{auto_fallback, dual_backend};
use crate::solve::{
    Backend, MAX_TIME_LIMIT_SECONDS, Solution, SolveError, SolveOptions, SolverChoice, Tolerances,
    VerifyError, simplex, verify, verify::Residuals,
};

/// How the stochastic LP is solved. Named `auto`, `extensive` and
/// `decomposition` in [`FromStr`](std::str::FromStr),
/// [`Display`](std::fmt::Display) and serde; more may come
/// (`#[non_exhaustive]`).
///
/// ```
/// use rareplan::Method;
/// assert_eq!("decomposition".parse::<Method>()?, Method::Decomposition);
/// assert_eq!(Method::default().to_string(), "auto");
/// # Ok::<(), rareplan::ParseNameError>(())
/// ```
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Method {
    /// The decomposition where the model is large enough for it to pay
    /// ([`AUTO_DECOMPOSITION_COLUMNS`]), or has many scenarios with small
    /// recourse LPs ([`AUTO_DECOMPOSITION_SCENARIOS`]), and its recourse
    /// LPs fit the simplex; else the extensive form.
    #[default]
    Auto,
    /// One LP of every scenario at once (the extensive form).
    Extensive,
    /// The L-shaped method: a master over the reservations, every
    /// scenario's recourse LP on its own ([`advanced::decompose`](crate::advanced::decompose)).
    Decomposition,
}

/// Under [`Method::Auto`], extensive forms of more columns than this are
/// planned by the decomposition (measured in BENCHMARKS.md).
pub const AUTO_DECOMPOSITION_COLUMNS: usize = 100_000;

/// Under [`Method::Auto`], models of at least this many scenarios whose
/// extensive form has at most [`AUTO_DECOMPOSITION_SCENARIO_COLUMNS`]
/// columns per scenario are planned by the decomposition at any size:
/// there its few reservations and many scenarios beat the extensive form
/// (BENCHMARKS.md, "The crossover's pushes": magnets 0.25 s against
/// 2.5 s, Japan 0.23 s against 0.47 s).
pub const AUTO_DECOMPOSITION_SCENARIOS: usize = 32;

/// See [`AUTO_DECOMPOSITION_SCENARIOS`]: the most extensive-form columns
/// per scenario (a proxy for the recourse LP's size and the reservations'
/// count) at which many scenarios go to the decomposition. Above it the
/// extensive form, with the crossover's pushes, won every model measured
/// (`benches/methods.py`: 282 columns a scenario, 2.8 s against 3.2 s;
/// 382, 1.7 s against 4.1 s; 511, 8.9 s against 35 s); the shipped
/// models, at 69 to 210, are faster decomposed.
pub const AUTO_DECOMPOSITION_SCENARIO_COLUMNS: usize = 250;

impl Method {
    /// Every method, in order.
    pub const ALL: &'static [Method] = &[Method::Auto, Method::Extensive, Method::Decomposition];

    /// The method's name (`auto`, `extensive`, `decomposition`).
    pub fn name(self) -> &'static str {
        match self {
            Method::Auto => "auto",
            Method::Extensive => "extensive",
            Method::Decomposition => "decomposition",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Method {
    type Err = crate::error::ParseNameError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Method::ALL
            .iter()
            .copied()
            .find(|m| m.name() == s)
            .ok_or_else(|| {
                crate::error::ParseNameError::new("method", s, Method::ALL.iter().map(|m| m.name()))
            })
    }
}

/// How a model is planned: overrides of the model's own risk and sampling
/// settings, the solver, the time budget and what the plan includes.
///
/// Made with [`Settings::builder`] (checked) or [`Settings::default`]; the
/// fields are public to read. A field set by hand is checked again by
/// [`plan`], which refuses out-of-range values with
/// [`PlanError::Setting`]. More fields may be added
/// (`#[non_exhaustive]`): build settings, do not write them as literals.
///
/// ```
/// use rareplan::{Settings, SolverChoice};
/// let settings = Settings::builder()
///     .risk_weight(0.3)
///     .time_limit(10.0)
///     .solver(SolverChoice::Clarabel)
///     .build()?;
/// assert_eq!(settings.risk_weight, Some(0.3));
/// assert_eq!(settings.solve.time_limit, Some(10.0));
/// assert!(settings.shadow_prices);
///
/// let refused = Settings::builder().risk_weight(1.5).build().unwrap_err();
/// assert_eq!(refused.to_string(), "the risk weight must be in [0, 1], found 1.5");
/// # Ok::<(), rareplan::SettingsError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Settings {
    /// λ, overriding the model's `risk.weight`. Default: the model's.
    pub risk_weight: Option<f64>,
    /// α, overriding the model's `risk.alpha`. Default: the model's.
    pub alpha: Option<f64>,
    /// Sampling overrides: draw this many scenarios with this seed instead
    /// of the model's `[scenarios]`. Default: the model's.
    pub sampling: SamplingOverride,
    /// The time budget of the whole call ([`plan`], an evaluation, a
    /// batch's strategy): scenarios, every solve and the second solve for
    /// duals share it. Default: none.
    pub solve: SolveOptions,
    /// Which backend solves the LP. Default: [`SolverChoice::Auto`].
    pub solver: SolverChoice,
    /// Whether to price quotas and capacities (a second solve with Clarabel
    /// where the chosen backend gives no duals; without the `clarabel`
    /// feature, with the project's simplex where the LP fits it and its
    /// answer carries duals). Default: true.
    pub shadow_prices: bool,
    /// The largest LP (in columns) that is built; larger models are
    /// refused. Default: [`DEFAULT_MAX_COLUMNS`].
    pub max_columns: usize,
    /// Whether to compute what planning for risk is worth (VSS, EVPI):
    /// the expected-value problem, its plan scored, and wait-and-see.
    /// Default: false.
    pub value: bool,
    /// Whether the plan lists every scenario's flows. Default: false.
    pub scenario_flows: bool,
    /// The extensive form or the decomposition. Default: [`Method::Auto`].
    pub method: Method,
    /// The decomposition stops when its bounds are this close (relative,
    /// in [0, 1)). Default: [`DEFAULT_GAP`](crate::DEFAULT_GAP).
    pub gap: f64,
}

impl Settings {
    /// A builder starting from the defaults.
    pub fn builder() -> SettingsBuilder {
        SettingsBuilder {
            settings: Settings::default(),
        }
    }

    /// A builder starting from these settings.
    ///
    /// ```
    /// let base = rareplan::Settings::builder().risk_weight(0.5).build()?;
    /// let quick = base.to_builder().shadow_prices(false).build()?;
    /// assert_eq!((quick.risk_weight, quick.shadow_prices), (Some(0.5), false));
    /// # Ok::<(), rareplan::SettingsError>(())
    /// ```
    pub fn to_builder(&self) -> SettingsBuilder {
        SettingsBuilder { settings: *self }
    }

    /// Checks every field's range, as [`SettingsBuilder::build`] does.
    pub fn validate(&self) -> Result<(), SettingsError> {
        let out = |setting, expected, value| {
            Err(SettingsError::OutOfRange {
                setting,
                expected,
                value,
            })
        };
        if let Some(lambda) = self.risk_weight
            && !(0.0..=1.0).contains(&lambda)
        {
            return out(Setting::RiskWeight, "in [0, 1]", lambda);
        }
        if let Some(alpha) = self.alpha
            && !(0.0..1.0).contains(&alpha)
        {
            return out(Setting::Alpha, "in [0, 1)", alpha);
        }
        if let Some(seconds) = self.solve.time_limit
            && !(seconds > 0.0 && seconds <= MAX_TIME_LIMIT_SECONDS)
        {
            return out(
                Setting::TimeLimit,
                "a positive number of seconds up to 1e9",
                seconds,
            );
        }
        if self.sampling.samples == Some(0) {
            return out(Setting::Samples, "at least 1", 0.0);
        }
        if self.max_columns == 0 {
            return out(Setting::MaxColumns, "at least 1", 0.0);
        }
        if !(self.gap >= 0.0 && self.gap < 1.0) {
            return out(Setting::Gap, "in [0, 1)", self.gap);
        }
        Ok(())
    }
}

/// Builds [`Settings`], checking each value's range in
/// [`build`](SettingsBuilder::build). Every setting left out keeps its
/// default (documented on [`Settings`]).
///
/// ```
/// let settings = rareplan::Settings::builder()
///     .samples(500)
///     .seed(7)
///     .max_columns(100_000)
///     .value(true)
///     .build()?;
/// assert_eq!(settings.sampling.samples, Some(500));
/// assert!(rareplan::Settings::builder().time_limit(-1.0).build().is_err());
/// # Ok::<(), rareplan::SettingsError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[must_use]
pub struct SettingsBuilder {
    settings: Settings,
}

impl SettingsBuilder {
    /// λ in [0, 1], overriding the model's `risk.weight`.
    pub fn risk_weight(mut self, lambda: f64) -> Self {
        self.settings.risk_weight = Some(lambda);
        self
    }

    /// α in [0, 1), overriding the model's `risk.alpha`.
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.settings.alpha = Some(alpha);
        self
    }

    /// Draw this many scenarios (at least 1) instead of the model's
    /// `[scenarios]`.
    pub fn samples(mut self, samples: u64) -> Self {
        self.settings.sampling.samples = Some(samples);
        self
    }

    /// The seed of sampled scenarios.
    pub fn seed(mut self, seed: u64) -> Self {
        self.settings.sampling.seed = Some(seed);
        self
    }

    /// The time budget of the whole call, in seconds (positive, at most
    /// 1e9).
    pub fn time_limit(mut self, seconds: f64) -> Self {
        self.settings.solve.time_limit = Some(seconds);
        self
    }

    /// No time budget (the default).
    pub fn no_time_limit(mut self) -> Self {
        self.settings.solve.time_limit = None;
        self
    }

    /// The backend that solves the LP.
    pub fn solver(mut self, solver: SolverChoice) -> Self {
        self.settings.solver = solver;
        self
    }

    /// Whether to price quotas and capacities.
    pub fn shadow_prices(mut self, on: bool) -> Self {
        self.settings.shadow_prices = on;
        self
    }

    /// The largest LP built, in columns (at least 1).
    pub fn max_columns(mut self, columns: usize) -> Self {
        self.settings.max_columns = columns;
        self
    }

    /// Whether to compute VSS and EVPI.
    pub fn value(mut self, on: bool) -> Self {
        self.settings.value = on;
        self
    }

    /// Whether the plan lists every scenario's flows.
    pub fn scenario_flows(mut self, on: bool) -> Self {
        self.settings.scenario_flows = on;
        self
    }

    /// How the stochastic LP is solved.
    pub fn method(mut self, method: Method) -> Self {
        self.settings.method = method;
        self
    }

    /// The decomposition's stopping gap, relative, in [0, 1).
    pub fn gap(mut self, gap: f64) -> Self {
        self.settings.gap = gap;
        self
    }

    /// The settings, or the first value out of range.
    pub fn build(self) -> Result<Settings, SettingsError> {
        self.settings.validate()?;
        Ok(self.settings)
    }
}

/// A setting of [`Settings`], as [`SettingsError`] names it.
///
/// ```
/// assert_eq!(rareplan::Setting::TimeLimit.to_string(), "the time limit");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Setting {
    /// [`Settings::risk_weight`].
    RiskWeight,
    /// [`Settings::alpha`].
    Alpha,
    /// The time limit ([`Settings::solve`]).
    TimeLimit,
    /// The number of samples ([`Settings::sampling`]).
    Samples,
    /// [`Settings::max_columns`].
    MaxColumns,
    /// [`Settings::gap`].
    Gap,
}

impl Setting {
    /// The setting in words, as messages name it.
    pub fn words(self) -> &'static str {
        match self {
            Setting::RiskWeight => "the risk weight",
            Setting::Alpha => "alpha",
            Setting::TimeLimit => "the time limit",
            Setting::Samples => "the number of samples",
            Setting::MaxColumns => "the column limit",
            Setting::Gap => "the gap",
        }
    }
}

impl std::fmt::Display for Setting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.words())
    }
}

/// A value out of range in [`SettingsBuilder::build`].
///
/// ```
/// use rareplan::{Setting, Settings, SettingsError};
/// let e = Settings::builder().alpha(1.0).build().unwrap_err();
/// let SettingsError::OutOfRange { setting, value, .. } = e else { unreachable!() };
/// assert_eq!((setting, value), (Setting::Alpha, 1.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SettingsError {
    /// The value lies outside the setting's range.
    #[error("{setting} must be {expected}, found {}", crate::diagnostic::readable(*.value))]
    OutOfRange {
        /// Which setting.
        setting: Setting,
        /// The range it takes, in words.
        expected: &'static str,
        /// What was given.
        value: f64,
    },
}

impl From<SettingsError> for PlanError {
    fn from(e: SettingsError) -> Self {
        match e {
            SettingsError::OutOfRange {
                setting,
                expected,
                value,
            } => PlanError::Setting {
                name: setting.words(),
                expected,
                value,
            },
        }
    }
}

/// The default [`Settings::max_columns`]: on a 24 GiB machine an LP of this
/// many columns still builds and solves with Clarabel within memory
/// (BENCHMARKS.md).
pub const DEFAULT_MAX_COLUMNS: usize = 2_000_000;

/// LPs whose matrix coefficients span more than this factor, even after
/// scaling rows and columns, are refused: double precision solvers lose
/// the small ones. (The objective's own span is not limited.)
pub const MAX_COEFFICIENT_SPAN: f64 = 1e9;

/// An answer more than this (relative) above another verified answer is
/// not optimal.
const OPTIMALITY_TOLERANCE: f64 = 1e-6;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            risk_weight: None,
            alpha: None,
            sampling: SamplingOverride::default(),
            solve: SolveOptions::default(),
            solver: SolverChoice::Auto,
            shadow_prices: true,
            max_columns: DEFAULT_MAX_COLUMNS,
            value: false,
            scenario_flows: false,
            method: Method::Auto,
            gap: crate::decompose::DEFAULT_GAP,
        }
    }
}

/// Why a model has no plan, as far as it can be said.
///
/// ```
/// use rareplan::{Infeasibility, PlanError};
/// let e = PlanError::Infeasible(Infeasibility::Unexplained("example".into()));
/// assert_eq!(e.to_string(), "the model is infeasible: no explanation found (example)");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Infeasibility {
    /// Stock must exceed a buyer's storage (found before solving).
    StockOverflow(StockOverflow),
    /// An irreducible set of rows that conflict, by their domain names.
    ConflictingRows(Vec<String>),
    /// The solver said infeasible, and no smaller explanation was found.
    Unexplained(String),
}

impl std::fmt::Display for Infeasibility {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Infeasibility::StockOverflow(overflow) => write!(f, "{overflow}"),
            Infeasibility::ConflictingRows(rows) => {
                write!(f, "these constraints cannot all hold together:")?;
                for row in rows {
                    write!(f, "\n  {row}")?;
                }
                Ok(())
            }
            Infeasibility::Unexplained(reason) => write!(f, "no explanation found ({reason})"),
        }
    }
}

/// Why no plan was made for a valid model.
///
/// Messages are lowercase and name no command-line flag. More kinds may be
/// added (`#[non_exhaustive]`).
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let settings = rareplan::Settings::builder().max_columns(10).build()?;
/// let e = rareplan::plan(&loaded.model, &settings).unwrap_err();
/// assert!(matches!(e, rareplan::PlanError::TooLarge { limit: 10, .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// The model breaks rules of the model format (a model built or
    /// changed in code that [`validate_model`](crate::model::validate_model)
    /// refuses); every problem, with its path and fix.
    #[error(transparent)]
    InvalidModel(#[from] crate::model::InvalidModel),
    /// A setting is out of range.
    #[error("{name} must be {expected}, found {}", crate::diagnostic::readable(*.value))]
    Setting {
        /// The setting in words (`the risk weight`).
        name: &'static str,
        /// The range it takes.
        expected: &'static str,
        /// What was given.
        value: f64,
    },
    /// Scenarios could not be made.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// The LP would be larger than the limit.
    #[error(
        "the LP would have {columns} columns, more than the limit of {limit}; plan fewer scenarios, periods or suppliers, or raise the column limit"
    )]
    TooLarge {
        /// Columns the LP would have.
        columns: usize,
        /// The limit.
        limit: usize,
    },
    /// The LP's coefficients span too many orders of magnitude.
    #[error(
        "the LP's coefficients span {:.1e} even after scaling its rows and columns (from {} to {}), more than {MAX_COEFFICIENT_SPAN:.0e}: a solver cannot keep them all accurate; rescale units (prices per kg or in thousands, quantities in kt) or drop factors near zero, so the numbers sit closer together",
        .0.span(), .0.smallest_at, .0.largest_at
    )]
    BadlyScaled(CoefficientRange),
    /// The model admits no plan.
    #[error("the model is infeasible: {0}")]
    Infeasible(Infeasibility),
    /// The solver gave no optimal answer.
    #[error(transparent)]
    Solve(#[from] SolveError),
    /// The decomposition ran out of time; its bounds so far.
    #[error(
        "no plan within the time limit of {} s; the decomposition had the optimum between {} and {} (gap {})",
        crate::diagnostic::readable(*.seconds),
        crate::diagnostic::readable(*.lower_bound),
        crate::diagnostic::readable(*.upper_bound),
        gap_text(*.lower_bound, *.upper_bound)
    )]
    DecompositionTimeLimit {
        /// The limit set.
        seconds: f64,
        /// The best lower bound.
        lower_bound: f64,
        /// The best upper bound (infinite: no plan scored yet).
        upper_bound: f64,
    },
    /// The decomposition failed.
    #[error("the decomposition failed: {0}")]
    Decomposition(crate::decompose::DecomposeError),
    /// The answer is worse than another backend's verified answer.
    #[error(
        "the {solver} answer ({objective}) is above the optimum that {checker} reaches ({better}); no plan was written: solve with {checker} or auto"
    )]
    Suboptimal {
        /// The backend.
        solver: &'static str,
        /// The backend whose answer is better (the second solve's:
        /// `clarabel`, or `simplex` in a build without Clarabel).
        checker: &'static str,
        /// Its objective.
        objective: f64,
        /// The better objective.
        better: f64,
    },
    /// The solver's answer failed the check against the LP.
    #[error("the {solver} answer failed verification, so no plan was written: {source}")]
    Verify {
        /// The backend.
        solver: &'static str,
        /// What failed.
        source: VerifyError,
    },
}

fn gap_text(lower: f64, upper: f64) -> String {
    if upper.is_finite() && lower.is_finite() {
        format!("{:.1e}", (upper - lower) / upper.abs().max(1.0))
    } else {
        "not yet known".to_string()
    }
}

/// A plan with how long each stage took, as [`plan`] returns it.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tutorial.toml"))?;
/// let outcome = rareplan::plan(&loaded.model, &rareplan::Settings::default())?;
/// assert!((outcome.plan.expected_cost - 5_400_000.0).abs() < 1e-3);
/// assert!(outcome.build_time + outcome.solve_time < std::time::Duration::from_secs(60));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Outcome {
    /// The verified plan.
    pub plan: Plan,
    /// Time to make scenarios and build the LP.
    pub build_time: Duration,
    /// Time in the solver (both solves where duals came from a second).
    pub solve_time: Duration,
}

/// λ and α in force: the settings' where given, else the model's; checked.
pub fn risk_in_force(model: &Model, settings: &Settings) -> Result<(f64, f64), PlanError> {
    let lambda = settings.risk_weight.unwrap_or(model.risk.weight);
    let alpha = settings.alpha.unwrap_or(model.risk.alpha);
    if !(0.0..=1.0).contains(&lambda) {
        return Err(PlanError::Setting {
            name: "the risk weight",
            expected: "in [0, 1]",
            value: lambda,
        });
    }
    if !(0.0..1.0).contains(&alpha) {
        return Err(PlanError::Setting {
            name: "alpha",
            expected: "in [0, 1)",
            value: alpha,
        });
    }
    Ok((lambda, alpha))
}

/// The time limit, checked: positive and at most
/// [`MAX_TIME_LIMIT_SECONDS`].
fn time_limit_in_force(settings: &Settings) -> Result<Option<f64>, PlanError> {
    match settings.solve.time_limit {
        Some(seconds) if !(seconds > 0.0 && seconds <= MAX_TIME_LIMIT_SECONDS) => {
            Err(PlanError::Setting {
                name: "the time limit",
                expected: "a positive number of seconds up to 1e9",
                value: seconds,
            })
        }
        limit => Ok(limit),
    }
}

/// When the call must end: its start plus the time limit, checked.
pub(crate) fn deadline_of(
    started: Instant,
    settings: &Settings,
) -> Result<Option<(Instant, f64)>, PlanError> {
    time_limit_in_force(settings)?;
    Ok(deadline(started, settings))
}

/// The solve options for what is left before the deadline; the time limit
/// error if nothing is.
fn options_until(deadline: Option<(Instant, f64)>) -> Result<SolveOptions, PlanError> {
    let Some((deadline, seconds)) = deadline else {
        return Ok(SolveOptions { time_limit: None });
    };
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(PlanError::Solve(SolveError::TimeLimit { seconds }));
    }
    Ok(SolveOptions {
        time_limit: Some(left.as_secs_f64()),
    })
}

/// Refuses an LP whose matrix cannot be solved accurately
/// ([`MAX_COEFFICIENT_SPAN`]); `check` and `solve` both call it.
pub fn check_scaling(formulation: &Formulation) -> Result<(), PlanError> {
    match coefficient_range(formulation) {
        Some(range) if range.span() > MAX_COEFFICIENT_SPAN => Err(PlanError::BadlyScaled(range)),
        _ => Ok(()),
    }
}

/// The scenarios and the LP of a model under the settings, without solving.
pub fn build(
    model: &Model,
    settings: &Settings,
) -> Result<(Vec<Scenario>, Generation, Formulation), PlanError> {
    crate::model::validate_model(model)?;
    let deadline = deadline_of(Instant::now(), settings)?;
    build_until(model, settings, deadline)
}

/// [`build`] within a deadline: sampling stops at it, and as soon as the
/// draws hold more scenarios than `max_columns` allows (before building).
pub(crate) fn build_until(
    model: &Model,
    settings: &Settings,
    deadline: Option<(Instant, f64)>,
) -> Result<(Vec<Scenario>, Generation, Formulation), PlanError> {
    let (lambda, alpha) = risk_in_force(model, settings)?;
    let (scenarios, generation) = scenarios_until(model, settings, deadline)?;
    let formulation = formulate(model, &scenarios, lambda, alpha);
    options_until(deadline)?;
    Ok((scenarios, generation, formulation))
}

/// The scenarios of [`build_until`], without the LP.
fn scenarios_until(
    model: &Model,
    settings: &Settings,
    deadline: Option<(Instant, f64)>,
) -> Result<(Vec<Scenario>, Generation), PlanError> {
    let (lambda, _) = risk_in_force(model, settings)?;
    let fixed = column_count(model, 0, lambda);
    check_size(model, 0, lambda, settings)?;
    let per_scenario = column_count(model, 1, lambda) - fixed;
    let limits = ScenarioLimits {
        deadline,
        max_distinct: (settings.max_columns - fixed)
            .checked_div(per_scenario)
            .unwrap_or(usize::MAX),
    };
    let (scenarios, generation) = build_scenarios_within(model, settings.sampling, limits)?;
    check_size(model, scenarios.len(), lambda, settings)?;
    Ok((scenarios, generation))
}

fn check_size(
    model: &Model,
    scenarios: usize,
    lambda: f64,
    settings: &Settings,
) -> Result<(), PlanError> {
    let columns = column_count(model, scenarios, lambda);
    if columns > settings.max_columns {
        return Err(PlanError::TooLarge {
            columns,
            limit: settings.max_columns,
        });
    }
    Ok(())
}

/// What a long solve is doing, for a progress display.
///
/// ```
/// use rareplan::SolveProgress;
/// use std::sync::Mutex;
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let seen = Mutex::new(Vec::new());
/// let outcome = rareplan::plan_with_progress(&loaded.model, &rareplan::Settings::default(), &|p| {
///     seen.lock().unwrap().push(p);
/// })?;
/// let seen = seen.into_inner()?;
/// // A small model is one extensive-form solve, announced with its size.
/// match seen.as_slice() {
///     [SolveProgress::Extensive { columns, solver }] => {
///         assert_eq!(*columns, outcome.plan.lp.columns);
///         assert_eq!(*solver, outcome.plan.solver);
///     }
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SolveProgress {
    /// The backend started on the extensive form.
    Extensive {
        /// Columns of the LP.
        columns: usize,
        /// The backend.
        solver: &'static str,
    },
    /// The decomposition finished an iteration.
    Decomposition(crate::decompose::Progress),
}

/// Plans a model: builds the LP, solves it, verifies the answer and maps it
/// back to the domain.
pub fn plan(model: &Model, settings: &Settings) -> Result<Outcome, PlanError> {
    plan_with_progress(model, settings, &|_| {})
}

/// [`plan`], telling `progress` what the solve is doing as it goes.
pub fn plan_with_progress(
    model: &Model,
    settings: &Settings,
    progress: &(dyn Fn(SolveProgress) + Sync),
) -> Result<Outcome, PlanError> {
    // The time budget starts with the call: validation is inside it.
    let started = Instant::now();
    crate::model::validate_model(model)?;
    let deadline = deadline_of(started, settings)?;
    let (lambda, alpha) = risk_in_force(model, settings)?;
    if !(settings.gap >= 0.0 && settings.gap < 1.0) {
        return Err(PlanError::Setting {
            name: "the gap",
            expected: "in [0, 1)",
            value: settings.gap,
        });
    }
    let (scenarios, generation) = scenarios_until(model, settings, deadline)?;
    if let Some(overflow) = stock_overflow(model, &scenarios) {
        return Err(PlanError::Infeasible(Infeasibility::StockOverflow(
            overflow,
        )));
    }
    if decomposes(model, &scenarios, lambda, settings) {
        return crate::decompose::plan_decomposed(
            model,
            settings,
            &scenarios,
            generation,
            (lambda, alpha),
            (started, deadline),
            &|p| progress(SolveProgress::Decomposition(p)),
        );
    }
    let formulation = formulate(model, &scenarios, lambda, alpha);
    options_until(deadline)?;
    check_scaling(&formulation)?;
    let build_time = started.elapsed();
    progress(SolveProgress::Extensive {
        columns: formulation.lp.num_columns(),
        solver: settings
            .solver
            .backend(&formulation.lp)
            .map_or("none", |backend| backend.name()),
    });
    let solving = Instant::now();
    let checked = solve_checked(&formulation, settings, deadline, Finish::AtVertex)?;
    let solve_time = solving.elapsed();
    let Checked {
        solution,
        residuals,
        solver,
        duals,
    } = checked;
    // Where a scenario carries no weight in the objective (λ = 1 outside
    // the tail, or probability 0), the extensive form may leave its recourse
    // unoptimised: score the reservations scenario by scenario instead.
    let rescored = if lambda >= 1.0 || scenarios.iter().any(|s| s.probability <= 0.0) {
        let reserved = formulation.reserved(&solution.values);
        Some(
            score(
                model,
                &formulation.routes,
                &scenarios,
                &reserved,
                ScoreOptions {
                    solver: settings.solver,
                    deadline,
                    keep_values: true,
                },
                &|_| {},
            )
            .map_err(score_error)?,
        )
    } else {
        None
    };
    let mut plan = build_plan(PlanInputs {
        model,
        scenarios: &scenarios,
        generation,
        formulation: &formulation,
        solution: &solution,
        residuals,
        solver,
        risk_weight: lambda,
        alpha,
        duals: match &duals {
            Ok((values, source)) => Ok((values.as_slice(), source.as_str())),
            Err(reason) => Err(reason.as_str()),
        },
        rescored: rescored.as_ref(),
        scenario_flows: settings.scenario_flows,
    });
    if settings.value {
        plan.value = Some(value_of_risk(
            model,
            settings,
            &scenarios,
            (lambda, alpha),
            plan.objective,
            deadline,
        )?);
    }
    Ok(Outcome {
        plan,
        build_time,
        solve_time,
    })
}

/// Whether the settings' method, for this model, is the decomposition.
fn decomposes(model: &Model, scenarios: &[Scenario], lambda: f64, settings: &Settings) -> bool {
    match settings.method {
        Method::Extensive => false,
        Method::Decomposition => true,
        Method::Auto => {
            let columns = column_count(model, scenarios.len(), lambda);
            let many_small = scenarios.len() >= AUTO_DECOMPOSITION_SCENARIOS
                && columns <= AUTO_DECOMPOSITION_SCENARIO_COLUMNS * scenarios.len();
            scenarios.len() > 1
                && (columns > AUTO_DECOMPOSITION_COLUMNS || many_small)
                && crate::decompose::fits(model, &crate::formulate::Routes::new(model))
        }
    }
}

/// The instant the settings' time limit ends, counted from `started`,
/// with the limit as given. Never panics: the limit is bounded first (a
/// NaN is 0 s); the planner refuses such limits before ([`plan`]).
pub(crate) fn deadline(started: Instant, settings: &Settings) -> Option<(Instant, f64)> {
    let given = settings.solve.time_limit?;
    let seconds = settings.solve.bounded_time_limit()?;
    let limit = Duration::try_from_secs_f64(seconds).ok()?;
    Some((started.checked_add(limit)?, given))
}

/// A scoring failure as a planning failure.
pub(crate) fn score_error(e: ScoreError) -> PlanError {
    match e {
        ScoreError::Solve { source, .. } => PlanError::Solve(source),
        ScoreError::Verify { solver, source, .. } => PlanError::Verify { solver, source },
    }
}

/// A verified answer, the backend that found it, and row duals with where
/// they come from (or why there are none).
pub(crate) struct Checked {
    pub(crate) solution: Solution,
    pub(crate) residuals: Residuals,
    pub(crate) solver: &'static str,
    pub(crate) duals: Result<(Vec<f64>, String), String>,
}

/// One backend's answer, verified; an infeasible verdict is explained.
fn attempt(
    backend: &dyn Backend,
    formulation: &Formulation,
    deadline: Option<(Instant, f64)>,
) -> Result<(Solution, Residuals), PlanError> {
    let options = options_until(deadline)?;
    let mut solution = match backend.solve(&formulation.lp, &options) {
        Err(SolveError::Infeasible) => {
            // The explanation shares the call's time budget.
            return Err(PlanError::Infeasible(explain(
                formulation,
                backend,
                deadline.map(|(at, _)| at),
            )));
        }
        // The backend saw what was left; the user set the whole limit.
        Err(SolveError::TimeLimit { seconds }) => {
            let seconds = deadline.map_or(seconds, |(_, whole)| whole);
            return Err(PlanError::Solve(SolveError::TimeLimit { seconds }));
        }
        other => other?,
    };
    let residuals =
        verify(&formulation.lp, &mut solution, Tolerances::default()).map_err(|source| {
            PlanError::Verify {
                solver: backend.name(),
                source,
            }
        })?;
    Ok((solution, residuals))
}

/// What a plan's shadow-price source adds where no duals came: in a build
/// without Clarabel, the feature that brings a backend that gives them.
#[cfg(feature = "clarabel")]
const NO_DUALS_HINT: &str = "";
#[cfg(not(feature = "clarabel"))]
const NO_DUALS_HINT: &str = " (the `clarabel` cargo feature adds a backend that gives them)";

/// Solves with the chosen backend and verifies the answer. Under `auto`, a
/// microlp answer that fails (a solver error, or the check) is replaced by
/// Clarabel's (without Clarabel: the simplex's, or microlp's). Where the
/// backend gives no duals, a second solve with Clarabel (without it: the
/// simplex, where the LP fits) gives them, and also checks microlp's
/// optimum: an answer above the one the second solve proves is replaced
/// (under `auto`) or refused.
pub(crate) fn solve_checked(
    formulation: &Formulation,
    settings: &Settings,
    deadline: Option<(Instant, f64)>,
    finish: Finish,
) -> Result<Checked, PlanError> {
    let auto = settings.solver == SolverChoice::Auto;
    let lp = &formulation.lp;
    let backend = settings.solver.backend(lp).map_err(PlanError::Solve)?;
    let (mut solution, mut residuals, mut solver) = match attempt(&*backend, formulation, deadline)
    {
        Ok((solution, residuals)) => (solution, residuals, backend.name()),
        Err(e @ (PlanError::Verify { .. } | PlanError::Solve(SolveError::Failed { .. })))
            if auto =>
        {
            let Some(other) = auto_fallback(lp, backend.name()) else {
                return Err(e);
            };
            let (solution, residuals) = attempt(&*other, formulation, deadline)?;
            (solution, residuals, other.name())
        }
        Err(e) => return Err(e),
    };
    // Where the duals come from, if not from the answer's own solver.
    let mut duals_source = None;
    if auto
        && finish == Finish::AtVertex
        && let Some(vertex) = finish_at_vertex(formulation, &solution, solver, deadline)
    {
        // Where the vertex's simplex duals are not the LP's (a bound the
        // boxing implied carries a reduced cost), the interior answer's
        // are: every dual optimum pairs with every primal optimum, and the
        // two answers are the same optimum (checked in
        // `finish_at_vertex`), so no second solve is needed.
        let interior = (solution.row_duals.take(), solver);
        (solution, residuals, solver) = vertex;
        if solution.row_duals.is_none()
            && let (Some(duals), interior_solver) = interior
        {
            solution.row_duals = Some(duals);
            duals_source = Some(format!(
                "{interior_solver} duals (the interior answer's; {solver}'s vertex gives none)"
            ));
        }
    }
    if let Some(duals) = solution.row_duals.take() {
        let source = duals_source.unwrap_or_else(|| format!("{solver} duals"));
        return Ok(Checked {
            solution,
            residuals,
            solver,
            duals: Ok((duals, source)),
        });
    }
    if !settings.shadow_prices {
        return Ok(Checked {
            solution,
            residuals,
            solver,
            duals: Err(SHADOW_PRICES_OFF.to_string()),
        });
    }
    let Some(second_backend) = dual_backend(lp, solver) else {
        return Ok(Checked {
            solution,
            residuals,
            solver,
            duals: Err(format!(
                "none: {solver} gave none, and this build has no other backend to price this LP{NO_DUALS_HINT}"
            )),
        });
    };
    let checker = second_backend.name();
    let duals = match attempt(&*second_backend, formulation, deadline) {
        Ok((mut second, second_residuals)) => {
            let scale = solution.objective.abs().max(1.0);
            if second.objective < solution.objective - OPTIMALITY_TOLERANCE * scale {
                if !auto {
                    return Err(PlanError::Suboptimal {
                        solver,
                        checker,
                        objective: solution.objective,
                        better: second.objective,
                    });
                }
                let duals = second.row_duals.take();
                solution = second;
                residuals = second_residuals;
                solver = checker;
                duals
                    .map(|d| (d, format!("{checker} duals")))
                    .ok_or_else(|| format!("none: {checker} gave no duals{NO_DUALS_HINT}"))
            } else {
                second
                    .row_duals
                    .map(|d| {
                        (
                            d,
                            format!("{checker} duals from a second solve; {solver} gives none"),
                        )
                    })
                    .ok_or_else(|| format!("none: the second solve gave no duals{NO_DUALS_HINT}"))
            }
        }
        Err(e) => Err(format!("none: the second solve for duals failed: {e}")),
    };
    Ok(Checked {
        solution,
        residuals,
        solver,
        duals,
    })
}

/// A plan's shadow-price source when they were turned off.
pub(crate) const SHADOW_PRICES_OFF: &str = "not computed (shadow prices turned off)";

/// Whether an answer is worth finishing at a vertex under `auto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Finish {
    /// Its values are shown (a plan's, the expected-value plan's): the
    /// crossover where [`finish_at_vertex`] takes it.
    AtVertex,
    /// Only its objective is used (a wait-and-see scenario's), or its
    /// values are a starting point (the decomposition's expected-value
    /// start): as solved.
    AsSolved,
}

/// The name a plan's solver has when Clarabel's answer was finished at a
/// vertex by the simplex.
pub const CROSSOVER_SOLVER: &str = "clarabel+simplex";

/// Under `auto`, extensive forms of up to this many rows get the
/// crossover: every LP the simplex takes ([`simplex::MAX_ROWS`]), so every
/// plan `auto` writes is a vertex plan. With the pushes the Japan
/// model's 6,996 rows take 0.32 s, the magnets model's 31,250 1.5 s
/// (Clarabel's solves: 0.15 s and 1.2 s). BENCHMARKS.md, "The
/// crossover's pushes".
pub const CROSSOVER_MAX_ROWS: usize = simplex::MAX_ROWS;

/// Under `auto`, an interior point's answer (Clarabel's) finished at a
/// vertex by the simplex (the crossover, [`simplex::crossover`]): a plan
/// that reserves from one of several identical suppliers, not a third
/// from each, with the simplex's duals where they are the LP's (the
/// caller keeps the interior answer's otherwise). `None` (Clarabel's
/// answer stands) where the LP has more than [`CROSSOVER_MAX_ROWS`] rows,
/// or the crossover fails, runs out of time, fails the check, or ends
/// above Clarabel's optimum.
fn finish_at_vertex(
    formulation: &Formulation,
    interior: &Solution,
    solver: &'static str,
    deadline: Option<(Instant, f64)>,
) -> Option<(Solution, Residuals, &'static str)> {
    let lp = &formulation.lp;
    if solver != "clarabel" || lp.num_rows() > CROSSOVER_MAX_ROWS {
        return None;
    }
    let (mut vertex, _pivots) = simplex::crossover(
        lp,
        &interior.values,
        interior.row_duals.as_deref(),
        deadline,
    )
    .ok()?;
    let residuals = verify(lp, &mut vertex, Tolerances::default()).ok()?;
    let scale = interior.objective.abs().max(1.0);
    (vertex.objective <= interior.objective + OPTIMALITY_TOLERANCE * scale).then_some((
        vertex,
        residuals,
        CROSSOVER_SOLVER,
    ))
}

/// Names the rows that conflict, where the LP is small enough to filter.
fn explain(
    formulation: &Formulation,
    backend: &dyn Backend,
    deadline: Option<Instant>,
) -> Infeasibility {
    match conflicting_rows_until(&formulation.lp, backend, deadline) {
        Ok(rows) => Infeasibility::ConflictingRows(
            rows.into_iter()
                .map(|i| formulation.lp.rows[i].name.clone())
                .collect(),
        ),
        Err(IisError::Feasible) => Infeasibility::Unexplained(
            "the solver called the LP infeasible, but its rows can all be satisfied: a numerical failure".into(),
        ),
        Err(e) => Infeasibility::Unexplained(e.to_string()),
    }
}
