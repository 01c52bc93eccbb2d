//! The efficient frontier: plans at risk weights evenly spaced from 0 to
//! 1, expected cost against CVaR, as CSV and as an SVG chart.

use rayon::prelude::*;

use super::row::{encode_record, format_number};
use crate::model::Model;
use crate::planner::{PlanError, Settings, plan};

/// One point of the frontier: the plan at one risk weight.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let points = rareplan::strategy::frontier::frontier(&loaded.model, &rareplan::Settings::default(), 3, 1)?;
/// let weights: Vec<f64> = points.iter().map(|p| p.risk_weight).collect();
/// assert_eq!(weights, [0.0, 0.5, 1.0]);
/// // More weight on the tail never raises the CVaR.
/// assert!(points[2].cvar <= points[0].cvar + 1e-6);
/// assert!(points.iter().all(|p| p.expected_cost <= p.cvar + 1e-6));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FrontierPoint {
    /// λ.
    pub risk_weight: f64,
    /// `(1-λ)·E[C] + λ·CVaR`.
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
}

/// The columns of a frontier's CSV.
pub const COLUMNS: &[&str] = &[
    "risk_weight",
    "objective",
    "expected_cost",
    "var",
    "cvar",
    "expected_shortage",
    "shortage_probability",
];

/// The `points` risk weights `0, 1/(points-1), …, 1` (just 0 for one point).
pub fn weights(points: usize) -> Vec<f64> {
    if points <= 1 {
        return vec![0.0; points];
    }
    (0..points)
        .map(|i| i as f64 / (points - 1) as f64)
        .collect()
}

/// Plans the model at each weight of [`weights`], in parallel on
/// `threads` threads (0: one per core); points in the order of the
/// weights. `settings.risk_weight` is replaced by each point's weight.
pub fn frontier(
    model: &Model,
    settings: &Settings,
    points: usize,
    threads: usize,
) -> Result<Vec<FrontierPoint>, FrontierError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| FrontierError::Threads(e.to_string()))?;
    pool.install(|| {
        weights(points)
            .into_par_iter()
            .with_max_len(1)
            .map(|weight| {
                let at = Settings {
                    risk_weight: Some(weight),
                    ..*settings
                };
                let outcome = plan(model, &at).map_err(|error| FrontierError::Plan {
                    weight,
                    error: Box::new(error),
                })?;
                let p = outcome.plan;
                Ok(FrontierPoint {
                    risk_weight: weight,
                    objective: p.objective,
                    expected_cost: p.expected_cost,
                    var: p.var,
                    cvar: p.cvar,
                    expected_shortage: p.expected_shortage,
                    shortage_probability: p.shortage_probability,
                })
            })
            .collect()
    })
}

/// Why a frontier could not be made or drawn.
///
/// ```
/// use rareplan::strategy::frontier::FrontierError;
/// let e = FrontierError::Threads("no threads".into());
/// assert_eq!(e.to_string(), "cannot start worker threads: no threads");
/// assert!(e.plan_error().is_none());
/// ```
#[derive(Debug, thiserror::Error)]
pub enum FrontierError {
    /// One point could not be planned.
    #[error("at risk weight {weight}: {error}")]
    Plan {
        /// Its weight.
        weight: f64,
        /// Why.
        error: Box<PlanError>,
    },
    /// The thread pool could not be made.
    #[error("cannot start worker threads: {0}")]
    Threads(String),
    /// The chart could not be drawn.
    #[error("cannot draw the chart: {0}")]
    Chart(String),
}

impl FrontierError {
    /// The planning error behind it, if one.
    pub fn plan_error(&self) -> Option<&PlanError> {
        match self {
            FrontierError::Plan { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// The frontier as CSV: [`COLUMNS`], one row per point.
pub fn render_csv(points: &[FrontierPoint]) -> String {
    let mut out = encode_record(COLUMNS);
    for p in points {
        let fields: Vec<String> = [
            p.risk_weight,
            p.objective,
            p.expected_cost,
            p.var,
            p.cvar,
            p.expected_shortage,
            p.shortage_probability,
        ]
        .into_iter()
        .map(format_number)
        .collect();
        out.push_str(&encode_record(&fields));
    }
    out
}

/// A weight as a short label: `0`, `0.1`, `0.33`.
fn weight_label(weight: f64) -> String {
    let rounded = (weight * 100.0).round() / 100.0;
    format_number(rounded)
}

/// The chart as SVG: expected cost against CVaR at `alpha`, in millions
/// of `currency`, each point marked and labelled `λ=…`.
pub fn render_svg(
    points: &[FrontierPoint],
    model_name: &str,
    currency: &str,
    alpha: f64,
) -> Result<String, FrontierError> {
    use plotters::prelude::*;
    let failed = |e: &dyn std::fmt::Display| FrontierError::Chart(e.to_string());
    let million = 1e6;
    let xs: Vec<f64> = points.iter().map(|p| p.cvar / million).collect();
    let ys: Vec<f64> = points.iter().map(|p| p.expected_cost / million).collect();
    let range = |values: &[f64]| {
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !lo.is_finite() || !hi.is_finite() {
            return 0.0..1.0;
        }
        let pad = ((hi - lo) * 0.08).max(hi.abs().max(1.0) * 1e-3);
        lo - pad..hi + pad
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 600)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| failed(&e))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!("Efficient frontier: {model_name}"),
                ("sans-serif", 20),
            )
            .margin(20)
            .x_label_area_size(50)
            .y_label_area_size(80)
            .build_cartesian_2d(range(&xs), range(&ys))
            .map_err(|e| failed(&e))?;
        chart
            .configure_mesh()
            .x_desc(format!(
                "CVaR at alpha = {} (million {currency})",
                format_number(alpha)
            ))
            .y_desc(format!("expected cost (million {currency})"))
            .x_label_formatter(&|v| format!("{v:.1}"))
            .y_label_formatter(&|v| format!("{v:.1}"))
            .draw()
            .map_err(|e| failed(&e))?;
        let xy: Vec<(f64, f64)> = xs.iter().copied().zip(ys.iter().copied()).collect();
        chart
            .draw_series(LineSeries::new(xy.iter().copied(), BLUE.stroke_width(2)))
            .map_err(|e| failed(&e))?;
        chart
            .draw_series(
                xy.iter()
                    .map(|&(x, y)| Circle::new((x, y), 4, BLUE.filled())),
            )
            .map_err(|e| failed(&e))?;
        chart
            .draw_series(points.iter().zip(&xy).map(|(p, &(x, y))| {
                EmptyElement::at((x, y))
                    + Text::new(
                        format!("λ={}", weight_label(p.risk_weight)),
                        (6, -14),
                        ("sans-serif", 12),
                    )
            }))
            .map_err(|e| failed(&e))?;
        root.present().map_err(|e| failed(&e))?;
    }
    Ok(svg)
}
