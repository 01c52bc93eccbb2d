//! A plan as an Excel workbook: one sheet each for the summary,
//! reservations, expected flows, scenarios and shadow prices. Numbers are
//! written as numbers, each sheet's header row is frozen, and the bytes are
//! the same for the same plan (the document's dates are fixed).

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::Plan;
use super::write::PlanWriteError;

/// The sheet names, in order.
pub const SHEETS: [&str; 5] = [
    "summary",
    "reservations",
    "expected flows",
    "scenarios",
    "shadow prices",
];

/// One cell of a table: text or a number.
enum Cell<'a> {
    Text(&'a str),
    Number(f64),
}

/// Renders a plan as the bytes of an `.xlsx` workbook.
pub fn render_xlsx(plan: &Plan) -> Result<Vec<u8>, PlanWriteError> {
    if !plan.is_finite() {
        return Err(PlanWriteError::NotFinite);
    }
    workbook(plan).map_err(|e| PlanWriteError::Render {
        format: "xlsx",
        message: e.to_string(),
    })
}

fn workbook(plan: &Plan) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // A fixed date, so that the same plan gives the same bytes.
    let date = ExcelDateTime::from_ymd(2000, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(&plan.model)
            .set_creation_datetime(&date),
    );
    let bold = Format::new().set_bold();

    let summary: Vec<(&str, Cell<'_>)> = vec![
        ("model", Cell::Text(&plan.model)),
        ("currency", Cell::Text(&plan.currency)),
        ("unit", Cell::Text(&plan.unit)),
        ("status", Cell::Text(plan.status.as_str())),
        ("solver", Cell::Text(&plan.solver)),
        ("objective", Cell::Number(plan.objective)),
        ("expected_cost", Cell::Number(plan.expected_cost)),
        ("var", Cell::Number(plan.var)),
        ("cvar", Cell::Number(plan.cvar)),
        ("alpha", Cell::Number(plan.alpha)),
        ("risk_weight", Cell::Number(plan.risk_weight)),
        ("expected_shortage", Cell::Number(plan.expected_shortage)),
        (
            "expected_end_shortfall",
            Cell::Number(plan.expected_end_shortfall),
        ),
        (
            "shortage_probability",
            Cell::Number(plan.shortage_probability),
        ),
        (
            "scenario_generation",
            Cell::Text(plan.scenario_generation.mode.as_str()),
        ),
        ("scenarios", Cell::Number(plan.scenarios.len() as f64)),
        ("shadow_price_source", Cell::Text(&plan.shadow_price_source)),
        ("lp_columns", Cell::Number(plan.lp.columns as f64)),
        ("lp_rows", Cell::Number(plan.lp.rows as f64)),
        ("lp_nonzeros", Cell::Number(plan.lp.nonzeros as f64)),
        ("max_row_residual", Cell::Number(plan.lp.max_row_residual)),
        (
            "max_bound_residual",
            Cell::Number(plan.lp.max_bound_residual),
        ),
    ];
    let rows: Vec<Vec<Cell<'_>>> = summary
        .into_iter()
        .map(|(k, v)| vec![Cell::Text(k), v])
        .collect();
    sheet(&mut book, SHEETS[0], &["field", "value"], &rows, &bold)?;

    let rows: Vec<Vec<Cell<'_>>> = plan
        .reservations
        .iter()
        .map(|r| {
            vec![
                Cell::Text(&r.supplier),
                Cell::Text(&r.material),
                Cell::Text(&r.buyer),
                Cell::Text(&r.period),
                Cell::Number(r.quantity),
                Cell::Number(r.fee),
            ]
        })
        .collect();
    sheet(
        &mut book,
        SHEETS[1],
        &["supplier", "material", "buyer", "period", "quantity", "fee"],
        &rows,
        &bold,
    )?;

    let rows: Vec<Vec<Cell<'_>>> = plan
        .expected
        .iter()
        .map(|e| {
            vec![
                Cell::Text(&e.buyer),
                Cell::Text(&e.material),
                Cell::Text(&e.period),
                Cell::Number(e.need),
                Cell::Number(e.contract),
                Cell::Number(e.spot),
                Cell::Number(e.stock),
                Cell::Number(e.shortage),
            ]
        })
        .collect();
    sheet(
        &mut book,
        SHEETS[2],
        &[
            "buyer", "material", "period", "need", "contract", "spot", "stock", "shortage",
        ],
        &rows,
        &bold,
    )?;

    let events: Vec<String> = plan.scenarios.iter().map(|s| s.events.join("+")).collect();
    let rows: Vec<Vec<Cell<'_>>> = plan
        .scenarios
        .iter()
        .zip(&events)
        .map(|(s, events)| {
            vec![
                Cell::Text(&s.id),
                Cell::Number(s.probability),
                Cell::Text(events),
                Cell::Number(s.cost),
                Cell::Number(s.shortage),
                Cell::Number(s.end_shortfall),
            ]
        })
        .collect();
    sheet(
        &mut book,
        SHEETS[3],
        &[
            "id",
            "probability",
            "events",
            "cost",
            "shortage",
            "end_shortfall",
        ],
        &rows,
        &bold,
    )?;

    let ids: Vec<String> = plan.shadow_prices.iter().map(|s| s.id()).collect();
    let rows: Vec<Vec<Cell<'_>>> = plan
        .shadow_prices
        .iter()
        .zip(&ids)
        .map(|(s, id)| {
            vec![
                Cell::Text(s.kind()),
                Cell::Text(id),
                Cell::Text(s.period()),
                Cell::Number(s.value),
            ]
        })
        .collect();
    sheet(
        &mut book,
        SHEETS[4],
        &["kind", "id", "period", "value"],
        &rows,
        &bold,
    )?;

    book.save_to_buffer()
}

/// Adds a sheet with a bold, frozen header row and the rows below it.
fn sheet(
    book: &mut Workbook,
    name: &str,
    header: &[&str],
    rows: &[Vec<Cell<'_>>],
    bold: &Format,
) -> Result<(), XlsxError> {
    let ws: &mut Worksheet = book.add_worksheet();
    ws.set_name(name)?;
    for (c, title) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *title, bold)?;
        ws.set_column_width(c as u16, 16)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            match cell {
                Cell::Text(text) => ws.write_string(r, c as u16, *text)?,
                Cell::Number(value) => ws.write_number(r, c as u16, *value)?,
            };
        }
    }
    Ok(())
}
