//! The plan as aligned text tables, for people at a terminal.

use super::Plan;

/// Scenario rows shown before the rest are summarised.
const MAX_SCENARIO_ROWS: usize = 20;

/// Formats a number with thousands separators and `decimals` decimals;
/// at 1e15 and above in exponent notation (`6e307`, `1.25e20`), not as
/// hundreds of digits.
pub(crate) fn number(value: f64, decimals: usize) -> String {
    if value.abs() >= 1e15 {
        let text = format!("{value:.6e}");
        return match text.split_once('e') {
            Some((mantissa, exponent)) if mantissa.contains('.') => {
                let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
                format!("{mantissa}e{exponent}")
            }
            _ => text,
        };
    }
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w.to_string(), format!(".{f}")),
        None => (text.clone(), String::new()),
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let negative = value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    format!("{}{grouped}{fraction}", if negative { "-" } else { "" })
}

/// Lays out rows under a header, left-aligning text and right-aligning the
/// columns listed in `right`.
fn grid(header: &[&str], rows: &[Vec<String>], right: &[usize]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if right.contains(&i) {
                    format!("{c:>w$}", w = widths[i])
                } else {
                    format!("{c:<w$}", w = widths[i])
                }
            })
            .collect();
        format!("  {}", parts.join("  ").trim_end())
    };
    let mut out = vec![line(header.iter().map(|h| h.to_string()).collect())];
    out.extend(rows.iter().map(|r| line(r.clone())));
    out.join("\n")
}

/// Renders the plan for people: figures, reservations, scenarios, where
/// shortages remain, and shadow prices.
pub fn render_table(plan: &Plan) -> String {
    let money = |v: f64| format!("{} {}", number(v, 0), plan.currency);
    let tonnes = |v: f64| format!("{} {}", number(v, 1), plan.unit);
    let mut out = Vec::new();
    out.push(format!(
        "Plan for {} (solver {}, {})",
        plan.model, plan.solver, plan.status
    ));
    out.push(String::new());
    out.push(format!("  objective            {}", money(plan.objective)));
    out.push(format!(
        "  expected cost        {}",
        money(plan.expected_cost)
    ));
    out.push(format!(
        "  VaR {:<4}             {}",
        plan.alpha,
        money(plan.var)
    ));
    out.push(format!(
        "  CVaR {:<4}            {}",
        plan.alpha,
        money(plan.cvar)
    ));
    out.push(format!("  risk weight          {}", plan.risk_weight));
    out.push(format!(
        "  expected shortage    {}",
        tonnes(plan.expected_shortage)
    ));
    if plan.expected_end_shortfall > 0.0 {
        out.push(format!(
            "  end-stock shortfall  {}",
            tonnes(plan.expected_end_shortfall)
        ));
    }
    out.push(format!(
        "  shortage probability {:.1}%",
        100.0 * plan.shortage_probability
    ));
    out.push(String::new());

    out.push("Reservations (sign now; by ship period)".to_string());
    if plan.reservations.is_empty() {
        out.push("  none: spot purchases and stock cover every scenario at lower cost".to_string());
    } else {
        let rows: Vec<Vec<String>> = plan
            .reservations
            .iter()
            .map(|r| {
                vec![
                    r.supplier.clone(),
                    r.material.clone(),
                    r.buyer.clone(),
                    r.period.clone(),
                    number(r.quantity, 1),
                    number(r.fee, 0),
                ]
            })
            .collect();
        out.push(grid(
            &["supplier", "material", "buyer", "period", "tonnes", "fee"],
            &rows,
            &[4, 5],
        ));
    }
    out.push(String::new());

    out.push(format!("Scenarios ({})", plan.scenarios.len()));
    let mut order: Vec<usize> = (0..plan.scenarios.len()).collect();
    order.sort_by(|&a, &b| {
        plan.scenarios[b]
            .probability
            .total_cmp(&plan.scenarios[a].probability)
            .then(a.cmp(&b))
    });
    let rows: Vec<Vec<String>> = order
        .iter()
        .take(MAX_SCENARIO_ROWS)
        .map(|&k| {
            let s = &plan.scenarios[k];
            vec![
                s.id.clone(),
                format!("{:.4}", s.probability),
                number(s.cost, 0),
                number(s.shortage, 1),
            ]
        })
        .collect();
    out.push(grid(
        &["scenario", "probability", "cost", "shortage"],
        &rows,
        &[1, 2, 3],
    ));
    if plan.scenarios.len() > MAX_SCENARIO_ROWS {
        out.push(format!(
            "  … {} less likely scenarios in the JSON plan (-o plan.json)",
            plan.scenarios.len() - MAX_SCENARIO_ROWS
        ));
    }
    out.push(String::new());

    let short: Vec<Vec<String>> = plan
        .expected
        .iter()
        .filter(|e| e.shortage > 0.0)
        .map(|e| {
            vec![
                e.buyer.clone(),
                e.material.clone(),
                e.period.clone(),
                number(e.need, 1),
                number(e.shortage, 2),
            ]
        })
        .collect();
    out.push("Expected shortages".to_string());
    if short.is_empty() {
        out.push("  none".to_string());
    } else {
        out.push(grid(
            &["buyer", "material", "period", "need", "short"],
            &short,
            &[3, 4],
        ));
    }
    out.push(String::new());

    if let Some(value) = &plan.value {
        out.push("What planning for risk is worth".to_string());
        for (label, v) in [
            ("RP   this plan's objective", value.rp),
            ("EV   expected-value problem", value.ev_objective),
            ("EEV  EV plan on these scenarios", value.eev),
            ("VSS  = EEV - RP", value.vss),
            ("WS   wait-and-see (hindsight)", value.ws),
            ("EVPI = RP - WS", value.evpi),
        ] {
            out.push(format!("  {label:<32}{:>24}", money(v)));
        }
        out.push(format!(
            "  the EV plan reserves {} on {} routes",
            tonnes(value.ev_reservations.iter().map(|r| r.quantity).sum()),
            value.ev_reservations.len()
        ));
        out.push(String::new());
    }
    out.push(format!("Shadow prices ({})", plan.shadow_price_source));
    let priced: Vec<Vec<String>> = plan
        .shadow_prices
        .iter()
        .filter(|s| s.value.abs() > 1e-6)
        .map(|s| {
            vec![
                s.kind().to_string(),
                s.id(),
                s.period().to_string(),
                number(s.value, 2),
            ]
        })
        .collect();
    if !plan.shadow_prices.is_empty() {
        if priced.is_empty() {
            out.push(
                "  every quota and capacity has slack: one more tonne is worth nothing".to_string(),
            );
        } else {
            out.push(grid(
                &["kind", "id", "period", "value per tonne"],
                &priced,
                &[3],
            ));
        }
    }
    out.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(number(1234567.891, 0), "1,234,568");
        assert_eq!(number(-1234.5, 1), "-1,234.5");
        assert_eq!(number(12.0, 1), "12.0");
        assert_eq!(number(-0.0001, 1), "0.0");
    }
}
