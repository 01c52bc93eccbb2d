//! The two stages against the reference: `rareplan evaluate` (a plan's
//! reservations scored on its own scenarios and on a fresh sample) against
//! `reference_lp.py --fix-reservations`, on every shipped model and on
//! generated ones; `solve --value` against `--mean-value`, the EV plan's
//! `--fix-reservations` and `--wait-and-see`; and what evaluation refuses.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use crate::differential::{agree, has_explicit, parse_model, sampling_args, scratch_dir};
use crate::generator::generate;
use crate::reference::{Job, reference_batch};

/// Generated models whose plans are evaluated.
const EVALUATED: u64 = 100;
/// Generated models whose value of planning for risk is checked.
const VALUED: u64 = 30;
/// The fresh sample every evaluation is also scored on.
const FRESH: [&str; 4] = ["--samples", "300", "--seed", "17"];

pub(crate) fn rareplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rareplan"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("running rareplan")
}

pub(crate) fn json_of(out: &Output, what: &str) -> Value {
    assert!(
        out.status.success(),
        "{what}: exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{what}: not JSON: {e}"))
}

/// The shipped models and `count` generated ones (written into `dir`).
pub(crate) fn models(dir: &Path, count: u64) -> Vec<(String, PathBuf)> {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let mut out: Vec<(String, PathBuf)> = fs::read_dir(&shipped)
        .expect("models/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    for seed in 0..count {
        let path = dir.join(format!("seed-{seed}.toml"));
        fs::write(&path, generate(seed)).expect("writing a generated model");
        out.push((format!("seed-{seed}"), path));
    }
    out
}

/// `a` and `b` agree on every key.
fn same(a: &Value, b: &Value, keys: &[&str]) -> Result<(), String> {
    for key in keys {
        match (a[*key].as_f64(), b[*key].as_f64()) {
            (Some(x), Some(y)) if agree(x, y) => {}
            (x, y) => return Err(format!("{key}: {x:?} against the reference's {y:?}")),
        }
    }
    Ok(())
}

#[test]
fn evaluations_match_the_reference() {
    let scratch = scratch_dir("evaluate");
    let dir = scratch.path();
    let cases = models(dir, EVALUATED);
    let mut jobs_data = Vec::new();
    for (label, model) in &cases {
        let m = model.to_str().unwrap();
        let plan_path = dir.join(format!("{label}.plan.json"));
        let plan = json_of(
            &rareplan(&["solve", m, "--format", "json", "-q", "--no-shadow-prices"]),
            label,
        );
        fs::write(&plan_path, plan.to_string()).unwrap();
        let p = plan_path.to_str().unwrap();
        let own = json_of(
            &rareplan(&["evaluate", m, "--plan", p, "--format", "json", "-q"]),
            label,
        );
        let explicit = has_explicit(&parse_model(model));
        let fresh = (!explicit).then(|| {
            let mut args = vec!["evaluate", m, "--plan", p, "--format", "json", "-q"];
            args.extend(FRESH);
            json_of(&rareplan(&args), label)
        });
        jobs_data.push((label.clone(), model.clone(), plan_path, plan, own, fresh));
    }
    let mut jobs = Vec::new();
    for (_, model, plan_path, _, _, fresh) in &jobs_data {
        let mut own = sampling_args(&parse_model(model));
        own.extend(["--fix-reservations".into(), plan_path.display().to_string()]);
        jobs.push(Job {
            model,
            plan: None,
            args: own,
        });
        if fresh.is_some() {
            let mut args: Vec<String> = FRESH.iter().map(|s| s.to_string()).collect();
            args.extend(["--fix-reservations".into(), plan_path.display().to_string()]);
            jobs.push(Job {
                model,
                plan: None,
                args,
            });
        }
    }
    let answers = reference_batch(&jobs);
    let mut answers = answers.iter();
    let mut failures = Vec::new();
    let keys = ["objective", "expected_cost", "var", "cvar"];
    for (label, _, _, plan, own, fresh) in &jobs_data {
        let reference = answers.next().expect("an answer per job");
        let mut check = || -> Result<(), String> {
            same(own, reference, &keys).map_err(|e| format!("own scenarios: {e}"))?;
            // On its own scenarios the score is the plan's objective.
            same(own, plan, &["objective"]).map_err(|e| format!("score vs plan: {e}"))?;
            if let Some(fresh) = fresh {
                let reference = answers.next().expect("an answer per job");
                same(fresh, reference, &keys).map_err(|e| format!("fresh sample: {e}"))?;
                let listed = reference["scenario_list"].as_array().ok_or("no list")?;
                let ours = fresh["scenarios"].as_array().ok_or("no scenarios")?;
                let ids = |v: &[Value]| -> Vec<(String, f64)> {
                    v.iter()
                        .map(|s| {
                            (
                                s["id"].to_string(),
                                s["probability"].as_f64().unwrap_or(-1.0),
                            )
                        })
                        .collect()
                };
                if ids(listed) != ids(ours) {
                    return Err("fresh sample: scenario ids or probabilities differ".into());
                }
            }
            Ok(())
        };
        if let Err(e) = check() {
            failures.push(format!("  {label}: {e}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} evaluations disagree with the reference:\n{}",
        failures.len(),
        jobs_data.len(),
        failures.join("\n")
    );
    assert!(
        jobs_data.len() as u64 > EVALUATED,
        "models/ and the generated ones"
    );
}

#[test]
fn value_of_planning_for_risk_matches_the_reference() {
    let scratch = scratch_dir("value");
    let dir = scratch.path();
    let cases = models(dir, VALUED);
    let mut rows = Vec::new();
    let mut jobs = Vec::new();
    for (label, model) in &cases {
        let m = model.to_str().unwrap();
        let plan = json_of(
            &rareplan(&[
                "solve",
                m,
                "--value",
                "--format",
                "json",
                "-q",
                "--no-shadow-prices",
            ]),
            label,
        );
        let value = plan["value"].clone();
        let ev_path = dir.join(format!("{label}.ev.json"));
        fs::write(
            &ev_path,
            serde_json::json!({ "reservations": value["ev_reservations"] }).to_string(),
        )
        .unwrap();
        rows.push((label.clone(), plan));
        let ev = ev_path.display().to_string();
        for args in [
            vec!["--mean-value".to_string()],
            vec!["--fix-reservations".to_string(), ev],
            vec!["--wait-and-see".to_string()],
        ] {
            jobs.push((model.clone(), args));
        }
    }
    let answers = reference_batch(
        &jobs
            .iter()
            .map(|(model, args)| Job {
                model,
                plan: None,
                args: args.clone(),
            })
            .collect::<Vec<_>>(),
    );
    let mut failures = Vec::new();
    for ((label, plan), refs) in rows.iter().zip(answers.chunks(3)) {
        let v = &plan["value"];
        let pairs = [
            ("ev_objective", refs[0]["objective"].as_f64()),
            ("eev", refs[1]["objective"].as_f64()),
            ("ws", refs[2]["wait_and_see"].as_f64()),
        ];
        for (key, theirs) in pairs {
            let ours = v[key].as_f64();
            if !matches!((ours, theirs), (Some(a), Some(b)) if agree(a, b)) {
                failures.push(format!("  {label}: {key} {ours:?}, reference {theirs:?}"));
            }
        }
        let f = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
        let tol = 1e-6 * f("rp").abs().max(1.0);
        if !(f("vss") >= -tol && f("evpi") >= -tol) {
            failures.push(format!(
                "  {label}: VSS {} or EVPI {} negative",
                f("vss"),
                f("evpi")
            ));
        }
        if !agree(f("vss"), f("eev") - f("rp")) || !agree(f("evpi"), f("rp") - f("ws")) {
            failures.push(format!("  {label}: VSS or EVPI is not the difference"));
        }
    }
    assert!(
        failures.is_empty(),
        "value of planning for risk:\n{}",
        failures.join("\n")
    );
    assert!(rows.len() as u64 >= VALUED);
}

fn model(name: &str) -> String {
    format!("{}/models/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn solve_to(model: &str, dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let path = dir.join(name);
    let mut args = vec!["solve", model, "-q", "-o", path.to_str().unwrap()];
    args.extend(extra);
    let out = rareplan(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

#[test]
fn evaluation_bytes_do_not_depend_on_the_thread_count() {
    let scratch = scratch_dir("threads");
    let m = model("magnets-2026-many-events.toml");
    let plan = solve_to(&m, scratch.path(), "plan.json", &["--no-shadow-prices"]);
    let run = |threads: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_rareplan"))
            .args([
                "evaluate",
                &m,
                "--plan",
                plan.to_str().unwrap(),
                "--samples",
                "1500",
            ])
            .args(["--seed", "3", "--format", "json", "-q"])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    let v: Value = serde_json::from_slice(&one).unwrap();
    assert!(v["scenarios"].as_array().unwrap().len() > 300);
    assert!(v["in_sample"]["objective"].as_f64().unwrap() > 0.0);
}

#[test]
fn full_risk_weight_reports_scored_recourse() {
    // At λ = 1 the extensive form leaves non-tail scenarios unoptimised;
    // the plan's figures must be its reservations scored scenario by
    // scenario, as `evaluate` gives them.
    let scratch = scratch_dir("lambda-one");
    let m = model("japan-2011-quota.toml");
    let plan_path = solve_to(
        &m,
        scratch.path(),
        "plan.json",
        &["--risk-weight", "1", "--no-shadow-prices"],
    );
    let plan: Value = serde_json::from_str(&fs::read_to_string(&plan_path).unwrap()).unwrap();
    let eval = json_of(
        &rareplan(&[
            "evaluate",
            &m,
            "--plan",
            plan_path.to_str().unwrap(),
            "--risk-weight",
            "1",
            "--format",
            "json",
            "-q",
        ]),
        "evaluate",
    );
    for key in [
        "objective",
        "expected_cost",
        "var",
        "cvar",
        "expected_shortage",
        "shortage_probability",
    ] {
        let (a, b) = (plan[key].as_f64().unwrap(), eval[key].as_f64().unwrap());
        assert!(agree(a, b), "{key}: plan {a}, scored {b}");
    }
    // Scenario by scenario, too: each cost is the scored one.
    let ours = plan["scenarios"].as_array().unwrap();
    let scored = eval["scenarios"].as_array().unwrap();
    assert_eq!(ours.len(), scored.len());
    for (a, b) in ours.iter().zip(scored) {
        assert_eq!(a["id"], b["id"]);
        let (x, y) = (a["cost"].as_f64().unwrap(), b["cost"].as_f64().unwrap());
        assert!(agree(x, y), "{}: plan {x}, scored {y}", a["id"]);
        assert_eq!(
            a["shortage"].as_f64().unwrap() > 1e-6,
            b["shortage"].as_f64().unwrap() > 1e-6
        );
    }
}

#[test]
fn scenario_flows_add_up_to_the_expected_flows() {
    let scratch = scratch_dir("flows");
    let m = model("tiny.toml");
    let path = solve_to(&m, scratch.path(), "plan.json", &["--scenario-flows"]);
    let plan: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    let flows = plan["scenario_flows"].as_array().expect("scenario_flows");
    let scenarios = plan["scenarios"].as_array().unwrap();
    assert_eq!(flows.len(), scenarios.len());
    for e in plan["expected"].as_array().unwrap() {
        let (buyer, material, period) = (&e["buyer"], &e["material"], &e["period"]);
        let mut contract = 0.0;
        let mut stock = 0.0;
        for (f, s) in flows.iter().zip(scenarios) {
            assert_eq!(f["scenario"], s["id"]);
            let p = s["probability"].as_f64().unwrap();
            for d in f["deliveries"].as_array().unwrap() {
                if &d["buyer"] == buyer && &d["material"] == material && &d["arrives"] == period {
                    contract += p * d["exercise"].as_f64().unwrap();
                }
            }
            for v in f["stock"].as_array().unwrap() {
                if &v["buyer"] == buyer && &v["material"] == material && &v["period"] == period {
                    stock += p * v["stock"].as_f64().unwrap();
                }
            }
        }
        assert!(
            (contract - e["contract"].as_f64().unwrap()).abs() < 1e-6,
            "{e}"
        );
        assert!((stock - e["stock"].as_f64().unwrap()).abs() < 1e-6, "{e}");
    }
    // Opt-in: absent without the flag.
    let plain = solve_to(&m, scratch.path(), "plain.json", &[]);
    assert!(
        !fs::read_to_string(plain)
            .unwrap()
            .contains("scenario_flows")
    );
}

/// Runs `evaluate` with `plan_text` as the plan; returns (status, stderr)
/// and checks that `-o` wrote nothing.
fn refused(dir: &Path, plan_name: &str, plan_text: &str, extra: &[&str]) -> (i32, String) {
    let plan = dir.join(plan_name);
    fs::write(&plan, plan_text).unwrap();
    let out_path = dir.join("out.json");
    let m = model("tiny.toml");
    let mut args = vec![
        "evaluate",
        &m,
        "--plan",
        plan.to_str().unwrap(),
        "-o",
        out_path.to_str().unwrap(),
    ];
    args.extend(extra);
    let out = rareplan(&args);
    assert!(!out_path.exists(), "an output was written for {plan_name}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_plans_are_refused_with_their_ids_named() {
    let scratch = scratch_dir("bad-plans");
    let dir = scratch.path();
    // A plan from another model: every unknown id is named.
    let japan = solve_to(
        &model("japan-2011-quota.toml"),
        dir,
        "japan.json",
        &["--no-shadow-prices"],
    );
    let text = fs::read_to_string(&japan).unwrap();
    let (code, err) = refused(dir, "other.json", &text, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("the plan names ids that are not in the model"),
        "{err}"
    );
    assert!(err.contains("supplier `lynas`"), "{err}");
    assert!(err.contains("period `2011Q3`"), "{err}");
    // Malformed.
    let (code, err) = refused(dir, "broken.json", "{\"reservations\": [", &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("broken.json: not a plan as `rareplan solve` writes it (json)"),
        "{err}"
    );
    // A negative and a NaN quantity (TOML can write nan).
    let tiny = solve_to(
        &model("tiny.toml"),
        dir,
        "tiny.toml",
        &["--no-shadow-prices"],
    );
    let good = fs::read_to_string(&tiny).unwrap();
    let first = good.find("quantity = ").expect("a reservation");
    let end = first + good[first..].find('\n').unwrap();
    for (bad, shown) in [("quantity = -5.0", "-5"), ("quantity = nan", "NaN")] {
        let text = format!("{}{bad}{}", &good[..first], &good[end..]);
        let (code, err) = refused(dir, "bad.toml", &text, &[]);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains(&format!(
                "has quantity {shown}: quantities must be finite and ≥ 0"
            )),
            "{err}"
        );
    }
    // No samples.
    let (code, err) = refused(dir, "good.toml", &good, &["--samples", "0"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("the number of samples must be at least 1"),
        "{err}"
    );
}
