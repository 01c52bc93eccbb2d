//! A plan as one self-contained HTML page for people: the figures, SVG
//! charts (no script, no network), the tables and the decisions explained.

pub mod charts;

use std::collections::BTreeMap;
use std::fmt::Write;

use charts::{ChartError, Series};

use crate::explain::decisions::Decisions;
use crate::explain::words::{arc_words, money, tonnes};
use crate::model::Model;
use crate::plan::Plan;

/// One chart of the report: its element id, title and SVG.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let plan = rareplan::plan(&loaded.model, &rareplan::Settings::default())?.plan;
/// let charts = rareplan::report::charts(&plan, Some(&loaded.model))?;
/// let costs = charts.iter().find(|c| c.id == "chart-costs").expect("a cost chart");
/// assert!(costs.svg.starts_with("<svg"));
/// assert!(!costs.title.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The `id` of its `<figure>`.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The SVG markup.
    pub svg: String,
}

/// The periods a plan mentions, in the model's order where a model is
/// given, else in order of first appearance in the expected flows.
fn periods(plan: &Plan, model: Option<&Model>) -> Vec<String> {
    if let Some(m) = model {
        return m.periods.clone();
    }
    let mut out: Vec<String> = Vec::new();
    for e in &plan.expected {
        if !out.contains(&e.period) {
            out.push(e.period.clone());
        }
    }
    out
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// Every chart of the report, in page order.
pub fn charts(plan: &Plan, model: Option<&Model>) -> Result<Vec<Chart>, ChartError> {
    let periods = periods(plan, model);
    let index = |p: &str| periods.iter().position(|q| q == p);
    let mut out = Vec::new();
    let unit = &plan.unit;

    // Supply reserved, by supplier and by country, per material.
    let mut materials: Vec<String> = Vec::new();
    for r in &plan.reservations {
        if !materials.contains(&r.material) {
            materials.push(r.material.clone());
        }
    }
    for material in &materials {
        let mut by_supplier: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        let mut by_country: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        for r in plan.reservations.iter().filter(|r| &r.material == material) {
            let Some(t) = index(&r.period) else { continue };
            by_supplier
                .entry(r.supplier.clone())
                .or_insert_with(|| vec![0.0; periods.len()])[t] += r.quantity;
            if let Some(m) = model {
                let country = m
                    .suppliers
                    .iter()
                    .find(|s| s.id == r.supplier)
                    .and_then(|s| s.country.clone())
                    .unwrap_or_else(|| "(no country)".to_string());
                by_country
                    .entry(country)
                    .or_insert_with(|| vec![0.0; periods.len()])[t] += r.quantity;
            }
        }
        let to_series = |map: BTreeMap<String, Vec<f64>>| -> Vec<Series> {
            map.into_iter()
                .map(|(name, values)| Series { name, values })
                .collect()
        };
        let title = format!("{material}: reserved by supplier, by ship period");
        out.push(Chart {
            id: format!("chart-supply-{}", slug(material)),
            svg: charts::stacked_bars(&title, unit, &periods, &to_series(by_supplier))?,
            title,
        });
        if model.is_some() {
            let title = format!("{material}: reserved by supplier country, by ship period");
            out.push(Chart {
                id: format!("chart-country-{}", slug(material)),
                svg: charts::stacked_bars(&title, unit, &periods, &to_series(by_country))?,
                title,
            });
        }
    }

    // Expected stock against need, per buyer and material.
    let mut pairs: Vec<(String, String)> = Vec::new();
    for e in &plan.expected {
        let key = (e.buyer.clone(), e.material.clone());
        if !pairs.contains(&key) {
            pairs.push(key);
        }
    }
    for (buyer, material) in &pairs {
        let mut need = vec![0.0; periods.len()];
        let mut stock = vec![0.0; periods.len()];
        let mut arriving = vec![0.0; periods.len()];
        let mut short = vec![0.0; periods.len()];
        for e in plan
            .expected
            .iter()
            .filter(|e| &e.buyer == buyer && &e.material == material)
        {
            let Some(t) = index(&e.period) else { continue };
            need[t] = e.need;
            stock[t] = e.stock;
            arriving[t] = e.contract + e.spot;
            short[t] = e.shortage;
        }
        let title = format!("{material} at {buyer}: stock against need");
        let mut series = vec![
            Series {
                name: "need".into(),
                values: need,
            },
            Series {
                name: "expected arrivals".into(),
                values: arriving,
            },
            Series {
                name: "expected end stock".into(),
                values: stock,
            },
            Series {
                name: "expected shortage".into(),
                values: short,
            },
        ];
        // The end stock of the two costliest scenarios, where the plan
        // carries every scenario's flows.
        if let Some(flows) = &plan.scenario_flows {
            for id in costliest(plan, 2) {
                let Some(f) = flows.iter().find(|f| f.scenario == id) else {
                    continue;
                };
                let mut values = vec![0.0; periods.len()];
                for s in f
                    .stock
                    .iter()
                    .filter(|s| &s.buyer == buyer && &s.material == material)
                {
                    if let Some(t) = index(&s.period) {
                        values[t] = s.stock;
                    }
                }
                series.push(Series {
                    name: format!("end stock in {id}"),
                    values,
                });
            }
        }
        out.push(Chart {
            id: format!("chart-stock-{}-{}", slug(buyer), slug(material)),
            svg: charts::lines(&title, unit, &periods, &series)?,
            title,
        });
    }

    // Scenario costs with VaR and CVaR.
    let costs: Vec<(f64, f64)> = plan
        .scenarios
        .iter()
        .map(|s| (s.cost, s.probability))
        .collect();
    let title = format!("Scenario costs, with VaR and CVaR at {}", plan.alpha);
    out.push(Chart {
        id: "chart-costs".into(),
        svg: charts::cost_distribution(&title, &costs, plan.var, plan.cvar, &plan.currency)?,
        title,
    });

    // Shortages by scenario: the twelve largest.
    let mut worst: Vec<&crate::plan::ScenarioResult> = plan.scenarios.iter().collect();
    worst.sort_by(|a, b| {
        (b.shortage + b.end_shortfall)
            .total_cmp(&(a.shortage + a.end_shortfall))
            .then_with(|| a.id.cmp(&b.id))
    });
    worst.truncate(12);
    let labels: Vec<String> = (1..=worst.len()).map(|i| format!("#{i}")).collect();
    let title = "Shortages in the scenarios that fall shortest (see the table below)".to_string();
    out.push(Chart {
        id: "chart-shortages".into(),
        svg: charts::stacked_bars(
            &title,
            unit,
            &labels,
            &[
                Series {
                    name: "need unmet".into(),
                    values: worst.iter().map(|s| s.shortage).collect(),
                },
                Series {
                    name: "below end-stock target".into(),
                    values: worst.iter().map(|s| s.end_shortfall).collect(),
                },
            ],
        )?,
        title,
    });

    // Shadow prices over time.
    let mut by_id: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for s in &plan.shadow_prices {
        let Some(t) = index(s.period()) else { continue };
        by_id
            .entry(format!("{} {}", s.kind(), s.id()))
            .or_insert_with(|| vec![f64::NAN; periods.len()])[t] = s.value;
    }
    let series: Vec<Series> = by_id
        .into_iter()
        .filter(|(_, v)| v.iter().any(|x| x.abs() > 1e-9 && x.is_finite()))
        .map(|(name, values)| Series { name, values })
        .collect();
    let title = format!(
        "Shadow prices of quotas and capacities ({} per {unit} more)",
        plan.currency
    );
    out.push(Chart {
        id: "chart-shadow-prices".into(),
        svg: charts::lines(&title, &plan.currency, &periods, &series)?,
        title,
    });
    Ok(out)
}

/// The ids of the `n` costliest scenarios, costliest first.
fn costliest(plan: &Plan, n: usize) -> Vec<String> {
    let mut all: Vec<&crate::plan::ScenarioResult> = plan.scenarios.iter().collect();
    all.sort_by(|a, b| b.cost.total_cmp(&a.cost).then_with(|| a.id.cmp(&b.id)));
    all.into_iter().take(n).map(|s| s.id.clone()).collect()
}

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STYLE: &str = "body{font-family:sans-serif;max-width:900px;margin:2em auto;color:#111;line-height:1.4}\
table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border-bottom:1px solid #bbb;padding:2px 8px;text-align:left}\
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}figure{margin:1em 0;break-inside:avoid}\
figcaption{font-size:0.9em;color:#333}h2{border-bottom:2px solid #0072B2;padding-bottom:2px}\
.decision{margin:0.2em 0 0.2em 1.5em;font-size:0.92em}@media print{body{max-width:none}}";

/// The whole page. `decisions` fills the section "Why each supplier is
/// used or not"; without them the section says how to get them.
pub fn render_html(
    plan: &Plan,
    model: Option<&Model>,
    decisions: Option<&Decisions>,
) -> Result<String, ChartError> {
    let charts = charts(plan, model)?;
    let mut h = String::new();
    let cur = &plan.currency;
    let unit = &plan.unit;
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&plan.model)
    );
    let _ = writeln!(h, "<h1>{}</h1>", escape(&plan.model));
    let _ = writeln!(
        h,
        "<p>Plan by {} ({}); {} scenarios ({}); every number checked against the LP.</p>",
        escape(&plan.solver),
        escape(plan.status.as_str()),
        plan.scenarios.len(),
        escape(plan.scenario_generation.mode.as_str())
    );
    let _ = writeln!(h, "<h2>Summary</h2>\n<table>");
    let rows = [
        (
            "objective (1−λ)·E[cost] + λ·CVaR",
            format!("{} {cur}", money(plan.objective)),
        ),
        (
            "expected cost",
            format!("{} {cur}", money(plan.expected_cost)),
        ),
        (
            &*format!("VaR {}", plan.alpha),
            format!("{} {cur}", money(plan.var)),
        ),
        (
            &*format!("CVaR {}", plan.alpha),
            format!("{} {cur}", money(plan.cvar)),
        ),
        ("risk weight λ", format!("{}", plan.risk_weight)),
        (
            "expected shortage",
            format!("{} {unit}", tonnes(plan.expected_shortage)),
        ),
        (
            "expected end-stock shortfall",
            format!("{} {unit}", tonnes(plan.expected_end_shortfall)),
        ),
        (
            "probability of a shortage",
            format!("{:.1}%", 100.0 * plan.shortage_probability),
        ),
    ];
    for (k, v) in rows {
        let _ = writeln!(
            h,
            "<tr><th>{}</th><td class=\"n\">{}</td></tr>",
            escape(k),
            escape(&v)
        );
    }
    let _ = writeln!(h, "</table>");

    let _ = writeln!(
        h,
        "<h2>Reservations: what to sign now</h2>\n<table>\n<tr><th>supplier</th><th>material</th><th>buyer</th><th>ship period</th><th class=\"n\">{unit}</th><th class=\"n\">fee ({cur})</th></tr>"
    );
    let mut omitted = 0;
    for r in &plan.reservations {
        if tonnes(r.quantity) == "0.0" {
            omitted += 1;
            continue;
        }
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&r.supplier),
            escape(&r.material),
            escape(&r.buyer),
            escape(&r.period),
            tonnes(r.quantity),
            money(r.fee)
        );
    }
    let _ = writeln!(h, "</table>");
    if omitted > 0 {
        let _ = writeln!(
            h,
            "<p>{omitted} reservations under 0.05 {unit} are left out of this table (the plan file lists them).</p>"
        );
    }

    let _ = writeln!(h, "<h2>Charts</h2>");
    for c in &charts {
        let _ = writeln!(
            h,
            "<figure class=\"chart\" id=\"{}\">\n{}\n<figcaption>{}</figcaption>\n</figure>",
            escape(&c.id),
            c.svg,
            escape(&c.title)
        );
    }

    let mut worst: Vec<&crate::plan::ScenarioResult> = plan.scenarios.iter().collect();
    worst.sort_by(|a, b| {
        (b.shortage + b.end_shortfall)
            .total_cmp(&(a.shortage + a.end_shortfall))
            .then_with(|| a.id.cmp(&b.id))
    });
    let _ = writeln!(
        h,
        "<h2>Scenarios, shortest first</h2>\n<table>\n<tr><th>#</th><th>scenario</th><th class=\"n\">probability</th><th class=\"n\">cost ({cur})</th><th class=\"n\">short ({unit})</th><th class=\"n\">below end target ({unit})</th></tr>"
    );
    for (i, s) in worst.iter().enumerate() {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{:.4}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            i + 1,
            escape(&s.id),
            s.probability,
            money(s.cost),
            tonnes(s.shortage),
            tonnes(s.end_shortfall)
        );
    }
    let _ = writeln!(h, "</table>");

    let _ = writeln!(
        h,
        "<h2 id=\"decisions\">Why each supplier is used or not</h2>"
    );
    match decisions {
        Some(d) => decisions_html(&mut h, d),
        None => {
            let _ = writeln!(
                h,
                "<p>Not in this report: make it with <code>rareplan solve MODEL --report FILE</code> or <code>rareplan report PLAN --model MODEL</code>.</p>"
            );
        }
    }
    let _ = writeln!(h, "</body>\n</html>");
    Ok(h)
}

fn decisions_html(h: &mut String, d: &Decisions) {
    let _ = writeln!(
        h,
        "<p>In {} per {}. <em>Cost</em>: the fee plus the scenario-weighted contract cost of one tonne reserved and used in the scenarios where using it gains. <em>Value</em>: what that tonne is worth at the buyer on arrival (the duals of the stock balance). <em>Limits</em>: what binding quotas and capacities hold back per tonne. Duals: {}.</p>",
        escape(&d.currency),
        escape(&d.unit),
        escape(&d.dual_source)
    );
    for g in &d.groups {
        let _ = writeln!(
            h,
            "<h3>{} at {}</h3>",
            escape(&g.material),
            escape(&g.buyer)
        );
        let values: Vec<String> = g
            .marginal_value
            .iter()
            .map(|p| format!("{} {}", p.period, money(p.value)))
            .collect();
        let _ = writeln!(
            h,
            "<p>One more {} in stock is worth: {}</p>",
            escape(&d.unit),
            escape(&values.join(" · "))
        );
        if !g.storage_binding.is_empty() {
            let storage: Vec<String> = g
                .storage_binding
                .iter()
                .map(|p| format!("{} {}", p.period, money(p.value)))
                .collect();
            let _ = writeln!(h, "<p>Storage binds: {}</p>", escape(&storage.join(" · ")));
        }
        for s in &g.suppliers {
            let head = if s.used {
                format!(
                    "used: {} {} reserved, {} {} spot expected",
                    tonnes(s.reserved),
                    d.unit,
                    tonnes(s.expected_spot),
                    d.unit
                )
            } else {
                "not used".to_string()
            };
            let _ = writeln!(
                h,
                "<p><strong>{}</strong>: {}</p>",
                escape(&s.supplier),
                escape(&head)
            );
            for arc in &s.periods {
                let _ = writeln!(
                    h,
                    "<p class=\"decision\">{}</p>",
                    escape(&arc_words(arc, &d.unit))
                );
            }
        }
    }
}
