//! [`Decisions`] in words, for `rareplan explain` and the report.

use std::fmt::Write;

use super::decisions::{ArcDecision, Decisions, LimitDual, SupplierDecision};

/// A sum of money, grouped in thousands (whole units from 100 up).
pub fn money(value: f64) -> String {
    let value = if value.abs() < 5e-7 { 0.0 } else { value };
    if value.abs() >= 100.0 {
        group_thousands(value.round())
    } else {
        format!("{value:.2}")
    }
}

/// Tonnes with one decimal.
pub fn tonnes(value: f64) -> String {
    let value = if value.abs() < 5e-7 { 0.0 } else { value };
    format!("{value:.1}")
}

fn group_thousands(value: f64) -> String {
    let digits = format!("{:.0}", value.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if value < 0.0 { format!("-{out}") } else { out }
}

/// One limit as words: `quota cn-light 2011Q3 (1,234)`.
pub fn limit_words(limit: &LimitDual) -> String {
    let period = if limit.period.is_empty() {
        String::new()
    } else {
        format!(" {}", limit.period)
    };
    format!(
        "{} {}{period} ({})",
        limit.kind,
        limit.id,
        money(limit.value)
    )
}

/// What one ship period of a supplier's offer says, as one sentence.
pub fn arc_words(arc: &ArcDecision, unit: &str) -> String {
    let mut s = format!(
        "ship {} → arrive {}: landed {} (price {} + tax {} + freight {} + fee {}); cost {} against value {}",
        arc.ship,
        arc.arrive,
        money(arc.landed),
        money(arc.price),
        money(arc.tax),
        money(arc.freight),
        money(arc.fee),
        money(arc.cost),
        money(arc.value),
    );
    if !arc.limits.is_empty() {
        let limits: Vec<String> = arc.limits.iter().map(limit_words).collect();
        let _ = write!(s, "; limits: {}", limits.join(", "));
    }
    if arc.reserved > 1e-6 {
        let _ = write!(s, "; reserved {} {unit}", tonnes(arc.reserved));
    } else {
        match arc.price_cut_to_enter {
            Some(cut) if cut > 0.0 => {
                let _ = write!(
                    s,
                    "; not reserved: its price would have to be {} per {unit} lower to enter the plan (reduced cost {})",
                    money(cut),
                    money(arc.reduced_cost)
                );
            }
            Some(_) => {
                let _ = write!(
                    s,
                    "; not reserved, though it breaks even (reduced cost {}): another optimal plan may use it",
                    money(arc.reduced_cost)
                );
            }
            None => {
                let _ = write!(s, "; not reserved: it delivers in no scenario");
            }
        }
    }
    if let Some(spot) = &arc.spot {
        if spot.expected > 1e-6 {
            let _ = write!(
                s,
                "; spot at landed {}: {} {unit} expected",
                money(spot.landed),
                tonnes(spot.expected)
            );
        } else if spot.least_gap <= 0.0 {
            let _ = write!(
                s,
                "; spot at landed {}: never bought, though it breaks even (in {})",
                money(spot.landed),
                spot.scenario
            );
        } else {
            let _ = write!(
                s,
                "; spot at landed {}: never bought, at least {} per {unit} above its value (in {})",
                money(spot.landed),
                money(spot.least_gap),
                spot.scenario
            );
        }
    }
    s
}

fn supplier_words(s: &SupplierDecision, unit: &str) -> String {
    if s.used {
        format!(
            "{}: used, {} {unit} reserved, {} {unit} spot expected",
            s.supplier,
            tonnes(s.reserved),
            tonnes(s.expected_spot)
        )
    } else {
        format!("{}: not used", s.supplier)
    }
}

/// The decisions as text, per material and buyer.
pub fn render_decisions(d: &Decisions) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Why each supplier is used or not: {} ({} per {}; {})",
        d.model, d.currency, d.unit, d.dual_source
    );
    let _ = writeln!(
        out,
        "cost: fee + scenario-weighted contract cost of a tonne reserved and used in the scenarios where using it gains; value: what it is worth at the buyer on arrival; limits: what binding quotas and capacities hold back per tonne"
    );
    for g in &d.groups {
        let _ = writeln!(out, "\n{} at {}", g.material, g.buyer);
        let values: Vec<String> = g
            .marginal_value
            .iter()
            .map(|p| format!("{} {}", p.period, money(p.value)))
            .collect();
        let _ = writeln!(
            out,
            "  one more {} in stock is worth: {}",
            d.unit,
            values.join(" · ")
        );
        if !g.storage_binding.is_empty() {
            let storage: Vec<String> = g
                .storage_binding
                .iter()
                .map(|p| format!("{} {}", p.period, money(p.value)))
                .collect();
            let _ = writeln!(
                out,
                "  storage binds (per {}): {}",
                d.unit,
                storage.join(" · ")
            );
        }
        if g.suppliers.is_empty() {
            let _ = writeln!(out, "  no supplier offers it on a lane to this buyer");
        }
        for s in &g.suppliers {
            let _ = writeln!(out, "  {}", supplier_words(s, &d.unit));
            for arc in &s.periods {
                let _ = writeln!(out, "    {}", arc_words(arc, &d.unit));
            }
        }
    }
    out
}
