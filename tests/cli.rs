//! The command line: exit statuses, formats, `-o` atomicity, stdin.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

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

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const BAD: &str = "[model]\nperiods = [\"Q1\"]\n[[material]]\nid = \"nd\"\n[[buyer]]\nid = \"b\"\nneed = { nd = 1 }\nshortage_penalty = -5\n";

#[test]
fn solve_prints_a_table_for_people() {
    let tiny = model("tiny.toml");
    let o = run(&["solve", tiny.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    for heading in [
        "Plan for Tiny",
        "expected cost",
        "CVaR",
        "Reservations",
        "Scenarios (2)",
        "cn-halt",
    ] {
        assert!(text.contains(heading), "no `{heading}` in:\n{text}");
    }
}

#[test]
fn json_toml_and_csv_hold_the_same_plan() {
    let dir = tempfile::tempdir().unwrap();
    let tiny = model("tiny.toml");
    let o = run(&[
        "solve",
        tiny.to_str().unwrap(),
        "--format",
        "json",
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).is_empty(),
        "--quiet prints nothing: {}",
        stderr(&o)
    );
    let from_stdout: Plan = serde_json::from_slice(&o.stdout).expect("plan JSON");
    assert_eq!(from_stdout.status, rareplan::plan::PlanStatus::Optimal);
    assert_eq!(from_stdout.solver, "microlp");
    assert_eq!(from_stdout.scenarios.len(), 2);
    assert!(!from_stdout.reservations.is_empty());

    let toml_path = dir.path().join("plan.toml");
    let o = run(&[
        "solve",
        tiny.to_str().unwrap(),
        "-o",
        toml_path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("wrote the plan to"));
    let from_toml: Plan =
        toml::from_str(&std::fs::read_to_string(&toml_path).unwrap()).expect("plan TOML");
    assert_eq!(from_toml, from_stdout, "TOML and JSON hold the same tree");

    let csv_path = dir.path().join("plan.csv");
    let o = run(&[
        "solve",
        tiny.to_str().unwrap(),
        "-o",
        csv_path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("supplier,material,buyer,period,quantity,fee")
    );
    assert_eq!(lines.count(), from_stdout.reservations.len());
}

#[test]
fn the_same_model_gives_the_same_bytes() {
    let japan = model("japan-2011-quota.toml");
    let a = run(&["solve", japan.to_str().unwrap(), "--format", "json", "-q"]);
    let b = run(&["solve", japan.to_str().unwrap(), "--format", "json", "-q"]);
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn a_model_from_standard_input() {
    let text = std::fs::read(model("tiny.toml")).unwrap();
    let mut child = bin()
        .args(["solve", "-", "--format", "json", "-q"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let plan: Plan = serde_json::from_slice(&o.stdout).unwrap();
    let tiny = run(&[
        "solve",
        model("tiny.toml").to_str().unwrap(),
        "--format",
        "json",
        "-q",
    ]);
    let expected: Plan = serde_json::from_slice(&tiny.stdout).unwrap();
    assert_eq!(plan, expected);
}

#[test]
fn a_bad_model_exits_2_names_the_field_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, BAD).unwrap();
    let out = dir.path().join("plan.json");
    std::fs::write(&out, "previous plan").unwrap();
    let o = run(&["solve", bad.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("bad.toml:8:20: error: buyer[0].shortage_penalty: must be ≥ 0, found -5"),
        "{err}"
    );
    assert!(err.contains("1 error found; nothing was solved"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous plan");
    let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(entries.len(), 2, "no temporary file is left behind");
    assert!(o.stdout.is_empty());
}

#[test]
fn usage_errors_exit_2() {
    let tiny = model("tiny.toml");
    let tiny = tiny.to_str().unwrap();
    let o = run(&["solve", tiny, "--risk-weight", "2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the risk weight must be in [0, 1], found 2"),
        "{}",
        stderr(&o)
    );
    let o = run(&["solve", tiny, "--alpha", "1"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["solve", tiny, "-o", "plan.weird"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot tell the plan format"),
        "{}",
        stderr(&o)
    );
    assert!(!Path::new("plan.weird").exists());
    let o = run(&["solve", "/no/such/model.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read /no/such/model.toml"),
        "{}",
        stderr(&o)
    );
    let o = run(&["solve"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["solve", tiny, "--time-limit", "-1"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn check_prints_the_model_and_lp_size() {
    let tiny = model("tiny.toml");
    let o = run(&["check", tiny.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("valid"), "{text}");
    assert!(
        text.contains("model: 3 periods, 1 materials, 1 buyers, 2 suppliers, 2 offers, 0 quotas, 0 diversification limits, 1 events"),
        "{text}"
    );
    assert!(text.contains("scenarios: 2 (enumerated)"), "{text}");
    let plan: Plan = serde_json::from_slice(
        &run(&["solve", tiny.to_str().unwrap(), "--format", "json", "-q"]).stdout,
    )
    .unwrap();
    let lp = format!(
        "lp: {} columns, {} rows, {} nonzeros",
        plan.lp.columns, plan.lp.rows, plan.lp.nonzeros
    );
    assert!(text.contains(&lp), "{text} vs {lp}");
}

#[test]
fn sampling_from_the_command_line() {
    let tiny = model("tiny.toml");
    let o = run(&[
        "solve",
        tiny.to_str().unwrap(),
        "--samples",
        "50",
        "--seed",
        "7",
        "--format",
        "json",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let plan: Plan = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        plan.scenario_generation.mode,
        rareplan::plan::GenerationMode::Sampled
    );
    assert_eq!(plan.scenario_generation.samples, Some(50));
    assert_eq!(plan.scenario_generation.seed, Some(7));
    let total: f64 = plan.scenarios.iter().map(|s| s.probability).sum();
    assert!((total - 1.0).abs() < 1e-12);
    for s in &plan.scenarios {
        let draws = s.probability * 50.0;
        assert!(
            (draws - draws.round()).abs() < 1e-9,
            "probabilities are multiples of 1/50"
        );
    }
}

#[test]
fn stock_above_storage_is_infeasible_and_explained() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(model("tiny.toml")).unwrap().replace(
        "initial_stock = { ndpr-oxide = 20 }",
        "initial_stock = { ndpr-oxide = 300 }\nstorage = 150\nin_transit = { ndpr-oxide = [0, 100, 0] }",
    );
    let path = dir.path().join("overfull.toml");
    std::fs::write(&path, text).unwrap();
    let out = dir.path().join("plan.json");
    let o = run(&["solve", path.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "the model is infeasible: buyer plant: stock reaches 220 t in Q1 from initial stock and in-transit alone, above its storage of 150 t"
        ),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

#[test]
fn the_time_limit_is_a_status() {
    let japan = model("japan-2011-quota.toml");
    let o = run(&[
        "solve",
        japan.to_str().unwrap(),
        "--method",
        "extensive",
        "--solver",
        "microlp",
        "--time-limit",
        "0.05",
    ]);
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("the time limit of 0.05 s passed before the solver found an optimal plan"),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());
}
