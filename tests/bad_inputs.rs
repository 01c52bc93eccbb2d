//! The bad-input corpus, `tests/bad_inputs/`: one small model per way a
//! model can be wrong (model-format.md, "What a bad model gets").
//!
//! Each file is given to `rareplan solve FILE -o OUT.json` and must be
//! refused: exit status 2, nothing written (no OUT, no stray file), no
//! panic, and one message per problem naming the file, the line and column
//! and the field's path. The messages themselves are insta snapshots
//! (`tests/snapshots/`), with the corpus folder written `[CORPUS]`.
//!
//! Each case below lists the start of every error line it expects, in
//! order, with `{FILE}` for the file as named on the command line; there
//! must be exactly that many errors. A file in the corpus without a case
//! here, or a snapshot without a file, fails
//! `every_corpus_file_has_a_case_and_a_snapshot`.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use rareplan::model::MAX_MODEL_BYTES;

/// Snapshots made here besides one per corpus file.
const EXTRA_SNAPSHOTS: &[&str] = &["huge-file", "huge-stdin", "huge-unknown-key"];

macro_rules! bad_inputs {
    ($($test:ident: $file:literal => [$($error:literal),* $(,)?]),* $(,)?) => {
        /// Every corpus file, in sorted order.
        const CASES: &[&str] = &[$($file),*];

        $(
            #[test]
            fn $test() {
                refused($file, &[$($error),*]);
            }
        )*
    };
}

bad_inputs! {
    alpha_negative: "alpha-negative.toml" => ["{FILE}:8:9: error: risk.alpha: "],
    alpha_one: "alpha-one.toml" => ["{FILE}:8:9: error: risk.alpha: "],
    array_instead_of_table: "array-instead-of-table.toml" => ["{FILE}:6:1: error: risk: "],
    bad_scenario_mode: "bad-scenario-mode.toml" => ["{FILE}:11:8: error: scenarios.mode: "],
    binary_garbage: "binary-garbage.toml" => ["error: {FILE}: not a text file "],
    capacity_factor_near_zero: "capacity-factor-near-zero.toml" => ["error: {FILE}: the LP's coefficients span 1.0e12 even after scaling"],
    crlf_negative_need: "crlf-negative-need.toml" => ["{FILE}:21:36: error: buyer[0].need.dy: "],
    dangling_demand_shock_buyer: "dangling-demand-shock-buyer.toml" => [
        "{FILE}:77:11: error: demand_shock[0].buyers[0]: ",
    ],
    dangling_outage_supplier: "dangling-outage-supplier.toml" => [
        "{FILE}:64:12: error: outage[0].supplier: ",
    ],
    dangling_price_shock_material: "dangling-price-shock-material.toml" => [
        "{FILE}:77:14: error: price_shock[0].materials[0]: ",
    ],
    dangling_quota_cut: "dangling-quota-cut.toml" => ["{FILE}:71:9: error: quota_cut[0].quota: "],
    dangling_scenario_event: "dangling-scenario-event.toml" => [
        "{FILE}:77:22: error: scenario[0].events[1]: ",
    ],
    deep_dotted_key: "deep-dotted-key.toml" => ["{FILE}: error: invalid TOML: "],
    deep_nesting: "deep-nesting.toml" => ["{FILE}:55:89: error: invalid TOML: "],
    demand_factor_overflow: "demand-factor-overflow.toml" => ["{FILE}:15:23: error: buyer[0].need.ndpr-oxide: "],
    duplicate_event_id_across_kinds: "duplicate-event-id-across-kinds.toml" => [
        "{FILE}:70:6: error: quota_cut[0].id: ",
    ],
    duplicate_key: "duplicate-key.toml" => ["{FILE}:35:1: error: invalid TOML: "],
    duplicate_material_id: "duplicate-material-id.toml" => ["{FILE}:15:6: error: material[1].id: "],
    duplicate_period_label: "duplicate-period-label.toml" => [
        "{FILE}:4:24: error: model.periods[2]: ",
    ],
    duplicate_scenario_event: "duplicate-scenario-event.toml" => ["{FILE}:51:22: error: scenario[0].events[1]: "],
    duplicate_scenario_id: "duplicate-scenario-id.toml" => ["{FILE}:81:6: error: scenario[1].id: "],
    duplicate_supplier_id: "duplicate-supplier-id.toml" => ["{FILE}:42:6: error: supplier[1].id: "],
    empty_file: "empty-file.toml" => [
        "{FILE}:1:1: error: model: ",
        "{FILE}:1:1: error: material: ",
        "{FILE}:1:1: error: buyer: ",
    ],
    empty_id: "empty-id.toml" => ["{FILE}:58:6: error: diversification[0].id: "],
    empty_period_label: "empty-period-label.toml" => ["{FILE}:4:18: error: model.periods[1]: "],
    event_named_baseline: "event-named-baseline.toml" => ["{FILE}:43:6: error: outage[0].id: "],
    explicit_probabilities_over_one: "explicit-probabilities-over-one.toml" => [
        "{FILE}:75:1: error: scenario: ",
    ],
    explicit_scenario_named_baseline: "explicit-scenario-named-baseline.toml" => [
        "{FILE}:76:6: error: scenario[0].id: ",
    ],
    float_overflow: "float-overflow.toml" => ["{FILE}:24:16: error: buyer[0].holding_cost: "],
    inf_price: "inf-price.toml" => ["{FILE}:48:9: error: supplier[1].offers.ndpr.price: "],
    integer_overflow: "integer-overflow.toml" => [
        "{FILE}:33:12: error: supplier[0].offers.ndpr.capacity: ",
    ],
    lead_time_fraction: "lead-time-fraction.toml" => ["{FILE}:44:13: error: supplier[1].lead_time: "],
    lead_time_negative: "lead-time-negative.toml" => ["{FILE}:29:13: error: supplier[0].lead_time: "],
    list_too_long: "list-too-long.toml" => [
        "{FILE}:47:12: error: supplier[1].offers.ndpr.capacity: ",
    ],
    list_too_short: "list-too-short.toml" => ["{FILE}:21:17: error: buyer[0].need.ndpr: "],
    malformed_id: "malformed-id.toml" => ["{FILE}:42:6: error: supplier[1].id: "],
    missing_event_factor: "missing-event-factor.toml" => [
        "{FILE}:69:1: error: quota_cut[0].limit_factor: ",
    ],
    missing_event_probability: "missing-event-probability.toml" => [
        "{FILE}:62:1: error: outage[0].probability: ",
    ],
    missing_id: "missing-id.toml" => ["{FILE}:14:1: error: material[1].id: "],
    missing_max_share: "missing-max-share.toml" => [
        "{FILE}:57:1: error: diversification[0].max_share: ",
    ],
    missing_model_section: "missing-model-section.toml" => ["{FILE}:1:1: error: model: "],
    missing_offer_capacity: "missing-offer-capacity.toml" => [
        "{FILE}:46:1: error: supplier[1].offers.ndpr.capacity: ",
    ],
    missing_offer_price: "missing-offer-price.toml" => [
        "{FILE}:37:1: error: supplier[0].offers.dy.price: ",
    ],
    missing_outage_supplier: "missing-outage-supplier.toml" => [
        "{FILE}:62:1: error: outage[0].supplier: ",
    ],
    missing_periods: "missing-periods.toml" => ["{FILE}:2:1: error: model.periods: "],
    missing_quota_cut_quota: "missing-quota-cut-quota.toml" => [
        "{FILE}:69:1: error: quota_cut[0].quota: ",
    ],
    missing_quota_limit: "missing-quota-limit.toml" => ["{FILE}:51:1: error: quota[0].limit: "],
    missing_scenario_probability: "missing-scenario-probability.toml" => [
        "{FILE}:75:1: error: scenario[0].probability: ",
    ],
    missing_shortage_penalty: "missing-shortage-penalty.toml" => [
        "{FILE}:18:1: error: buyer[0].shortage_penalty: ",
    ],
    nan_capacity: "nan-capacity.toml" => ["{FILE}:33:12: error: supplier[0].offers.ndpr.capacity: "],
    nan_probability: "nan-probability.toml" => ["{FILE}:67:15: error: outage[0].probability: "],
    need_overflow: "need-overflow.toml" => ["{FILE}:15:23: error: buyer[0].need.ndpr-oxide: "],
    negative_capacity_factor: "negative-capacity-factor.toml" => [
        "{FILE}:66:19: error: outage[0].capacity_factor: ",
    ],
    negative_freight_after_non_ascii: "negative-freight-after-non-ascii.toml" => [
        "{FILE}:30:38: error: supplier[0].freight.US: ",
    ],
    negative_freight: "negative-freight.toml" => ["{FILE}:30:18: error: supplier[0].freight.US: "],
    negative_inf_in_list: "negative-inf-in-list.toml" => [
        "{FILE}:47:17: error: supplier[1].offers.ndpr.capacity[1]: ",
    ],
    negative_initial_stock: "negative-initial-stock.toml" => [
        "{FILE}:22:26: error: buyer[0].initial_stock.ndpr: ",
    ],
    negative_need: "negative-need.toml" => ["{FILE}:21:36: error: buyer[0].need.dy: "],
    negative_price_in_list: "negative-price-in-list.toml" => [
        "{FILE}:48:17: error: supplier[1].offers.ndpr.price[1]: ",
    ],
    negative_samples: "negative-samples.toml" => ["{FILE}:4:11: error: scenarios.samples: "],
    negative_seed: "negative-seed.toml" => ["{FILE}:12:8: error: scenarios.seed: "],
    negative_shortage_penalty: "negative-shortage-penalty.toml" => [
        "{FILE}:23:20: error: buyer[0].shortage_penalty: ",
    ],
    no_buyers: "no-buyers.toml" => ["{FILE}:1:1: error: buyer: "],
    no_materials: "no-materials.toml" => ["{FILE}:1:1: error: material: "],
    no_periods: "no-periods.toml" => ["{FILE}:4:11: error: model.periods: "],
    non_ascii_id: "non-ascii-id.toml" => ["{FILE}:32:6: error: supplier[1].id: "],
    probability_above_one: "probability-above-one.toml" => [
        "{FILE}:67:15: error: outage[0].probability: ",
    ],
    probability_negative: "probability-negative.toml" => [
        "{FILE}:73:15: error: quota_cut[0].probability: ",
    ],
    risk_weight_above_one: "risk-weight-above-one.toml" => ["{FILE}:7:10: error: risk.weight: "],
    sample_mode_with_explicit_scenarios: "sample-mode-with-explicit-scenarios.toml" => ["{FILE}:3:8: error: scenarios.mode: "],
    seed_out_of_range: "seed-out-of-range.toml" => ["{FILE}:4:8: error: scenarios.seed: "],
    selector_bad_label: "selector-bad-label.toml" => [
        "{FILE}:53:15: error: quota[0].suppliers.region: ",
    ],
    selector_empty_table: "selector-empty-table.toml" => [
        "{FILE}:54:13: error: quota[0].materials: ",
    ],
    selector_unknown_id: "selector-unknown-id.toml" => [
        "{FILE}:59:25: error: diversification[0].suppliers[1]: ",
    ],
    selector_wrong_type: "selector-wrong-type.toml" => [
        "{FILE}:59:13: error: diversification[0].suppliers: ",
    ],
    several_problems: "several-problems.toml" => [
        "{FILE}:7:10: error: risk.weight: ",
        "{FILE}:33:12: error: supplier[0].offers.ndpr.capacity: ",
        "{FILE}:39:9: error: supplier[0].offers.dy.price: ",
        "{FILE}:44:13: error: supplier[1].lead_time: ",
        "{FILE}:64:12: error: outage[0].supplier: ",
        "{FILE}:73:15: error: quota_cut[0].probability: ",
    ],
    share_above_one: "share-above-one.toml" => [
        "{FILE}:60:13: error: diversification[0].max_share: ",
    ],
    shortage_penalty_table_incomplete: "shortage-penalty-table-incomplete.toml" => [
        "{FILE}:23:20: error: buyer[0].shortage_penalty: ",
    ],
    syntax_error_missing_value: "syntax-error-missing-value.toml" => [
        "{FILE}:48:8: error: invalid TOML: ",
    ],
    syntax_error: "syntax-error.toml" => ["{FILE}:51:9: error: invalid TOML: "],
    table_instead_of_array: "table-instead-of-array.toml" => ["{FILE}:51:1: error: quota: "],
    too_many_to_enumerate: "too-many-to-enumerate.toml" => ["{FILE}:3:8: error: scenarios.mode: "],
    unknown_key_in_event: "unknown-key-in-event.toml" => [
        "{FILE}:66:1: error: outage[0].limit_factor: ",
    ],
    unknown_key_misspelt: "unknown-key-misspelt.toml" => [
        "{FILE}:33:1: error: supplier[0].offers.ndpr.capacty: ",
    ],
    unknown_key_no_near_match: "unknown-key-no-near-match.toml" => [
        "{FILE}:17:1: error: material[1].colour: ",
    ],
    unknown_key_top_level: "unknown-key-top-level.toml" => ["{FILE}:6:2: error: riks: "],
    unknown_material_in_initial_stock: "unknown-material-in-initial-stock.toml" => [
        "{FILE}:22:19: error: buyer[0].initial_stock.ndrp: ",
    ],
    unknown_material_in_need: "unknown-material-in-need.toml" => [
        "{FILE}:21:31: error: buyer[0].need.tb: ",
    ],
    unknown_material_in_offer: "unknown-material-in-offer.toml" => [
        "{FILE}:37:18: error: supplier[0].offers.dyy: ",
    ],
    unknown_period: "unknown-period.toml" => ["{FILE}:65:18: error: outage[0].periods[1]: "],
    unterminated_string: "unterminated-string.toml" => ["{FILE}:52:15: error: invalid TOML: "],
    wrong_type_boolean_in_list: "wrong-type-boolean-in-list.toml" => [
        "{FILE}:47:17: error: supplier[1].offers.ndpr.capacity[1]: ",
    ],
    wrong_type_date_for_price: "wrong-type-date-for-price.toml" => [
        "{FILE}:39:9: error: supplier[0].offers.dy.price: ",
    ],
    wrong_type_integer_id: "wrong-type-integer-id.toml" => ["{FILE}:19:6: error: buyer[0].id: "],
    wrong_type_need_list: "wrong-type-need-list.toml" => ["{FILE}:21:8: error: buyer[0].need: "],
    wrong_type_periods_string: "wrong-type-periods-string.toml" => [
        "{FILE}:4:11: error: model.periods: ",
    ],
    wrong_type_string_for_number: "wrong-type-string-for-number.toml" => [
        "{FILE}:33:12: error: supplier[0].offers.ndpr.capacity: ",
    ],
    zero_samples: "zero-samples.toml" => ["{FILE}:12:11: error: scenarios.samples: "],
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("bad_inputs")
}

/// What `rareplan solve MODEL -o OUT.json` did, run in a fresh temporary
/// folder (its working directory, and where OUT would go) that must still
/// be empty afterwards.
struct Run {
    output: Output,
    /// Stderr with the corpus and temporary folders as `[CORPUS]`, `[TMP]`.
    stderr: String,
    /// Problems found with the run itself.
    problems: Vec<String>,
}

fn solve(model: &Path, stdin: Option<File>) -> Run {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let out = tmp.path().join("OUT.json");
    let model_arg = if stdin.is_some() {
        PathBuf::from("-")
    } else {
        model.to_path_buf()
    };
    let output = Command::new(env!("CARGO_BIN_EXE_rareplan"))
        .arg("solve")
        .arg(&model_arg)
        .arg("-o")
        .arg(&out)
        .current_dir(tmp.path())
        .stdin(stdin.map_or_else(Stdio::null, Stdio::from))
        .output()
        .expect("rareplan runs");
    let mut problems = Vec::new();
    if output.status.code() != Some(2) {
        problems.push(format!("exit status {:?}, not 2", output.status.code()));
    }
    if out.exists() {
        problems.push("the output file was written".to_string());
    }
    let left: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("read the temporary folder")
        .map(|entry| {
            entry
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    if !left.is_empty() {
        problems.push(format!("files left behind: {left:?}"));
    }
    if !output.stdout.is_empty() {
        problems.push(format!(
            "stdout is not empty: {}",
            String::from_utf8_lossy(&output.stdout)
        ));
    }
    let stderr = String::from_utf8_lossy(&output.stderr)
        .replace(&corpus().display().to_string(), "[CORPUS]")
        .replace(&tmp.path().display().to_string(), "[TMP]");
    if stderr.trim().is_empty() {
        problems.push("stderr is empty".to_string());
    }
    if stderr.contains("panicked") {
        problems.push("rareplan panicked".to_string());
    }
    Run {
        output,
        stderr,
        problems,
    }
}

/// Runs one corpus file and checks it is refused with exactly the errors
/// `expected` (line starts, `{FILE}` for the file), then snapshots stderr.
fn refused(name: &str, expected: &[&str]) {
    let path = corpus().join(name);
    assert!(path.is_file(), "no corpus file {}", path.display());
    let run = solve(&path, None);
    let mut problems = run.problems;
    let stderr = run.stderr;
    let file = format!("[CORPUS]/{name}");
    if !stderr.contains(&file) {
        problems.push(format!("stderr does not name {file}"));
    }

    // Every line is an error, its help, a warning, or the summary.
    let summary_end = "found; nothing was solved";
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|line| {
            !line.starts_with("  help: ")
                && !line.contains(": warning: ")
                && !line.ends_with(summary_end)
        })
        .collect();
    if errors.len() != expected.len() {
        problems.push(format!(
            "{} errors, expected {}: {errors:#?}",
            errors.len(),
            expected.len()
        ));
    }
    for (line, want) in errors.iter().zip(expected) {
        let want = want.replace("{FILE}", &file);
        if !line.starts_with(&want) {
            problems.push(format!(
                "error line\n  {line}\ndoes not start with\n  {want}"
            ));
        }
    }
    if expected.iter().any(|e| e.starts_with("{FILE}")) {
        let count = expected.len();
        let summary = format!(
            "{file}: {count} error{} {summary_end}",
            if count == 1 { "" } else { "s" }
        );
        if stderr.lines().last() != Some(summary.as_str()) {
            problems.push(format!("the last line is not `{summary}`"));
        }
    }

    assert!(
        problems.is_empty(),
        "{name} (exit status {:?}):\n- {}\nstderr:\n{stderr}",
        run.output.status.code(),
        problems.join("\n- ")
    );
    let snapshot = name.trim_end_matches(".toml");
    insta::assert_snapshot!(snapshot, stderr);
}

/// Writes a valid model padded with comments to more than
/// [`MAX_MODEL_BYTES`]: if the size limit were gone it would be planned.
fn write_huge_model(path: &Path) {
    let tiny = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models")
        .join("tiny.toml");
    let model = std::fs::read_to_string(tiny).expect("models/tiny.toml");
    let mut out = BufWriter::new(File::create(path).expect("create the huge model"));
    out.write_all(model.as_bytes()).expect("write");
    let padding = format!("# {}\n", "padding ".repeat(12));
    let mut written = model.len() as u64;
    while written <= MAX_MODEL_BYTES {
        out.write_all(padding.as_bytes()).expect("write");
        written += padding.len() as u64;
    }
    out.flush().expect("flush");
}

#[test]
fn huge_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("huge-file.toml");
    write_huge_model(&path);
    let run = solve(&path, None);
    let stderr = run
        .stderr
        .replace(&dir.path().display().to_string(), "[HUGE]");
    assert!(run.problems.is_empty(), "{:?}\n{stderr}", run.problems);
    assert!(stderr.contains("[HUGE]/huge-file.toml"), "{stderr}");
    assert!(
        stderr.contains("larger than the limit of 64 MiB"),
        "{stderr}"
    );
    insta::assert_snapshot!("huge-file", stderr);
}

#[test]
fn huge_standard_input_is_refused() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("huge-stdin.toml");
    write_huge_model(&path);
    let stdin = File::open(&path).expect("open the huge model");
    let run = solve(&path, Some(stdin));
    assert!(
        run.problems.is_empty(),
        "{:?}\n{}",
        run.problems,
        run.stderr
    );
    assert!(
        run.stderr.contains("larger than the limit of 64 MiB"),
        "{}",
        run.stderr
    );
    insta::assert_snapshot!("huge-stdin", run.stderr);
}

#[test]
fn a_huge_unknown_key_is_echoed_cut() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("huge-unknown-key.toml");
    let tiny = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models")
        .join("tiny.toml");
    let model = std::fs::read_to_string(tiny).expect("models/tiny.toml");
    let key = "k".repeat(1 << 20);
    std::fs::write(&path, format!("{key} = 1\n{model}")).expect("write the model");
    let run = solve(&path, None);
    let stderr = run
        .stderr
        .replace(&dir.path().display().to_string(), "[HUGE]");
    assert!(run.problems.is_empty(), "{:?}\n{stderr}", run.problems);
    // The key is echoed twice (path and message), each cut to 80 characters.
    assert!(stderr.len() < 1_000, "{} bytes of stderr", stderr.len());
    assert_eq!(
        stderr.matches(&format!("{}…", "k".repeat(80))).count(),
        2,
        "{stderr}"
    );
    insta::assert_snapshot!("huge-unknown-key", stderr);
}

#[test]
fn every_corpus_file_has_a_case_and_a_snapshot() {
    let mut files: Vec<String> = std::fs::read_dir(corpus())
        .expect("tests/bad_inputs")
        .map(|entry| {
            entry
                .expect("a corpus entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    let cases: Vec<String> = CASES.iter().map(|c| c.to_string()).collect();
    let mut sorted = cases.clone();
    sorted.sort();
    assert_eq!(cases, sorted, "keep the cases in sorted order");
    let without_case: Vec<&String> = files.iter().filter(|f| !cases.contains(f)).collect();
    let without_file: Vec<&String> = cases.iter().filter(|c| !files.contains(c)).collect();
    assert!(
        without_case.is_empty() && without_file.is_empty(),
        "corpus files without a case in tests/bad_inputs.rs: {without_case:?}; \
         cases without a corpus file: {without_file:?}"
    );
    assert!(files.len() >= 45, "only {} corpus files", files.len());

    // One committed snapshot per case and per extra test, and no others.
    let prefix = format!("{}__", module_path!().replace("::", "__"));
    let snapshots: BTreeSet<String> = std::fs::read_dir(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests")
            .join("snapshots"),
    )
    .expect("tests/snapshots")
    .filter_map(|entry| {
        let name = entry.ok()?.file_name().to_string_lossy().into_owned();
        let stem = name.strip_prefix(&prefix)?.strip_suffix(".snap")?;
        Some(stem.to_string())
    })
    .collect();
    let expected: BTreeSet<String> = CASES
        .iter()
        .map(|c| c.trim_end_matches(".toml").to_string())
        .chain(EXTRA_SNAPSHOTS.iter().map(|s| s.to_string()))
        .collect();
    assert_eq!(
        snapshots, expected,
        "snapshots under tests/snapshots/{prefix}*.snap"
    );
}
