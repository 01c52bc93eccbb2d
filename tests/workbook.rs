//! `-o plan.xlsx` read back with calamine against the JSON plan, and the
//! CSV tables of `--format csv --table`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx, open_workbook};
use rareplan::Plan;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rareplan"))
}

fn model(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("rareplan runs")
}

fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(v) => *v,
        Data::Int(v) => *v as f64,
        other => panic!("expected a number cell, found {other:?}"),
    }
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        other => panic!("expected a text cell, found {other:?}"),
    }
}

fn json_plan(name: &str) -> Plan {
    let o = run(&[
        "solve",
        "-q",
        model(name).to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn the_workbook_holds_the_json_plan_with_numbers_as_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    let o = run(&[
        "solve",
        model("embargo-2010.toml").to_str().unwrap(),
        "-o",
        path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let plan = json_plan("embargo-2010.toml");
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "summary",
            "reservations",
            "expected flows",
            "scenarios",
            "shadow prices"
        ]
    );

    let summary = book.worksheet_range("summary").unwrap();
    let field = |name: &str| {
        summary
            .rows()
            .find(|r| text(&r[0]) == name)
            .unwrap_or_else(|| panic!("no summary row {name}"))[1]
            .clone()
    };
    assert_eq!(text(&field("model")), plan.model);
    assert_eq!(number(&field("objective")), plan.objective);
    assert_eq!(number(&field("expected_cost")), plan.expected_cost);
    assert_eq!(number(&field("cvar")), plan.cvar);
    assert_eq!(number(&field("var")), plan.var);
    assert_eq!(number(&field("expected_shortage")), plan.expected_shortage);

    let reservations = book.worksheet_range("reservations").unwrap();
    let rows: Vec<_> = reservations.rows().collect();
    assert_eq!(text(&rows[0][4]), "quantity");
    assert_eq!(rows.len(), plan.reservations.len() + 1);
    for (row, r) in rows[1..].iter().zip(&plan.reservations) {
        assert_eq!(text(&row[0]), r.supplier);
        assert_eq!(text(&row[1]), r.material);
        assert_eq!(text(&row[2]), r.buyer);
        assert_eq!(text(&row[3]), r.period);
        assert_eq!(number(&row[4]), r.quantity);
        assert_eq!(number(&row[5]), r.fee);
    }

    let flows = book.worksheet_range("expected flows").unwrap();
    let rows: Vec<_> = flows.rows().collect();
    assert_eq!(rows.len(), plan.expected.len() + 1);
    for (row, e) in rows[1..].iter().zip(&plan.expected) {
        assert_eq!(text(&row[0]), e.buyer);
        assert_eq!(text(&row[2]), e.period);
        let numbers: Vec<f64> = row[3..8].iter().map(number).collect();
        assert_eq!(numbers, [e.need, e.contract, e.spot, e.stock, e.shortage]);
    }

    let scenarios = book.worksheet_range("scenarios").unwrap();
    let rows: Vec<_> = scenarios.rows().collect();
    assert_eq!(rows.len(), plan.scenarios.len() + 1);
    for (row, s) in rows[1..].iter().zip(&plan.scenarios) {
        assert_eq!(text(&row[0]), s.id);
        assert_eq!(number(&row[1]), s.probability);
        assert_eq!(number(&row[3]), s.cost);
        assert_eq!(number(&row[4]), s.shortage);
    }

    let shadow = book.worksheet_range("shadow prices").unwrap();
    let rows: Vec<_> = shadow.rows().collect();
    assert_eq!(rows.len(), plan.shadow_prices.len() + 1);
    for (row, s) in rows[1..].iter().zip(&plan.shadow_prices) {
        assert_eq!(text(&row[0]), s.kind());
        assert_eq!(text(&row[1]), s.id());
        assert_eq!(number(&row[3]), s.value);
    }
}

#[test]
fn the_workbook_freezes_headers_and_is_the_same_bytes_twice() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.xlsx");
    let b = dir.path().join("b.xlsx");
    for path in [&a, &b] {
        let o = run(&[
            "solve",
            "-q",
            model("tutorial.toml").to_str().unwrap(),
            "-o",
            path.to_str().unwrap(),
        ]);
        assert!(o.status.success());
    }
    let bytes = std::fs::read(&a).unwrap();
    assert_eq!(bytes, std::fs::read(&b).unwrap());
    // Every sheet's view freezes the first row (xl/worksheets/sheetN.xml).
    let mut zip = zip_entries(&bytes);
    zip.retain(|(name, _)| name.starts_with("xl/worksheets/sheet"));
    assert_eq!(zip.len(), 5);
    for (name, xml) in zip {
        assert!(
            xml.contains(
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            ),
            "{name} has no frozen header: {xml}"
        );
    }
}

/// The text entries of a zip file, through calamine's own reader (stored
/// or deflated), by reading each sheet's XML back out of the package.
fn zip_entries(bytes: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut text = String::new();
            std::io::Read::read_to_string(&mut file, &mut text).unwrap();
            (file.name().to_string(), text)
        })
        .collect()
}

#[test]
fn a_workbook_to_standard_output_is_refused() {
    let o = run(&[
        "solve",
        model("tutorial.toml").to_str().unwrap(),
        "--format",
        "xlsx",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "error: a workbook is binary: write it to a file with -o plan.xlsx\n"
    );
}

#[test]
fn csv_tables_hold_scenarios_flows_and_shadow_prices() {
    let plan = json_plan("tutorial.toml");
    let table = |name: &str| {
        let o = run(&[
            "solve",
            "-q",
            model("tutorial.toml").to_str().unwrap(),
            "--format",
            "csv",
            "--table",
            name,
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let scenarios = table("scenarios");
    let mut lines = scenarios.lines();
    assert_eq!(
        lines.next(),
        Some("id,probability,events,cost,shortage,end_shortfall")
    );
    assert_eq!(lines.count(), plan.scenarios.len());
    assert!(
        scenarios.contains("cheap-halt,0.2,cheap-halt,6200000"),
        "{scenarios}"
    );
    let flows = table("flows");
    assert!(flows.starts_with("buyer,material,period,need,contract,spot,stock,shortage\n"));
    assert_eq!(flows.lines().count(), plan.expected.len() + 1);
    let shadow = table("shadow-prices");
    assert!(shadow.starts_with("kind,id,period,value\n"));
    assert_eq!(shadow.lines().count(), plan.shadow_prices.len() + 1);
    assert_eq!(
        table("reservations"),
        table_default(),
        "reservations stay the default csv"
    );
    let o = run(&[
        "solve",
        model("tutorial.toml").to_str().unwrap(),
        "--table",
        "flows",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

fn table_default() -> String {
    let o = run(&[
        "solve",
        "-q",
        model("tutorial.toml").to_str().unwrap(),
        "--format",
        "csv",
    ]);
    String::from_utf8(o.stdout).unwrap()
}
