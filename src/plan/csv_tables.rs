//! The plan's other tables as CSV (`--format csv --table ...`): scenarios,
//! expected flows and shadow prices. Reservations keep their own form in
//! [`super::render`].

use serde::Serialize;

use super::Plan;
use super::write::PlanWriteError;

/// Which table `--format csv` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CsvTable {
    /// The reservations (the default).
    #[default]
    Reservations,
    /// Every scenario with its probability, events, cost and shortage.
    Scenarios,
    /// Expected flows per buyer, material and period.
    Flows,
    /// Shadow prices of quotas and capacities.
    ShadowPrices,
}

/// A scenario as a CSV row: its events joined with `+`.
#[derive(Serialize)]
struct ScenarioRow<'a> {
    id: &'a str,
    probability: f64,
    events: String,
    cost: f64,
    shortage: f64,
    end_shortfall: f64,
}

/// Renders one of the plan's tables as CSV with a header row (also when
/// the table is empty).
pub fn render_csv_table(plan: &Plan, table: CsvTable) -> Result<String, PlanWriteError> {
    if table == CsvTable::Reservations {
        return super::render(plan, super::Format::Csv);
    }
    if !plan.is_finite() {
        return Err(PlanWriteError::NotFinite);
    }
    let failed = |e: &dyn std::fmt::Display| PlanWriteError::Render {
        format: "csv",
        message: e.to_string(),
    };
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    match table {
        CsvTable::Reservations | CsvTable::Scenarios => {
            w.write_record([
                "id",
                "probability",
                "events",
                "cost",
                "shortage",
                "end_shortfall",
            ])
            .map_err(|e| failed(&e))?;
            for s in &plan.scenarios {
                w.serialize(ScenarioRow {
                    id: &s.id,
                    probability: s.probability,
                    events: s.events.join("+"),
                    cost: s.cost,
                    shortage: s.shortage,
                    end_shortfall: s.end_shortfall,
                })
                .map_err(|e| failed(&e))?;
            }
        }
        CsvTable::Flows => {
            w.write_record([
                "buyer", "material", "period", "need", "contract", "spot", "stock", "shortage",
            ])
            .map_err(|e| failed(&e))?;
            for row in &plan.expected {
                w.serialize(row).map_err(|e| failed(&e))?;
            }
        }
        CsvTable::ShadowPrices => {
            w.write_record(["kind", "id", "period", "value"])
                .map_err(|e| failed(&e))?;
            for row in &plan.shadow_prices {
                w.serialize(row).map_err(|e| failed(&e))?;
            }
        }
    }
    let bytes = w.into_inner().map_err(|e| failed(&e))?;
    String::from_utf8(bytes).map_err(|e| failed(&e))
}
