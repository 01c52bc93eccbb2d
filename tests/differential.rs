//! Differential test: the planner's objective against the independent
//! reference (`shared/bench/reference_lp.py`, HiGHS) on the shipped models
//! and on generated ones.
//!
//! Non-sampled models are solved by the reference on its own (it enumerates
//! or reads the explicit scenarios itself), so the planner's scenario
//! construction is checked too. Sampled models are solved by the reference
//! on the scenario list of the planner's plan (`--scenarios-from`), and the
//! list is checked for being a proper sample.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::generator::generate;
use crate::reference::{Job, reference_batch};

/// Seeds of generated models.
const SEEDS: u64 = 120;

/// Relative tolerance on objectives: |a-b| <= TOL * max(1, |a|, |b|).
const TOL: f64 = 1e-6;

/// Threads that run the planner and the reference (the machine has 2 cores).
const THREADS: usize = 2;

/// Event tables, in canonical order.
const EVENT_KINDS: &[&str] = &["outage", "quota_cut", "price_shock", "demand_shock"];

/// One model to check.
struct Case {
    /// How failures name it (a file name or a seed).
    label: String,
    /// The model file.
    model: PathBuf,
    /// The parsed model, to see how its scenarios are made.
    table: toml::Table,
    /// The planner's `--solver`.
    solver: &'static str,
}

/// What became of one case.
struct Outcome {
    label: String,
    model: PathBuf,
    planner: Option<f64>,
    reference: Option<f64>,
    /// `None` when the case passed.
    problem: Option<String>,
}

/// Whether `a` and `b` agree within [`TOL`] relative.
pub(crate) fn agree(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOL * 1f64.max(a.abs()).max(b.abs())
}

/// A fresh, empty directory under the system's temp directory, removed
/// when dropped unless kept with [`keep_if_failed`].
pub(crate) fn scratch_dir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("rareplan-{name}-"))
        .tempdir()
        .unwrap_or_else(|e| panic!("creating a temp dir: {e}"))
}

/// Keeps `dir` on disk when any outcome failed (the report names files in
/// it); otherwise it goes when dropped.
fn keep_if_failed(dir: tempfile::TempDir, outcomes: &[Outcome]) {
    if outcomes.iter().any(|o| o.problem.is_some()) {
        let _ = dir.keep();
    }
}

/// Parses a model file as plain TOML.
pub(crate) fn parse_model(path: &Path) -> toml::Table {
    let text =
        fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{} is not TOML: {e}", path.display()))
}

/// Number of events the model declares, over all kinds.
fn event_count(t: &toml::Table) -> usize {
    EVENT_KINDS
        .iter()
        .filter_map(|k| t.get(*k).and_then(|v| v.as_array()))
        .map(Vec::len)
        .sum()
}

/// Whether the model has `[[scenario]]` entries.
pub(crate) fn has_explicit(t: &toml::Table) -> bool {
    t.get("scenario")
        .and_then(|v| v.as_array())
        .is_some_and(|a| !a.is_empty())
}

/// The `[scenarios]` table's `key`, if any.
fn scenarios_setting<'a>(t: &'a toml::Table, key: &str) -> Option<&'a toml::Value> {
    t.get("scenarios").and_then(|s| s.get(key))
}

/// Whether the planner samples this model's scenarios (per formulation.md:
/// no explicit scenarios, and mode "sample", or "auto" with > 10 events).
pub(crate) fn is_sampled(t: &toml::Table) -> bool {
    let mode = scenarios_setting(t, "mode")
        .and_then(|m| m.as_str())
        .unwrap_or("auto");
    !has_explicit(t) && (mode == "sample" || (mode == "auto" && event_count(t) > 10))
}

/// Number of draws of a sampled model (default 256).
fn samples(t: &toml::Table) -> i64 {
    scenarios_setting(t, "samples")
        .and_then(|v| v.as_integer())
        .unwrap_or(256)
}

/// Runs `rareplan solve MODEL --format json --quiet`, writes the plan to
/// `plan_path`, and returns it; `Err` says what went wrong.
fn run_planner(model: &Path, solver: &str, plan_path: &Path) -> Result<Value, String> {
    let out = Command::new(env!("CARGO_BIN_EXE_rareplan"))
        .arg("solve")
        .arg(model)
        .args([
            "--format",
            "json",
            "--quiet",
            "--no-shadow-prices",
            "--solver",
            solver,
        ])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("could not run the planner: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!(
            "planner exited with {}: {}",
            out.status,
            stderr.trim()
        ));
    }
    fs::write(plan_path, &out.stdout).map_err(|e| format!("{}: {e}", plan_path.display()))?;
    serde_json::from_slice(&out.stdout).map_err(|e| {
        format!(
            "planner printed no JSON plan ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// Checks the plan's scenario list: probabilities positive and summing to
/// 1; as many scenarios as the reference built (non-sampled); whole
/// multiples of 1/samples and distinct event sets (sampled).
fn check_scenarios(case: &Case, plan: &Value, reference: &Value) -> Result<(), String> {
    let scenarios = plan["scenarios"]
        .as_array()
        .ok_or("the plan has no \"scenarios\" list")?;
    let probs: Vec<f64> = scenarios
        .iter()
        .map(|s| {
            s["probability"]
                .as_f64()
                .ok_or("a scenario without probability")
        })
        .collect::<Result<_, _>>()?;
    let total: f64 = probs.iter().sum();
    if (total - 1.0).abs() > 1e-8 || probs.iter().any(|&p| p <= 0.0 || p > 1.0) {
        return Err(format!(
            "scenario probabilities {probs:?} are not positive summing to 1 (sum {total})"
        ));
    }
    if is_sampled(&case.table) {
        let k = samples(&case.table) as f64;
        if probs
            .iter()
            .any(|p| ((p * k) - (p * k).round()).abs() > 1e-6)
        {
            return Err(format!(
                "sampled scenario probabilities {probs:?} are not multiples of 1/{k}"
            ));
        }
        let mut sets: Vec<Vec<String>> = scenarios
            .iter()
            .map(|s| {
                let mut ev: Vec<String> = s["events"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|e| e.as_str().map(str::to_string))
                    .collect();
                ev.sort();
                ev
            })
            .collect();
        sets.sort();
        sets.dedup();
        if sets.len() != scenarios.len() {
            return Err("sampled scenarios repeat an event set (equal draws must merge)".into());
        }
    } else if let Some(n) = reference["scenarios"].as_u64() {
        if n as usize != scenarios.len() {
            return Err(format!(
                "the plan has {} scenarios, the reference built {n}",
                scenarios.len()
            ));
        }
    }
    Ok(())
}

/// `--samples N --seed S` of a sampled model (so the reference draws its
/// own sample and lists it), else nothing.
pub(crate) fn sampling_args(t: &toml::Table) -> Vec<String> {
    if !is_sampled(t) {
        return Vec::new();
    }
    let seed = scenarios_setting(t, "seed")
        .and_then(|v| v.as_integer())
        .unwrap_or(0);
    vec![
        "--samples".into(),
        samples(t).to_string(),
        "--seed".into(),
        seed.to_string(),
    ]
}

/// The plan's expected cost, VaR and CVaR against the reference's score
/// of the same reservations (`--fix-reservations`), which must agree; and
/// against the reference's own plan, which must agree too unless the
/// reference's own optimum is another plan of the same objective.
fn compare_risk(plan: &Value, own: &Value, fixed: &Value) -> Result<(), String> {
    if let Some(e) = fixed["error"].as_str() {
        return Err(format!("reference --fix-reservations raised: {e}"));
    }
    for key in ["objective", "expected_cost", "var", "cvar"] {
        let (a, b) = (plan[key].as_f64(), fixed[key].as_f64());
        match (a, b) {
            (Some(a), Some(b)) if agree(a, b) => {}
            _ => {
                return Err(format!(
                    "{key}: planner {a:?}, reference score of the same plan {b:?}"
                ));
            }
        }
    }
    let same_plan_figures = ["expected_cost", "var", "cvar"].iter().all(
        |k| matches!((plan[*k].as_f64(), own[*k].as_f64()), (Some(a), Some(b)) if agree(a, b)),
    );
    if !same_plan_figures {
        // Another optimal plan: it must score the same objective.
        let (a, b) = (fixed["objective"].as_f64(), own["objective"].as_f64());
        if !matches!((a, b), (Some(a), Some(b)) if agree(a, b)) {
            return Err(format!(
                "the plan scores {a:?}, the reference's optimum is {b:?}"
            ));
        }
    }
    // Sampled: the reference's own sample, scenario by scenario.
    if let Some(list) = own["scenario_list"].as_array() {
        let ours = plan["scenarios"].as_array().ok_or("no scenarios")?;
        if list.len() != ours.len() {
            return Err(format!(
                "the reference drew {} scenarios, the planner {}",
                list.len(),
                ours.len()
            ));
        }
        for (r, p) in list.iter().zip(ours) {
            if r["id"] != p["id"] || r["probability"].as_f64() != p["probability"].as_f64() {
                return Err(format!(
                    "scenario {} p={} in the reference, {} p={} in the plan",
                    r["id"], r["probability"], p["id"], p["probability"]
                ));
            }
        }
    }
    Ok(())
}

/// Compares one case's plan with the reference's answer; returns the two
/// objectives found and the problem, if any.
fn compare(
    case: &Case,
    plan: &Result<Value, String>,
    reference: &Value,
) -> (Option<f64>, Option<f64>, Option<String>) {
    let ref_obj = reference["objective"].as_f64();
    let plan = match plan {
        Ok(plan) => plan,
        Err(e) => return (None, ref_obj, Some(e.clone())),
    };
    let plan_obj = plan["objective"].as_f64();
    let problem = if let Some(e) = reference["error"].as_str() {
        Some(format!("reference raised: {e}"))
    } else if reference["status"] != "Optimal" {
        Some(format!("reference status {}", reference["status"]))
    } else if plan["status"] != "optimal" {
        Some(format!("planner status {}", plan["status"]))
    } else {
        match (plan_obj, ref_obj) {
            (Some(a), Some(b)) if agree(a, b) => check_scenarios(case, plan, reference).err(),
            (Some(a), Some(b)) => Some(format!(
                "objectives differ by {:.3e} relative",
                (a - b).abs() / 1f64.max(a.abs()).max(b.abs())
            )),
            _ => Some("an objective is missing".to_string()),
        }
    };
    (plan_obj, ref_obj, problem)
}

/// Solves `cases` with the planner and the reference, in [`THREADS`]
/// threads, one reference batch per thread. Plans are written to `dir`.
fn run_cases(cases: &[Case], dir: &Path) -> Vec<Outcome> {
    let chunks: Vec<Vec<&Case>> = (0..THREADS)
        .map(|k| cases.iter().skip(k).step_by(THREADS).collect())
        .collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| scope.spawn(move || run_chunk(chunk, dir)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a differential worker panicked"))
            .collect()
    })
}

/// Planner, then reference batch, then comparison, for one thread's cases.
fn run_chunk(chunk: &[&Case], dir: &Path) -> Vec<Outcome> {
    let plan_paths: Vec<PathBuf> = chunk
        .iter()
        .map(|c| dir.join(format!("{}.plan.json", c.label)))
        .collect();
    let plans: Vec<Result<Value, String>> = chunk
        .iter()
        .zip(&plan_paths)
        .map(|(c, p)| run_planner(&c.model, c.solver, p))
        .collect();
    // Per case: the reference's own plan (sampled models by its own
    // sampler), and the reference's score of the planner's reservations.
    let jobs: Vec<Job<'_>> = chunk
        .iter()
        .zip(&plan_paths)
        .flat_map(|(c, p)| {
            let sampling = sampling_args(&c.table);
            let mut fixed = sampling.clone();
            fixed.extend(["--fix-reservations".to_string(), p.display().to_string()]);
            [
                Job {
                    model: &c.model,
                    plan: None,
                    args: sampling,
                },
                Job {
                    model: &c.model,
                    plan: None,
                    args: fixed,
                },
            ]
        })
        .collect();
    let answers = reference_batch(&jobs);
    chunk
        .iter()
        .zip(&plans)
        .zip(answers.chunks(2))
        .map(|((case, plan), answer)| {
            let (planner, reference, mut problem) = compare(case, plan, &answer[0]);
            if problem.is_none()
                && let Ok(plan) = plan
            {
                problem = compare_risk(plan, &answer[0], &answer[1]).err();
            }
            Outcome {
                label: case.label.clone(),
                model: case.model.clone(),
                planner,
                reference,
                problem,
            }
        })
        .collect()
}

/// Panics listing every failed outcome.
fn report(what: &str, outcomes: &[Outcome]) {
    let failed: Vec<String> = outcomes
        .iter()
        .filter_map(|o| {
            o.problem.as_ref().map(|p| {
                format!(
                    "  {}: planner {:?}, reference {:?}, model {}: {p}",
                    o.label,
                    o.planner,
                    o.reference,
                    o.model.display()
                )
            })
        })
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} {what} disagree with the reference (tolerance {TOL:e} relative):\n{}",
        failed.len(),
        outcomes.len(),
        failed.join("\n")
    );
}

#[test]
fn models_match_reference() {
    let models_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let mut paths: Vec<PathBuf> = fs::read_dir(&models_dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", models_dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    assert!(
        !paths.is_empty(),
        "{} holds no *.toml model",
        models_dir.display()
    );
    let cases: Vec<Case> = paths
        .iter()
        .map(|p| Case {
            label: p.file_stem().unwrap().to_string_lossy().into_owned(),
            model: p.clone(),
            table: parse_model(p),
            solver: "auto",
        })
        .collect();
    let dir = scratch_dir("models");
    let outcomes = run_cases(&cases, dir.path());
    keep_if_failed(dir, &outcomes);
    report("shipped models", &outcomes);
}

#[test]
fn generated_models_match_reference() {
    let scratch = scratch_dir("generated");
    let dir = scratch.path();
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let cases: Vec<Case> = (0..SEEDS)
        .map(|seed| {
            let text = generate(seed);
            let table: toml::Table = toml::from_str(&text)
                .unwrap_or_else(|e| panic!("seed {seed}: the generator wrote bad TOML: {e}"));
            for f in features(&text, &table) {
                *counts.entry(f).or_default() += 1;
            }
            let model = dir.join(format!("seed-{seed}.toml"));
            fs::write(&model, &text).unwrap_or_else(|e| panic!("{}: {e}", model.display()));
            Case {
                label: format!("seed-{seed}"),
                model,
                table,
                solver: "microlp",
            }
        })
        .collect();
    // Every generated model again with Clarabel: each backend must match.
    let with_clarabel: Vec<Case> = cases
        .iter()
        .map(|c| Case {
            label: format!("{}-clarabel", c.label),
            model: c.model.clone(),
            table: c.table.clone(),
            solver: "clarabel",
        })
        .collect();
    // And with the project's own simplex.
    let with_simplex: Vec<Case> = cases
        .iter()
        .map(|c| Case {
            label: format!("{}-simplex", c.label),
            model: c.model.clone(),
            table: c.table.clone(),
            solver: "simplex",
        })
        .collect();
    let cases: Vec<Case> = cases
        .into_iter()
        .chain(with_clarabel)
        .chain(with_simplex)
        .collect();

    let missing: Vec<&str> = ALL_FEATURES
        .iter()
        .copied()
        .filter(|f| counts.get(f).copied().unwrap_or(0) == 0)
        .collect();
    assert!(
        missing.is_empty(),
        "the generator never produced {missing:?} in {SEEDS} seeds; counts: {counts:?}"
    );

    eprintln!("features of {SEEDS} generated models: {counts:?}");

    let outcomes = run_cases(&cases, dir);
    // Keep the files of failing seeds only, for a look after the run.
    for o in outcomes.iter().filter(|o| o.problem.is_none()) {
        let _ = fs::remove_file(&o.model);
        let _ = fs::remove_file(dir.join(format!("{}.plan.json", o.label)));
    }
    keep_if_failed(scratch, &outcomes);
    report("generated models", &outcomes);
}

/// Every feature [`features`] can report; each must occur in some seed.
const ALL_FEATURES: &[&str] = &[
    "periods=1",
    "periods=2",
    "periods=3",
    "periods=4",
    "materials=1",
    "materials=2",
    "materials=3",
    "material.group",
    "material.no-group",
    "material.name",
    "buyers=1",
    "buyers=2",
    "buyers=3",
    "buyer.region",
    "buyer.no-region",
    "need.number",
    "need.list",
    "initial_stock",
    "in_transit",
    "in_transit.list",
    "shortage_penalty.number",
    "shortage_penalty.table",
    "holding_cost",
    "storage",
    "end_stock",
    "suppliers=1",
    "suppliers=4",
    "supplier.country",
    "supplier.no-country",
    "lead_time=0",
    "lead_time=1",
    "lead_time=2",
    "export_tax",
    "serves",
    "freight",
    "capacity.number",
    "capacity.list",
    "price.number",
    "price.list",
    "reservation_fee",
    "spot_price",
    "spot_price.list",
    "offers.headers",
    "offers.inline",
    "offers.quoted-key",
    "quota",
    "quota.suppliers.all",
    "quota.suppliers.ids",
    "quota.suppliers.country",
    "quota.materials.ids",
    "quota.materials.group",
    "quota.buyers.ids",
    "quota.buyers.region",
    "quota.limit.list",
    "diversification",
    "diversification.buyers",
    "outage",
    "outage.periods",
    "outage.stopped",
    "quota_cut",
    "price_shock",
    "price_shock.materials",
    "demand_shock",
    "demand_shock.buyers",
    "demand_shock.materials",
    "event.periods(non-outage)",
    "event.no-probability",
    "event.probability-0-or-1",
    "events.out-of-canonical-order",
    "enumerated-events=4",
    "scenario.explicit",
    "scenario.explicit.with-baseline",
    "scenario.explicit.sum-1",
    "mode.enumerate",
    "mode.auto",
    "mode.sample",
    "sampled.auto>10-events",
    "scenarios.seed",
    "risk.absent",
    "weight=0",
    "weight=0.5",
    "weight=1",
    "alpha=0.5",
    "alpha=0.8",
    "alpha=0.95",
];

/// A TOML number (integer or float) as f64.
fn number(v: &toml::Value) -> Option<f64> {
    v.as_float().or_else(|| v.as_integer().map(|i| i as f64))
}

/// The array of tables `key`, or an empty slice.
fn tables<'a>(t: &'a toml::Table, key: &str) -> &'a [toml::Value] {
    t.get(key)
        .and_then(|v| v.as_array())
        .map_or(&[], Vec::as_slice)
}

/// The features one model uses, judged from its text and its TOML tree
/// (not from the generator's internals).
fn features(text: &str, t: &toml::Table) -> Vec<&'static str> {
    let mut f: Vec<&'static str> = Vec::new();
    let mut add = |cond: bool, name: &'static str| {
        if cond {
            f.push(name)
        }
    };
    let n = t["model"]["periods"].as_array().map_or(0, Vec::len);
    add(n == 1, "periods=1");
    add(n == 2, "periods=2");
    add(n == 3, "periods=3");
    add(n == 4, "periods=4");
    let mats = tables(t, "material");
    add(mats.len() == 1, "materials=1");
    add(mats.len() == 2, "materials=2");
    add(mats.len() == 3, "materials=3");
    add(
        mats.iter().any(|m| m.get("group").is_some()),
        "material.group",
    );
    add(
        mats.iter().any(|m| m.get("group").is_none()),
        "material.no-group",
    );
    add(
        mats.iter().any(|m| m.get("name").is_some()),
        "material.name",
    );

    let buyers = tables(t, "buyer");
    add(buyers.len() == 1, "buyers=1");
    add(buyers.len() == 2, "buyers=2");
    add(buyers.len() == 3, "buyers=3");
    let any_buyer = |p: &dyn Fn(&toml::Value) -> bool| buyers.iter().any(p);
    let values = |b: &toml::Value, k: &str| -> Vec<toml::Value> {
        b.get(k)
            .and_then(|v| v.as_table())
            .map(|t| t.values().cloned().collect())
            .unwrap_or_default()
    };
    add(any_buyer(&|b| b.get("region").is_some()), "buyer.region");
    add(any_buyer(&|b| b.get("region").is_none()), "buyer.no-region");
    add(
        any_buyer(&|b| values(b, "need").iter().any(|v| number(v).is_some())),
        "need.number",
    );
    add(
        any_buyer(&|b| values(b, "need").iter().any(|v| v.is_array())),
        "need.list",
    );
    add(
        any_buyer(&|b| b.get("initial_stock").is_some()),
        "initial_stock",
    );
    add(any_buyer(&|b| b.get("in_transit").is_some()), "in_transit");
    add(
        any_buyer(&|b| values(b, "in_transit").iter().any(|v| v.is_array())),
        "in_transit.list",
    );
    add(
        any_buyer(&|b| {
            b.get("shortage_penalty")
                .is_some_and(|v| number(v).is_some())
        }),
        "shortage_penalty.number",
    );
    add(
        any_buyer(&|b| b.get("shortage_penalty").is_some_and(|v| v.is_table())),
        "shortage_penalty.table",
    );
    add(
        any_buyer(&|b| b.get("holding_cost").is_some()),
        "holding_cost",
    );
    add(any_buyer(&|b| b.get("storage").is_some()), "storage");
    add(any_buyer(&|b| b.get("end_stock").is_some()), "end_stock");

    let sups = tables(t, "supplier");
    add(sups.len() == 1, "suppliers=1");
    add(sups.len() == 4, "suppliers=4");
    let any_sup = |p: &dyn Fn(&toml::Value) -> bool| sups.iter().any(p);
    add(any_sup(&|s| s.get("country").is_some()), "supplier.country");
    add(
        any_sup(&|s| s.get("country").is_none()),
        "supplier.no-country",
    );
    let lead = |s: &toml::Value| s.get("lead_time").and_then(|v| v.as_integer()).unwrap_or(0);
    add(any_sup(&|s| lead(s) == 0), "lead_time=0");
    add(any_sup(&|s| lead(s) == 1), "lead_time=1");
    add(any_sup(&|s| lead(s) == 2), "lead_time=2");
    add(any_sup(&|s| s.get("export_tax").is_some()), "export_tax");
    add(any_sup(&|s| s.get("serves").is_some()), "serves");
    add(any_sup(&|s| s.get("freight").is_some()), "freight");
    let offers: Vec<&toml::Value> = sups
        .iter()
        .filter_map(|s| s.get("offers").and_then(|o| o.as_table()))
        .flat_map(|o| o.values())
        .collect();
    let any_offer = |k: &str, list: bool| {
        offers
            .iter()
            .any(|o| o.get(k).is_some_and(|v| v.is_array() == list))
    };
    add(any_offer("capacity", false), "capacity.number");
    add(any_offer("capacity", true), "capacity.list");
    add(any_offer("price", false), "price.number");
    add(any_offer("price", true), "price.list");
    add(any_offer("reservation_fee", false), "reservation_fee");
    add(
        any_offer("spot_price", false) || any_offer("spot_price", true),
        "spot_price",
    );
    add(any_offer("spot_price", true), "spot_price.list");
    add(text.contains("[supplier.offers."), "offers.headers");
    add(text.contains("offers = {"), "offers.inline");
    add(
        text.contains("[supplier.offers.\"") || text.contains("offers.\""),
        "offers.quoted-key",
    );

    let quotas = tables(t, "quota");
    add(!quotas.is_empty(), "quota");
    let sel = |v: &toml::Value, key: &str, form: &str| match v.get(key) {
        None => form == "all",
        Some(s) if s.is_array() => form == "ids",
        Some(s) => s.get(form).is_some(),
    };
    let any_quota = |key: &str, form: &str| quotas.iter().any(|q| sel(q, key, form));
    add(any_quota("suppliers", "all"), "quota.suppliers.all");
    add(any_quota("suppliers", "ids"), "quota.suppliers.ids");
    add(any_quota("suppliers", "country"), "quota.suppliers.country");
    add(any_quota("materials", "ids"), "quota.materials.ids");
    add(any_quota("materials", "group"), "quota.materials.group");
    add(any_quota("buyers", "ids"), "quota.buyers.ids");
    add(any_quota("buyers", "region"), "quota.buyers.region");
    add(
        quotas
            .iter()
            .any(|q| q.get("limit").is_some_and(|l| l.is_array())),
        "quota.limit.list",
    );
    let divs = tables(t, "diversification");
    add(!divs.is_empty(), "diversification");
    add(
        divs.iter().any(|d| d.get("buyers").is_some()),
        "diversification.buyers",
    );

    let outages = tables(t, "outage");
    add(!outages.is_empty(), "outage");
    add(
        outages.iter().any(|o| o.get("periods").is_some()),
        "outage.periods",
    );
    add(
        outages
            .iter()
            .any(|o| o.get("capacity_factor").and_then(number) == Some(0.0)),
        "outage.stopped",
    );
    add(!tables(t, "quota_cut").is_empty(), "quota_cut");
    let shocks = tables(t, "price_shock");
    add(!shocks.is_empty(), "price_shock");
    add(
        shocks.iter().any(|s| s.get("materials").is_some()),
        "price_shock.materials",
    );
    let booms = tables(t, "demand_shock");
    add(!booms.is_empty(), "demand_shock");
    add(
        booms.iter().any(|s| s.get("buyers").is_some()),
        "demand_shock.buyers",
    );
    add(
        booms.iter().any(|s| s.get("materials").is_some()),
        "demand_shock.materials",
    );
    let all_events: Vec<&toml::Value> = EVENT_KINDS.iter().flat_map(|k| tables(t, k)).collect();
    add(
        EVENT_KINDS[1..]
            .iter()
            .flat_map(|k| tables(t, k))
            .any(|e| e.get("periods").is_some()),
        "event.periods(non-outage)",
    );
    add(
        all_events.iter().any(|e| e.get("probability").is_none()),
        "event.no-probability",
    );
    add(
        all_events.iter().any(|e| {
            e.get("probability")
                .and_then(number)
                .is_some_and(|p| p == 0.0 || p == 1.0)
        }),
        "event.probability-0-or-1",
    );
    add(events_out_of_order(text), "events.out-of-canonical-order");
    add(
        !is_sampled(t) && !has_explicit(t) && event_count(t) == 4,
        "enumerated-events=4",
    );

    let explicit = tables(t, "scenario");
    let explicit_sum: f64 = explicit
        .iter()
        .filter_map(|s| s.get("probability").and_then(number))
        .sum();
    add(!explicit.is_empty(), "scenario.explicit");
    add(
        !explicit.is_empty() && explicit_sum < 1.0,
        "scenario.explicit.with-baseline",
    );
    add(
        !explicit.is_empty() && explicit_sum == 1.0,
        "scenario.explicit.sum-1",
    );
    let mode = scenarios_setting(t, "mode").and_then(|m| m.as_str());
    add(mode == Some("enumerate"), "mode.enumerate");
    add(mode == Some("auto"), "mode.auto");
    add(mode == Some("sample"), "mode.sample");
    add(
        is_sampled(t) && mode != Some("sample"),
        "sampled.auto>10-events",
    );
    add(scenarios_setting(t, "seed").is_some(), "scenarios.seed");

    let risk = t.get("risk");
    add(risk.is_none(), "risk.absent");
    let weight = risk
        .and_then(|r| r.get("weight"))
        .and_then(number)
        .unwrap_or(0.0);
    add(weight == 0.0, "weight=0");
    add(weight == 0.5, "weight=0.5");
    add(weight == 1.0, "weight=1");
    let alpha = risk
        .and_then(|r| r.get("alpha"))
        .and_then(number)
        .unwrap_or(0.95);
    add(alpha == 0.5, "alpha=0.5");
    add(alpha == 0.8, "alpha=0.8");
    add(alpha == 0.95, "alpha=0.95");
    f
}

/// Whether event tables appear out of canonical order in the file (a kind
/// after a later kind), so file order is not the scenario-naming order.
fn events_out_of_order(text: &str) -> bool {
    let ranks: Vec<usize> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("[[")?.strip_suffix("]]"))
        .filter_map(|k| EVENT_KINDS.iter().position(|e| *e == k))
        .collect();
    ranks.windows(2).any(|w| w[0] > w[1])
}
