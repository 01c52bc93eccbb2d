//! The independent reference: `shared/bench/reference_lp.py`, which builds
//! the LP of `formulation.md` with plain arrays and solves it with HiGHS.
//!
//! [`python`] finds an interpreter that can `import tomllib, highspy, numpy`:
//! `$RAREPLAN_PYTHON` or `python3` (or `python3.1x`) as they are, or else a
//! virtual environment made once in `<target>/pyenv` with `pip install
//! highspy numpy`. When none works the calling test fails with the reason;
//! it never skips.

use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::Value;

/// Modules the reference needs (`tomllib` is Python ≥ 3.11).
const IMPORT_CHECK: &str = "import tomllib, highspy, numpy";

/// Base interpreters tried, in order, after `$RAREPLAN_PYTHON`.
const BASE_PYTHONS: &[&str] = &["python3", "python3.13", "python3.12", "python3.11"];

/// Marker in front of the batch driver's result line, so that anything else
/// printed on standard output (a solver banner) cannot be mistaken for it.
const RESULT_MARKER: &str = "@@rareplan-reference@@";

/// Runs `reference_lp.main()` once per job in one Python process, so the
/// interpreter and HiGHS start once per batch rather than once per model.
/// Jobs arrive on standard input as a JSON list of `{"model", "plan"}`.
const BATCH_DRIVER: &str = r#"
import contextlib, importlib.util, io, json, sys, traceback
spec = importlib.util.spec_from_file_location("reference_lp", sys.argv[1])
ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ref)
out = []
for job in json.load(sys.stdin):
    argv = ["reference_lp.py", job["model"], "--json"]
    if job.get("plan"):
        argv += ["--scenarios-from", job["plan"]]
    argv += job.get("args", [])
    sys.argv = argv
    buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf):
            ref.main()
        lines = [l for l in buf.getvalue().splitlines() if l.strip()]
        out.append(json.loads(lines[-1]))
    except BaseException as e:
        out.append({"error": "".join(traceback.format_exception_only(type(e), e)).strip()})
sys.stdout.flush()
print(MARKER + json.dumps(out))
"#;

/// The directory of this crate.
fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Cargo's target directory: `$CARGO_TARGET_DIR` (relative to the crate
/// when relative) or `<crate>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => manifest_dir().join(dir),
        _ => manifest_dir().join("target"),
    }
}

/// Path of the reference script, `<crate>/../shared/bench/reference_lp.py`.
pub fn script() -> PathBuf {
    let path = manifest_dir().join("../shared/bench/reference_lp.py");
    assert!(
        path.is_file(),
        "the reference script {} does not exist",
        path.display()
    );
    path
}

/// Whether `python` runs and can import everything the reference needs;
/// `Err` carries what it said otherwise.
fn can_import(python: &Path) -> Result<(), String> {
    match Command::new(python)
        .args(["-c", IMPORT_CHECK])
        .stdin(Stdio::null())
        .output()
    {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(format!(
            "{}: {}",
            python.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Err(e) => Err(format!("{}: {e}", python.display())),
    }
}

/// Whether `python` runs and is at least Python 3.11 (has `tomllib`).
fn has_tomllib(python: &Path) -> bool {
    Command::new(python)
        .args(["-c", "import tomllib, venv"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs a setup command, turning failure into a message.
fn run_setup(cmd: &mut Command) -> Result<(), String> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{cmd:?} failed ({}):\n{}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout).trim(),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// A lock between test processes: a directory that exists while held.
struct DirLock(PathBuf);

impl DirLock {
    /// Waits until `path` can be created (taking over a lock older than
    /// `STALE`, left by a process that died).
    fn acquire(path: PathBuf) -> Result<DirLock, String> {
        const STALE: Duration = Duration::from_secs(15 * 60);
        loop {
            match fs::create_dir(&path) {
                Ok(()) => return Ok(DirLock(path)),
                Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                    let age = fs::metadata(&path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok());
                    if age.is_some_and(|a| a > STALE) {
                        let _ = fs::remove_dir(&path);
                    } else {
                        std::thread::sleep(Duration::from_millis(200));
                    }
                }
                Err(e) => return Err(format!("creating the lock {}: {e}", path.display())),
            }
        }
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        let _ = fs::remove_dir(&self.0);
    }
}

/// Makes (or reuses) the venv `<target>/pyenv` from `base` and installs
/// highspy and numpy into it. A lock keeps concurrent test processes from
/// building it at the same time.
fn venv_python(base: &Path) -> Result<PathBuf, String> {
    let target = target_dir();
    fs::create_dir_all(&target).map_err(|e| format!("{}: {e}", target.display()))?;
    let dir = target.join("pyenv");
    let python = dir.join("bin").join("python");
    if can_import(&python).is_ok() {
        return Ok(python);
    }
    let _lock = DirLock::acquire(target.join("pyenv.lock"))?;
    // Another process may have made it while we waited.
    if can_import(&python).is_ok() {
        return Ok(python);
    }
    if dir.exists() {
        fs::remove_dir_all(&dir).map_err(|e| format!("removing {}: {e}", dir.display()))?;
    }
    run_setup(Command::new(base).arg("-m").arg("venv").arg(&dir))?;
    run_setup(Command::new(&python).args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "highspy",
        "numpy",
    ]))?;
    can_import(&python)?;
    Ok(python)
}

/// Finds or makes an interpreter for the reference; `Err` says why none works.
fn find_python() -> Result<PathBuf, String> {
    let mut tried = Vec::new();
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(p) = std::env::var_os("RAREPLAN_PYTHON") {
        candidates.push(PathBuf::from(p));
    }
    candidates.extend(BASE_PYTHONS.iter().map(PathBuf::from));
    for python in &candidates {
        match can_import(python) {
            Ok(()) => return Ok(python.clone()),
            Err(e) => tried.push(e),
        }
    }
    let Some(base) = candidates.iter().find(|p| has_tomllib(p)) else {
        return Err(format!(
            "no Python >= 3.11 with the venv module found (tried {candidates:?}):\n{}",
            tried.join("\n")
        ));
    };
    venv_python(base).map_err(|e| {
        format!(
            "no interpreter imports highspy/numpy:\n{}\nand making a venv failed: {e}",
            tried.join("\n")
        )
    })
}

/// An interpreter that can run the reference. Found (or set up) once per
/// test process; panics with the reason when there is none.
pub fn python() -> &'static Path {
    static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match PYTHON.get_or_init(find_python) {
        Ok(p) => p,
        Err(e) => panic!(
            "the reference solver (Python >= 3.11 with highspy and numpy) is not available; \
             set RAREPLAN_PYTHON to an interpreter that has them.\n{e}"
        ),
    }
}

/// Solves `model` with the reference: its JSON answer (`status`,
/// `objective`, ...). `scenarios_from` names a plan file whose scenario list
/// the reference should use (needed for sampled scenarios).
#[allow(dead_code)] // for tests that check one model; the differential test batches
pub fn reference(model: &Path, scenarios_from: Option<&Path>) -> Value {
    let mut cmd = Command::new(python());
    cmd.arg(script()).arg(model).arg("--json");
    if let Some(plan) = scenarios_from {
        cmd.arg("--scenarios-from").arg(plan);
    }
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("running {cmd:?}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "reference failed on {} ({}):\n{stderr}",
        model.display(),
        out.status
    );
    let line = stdout.lines().rev().find(|l| !l.trim().is_empty());
    line.and_then(|l| serde_json::from_str(l).ok())
        .unwrap_or_else(|| {
            panic!(
                "reference printed no JSON for {}:\n{stdout}\n{stderr}",
                model.display()
            )
        })
}

/// One model for [`reference_batch`]: the model file and, optionally, the
/// plan file to take scenarios from.
pub struct Job<'a> {
    /// The model file.
    pub model: &'a Path,
    /// A plan whose scenarios the reference should use.
    pub plan: Option<&'a Path>,
    /// Further arguments (`--fix-reservations PLAN`, `--samples N`, ...).
    pub args: Vec<String>,
}

/// Solves many models with the reference in one Python process. Each answer
/// is what [`reference`] would give, or `{"error": ...}` where the reference
/// raised (so one bad model does not hide the others).
pub fn reference_batch(jobs: &[Job<'_>]) -> Vec<Value> {
    if jobs.is_empty() {
        return Vec::new();
    }
    let input: Vec<Value> = jobs
        .iter()
        .map(|j| {
            serde_json::json!({
                "model": j.model.to_string_lossy(),
                "plan": j.plan.map(|p| p.to_string_lossy().into_owned()),
                "args": j.args,
            })
        })
        .collect();
    let driver = BATCH_DRIVER.replace("MARKER", &format!("{RESULT_MARKER:?}"));
    let mut child = Command::new(python())
        .arg("-c")
        .arg(driver)
        .arg(script())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("starting the reference batch: {e}"));
    let mut stdin = child.stdin.take().expect("piped stdin");
    let text = serde_json::to_string(&input).expect("jobs serialize");
    // Written from a thread so a full stdout pipe cannot deadlock us.
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("waiting for the reference batch: {e}"));
    writer
        .join()
        .expect("stdin writer")
        .unwrap_or_else(|e| panic!("writing jobs to the reference batch: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let results = stdout
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix(RESULT_MARKER))
        .and_then(|l| serde_json::from_str::<Vec<Value>>(l).ok())
        .unwrap_or_else(|| {
            panic!(
                "the reference batch gave no result ({}):\n{stdout}\n{stderr}",
                out.status
            )
        });
    assert_eq!(
        results.len(),
        jobs.len(),
        "the reference batch answered {} of {} jobs",
        results.len(),
        jobs.len()
    );
    results
}
