//! The plan's other tables as CSV (`--format csv --table ...`): scenarios,
//! expected flows and shadow prices. Reservations keep their own form in
//! [`super::render`].

use serde::Serialize;

use super::Plan;
use super::write::PlanWriteError;

/// Which of the plan's tables [`render_csv_table`] writes.
///
/// Named `reservations`, `scenarios`, `flows` and `shadow-prices` in
/// [`FromStr`](std::str::FromStr), [`Display`](std::fmt::Display) and serde.
///
/// ```
/// use rareplan::CsvTable;
/// assert_eq!("shadow-prices".parse::<CsvTable>()?, CsvTable::ShadowPrices);
/// assert_eq!(CsvTable::default(), CsvTable::Reservations);
/// # Ok::<(), rareplan::ParseNameError>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
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

impl CsvTable {
    /// Every table, in order.
    pub const ALL: &'static [CsvTable] = &[
        CsvTable::Reservations,
        CsvTable::Scenarios,
        CsvTable::Flows,
        CsvTable::ShadowPrices,
    ];

    /// The table's name (`reservations`, `shadow-prices`, …).
    pub fn name(self) -> &'static str {
        match self {
            CsvTable::Reservations => "reservations",
            CsvTable::Scenarios => "scenarios",
            CsvTable::Flows => "flows",
            CsvTable::ShadowPrices => "shadow-prices",
        }
    }
}

impl std::fmt::Display for CsvTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for CsvTable {
    type Err = crate::error::ParseNameError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CsvTable::ALL
            .iter()
            .copied()
            .find(|t| t.name() == s)
            .ok_or_else(|| {
                crate::error::ParseNameError::new(
                    "table",
                    s,
                    CsvTable::ALL.iter().map(|t| t.name()),
                )
            })
    }
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
