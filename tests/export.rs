//! The LP and MPS writers, read back by HiGHS (Python's `highspy`): small
//! hand-built programs with optima worked out by hand, and every model in
//! `models/` against the independent reference
//! `shared/bench/reference_lp.py`.
//!
//! The interpreter is `$RAREPLAN_PYTHON` or else `python3`. When it cannot
//! `import highspy` (or, for the models, `numpy` and `tomllib`) the tests
//! fail and say so; they never skip.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use rareplan::advanced::lp::LinearProgram;
use rareplan::advanced::lp::{write_lp, write_mps};
use serde_json::Value;

const INF: f64 = f64::INFINITY;

/// Marker in front of the reader's result line, so that the HiGHS banner
/// on standard output cannot be mistaken for it.
const MARKER: &str = "@@rareplan-export@@";

/// Reads and solves each file named on the command line with HiGHS, and
/// prints one JSON list of what it found.
const READER: &str = r#"
import json, math, sys
import highspy
out = []
for path in sys.argv[2:]:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    read = h.readModel(path)
    if read == highspy.HighsStatus.kError:
        out.append({"path": path, "error": "readModel failed"})
        continue
    h.run()
    lp = h.getLp()
    obj = h.getInfo().objective_function_value
    out.append({
        "path": path,
        "status": h.modelStatusToString(h.getModelStatus()),
        "objective": obj if math.isfinite(obj) else None,
        "columns": list(lp.col_names_),
        "rows": list(lp.row_names_),
    })
sys.stdout.flush()
print(sys.argv[1] + json.dumps(out))
"#;

/// What HiGHS made of one file.
#[derive(Debug)]
struct Read {
    path: String,
    status: String,
    objective: Option<f64>,
    columns: Vec<String>,
    rows: Vec<String>,
}

/// The interpreter with `highspy` (shared with the differential tests,
/// which make `target/pyenv` where `python3` lacks it).
fn python() -> &'static std::path::Path {
    crate::reference::python()
}

/// Starts the reader on `paths`.
fn spawn_reader(paths: &[PathBuf]) -> Child {
    Command::new(python())
        .args(["-c", READER, MARKER])
        .args(paths)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start the HiGHS reader: {e}"))
}

/// Standard output of a finished child, failing on a non-zero exit.
fn output_of(child: Child, what: &str) -> String {
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// What the reader found, per file.
fn results_of(child: Child) -> Vec<Read> {
    let stdout = output_of(child, "the HiGHS reader");
    let json = stdout
        .lines()
        .find_map(|l| l.strip_prefix(MARKER))
        .unwrap_or_else(|| panic!("no result from the HiGHS reader:\n{stdout}"));
    let list: Vec<Value> = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    list.iter()
        .map(|r| {
            let path = r["path"].as_str().unwrap_or("?").to_string();
            if let Some(e) = r.get("error") {
                let text = fs::read_to_string(&path).unwrap_or_default();
                let head: String = text.lines().take(60).collect::<Vec<_>>().join("\n");
                panic!("HiGHS could not read {path}: {e}\n{head}");
            }
            Read {
                status: r["status"].as_str().unwrap_or("?").to_string(),
                objective: r["objective"].as_f64(),
                columns: strings(&r["columns"]),
                rows: strings(&r["rows"]),
                path,
            }
        })
        .collect()
}

/// Writes `lp` as `<name>.lp` and `<name>.mps` in `dir`.
fn write_both(dir: &Path, name: &str, lp: &LinearProgram) -> [PathBuf; 2] {
    let lp_path = dir.join(format!("{name}.lp"));
    let mps_path = dir.join(format!("{name}.mps"));
    fs::write(&lp_path, write_lp(lp)).unwrap_or_else(|e| panic!("{e}"));
    fs::write(&mps_path, write_mps(lp)).unwrap_or_else(|e| panic!("{e}"));
    [lp_path, mps_path]
}

/// Writes each program both ways and reads them all back with one reader:
/// per program, `[lp, mps]`. Checks the LP files' header and line lengths.
fn round_trips(cases: &[(&str, &LinearProgram)]) -> Vec<[Read; 2]> {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut paths = Vec::new();
    for (i, (name, lp)) in cases.iter().enumerate() {
        let both = write_both(dir.path(), &format!("case{i}"), lp);
        let text = fs::read_to_string(&both[0]).unwrap_or_default();
        let header = format!(
            "\\ rareplan: {} columns, {} rows\n",
            lp.num_columns(),
            lp.num_rows()
        );
        assert!(text.starts_with(&header), "{name}:\n{text}");
        for line in text.lines() {
            assert!(
                line.len() <= 255,
                "{name}: LP line of {} characters",
                line.len()
            );
        }
        paths.extend(both);
    }
    let mut reads = results_of(spawn_reader(&paths)).into_iter();
    let mut out = Vec::new();
    while let (Some(lp), Some(mps)) = (reads.next(), reads.next()) {
        out.push([lp, mps]);
    }
    assert_eq!(out.len(), cases.len(), "results for some files are missing");
    out
}

/// Writes `lp` both ways and reads both back: `[lp, mps]`.
fn round_trip(name: &str, lp: &LinearProgram) -> [Read; 2] {
    let mut reads = round_trips(&[(name, lp)]);
    match reads.pop() {
        Some(pair) => pair,
        None => panic!("{name}: no result"),
    }
}

/// Asserts that HiGHS found the optimum `expected` in both files.
fn assert_optimum(reads: &[&Read], expected: f64, tolerance: f64) {
    for read in reads {
        assert_eq!(read.status, "Optimal", "{}: {read:?}", read.path);
        let got = read
            .objective
            .unwrap_or_else(|| panic!("{}: no objective", read.path));
        let scale = expected.abs().max(1e-300);
        assert!(
            (got - expected).abs() <= tolerance * scale,
            "{}: objective {got}, expected {expected}",
            read.path
        );
    }
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

fn sorted_read(names: &[String]) -> Vec<String> {
    let mut v = names.to_vec();
    v.sort();
    v
}

/// Every case at once: free, fixed, negative and negative-upper bounds, a
/// column in no row, equality, ≥, ≤, ranged, empty and free rows, repeated
/// entries, and names that need changing or collide once changed.
fn kitchen_sink() -> LinearProgram {
    let mut lp = LinearProgram::new();
    let eta = lp.add_column("eta".into(), -INF, INF, 1.0);
    let xab = lp.add_column("x[k=a+b]".into(), -3.0, 4.0, 2.0);
    lp.add_column("y=fixed".into(), 2.5, 2.5, -1.0);
    let xamb = lp.add_column("x[k=a-b]".into(), 0.0, INF, 1.0);
    lp.add_column("lonely".into(), 0.0, INF, 0.0);
    let e1 = lp.add_column("e1".into(), 1.0, 10.0, 3.0);
    let neg = lp.add_column("neg".into(), -INF, -1.0, -1.0);
    let z = lp.add_column("3d:z".into(), 0.0, 5.0, -2.0);
    let plain = lp.add_column("x(k_a_b)".into(), 0.0, INF, 0.5);
    let spaced = lp.add_column("two words".into(), 0.0, 1.0, 0.0);
    lp.add_column("two_words".into(), 0.0, 1.0, 0.0);

    lp.add_row(
        "balance[k=a,t=1]".into(),
        1.0,
        1.0,
        &[(eta, 1.0), (xab, -1.0)],
    );
    lp.add_row("ge".into(), 0.0, INF, &[(eta, 1.0), (xamb, 1.0)]);
    lp.add_row("le".into(), -INF, 2.0, &[(xab, 1.0), (e1, 1.0)]);
    lp.add_row("range[k=a]".into(), 1.0, 4.0, &[(xamb, 1.0), (z, 1.0)]);
    lp.add_row("empty".into(), -1.0, 1.0, &[]);
    lp.add_row("free".into(), -INF, INF, &[(neg, 1.0), (eta, 1.0)]);
    lp.add_row(
        "st".into(),
        -INF,
        10.0,
        &[(neg, 1.0), (xamb, 1.0), (plain, 1.0)],
    );
    lp.add_row("cancel".into(), -1.0, INF, &[(spaced, 1.0), (spaced, -1.0)]);
    lp.add_row("dup".into(), -6.0, INF, &[(xab, 1.0), (xab, 1.0)]);
    lp.add_row("obj".into(), -INF, 100.0, &[(eta, 1.0)]);
    lp
}

#[test]
fn every_case_reads_back_with_its_optimum_and_names() {
    // eta = 1 + x[k=a+b], so together they cost 1 + 3·x[k=a+b]: x[k=a+b] at
    // its lower bound -3, eta = -2 (cost -8). "ge" then needs x[k=a-b] ≥ 2;
    // "range" lets 3d:z (cost -2) fill up to 4 - x[k=a-b], so x[k=a-b] = 2,
    // z = 2 (cost 2 - 4 = -2). e1 sits at its lower bound 1 (cost 3), neg
    // at its upper bound -1 (cost 1), y=fixed at 2.5 (cost -2.5), the rest
    // at 0. Total: -8 - 2 + 3 + 1 - 2.5 = -8.5.
    let lp = kitchen_sink();
    let [lp_read, mps_read] = round_trip("kitchen-sink", &lp);
    assert_optimum(&[&lp_read, &mps_read], -8.5, 1e-9);

    // The names, as the writers' rule makes them.
    assert_eq!(
        sorted_read(&lp_read.columns),
        sorted(&[
            "eta",
            "x(k_a_b)#2",
            "y_fixed",
            "x(k_a_b)#3",
            "lonely",
            "_e1",
            "neg",
            "_3d_z",
            "x(k_a_b)",
            "two_words#2",
            "two_words",
        ])
    );
    assert_eq!(
        sorted_read(&lp_read.rows),
        sorted(&[
            "balance(k_a.t_1)",
            "ge",
            "le",
            "range(k_a)_lo",
            "range(k_a)_hi",
            "empty_lo",
            "empty_hi",
            "_st",
            "cancel",
            "dup",
            "obj#2",
        ])
    );
    // MPS keeps everything but spaces; the objective keeps `obj`.
    assert_eq!(
        mps_read.columns,
        [
            "eta",
            "x[k=a+b]",
            "y=fixed",
            "x[k=a-b]",
            "lonely",
            "e1",
            "neg",
            "3d:z",
            "x(k_a_b)",
            "two_words#2",
            "two_words",
        ]
    );
    assert_eq!(
        mps_read.rows,
        [
            "balance[k=a,t=1]",
            "ge",
            "le",
            "range[k=a]",
            "empty",
            "st",
            "cancel",
            "dup",
            "obj#2",
        ]
    );
}

#[test]
fn infeasible_programs_stay_infeasible() {
    // x ≥ 0.5 costs 0.5 whatever an empty row says, as long as it allows 0;
    // when it does not, the program has no solution.
    let mut cases = Vec::new();
    for (lower, upper, feasible) in [
        (-1.0, 2.0, true),
        (-INF, 0.0, true),
        (0.0, 0.0, true),
        (1.0, 2.0, false),
        (5.0, 5.0, false),
        (-INF, -1.0, false),
        (1e-3, INF, false),
    ] {
        let mut lp = LinearProgram::new();
        let x = lp.add_column("x".into(), 0.0, 1.0, 1.0);
        lp.add_row("need".into(), 0.5, INF, &[(x, 1.0)]);
        lp.add_row("nothing".into(), lower, upper, &[]);
        cases.push((format!("empty row [{lower}, {upper}]"), lp, feasible));
    }
    // A row whose lower bound is above its upper bound.
    let mut lp = LinearProgram::new();
    let x = lp.add_column("x".into(), 0.0, 1.0, 1.0);
    lp.add_row("crossed".into(), 0.75, 0.25, &[(x, 1.0)]);
    cases.push(("crossed row".into(), lp, false));
    // No columns at all, and an empty row that wants 1.
    let mut lp = LinearProgram::new();
    lp.add_row("impossible".into(), 1.0, 1.0, &[]);
    cases.push(("no columns".into(), lp, false));

    let list: Vec<(&str, &LinearProgram)> = cases
        .iter()
        .map(|(name, lp, _)| (name.as_str(), lp))
        .collect();
    let reads = round_trips(&list);
    for ((name, _, feasible), [lp_read, mps_read]) in cases.iter().zip(&reads) {
        if *feasible {
            assert_optimum(&[lp_read, mps_read], 0.5, 1e-9);
        } else {
            assert_eq!(lp_read.status, "Infeasible", "{name}: {lp_read:?}");
            assert_eq!(mps_read.status, "Infeasible", "{name}: {mps_read:?}");
        }
    }
}

#[test]
fn large_and_small_numbers_keep_their_value() {
    // Meeting x + 0.002 y ≥ 1e6 with x costs 1e-7 a unit, with y
    // 3e17 / 0.002 = 1.5e20: x = 1e6 for 0.1. The bounds 1e-300 and 1e300
    // and the row -x ≤ -2.5e-8 do not bind.
    let mut lp = LinearProgram::new();
    let x = lp.add_column("x".into(), 1e-300, 1e300, 1e-7);
    let y = lp.add_column("y".into(), 0.0, INF, 3e17);
    lp.add_row("big".into(), 1e6, INF, &[(x, 1.0), (y, 2e-3)]);
    lp.add_row("tiny".into(), -INF, -2.5e-8, &[(x, -1.0)]);
    let text = write_lp(&lp);
    for number in [
        "1e-7", "3e17", "1e-300", "1e300", "2.5e-8", "0.002", "1000000",
    ] {
        assert!(text.contains(number), "{number} missing:\n{text}");
    }
    let [lp_read, mps_read] = round_trip("magnitudes", &lp);
    assert_optimum(&[&lp_read, &mps_read], 0.1, 1e-9);
}

#[test]
fn long_rows_and_long_names_are_read_back() {
    // 120 columns whose 300-character names agree in their first 160
    // characters (so they collide once cut), all in one row Σ x ≥ 1;
    // column i costs i + 1, so the cheapest does it all: objective 1.
    let mut lp = LinearProgram::new();
    let stem = "x[k=".to_string() + &"long-scenario-".repeat(22);
    let terms: Vec<(usize, f64)> = (0..120)
        .map(|i| {
            (
                lp.add_column(format!("{stem}{i}]"), 0.0, INF, (i + 1) as f64),
                1.0,
            )
        })
        .collect();
    lp.add_row(format!("sum[{}]", "r".repeat(300)), 1.0, INF, &terms);
    let [lp_read, mps_read] = round_trip("long", &lp);
    assert_optimum(&[&lp_read, &mps_read], 1.0, 1e-9);
    for read in [&lp_read, &mps_read] {
        assert_eq!(read.columns.len(), 120, "{}", read.path);
        let distinct: std::collections::HashSet<&String> = read.columns.iter().collect();
        assert_eq!(distinct.len(), 120, "{}", read.path);
    }
}

/// The models shipped in `models/`.
fn model_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no models in {}", dir.display());
    files
}

/// The reference script, `<crate>/../shared/bench/reference_lp.py`.
fn reference_script() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/reference_lp.py");
    assert!(
        path.is_file(),
        "the reference {} is missing",
        path.display()
    );
    path
}

#[test]
fn every_model_reads_back_with_the_reference_optimum() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let script = reference_script();
    // All processes run side by side: one reference and one reader per
    // model; the references start first, as they need nothing from us.
    let models = model_files();
    let references: Vec<Child> = models
        .iter()
        .map(|model| {
            Command::new(python())
                .arg(&script)
                .arg(model)
                .arg("--json")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start the reference: {e}"))
        })
        .collect();
    let mut jobs = Vec::new();
    for (model, reference) in models.into_iter().zip(references) {
        let loaded = rareplan::load_model(&model).unwrap_or_else(|e| panic!("{e}"));
        let (_, _, f) = rareplan::advanced::build(&loaded.model, &rareplan::Settings::default())
            .unwrap_or_else(|e| panic!("{}: {e}", model.display()));
        let stem = model
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let paths = write_both(dir.path(), &stem, &f.lp);
        let reader = spawn_reader(&paths);
        jobs.push((model, f.lp.num_columns(), reference, reader));
    }
    for (model, columns, reference, reader) in jobs {
        let what = format!("reference_lp.py {}", model.display());
        let stdout = output_of(reference, &what);
        let line = stdout
            .lines()
            .rev()
            .find(|l| l.starts_with('{'))
            .unwrap_or_else(|| panic!("{what}: no JSON line in\n{stdout}"));
        let value: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{what}: {e}"));
        let expected = value["objective"]
            .as_f64()
            .unwrap_or_else(|| panic!("{what}: no objective in {line}"));
        let reads = results_of(reader);
        assert_optimum(&reads.iter().collect::<Vec<_>>(), expected, 1e-6);
        for read in &reads {
            assert_eq!(read.columns.len(), columns, "{}", read.path);
        }
        eprintln!(
            "{}: reference {expected}, lp {:?}, mps {:?}",
            model.display(),
            reads[0].objective,
            reads[1].objective
        );
    }
}
