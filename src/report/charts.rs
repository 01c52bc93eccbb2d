//! The report's charts as SVG strings, drawn with plotters' SVG backend
//! (text as SVG `<text>`, so no font library is needed), in the Okabe–Ito
//! palette, which colour-blind readers can tell apart and which stays
//! readable in grey print (each series also has its own marker or order).

use plotters::prelude::*;

/// The Okabe–Ito palette, in the order series take it.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(230, 159, 0),   // orange
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(240, 228, 66),  // yellow
    RGBColor(0, 0, 0),       // black
];

/// The colour of the `i`-th series.
pub fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Chart size in pixels.
const SIZE: (u32, u32) = (860, 380);

/// Why a chart could not be drawn.
///
/// ```
/// use rareplan::report::charts::ChartError;
/// let e = ChartError { chart: "Costs".into(), message: "no room".into() };
/// assert_eq!(e.to_string(), "cannot draw the chart `Costs`: no room");
/// ```
#[derive(Debug, thiserror::Error)]
#[error("cannot draw the chart `{chart}`: {message}")]
pub struct ChartError {
    /// The chart's title.
    pub chart: String,
    /// What plotters said.
    pub message: String,
}

fn failed(chart: &str) -> impl Fn(&dyn std::fmt::Display) -> ChartError + '_ {
    move |e| ChartError {
        chart: chart.to_string(),
        message: e.to_string(),
    }
}

/// A named series of values, one per category.
///
/// ```
/// use rareplan::report::charts::{Series, stacked_bars};
/// let periods = vec!["Q1".to_string(), "Q2".to_string()];
/// let series = [
///     Series { name: "contract".into(), values: vec![60.0, 80.0] },
///     Series { name: "spot".into(), values: vec![20.0, 0.0] },
/// ];
/// let svg = stacked_bars("Supply", "t", &periods, &series)?;
/// assert!(svg.contains("contract") && svg.contains("spot")); // the legend
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Series {
    /// Legend label.
    pub name: String,
    /// One value per category.
    pub values: Vec<f64>,
}

fn upper(max: f64) -> f64 {
    if max > 0.0 { max * 1.1 } else { 1.0 }
}

/// Stacked bars: one bar per category, one segment per series.
pub fn stacked_bars(
    title: &str,
    y_label: &str,
    categories: &[String],
    series: &[Series],
) -> Result<String, ChartError> {
    let err = failed(title);
    let n = categories.len();
    let totals: Vec<f64> = (0..n)
        .map(|c| series.iter().map(|s| s.values[c].max(0.0)).sum())
        .collect();
    let top = upper(totals.iter().copied().fold(0.0, f64::max));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(|e| err(&e))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(90)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0.0..top)
            .map_err(|e| err(&e))?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(BLACK.mix(0.15))
            .label_style(("sans-serif", 14))
            .axis_desc_style(("sans-serif", 15))
            .x_labels(n.max(1))
            .x_label_formatter(&|x| category_label(categories, *x))
            .y_label_formatter(&|y| short_number(*y))
            .y_desc(y_label)
            .draw()
            .map_err(|e| err(&e))?;
        for (i, s) in series.iter().enumerate() {
            let base: Vec<f64> = (0..n)
                .map(|c| series[..i].iter().map(|p| p.values[c].max(0.0)).sum())
                .collect();
            let style = colour(i).filled();
            chart
                .draw_series((0..n).map(|c| {
                    let x = c as f64;
                    Rectangle::new(
                        [
                            (x - 0.35, base[c]),
                            (x + 0.35, base[c] + s.values[c].max(0.0)),
                        ],
                        style,
                    )
                }))
                .map_err(|e| err(&e))?
                .label(s.name.clone())
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], style));
        }
        chart
            .configure_series_labels()
            .label_font(("sans-serif", 14))
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .position(SeriesLabelPosition::UpperRight)
            .draw()
            .map_err(|e| err(&e))?;
        root.present().map_err(|e| err(&e))?;
    }
    Ok(svg)
}

fn category_label(categories: &[String], x: f64) -> String {
    let i = x.round();
    if (x - i).abs() > 1e-6 || i < 0.0 {
        return String::new();
    }
    categories.get(i as usize).cloned().unwrap_or_default()
}

/// Lines over categories, each series with its own colour and marker.
pub fn lines(
    title: &str,
    y_label: &str,
    categories: &[String],
    series: &[Series],
) -> Result<String, ChartError> {
    let err = failed(title);
    let n = categories.len();
    let all = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .filter(|v| v.is_finite());
    let (low, high) = all.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(|e| err(&e))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(90)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), low.min(0.0)..upper(high))
            .map_err(|e| err(&e))?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(BLACK.mix(0.15))
            .label_style(("sans-serif", 14))
            .axis_desc_style(("sans-serif", 15))
            .x_labels(n.max(1))
            .x_label_formatter(&|x| category_label(categories, *x))
            .y_label_formatter(&|y| short_number(*y))
            .y_desc(y_label)
            .draw()
            .map_err(|e| err(&e))?;
        for (i, s) in series.iter().enumerate() {
            let c = colour(i);
            // A value that is not finite (no such period) breaks the line.
            let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
            for (x, &y) in s.values.iter().enumerate() {
                if y.is_finite() {
                    if let Some(run) = runs.last_mut() {
                        run.push((x as f64, y));
                    }
                } else {
                    runs.push(Vec::new());
                }
            }
            let points: Vec<(f64, f64)> = runs.iter().flatten().copied().collect();
            let width = if i % 2 == 1 { 2 } else { 3 };
            for (r, run) in runs.iter().enumerate() {
                let drawn = chart
                    .draw_series(LineSeries::new(run.clone(), c.stroke_width(width)))
                    .map_err(|e| err(&e))?;
                if r == 0 {
                    drawn.label(s.name.clone()).legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 14, y)], c.stroke_width(3))
                    });
                }
            }
            if i % 3 == 0 {
                chart
                    .draw_series(points.iter().map(|&p| Circle::new(p, 4, c.filled())))
                    .map_err(|e| err(&e))?;
            } else if i % 3 == 1 {
                chart
                    .draw_series(
                        points
                            .iter()
                            .map(|&p| TriangleMarker::new(p, 5, c.filled())),
                    )
                    .map_err(|e| err(&e))?;
            } else {
                chart
                    .draw_series(points.iter().map(|&p| Cross::new(p, 4, c.stroke_width(2))))
                    .map_err(|e| err(&e))?;
            }
        }
        chart
            .configure_series_labels()
            .label_font(("sans-serif", 14))
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .position(SeriesLabelPosition::UpperRight)
            .draw()
            .map_err(|e| err(&e))?;
        root.present().map_err(|e| err(&e))?;
    }
    Ok(svg)
}

/// The distribution of scenario costs: probability mass per cost bin, with
/// VaR and CVaR as vertical lines.
pub fn cost_distribution(
    title: &str,
    costs: &[(f64, f64)],
    var: f64,
    cvar: f64,
    currency: &str,
) -> Result<String, ChartError> {
    let err = failed(title);
    let bins = 20usize;
    let lo = costs
        .iter()
        .map(|c| c.0)
        .fold(f64::INFINITY, f64::min)
        .min(var);
    let hi = costs
        .iter()
        .map(|c| c.0)
        .fold(f64::NEG_INFINITY, f64::max)
        .max(cvar);
    let (lo, hi) = if lo.is_finite() && hi > lo {
        (lo, hi)
    } else {
        (lo - 1.0, lo + 1.0)
    };
    let width = (hi - lo) / bins as f64;
    let mut mass = vec![0.0; bins];
    for &(cost, p) in costs {
        let b = (((cost - lo) / width) as usize).min(bins - 1);
        mass[b] += p;
    }
    let top = upper(mass.iter().copied().fold(0.0, f64::max));
    let pad = width;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(|e| err(&e))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(54)
            .y_label_area_size(80)
            .build_cartesian_2d((lo - pad)..(hi + pad), 0.0..top)
            .map_err(|e| err(&e))?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(BLACK.mix(0.15))
            .label_style(("sans-serif", 14))
            .axis_desc_style(("sans-serif", 15))
            .y_label_formatter(&|y| format!("{y:.2}"))
            .x_labels(6)
            .x_label_formatter(&|x| short_number(*x))
            .x_desc(format!("scenario cost ({currency})"))
            .y_desc("probability")
            .draw()
            .map_err(|e| err(&e))?;
        chart
            .draw_series(mass.iter().enumerate().map(|(b, &m)| {
                let x0 = lo + b as f64 * width;
                Rectangle::new([(x0, 0.0), (x0 + width * 0.9, m)], colour(0).filled())
            }))
            .map_err(|e| err(&e))?
            .label("probability of a cost in the bin")
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], colour(0).filled()));
        for (value, name, i) in [(var, "VaR", 1usize), (cvar, "CVaR", 3usize)] {
            let c = colour(i);
            chart
                .draw_series(LineSeries::new(
                    vec![(value, 0.0), (value, top)],
                    c.stroke_width(if i == 1 { 2 } else { 4 }),
                ))
                .map_err(|e| err(&e))?
                .label(format!("{name} {}", short_number(value)))
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 14, y)], c.stroke_width(3))
                });
        }
        chart
            .configure_series_labels()
            .label_font(("sans-serif", 14))
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .position(SeriesLabelPosition::UpperRight)
            .draw()
            .map_err(|e| err(&e))?;
        root.present().map_err(|e| err(&e))?;
    }
    Ok(svg)
}

/// 12.3M, 450k, 12.
pub fn short_number(x: f64) -> String {
    let a = x.abs();
    if a >= 1e9 {
        format!("{:.2}G", x / 1e9)
    } else if a >= 1e6 {
        format!("{:.2}M", x / 1e6)
    } else if a >= 1e3 {
        format!("{:.1}k", x / 1e3)
    } else {
        format!("{x:.0}")
    }
}
