//! Strategies in batch: rows equal to `solve` of the changed model written
//! by hand, kill and resume, shards and merge, the cluster recipes, the
//! library's runner, and the frontier.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use rareplan::Plan;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rareplan"))
}

fn model(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models")
        .join(name)
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A strategies file in `dir` on the base model `base` (a file in models/).
fn strategies(dir: &Path, base: &str, body: &str) -> PathBuf {
    let path = dir.join("strategies.toml");
    let base = model(base);
    std::fs::write(
        &path,
        format!("base = {:?}\n\n{body}", base.to_str().unwrap()),
    )
    .unwrap();
    path
}

fn batch(args: &[&str]) -> Output {
    bin().arg("batch").args(args).output().unwrap()
}

/// The rows of a results file, by strategy name.
fn rows(csv_text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn solve_json(path: &Path) -> Plan {
    let o = bin()
        .args([
            "solve",
            path.to_str().unwrap(),
            "--format",
            "json",
            "--quiet",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

const TINY_STRATEGIES: &str = r#"
[[strategy]]
name = "as-is"

[[strategy]]
name = "averse"
set = { "risk.weight" = 0.5 }

[[strategy]]
name = "dearer-au"
set = { "supplier.au-mine.offers.ndpr-oxide.price" = 80000, "supplier.au-mine.lead_time" = 0 }

[[strategy]]
name = "cap-cn"
[[strategy.add.diversification]]
id = "cn-cap"
suppliers = { country = ["CN"] }
max_share = 0.5

[[strategy]]
name = "no-halt"
remove = ["outage.cn-halt"]

[[strategy]]
name = "spot-au"
set = { "supplier.au-mine.offers.ndpr-oxide.spot_price" = 90000 }

[[strategy]]
name = "add-vn"
[[strategy.add.supplier]]
id = "vn-refiner"
country = "VN"
freight = { US = 400 }
offers = { ndpr-oxide = { capacity = 30, price = 64000, reservation_fee = 1000 } }
"#;

/// The changed models of `TINY_STRATEGIES`, written out by hand.
fn tiny_by_hand(name: &str) -> String {
    let tiny = std::fs::read_to_string(model("tiny.toml")).unwrap();
    let replace = |from: &str, to: &str| {
        assert!(tiny.contains(from), "{from}");
        tiny.replacen(from, to, 1)
    };
    match name {
        "as-is" => tiny.clone(),
        "averse" => format!("{tiny}\n[risk]\nweight = 0.5\n"),
        "dearer-au" => {
            replace("price = 70000", "price = 80000").replacen("lead_time = 1", "lead_time = 0", 1)
        }
        "cap-cn" => format!(
            "{tiny}\n[[diversification]]\nid = \"cn-cap\"\nsuppliers = {{ country = [\"CN\"] }}\nmax_share = 0.5\n"
        ),
        "no-halt" => {
            let at = tiny.find("[[outage]]").unwrap();
            tiny[..at].to_string()
        }
        "spot-au" => replace(
            "reservation_fee = 3000",
            "reservation_fee = 3000\nspot_price = 90000",
        ),
        "add-vn" => format!(
            "{tiny}\n[[supplier]]\nid = \"vn-refiner\"\ncountry = \"VN\"\nfreight = {{ US = 400 }}\n[supplier.offers.ndpr-oxide]\ncapacity = 30\nprice = 64000\nreservation_fee = 1000\n"
        ),
        _ => unreachable!(),
    }
}

#[test]
fn each_row_equals_solve_of_the_changed_model_written_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let file = strategies(dir.path(), "tiny.toml", TINY_STRATEGIES);
    let out = dir.path().join("results.csv");
    let o = batch(&[file.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "every strategy plans: {}",
        text(&o)
    );
    let results = std::fs::read_to_string(&out).unwrap();
    let (header, rows) = rows(&results);
    assert_eq!(
        header,
        [
            "strategy",
            "status",
            "objective",
            "expected_cost",
            "var",
            "cvar",
            "expected_shortage",
            "shortage_probability",
            "reserved",
            "share_AU",
            "share_CN",
            "share_VN",
            "message"
        ]
    );
    let names = [
        "as-is",
        "averse",
        "dearer-au",
        "cap-cn",
        "no-halt",
        "spot-au",
        "add-vn",
    ];
    assert_eq!(rows.len(), names.len());
    let countries = [("AU", "au-mine"), ("CN", "cn-mine"), ("VN", "vn-refiner")];
    for (row, name) in rows.iter().zip(names) {
        assert_eq!(row[0], name, "file order");
        assert_eq!(row[1], "optimal");
        let hand = dir.path().join(format!("{name}.toml"));
        std::fs::write(&hand, tiny_by_hand(name)).unwrap();
        let plan = solve_json(&hand);
        let number = |i: usize| -> f64 { row[i].parse().unwrap() };
        assert_eq!(number(2), plan.objective, "{name}: objective");
        assert_eq!(number(3), plan.expected_cost, "{name}: expected cost");
        assert_eq!(number(4), plan.var, "{name}: VaR");
        assert_eq!(number(5), plan.cvar, "{name}: CVaR");
        assert_eq!(number(6), plan.expected_shortage, "{name}");
        assert_eq!(number(7), plan.shortage_probability, "{name}");
        let reserved: f64 = plan.reservations.iter().map(|r| r.quantity).sum();
        assert_eq!(number(8), reserved, "{name}: reserved");
        for (k, (_, supplier)) in countries.iter().enumerate() {
            let tonnes: f64 = plan
                .reservations
                .iter()
                .filter(|r| r.supplier == *supplier)
                .map(|r| r.quantity)
                .sum();
            assert_eq!(
                number(9 + k),
                tonnes / reserved,
                "{name}: share of {supplier}"
            );
        }
        assert_eq!(row[12], "");
    }
    // The strategies change what they say: a sanity check on the figures.
    let objective = |name: &str| -> f64 {
        rows.iter().find(|r| r[0] == name).unwrap()[2]
            .parse()
            .unwrap()
    };
    assert!(objective("no-halt") < objective("as-is"));
    assert!(objective("averse") > objective("as-is"));
    assert!(objective("cap-cn") > objective("as-is"));
}

#[test]
fn an_evaluate_row_equals_rareplan_evaluate_of_the_changed_model() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    let o = bin()
        .args(["solve", model("tiny.toml").to_str().unwrap(), "-q", "-o"])
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let file = strategies(
        dir.path(),
        "tiny.toml",
        "[[strategy]]\nname = \"likelier-halt\"\nevaluate = \"plan.json\"\nset = { \"outage.cn-halt.probability\" = 0.6, \"risk.weight\" = 0.5 }\n",
    );
    let out = dir.path().join("results.csv");
    let o = batch(&[file.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let (_, rows) = rows(&std::fs::read_to_string(&out).unwrap());
    let row = &rows[0];
    assert_eq!(row[1], "evaluated");

    let tiny = std::fs::read_to_string(model("tiny.toml")).unwrap();
    let hand = dir.path().join("hand.toml");
    std::fs::write(
        &hand,
        format!(
            "{}\n[risk]\nweight = 0.5\n",
            tiny.replacen("probability = 0.3", "probability = 0.6", 1)
        ),
    )
    .unwrap();
    let o = bin()
        .args(["evaluate", hand.to_str().unwrap(), "--plan"])
        .arg(&plan)
        .args(["--format", "json", "-q"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let evaluation: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let number = |i: usize| -> f64 { row[i].parse().unwrap() };
    for (i, key) in [
        (2, "objective"),
        (3, "expected_cost"),
        (4, "var"),
        (5, "cvar"),
        (6, "expected_shortage"),
        (7, "shortage_probability"),
    ] {
        assert_eq!(number(i), evaluation[key].as_f64().unwrap(), "{key}");
    }
    let plan: Plan = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    let reserved: f64 = plan.reservations.iter().map(|r| r.quantity).sum();
    assert_eq!(number(8), reserved);
    // The plan's own objective differs: the halt is likelier here.
    assert!(number(2) > plan.objective);
}

#[test]
fn the_same_batch_gives_the_same_bytes_whatever_the_threads() {
    let dir = tempfile::tempdir().unwrap();
    let file = strategies(dir.path(), "tiny.toml", TINY_STRATEGIES);
    let one = dir.path().join("one.csv");
    let two = dir.path().join("two.csv");
    let timings = dir.path().join("timings.csv");
    let o = batch(&[
        file.to_str().unwrap(),
        "-o",
        one.to_str().unwrap(),
        "--threads",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        !text(&o).contains("strategies,") && !text(&o).contains('█'),
        "no progress bar when stderr is not a terminal: {}",
        text(&o)
    );
    let o = batch(&[
        file.to_str().unwrap(),
        "-o",
        two.to_str().unwrap(),
        "--threads",
        "2",
        "--timings",
        timings.to_str().unwrap(),
        "-v",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("strategy spot-au ("),
        "-v prints timings: {}",
        text(&o)
    );
    assert_eq!(std::fs::read(&one).unwrap(), std::fs::read(&two).unwrap());
    let timings = std::fs::read_to_string(&timings).unwrap();
    assert!(
        timings.starts_with("position,strategy,seconds\n0,as-is,"),
        "{timings}"
    );
    assert_eq!(timings.lines().count(), 8);
    assert!(!dir.path().join("two.csv.partial").exists());
}

/// Many small strategies on the teaching model: risk weights and prices.
fn many_strategies(count: usize) -> String {
    (0..count)
        .map(|i| {
            format!(
                "[[strategy]]\nname = \"s{i:03}\"\nset = {{ \"risk.weight\" = {}, \"supplier.au-mine.offers.ndpr-oxide.price\" = {} }}\n\n",
                (i % 11) as f64 / 10.0,
                60000 + 500 * (i / 11)
            )
        })
        .collect()
}

fn data_lines(path: &Path) -> usize {
    std::fs::read_to_string(path)
        .map(|t| t.matches('\n').count().saturating_sub(2))
        .unwrap_or(0)
}

#[test]
fn a_batch_killed_and_resumed_writes_the_bytes_of_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let count = 120;
    let file = strategies(dir.path(), "tiny.toml", &many_strategies(count));
    let whole = dir.path().join("whole.csv");
    let o = batch(&[
        file.to_str().unwrap(),
        "-o",
        whole.to_str().unwrap(),
        "--threads",
        "2",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    let out = dir.path().join("killed.csv");
    let journal = dir.path().join("killed.csv.partial");
    let mut child = bin()
        .args([
            "batch",
            file.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--threads",
            "1",
        ])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while data_lines(&journal) < 5 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no rows in the journal"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the batch ended before it was killed"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let kept = data_lines(&journal);
    assert!((5..count).contains(&kept), "{kept} rows survived the kill");
    assert!(!out.exists(), "the results file is written only whole");

    let o = batch(&[
        file.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--resume",
        "--threads",
        "2",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains(&format!(
            "resuming: {kept} of {count} strategies already done"
        )),
        "{}",
        text(&o)
    );
    assert_eq!(std::fs::read(&whole).unwrap(), std::fs::read(&out).unwrap());
    assert!(!journal.exists());

    // Resuming a finished batch changes nothing.
    let o = batch(&[
        file.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--resume",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(std::fs::read(&whole).unwrap(), std::fs::read(&out).unwrap());
}

#[test]
fn a_journal_line_cut_short_is_dropped_and_the_rest_kept() {
    use rareplan::strategy::Journal;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.csv.partial");
    let header: Vec<String> = ["strategy", "status", "message"].map(String::from).into();
    let row = |name: &str| {
        vec![
            name.to_string(),
            "invalid".to_string(),
            "a, \"quoted\" reason".to_string(),
        ]
    };
    let mut journal = Journal::create(&path, "id-1", &header).unwrap();
    journal.append(4, &row("e")).unwrap();
    journal.append(0, &row("a")).unwrap();
    drop(journal);
    // A kill in the middle of a line.
    let mut bytes = std::fs::read(&path).unwrap();
    let whole = bytes.len();
    bytes.extend_from_slice(b"2,c,inv");
    std::fs::write(&path, &bytes).unwrap();

    let (mut journal, finished) = Journal::resume(&path, "id-1", &header).unwrap();
    assert_eq!(finished.len(), 2);
    assert_eq!(finished[&0], row("a"));
    assert_eq!(finished[&4], row("e"));
    assert_eq!(
        std::fs::metadata(&path).unwrap().len() as usize,
        whole,
        "cut back to whole lines"
    );
    journal.append(2, &row("c")).unwrap();
    drop(journal);
    let (_, finished) = Journal::resume(&path, "id-1", &header).unwrap();
    assert_eq!(finished.keys().copied().collect::<Vec<_>>(), [0, 2, 4]);

    let other = Journal::resume(&path, "id-2", &header).unwrap_err();
    assert!(
        other
            .to_string()
            .contains("is the journal of another batch"),
        "{other}"
    );
}

#[test]
fn resume_refuses_the_journal_of_another_batch() {
    let dir = tempfile::tempdir().unwrap();
    let file = strategies(dir.path(), "tiny.toml", TINY_STRATEGIES);
    let out = dir.path().join("out.csv");
    std::fs::write(
        dir.path().join("out.csv.partial"),
        "rareplan batch journal v1,0000000000000000\nposition,strategy\n",
    )
    .unwrap();
    let o = batch(&[
        file.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--resume",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("is the journal of another batch"),
        "{}",
        text(&o)
    );
    assert!(!out.exists());
}

/// Tiny strategies with invalid ones among them, so that shards hold
/// rows of every kind; `add-vn` alone brings the VN column, which every
/// shard must have.
fn mixed_strategies() -> String {
    format!(
        "{TINY_STRATEGIES}\n[[strategy]]\nname = \"typo\"\nset = {{ \"risk.wieght\" = 1 }}\n\n[[strategy]]\nname = \"no-cn\"\nremove = [\"supplier.cn-mine\"]\n"
    )
}

#[test]
fn shards_merged_give_the_bytes_of_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = strategies(dir.path(), "tiny.toml", &mixed_strategies());
    let whole = dir.path().join("whole.csv");
    let o = batch(&[file.to_str().unwrap(), "-o", whole.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "two strategies are invalid: {}",
        text(&o)
    );
    let whole = std::fs::read(&whole).unwrap();
    for n in [2, 3] {
        let mut shards = Vec::new();
        for i in 1..=n {
            let out = dir.path().join(format!("shard-{i}-of-{n}.csv"));
            let o = batch(&[
                file.to_str().unwrap(),
                "--shard",
                &format!("{i}/{n}"),
                "-o",
                out.to_str().unwrap(),
            ]);
            assert!(matches!(o.status.code(), Some(0 | 1)), "{}", text(&o));
            let shard = std::fs::read_to_string(&out).unwrap();
            assert!(
                shard.starts_with("shard,position,total,strategy,"),
                "{shard}"
            );
            assert!(shard.contains(",share_VN,"), "every shard has every column");
            shards.push(out);
        }
        // Given in any order.
        shards.reverse();
        let merged = dir.path().join(format!("merged-{n}.csv"));
        let o = bin()
            .arg("merge")
            .args(&shards)
            .args(["-o", merged.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        assert_eq!(std::fs::read(&merged).unwrap(), whole, "{n} shards");
        // A missing shard, or one given twice, is refused.
        let o = bin()
            .arg("merge")
            .args(&shards[1..])
            .args(["-o", merged.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        assert!(
            text(&o).contains(&format!("shard {n}/{n} missing")),
            "{}",
            text(&o)
        );
        let o = bin()
            .arg("merge")
            .args([&shards[0], &shards[0]])
            .args(&shards[1..])
            .args(["-o", merged.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        assert!(text(&o).contains("also in another file"), "{}", text(&o));
    }
    let o = bin()
        .args(["merge", file.to_str().unwrap(), "-o"])
        .arg(dir.path().join("x.csv"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "a strategies file is no shard");
    let o = batch(&[file.to_str().unwrap(), "--shard", "4/3", "-o", "x.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("expected I/N with 1 ≤ I ≤ N"),
        "{}",
        text(&o)
    );
}

#[test]
fn the_cluster_recipes_run_here_and_merge_to_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = strategies(dir.path(), "tiny.toml", &mixed_strategies());
    let whole = dir.path().join("whole.csv");
    batch(&[file.to_str().unwrap(), "-o", whole.to_str().unwrap(), "-q"]);
    let whole = std::fs::read(&whole).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cluster_recipe.sh");
    let o = Command::new("bash")
        .arg(&script)
        .env("RAREPLAN", env!("CARGO_BIN_EXE_rareplan"))
        .env("STRATEGIES", &file)
        .env("SHARDS", "3")
        .env("WORK", dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    for merged in ["slurm-results.csv", "k8s-results.csv"] {
        assert_eq!(
            std::fs::read(dir.path().join(merged)).unwrap(),
            whole,
            "{merged}"
        );
    }
    for i in 1..=3 {
        assert!(
            dir.path()
                .join(format!("slurm/shard-{i}-of-3.csv"))
                .exists()
        );
        assert!(dir.path().join(format!("k8s/shard-{i}-of-3.csv")).exists());
    }
}

#[test]
fn the_library_runs_strategies_with_a_progress_callback() {
    use rareplan::strategy::{Base, Batch, Status, Strategy};
    use std::sync::Mutex;
    let base = Base::load(&model("tiny.toml")).unwrap();
    let strategies = vec![
        Strategy::new("as-is").unwrap(),
        Strategy::new("averse")
            .unwrap()
            .with_set("risk.weight", "0.5")
            .unwrap(),
        Strategy::new("no-halt")
            .unwrap()
            .with_remove("outage.cn-halt")
            .unwrap(),
        Strategy::new("capped")
            .unwrap()
            .with_add(
                "diversification",
                "id = \"cn-cap\"\nsuppliers = { country = [\"CN\"] }\nmax_share = 0.5",
            )
            .unwrap(),
        Strategy::new("broken")
            .unwrap()
            .with_remove("supplier.cn-mine")
            .unwrap(),
    ];
    assert!(Strategy::new("two words").is_err());
    assert!(
        Strategy::new("x")
            .unwrap()
            .with_set("risk.weight", "0.5 0.6")
            .is_err()
    );
    let batch = Batch::new(base.clone(), strategies.clone());
    assert_eq!(batch.countries(), ["AU", "CN"]);
    let seen = Mutex::new(Vec::new());
    let rows = batch
        .run(&rareplan::Settings::default(), 2, |done| {
            assert_eq!(done.total, 5);
            seen.lock().unwrap().push((done.position, done.done));
        })
        .unwrap();
    let mut seen = seen.into_inner().unwrap();
    seen.sort();
    assert_eq!(
        seen.iter().map(|s| s.0).collect::<Vec<_>>(),
        [0, 1, 2, 3, 4]
    );
    let mut counts: Vec<usize> = seen.iter().map(|s| s.1).collect();
    counts.sort();
    assert_eq!(counts, [1, 2, 3, 4, 5]);
    let statuses: Vec<Status> = rows.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [
            Status::Optimal,
            Status::Optimal,
            Status::Optimal,
            Status::Optimal,
            Status::Invalid
        ]
    );
    // Each changed model is the hand-written one's plan.
    let averse = strategies[1].apply(&base).unwrap();
    assert_eq!(averse.risk.weight, 0.5);
    let plan = rareplan::plan(&averse, &rareplan::Settings::default())
        .unwrap()
        .plan;
    assert_eq!(rows[1].figures.as_ref().unwrap().objective, plan.objective);
    let invalid = strategies[4].apply(&base).unwrap_err();
    assert_eq!(invalid.problems.len(), 1);
    let problem = &invalid.problems[0];
    assert_eq!(problem.strategy, "broken");
    assert_eq!(problem.path, "outage.cn-halt.supplier");
    assert_eq!(problem.message, "no supplier with id `cn-mine`");
    assert!(
        problem
            .in_base
            .as_deref()
            .unwrap()
            .ends_with("tiny.toml:59:12")
    );
    assert!(
        rows[4].message.contains("strategy `broken`"),
        "{}",
        rows[4].message
    );
}

#[test]
fn the_frontier_trades_expected_cost_for_cvar_and_draws_every_point() {
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("frontier.csv");
    let svg_path = dir.path().join("frontier.svg");
    let points = 6;
    let o = bin()
        .args([
            "frontier",
            model("japan-2011-quota.toml").to_str().unwrap(),
            "--points",
        ])
        .arg(points.to_string())
        .args([
            "-o",
            csv_path.to_str().unwrap(),
            "--chart",
            svg_path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let (header, rows) = rows(&std::fs::read_to_string(&csv_path).unwrap());
    assert_eq!(
        header,
        [
            "risk_weight",
            "objective",
            "expected_cost",
            "var",
            "cvar",
            "expected_shortage",
            "shortage_probability"
        ]
    );
    assert_eq!(rows.len(), points);
    let value = |r: &Vec<String>, i: usize| -> f64 { r[i].parse().unwrap() };
    let weights: Vec<f64> = rows.iter().map(|r| value(r, 0)).collect();
    assert_eq!(weights, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
    for pair in rows.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let tolerance = |x: f64| 1e-6 * x.abs().max(1.0);
        assert!(
            value(b, 4) <= value(a, 4) + tolerance(value(a, 4)),
            "CVaR rises: {a:?} → {b:?}"
        );
        assert!(
            value(b, 2) >= value(a, 2) - tolerance(value(a, 2)),
            "expected cost falls: {a:?} → {b:?}"
        );
    }
    // Each point is a plan at its weight.
    let plan = {
        let o = bin()
            .args([
                "solve",
                model("japan-2011-quota.toml").to_str().unwrap(),
                "--risk-weight",
                "0.4",
                "--format",
                "json",
                "-q",
            ])
            .output()
            .unwrap();
        serde_json::from_slice::<Plan>(&o.stdout).unwrap()
    };
    assert_eq!(value(&rows[2], 1), plan.objective);
    assert_eq!(value(&rows[2], 4), plan.cvar);

    let svg = std::fs::read_to_string(&svg_path).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("the chart is XML");
    let circles = doc
        .descendants()
        .filter(|n| n.has_tag_name("circle"))
        .count();
    assert_eq!(circles, points, "one marker per point");
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(|t| t.trim().to_string())
        .collect();
    for label in ["λ=0", "λ=0.2", "λ=0.4", "λ=0.6", "λ=0.8", "λ=1"] {
        assert!(
            texts.iter().any(|t| t == label),
            "no label {label} in {texts:?}"
        );
    }
    assert!(
        texts
            .iter()
            .any(|t| t.contains("expected cost (million USD)")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("CVaR at alpha = 0.95 (million USD)")),
        "{texts:?}"
    );

    let o = bin()
        .args([
            "frontier",
            model("tiny.toml").to_str().unwrap(),
            "--points",
            "1",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_japan_strategies_file_applies_whole() {
    use rareplan::strategy::Batch;
    let batch = Batch::load(&model("strategies/japan-2011.toml")).unwrap();
    assert!(batch.strategies().len() >= 8);
    for (strategy, model) in batch.strategies().iter().zip(batch.models()) {
        assert!(
            model.is_ok(),
            "{}: {:?}",
            strategy.name(),
            model.as_ref().err()
        );
    }
    let evaluated: Vec<_> = batch
        .strategies()
        .iter()
        .filter_map(|s| s.evaluates())
        .collect();
    assert_eq!(evaluated.len(), 1);
    let plan = rareplan::read_plan(evaluated[0]).unwrap();
    assert!(!plan.reservations.is_empty());
    assert_eq!(batch.countries(), ["AU", "CN", "IN", "US"]);
}
