//! The bad-strategies corpus, `tests/bad_strategies/`: one strategies file
//! per way a strategy (or the file) can be wrong.
//!
//! Each file is run as `rareplan batch FILE -o OUT` from the corpus folder.
//! A file that parses gets a row per strategy: each bad strategy's row is
//! `invalid` and its message names the strategy, the strategies file's
//! line and the path; the good strategies (named `fine` or otherwise
//! listed) still plan; the exit status is 1. A file that is not usable
//! (not TOML, no base, a base that cannot be read) is refused with exit
//! status 2 and writes nothing. Stderr and the results are insta
//! snapshots.

use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_strategies")
}

/// Runs the batch on a corpus file; returns (exit status, stderr, results).
fn run(file: &str) -> (Option<i32>, String, Option<String>) {
    let out_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bad-strategies");
    std::fs::create_dir_all(&out_dir).unwrap();
    let output = format!(
        "../../target/bad-strategies/{}.csv",
        file.trim_end_matches(".toml")
    );
    let absolute = corpus().join(&output);
    let _ = std::fs::remove_file(&absolute);
    let o = Command::new(env!("CARGO_BIN_EXE_rareplan"))
        .current_dir(corpus())
        .args(["batch", file, "-o", &output, "--threads", "2"])
        .output()
        .unwrap();
    let results = std::fs::read_to_string(&absolute).ok();
    assert!(
        !corpus().join(format!("{output}.partial")).exists(),
        "the journal is removed once the results are written"
    );
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        results,
    )
}

/// A file whose strategies run: `bad` strategies are invalid with a
/// message naming them, `good` ones plan.
fn rows_for(file: &str, bad: &[(&str, &str)], good: &[&str]) {
    let (code, stderr, results) = run(file);
    assert_eq!(code, Some(1), "{stderr}");
    let results = results.expect("results are written");
    let mut reader = csv::Reader::from_reader(results.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), bad.len() + good.len(), "{results}");
    for (name, path) in bad {
        let row = rows
            .iter()
            .find(|r| &r[0] == *name && &r[1] == "invalid")
            .unwrap_or_else(|| panic!("no invalid row for {name}:\n{results}"));
        let message = row.get(row.len() - 1).unwrap();
        assert!(
            message.starts_with(&format!("{file}:")),
            "names the strategies file and line: {message}"
        );
        assert!(message.contains(&format!("strategy `{name}`")), "{message}");
        assert!(message.contains(path), "names the path `{path}`: {message}");
        assert!(stderr.contains(&format!("strategy `{name}`")), "{stderr}");
    }
    for name in good {
        let row = rows
            .iter()
            .find(|r| &r[0] == *name)
            .unwrap_or_else(|| panic!("no row for {name}"));
        assert_eq!(&row[1], "optimal", "{results}");
        assert_eq!(row.get(row.len() - 1), Some(""), "no message");
    }
    insta::assert_snapshot!(
        file.trim_end_matches(".toml"),
        format!("{stderr}\n--- results ---\n{results}")
    );
}

/// A file that cannot be used at all.
fn refused(file: &str, start: &str) {
    let (code, stderr, results) = run(file);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(results.is_none(), "nothing is written");
    assert!(stderr.starts_with(start), "{stderr}");
    insta::assert_snapshot!(file.trim_end_matches(".toml"), stderr);
}

#[test]
fn unknown_path() {
    rows_for(
        "unknown-path.toml",
        &[
            (
                "misspelt-field",
                "supplier.au-mine.offers.ndpr-oxide.capacty",
            ),
            ("misspelt-id", "supplier.au-mien.lead_time"),
            ("misspelt-table", "riks.weight"),
        ],
        &["fine"],
    );
}

#[test]
fn unknown_kind() {
    rows_for(
        "unknown-kind.toml",
        &[
            ("add-suppliers", "add.suppliers"),
            ("remove-outages", "outages.cn-halt"),
            ("remove-a-table", "risk.weight"),
        ],
        &["fine"],
    );
}

#[test]
fn removing_what_others_name() {
    rows_for(
        "remove-referenced.toml",
        &[
            ("no-cn-mine", "outage.cn-halt.supplier"),
            ("scenario-names-removed-event", "scenario.halt.events[0]"),
        ],
        &["both-go"],
    );
}

#[test]
fn wrong_types() {
    rows_for(
        "wrong-type.toml",
        &[
            ("weight-as-text", "risk.weight"),
            ("half-a-period", "supplier.au-mine.lead_time"),
            ("share-as-percent", "diversification.cn-cap.max_share"),
            ("remove-not-a-list", "strategy[3].remove"),
        ],
        &["fine"],
    );
}

#[test]
fn duplicate_names() {
    // The first `calm` plans; the second is the invalid one.
    rows_for(
        "duplicate-name.toml",
        &[("calm", "strategy[1].name")],
        &["calm"],
    );
}

#[test]
fn unquoted_paths_and_unknown_keys() {
    rows_for(
        "unquoted-path.toml",
        &[
            ("unquoted", ": risk: "),
            ("whole-entity", "supplier.au-mine"),
            ("misspelt-key", "strategy[2].sett"),
        ],
        &["fine"],
    );
}

#[test]
fn a_plan_to_evaluate_that_does_not_exist_or_does_not_fit() {
    rows_for(
        "missing-plan.toml",
        &[
            (
                "no-such-plan",
                "evaluate: cannot read the plan plans/no-such-plan.json",
            ),
            (
                "plan-of-another-model",
                "evaluate: the plan names ids that are not in the model",
            ),
        ],
        &["fine"],
    );
}

#[test]
fn not_toml() {
    refused("not-toml.toml", "not-toml.toml:4:12: error: invalid TOML");
}

#[test]
fn missing_base() {
    refused(
        "missing-base.toml",
        "missing-base.toml:1:1: error: base: missing required field `base`",
    );
}

#[test]
fn base_not_found() {
    refused(
        "base-not-found.toml",
        "error: base-not-found.toml:2:8: the base model cannot be used",
    );
}

#[test]
fn every_corpus_file_has_a_test() {
    let tested = [
        "base-not-found.toml",
        "duplicate-name.toml",
        "missing-base.toml",
        "missing-plan.toml",
        "not-toml.toml",
        "remove-referenced.toml",
        "unknown-kind.toml",
        "unknown-path.toml",
        "unquoted-path.toml",
        "wrong-type.toml",
    ];
    let mut files: Vec<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".toml"))
        .collect();
    files.sort();
    assert_eq!(files, tested);
}
