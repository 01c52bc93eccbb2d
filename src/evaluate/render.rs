//! An evaluation as a table for people, or as JSON or TOML.

use super::Evaluation;
use crate::plan::number;

/// Renders an evaluation as aligned text: the new figures beside the
/// plan's own (in sample), then the cost quantiles.
pub fn render_evaluation_table(e: &Evaluation) -> String {
    let money = |v: f64| format!("{} {}", number(v, 0), e.currency);
    let tonnes = |v: f64| format!("{} {}", number(v, 1), e.unit);
    let mut out = vec![
        format!(
            "Evaluation of a plan for {} on {} scenarios ({}; solver {})",
            e.model,
            e.scenarios.len(),
            e.scenario_generation.mode,
            e.solver
        ),
        String::new(),
        format!("  {:<22}{:>26}{:>26}", "", "these scenarios", "in sample"),
    ];
    let row = |label: &str, now: String, before: Option<String>| {
        format!(
            "  {label:<22}{now:>26}{:>26}",
            before.unwrap_or_else(|| "-".to_string())
        )
    };
    let own = e.in_sample;
    out.push(row(
        "objective (score)",
        money(e.objective),
        own.map(|s| money(s.objective)),
    ));
    out.push(row(
        "expected cost",
        money(e.expected_cost),
        own.map(|s| money(s.expected_cost)),
    ));
    out.push(row(
        &format!("VaR {}", e.alpha),
        money(e.var),
        own.map(|s| money(s.var)),
    ));
    out.push(row(
        &format!("CVaR {}", e.alpha),
        money(e.cvar),
        own.map(|s| money(s.cvar)),
    ));
    out.push(row(
        "scenarios",
        e.scenarios.len().to_string(),
        own.map(|s| s.scenarios.to_string()),
    ));
    out.push(String::new());
    out.push(format!("  risk weight           {}", e.risk_weight));
    out.push(format!("  reserved              {}", tonnes(e.reserved)));
    out.push(format!("  reservation fees      {}", money(e.fees)));
    out.push(format!(
        "  expected shortage     {}",
        tonnes(e.expected_shortage)
    ));
    out.push(format!(
        "  shortage probability  {:.1} %",
        100.0 * e.shortage_probability
    ));
    out.push(String::new());
    out.push("  Scenario cost quantiles".to_string());
    let q = e.cost_quantiles;
    for (label, value) in [
        ("p50", q.p50),
        ("p90", q.p90),
        ("p95", q.p95),
        ("p99", q.p99),
        ("max", q.max),
    ] {
        out.push(format!("    {label:<6}{:>26}", money(value)));
    }
    out.join("\n") + "\n"
}
