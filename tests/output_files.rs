//! Output files and streams (issue 11, items 1-7): what `-o` does with
//! links, FIFOs, devices, `-`, the input, a missing folder, stale
//! temporaries, and what every command does when a write fails.

use std::fs::{self, File, OpenOptions};
use std::io::Read;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, SystemTime};

use rareplan::Plan;
use rareplan::advanced::output::{
    OutputError, OutputTarget, STALE_TEMPORARY_AGE, TEMPORARY_PREFIX,
};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rareplan"))
}

fn tiny() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("models/tiny.toml")
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("rareplan runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

/// The tiny model's objective (the reference's, HiGHS).
const TINY_OBJECTIVE: f64 = 12_110_200.0;

fn assert_tiny_plan(bytes: &[u8]) {
    let plan: Plan = serde_json::from_slice(bytes).expect("plan JSON");
    assert!((plan.objective - TINY_OBJECTIVE).abs() < 1e-6 * TINY_OBJECTIVE);
}

/// Names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read the folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_symlink_is_followed_and_its_target_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let target_dir = dir.path().join("plans");
    fs::create_dir(&target_dir).unwrap();
    let target = target_dir.join("plan.json");
    fs::write(&target, "old").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let o = run(&["solve", s(&tiny()), "-o", s(&link), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_tiny_plan(&fs::read(&target).unwrap());
    // The temporary went into the target's folder and is gone.
    assert_eq!(names(&target_dir), ["plan.json"]);
    assert_eq!(names(dir.path()), ["link.json", "plans"]);

    // A dangling link: its target is created.
    let missing = target_dir.join("new.json");
    let dangling = dir.path().join("dangling.json");
    std::os::unix::fs::symlink(&missing, &dangling).unwrap();
    let o = run(&["solve", s(&tiny()), "-o", s(&dangling), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_tiny_plan(&fs::read(&missing).unwrap());
}

#[test]
fn a_fifo_is_written_directly_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("plan.json");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            File::open(&fifo).unwrap().read_to_end(&mut bytes).unwrap();
            bytes
        })
    };
    let o = run(&["solve", s(&tiny()), "-o", s(&fifo)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_tiny_plan(&reader.join().unwrap());
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(names(dir.path()), ["plan.json"]);
}

#[test]
fn a_character_device_is_written_directly_and_kept() {
    let o = run(&["solve", s(&tiny()), "-o", "/dev/null", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    let o = run(&["export", s(&tiny()), "-o", "/dev/null", "--format", "mps"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[test]
fn a_folder_is_refused_before_work() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["solve", s(&tiny()), "-o", s(dir.path()), "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("it is a folder; name a file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn temporaries_are_exclusive_and_planted_links_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, "keep me").unwrap();
    // Links with the temporaries' prefix: a write must not go through them.
    for i in 0..50 {
        let name = format!("{TEMPORARY_PREFIX}{i:06}");
        std::os::unix::fs::symlink(&victim, dir.path().join(name)).unwrap();
    }
    let out = dir.path().join("plan.json");
    let target = OutputTarget::parse(&out, &[]).unwrap();
    target.write(b"{}\n").unwrap();
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
    assert_eq!(fs::read_to_string(&out).unwrap(), "{}\n");
    // 50 links, the victim and the plan: no temporary left.
    assert_eq!(names(dir.path()).len(), 52);
}

#[test]
fn stale_temporaries_of_ours_are_removed_and_others_kept() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join(format!("{TEMPORARY_PREFIX}old123"));
    let fresh = dir.path().join(format!("{TEMPORARY_PREFIX}new456"));
    let other = dir.path().join(".plan.json.1234.tmp");
    let old_link = dir.path().join(format!("{TEMPORARY_PREFIX}link78"));
    let long_ago = SystemTime::now() - STALE_TEMPORARY_AGE - Duration::from_secs(60);
    for path in [&old, &fresh, &other] {
        fs::write(path, "partial").unwrap();
    }
    for path in [&old, &other] {
        File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
    }
    std::os::unix::fs::symlink(&old, &old_link).unwrap();
    let out = dir.path().join("plan.json");
    let o = run(&["solve", s(&tiny()), "-o", s(&out), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!old.exists(), "a stale temporary is removed");
    assert!(fresh.exists(), "a fresh temporary may be another writer's");
    assert!(other.exists(), "a file without our prefix is not ours");
    assert!(
        fs::symlink_metadata(&old_link).is_ok(),
        "a link is not ours"
    );
}

#[test]
fn an_existing_file_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.json");
    fs::write(&out, "old").unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o640)).unwrap();
    let o = run(&["solve", s(&tiny()), "-o", s(&out), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mode = fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

/// A pipe whose reader is already gone: every write to it fails with
/// EPIPE, whenever it comes.
#[allow(clippy::incompatible_msrv)]
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    Stdio::from(writer)
}

fn dev_full() -> Stdio {
    Stdio::from(OpenOptions::new().write(true).open("/dev/full").unwrap())
}

#[test]
fn a_full_stdout_is_exit_status_1_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    let o = run(&["solve", s(&tiny()), "-o", s(&plan), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for args in [
        vec!["solve", s(&tiny()), "--format", "json"],
        vec!["solve", s(&tiny())],
        vec!["check", s(&tiny())],
        vec!["export", s(&tiny()), "-o", "-", "--format", "lp"],
    ] {
        let o = bin().args(&args).stdout(dev_full()).output().unwrap();
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("cannot write standard output: No space left on device"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("panicked"));
    }
}

#[test]
fn a_full_stderr_never_panics() {
    // A bad model: the message cannot be shown, the status still says 2.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    fs::write(&bad, "[model]\nperiods = []\n").unwrap();
    let o = bin()
        .args(["check", s(&bad)])
        .stderr(dev_full())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    // A warning that cannot be written fails the command (exit 1).
    let warned = dir.path().join("warned.toml");
    let text = fs::read_to_string(tiny())
        .unwrap()
        .replace("lead_time = 1 ", "lead_time = 5 ");
    fs::write(&warned, text).unwrap();
    let o = bin()
        .args(["check", s(&warned)])
        .stderr(dev_full())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        o.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // "wrote the plan to" cannot be written: the plan is, the status says 1.
    let out = dir.path().join("plan.json");
    let o = bin()
        .args(["solve", s(&tiny()), "-o", s(&out)])
        .stderr(dev_full())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_tiny_plan(&fs::read(&out).unwrap());
}

#[test]
fn a_closed_pipe_ends_quietly() {
    for args in [
        vec!["check", s(&tiny())],
        vec!["solve", s(&tiny())],
        vec!["solve", s(&tiny()), "--format", "json"],
    ] {
        // `| head -c 0`: the reader is gone before anything is written.
        let o = bin().args(&args).stdout(closed_pipe()).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).is_empty(), "{args:?}: {}", stderr(&o));
    }
    // A closed stderr too: a warning cannot be shown, the command ends.
    let dir = tempfile::tempdir().unwrap();
    let warned = dir.path().join("warned.toml");
    let text = fs::read_to_string(tiny())
        .unwrap()
        .replace("lead_time = 1 ", "lead_time = 5 ");
    fs::write(&warned, text).unwrap();
    let o = bin()
        .args(["check", s(&warned)])
        .stderr(closed_pipe())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    // Through a shell, as a user types it.
    let line = format!(
        "{} check {} | head -c 0; echo done",
        env!("CARGO_BIN_EXE_rareplan"),
        s(&tiny())
    );
    let o = Command::new("sh").args(["-c", &line]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&o.stdout), "done\n");
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

#[test]
fn a_file_size_limit_is_a_failure_not_a_truncated_plan() {
    let dir = tempfile::tempdir().unwrap();
    let redirected = dir.path().join("stdout.json");
    let bin = env!("CARGO_BIN_EXE_rareplan");
    let tiny = tiny();
    // SIGXFSZ ignored: the write fails with EFBIG; exit 1 with a message.
    let line = format!(
        "trap '' XFSZ; ulimit -f 1; exec {bin} solve {} --format json > {}",
        s(&tiny),
        s(&redirected)
    );
    let o = Command::new("sh").args(["-c", &line]).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("File too large"), "{}", stderr(&o));

    // To a file through -o: the old file stays whole, no temporary is left.
    let out = dir.path().join("plan.json");
    fs::write(&out, "old").unwrap();
    let line = format!(
        "trap '' XFSZ; ulimit -f 1; exec {bin} solve {} -o {}",
        s(&tiny),
        s(&out)
    );
    let o = Command::new("sh").args(["-c", &line]).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("File too large"), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&out).unwrap(), "old");
    assert_eq!(names(dir.path()), ["plan.json", "stdout.json"]);

    // SIGXFSZ by default ends the process: never a success.
    let line = format!(
        "ulimit -f 1; exec {bin} solve {} --format json > {}",
        s(&tiny),
        s(&redirected)
    );
    let o = Command::new("sh").args(["-c", &line]).output().unwrap();
    assert!(!o.status.success());
}

#[test]
fn the_input_is_never_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.toml");
    fs::copy(tiny(), &model).unwrap();
    let original = fs::read(&model).unwrap();
    let link = dir.path().join("link.toml");
    std::os::unix::fs::symlink(&model, &link).unwrap();
    let hard = dir.path().join("hard.toml");
    fs::hard_link(&model, &hard).unwrap();
    for (command, output) in [
        ("solve", "model.toml"),
        ("solve", "./model.toml"),
        ("solve", "link.toml"),
        ("solve", "hard.toml"),
        ("export", "model.toml"),
    ] {
        let mut args = vec![command, "model.toml", "-o", output];
        if command == "export" {
            args.extend(["--format", "lp"]);
        } else {
            args.extend(["--format", "json"]);
        }
        let o = bin().args(&args).current_dir(dir.path()).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("is the input file model.toml"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert_eq!(fs::read(&model).unwrap(), original);
    }
    assert!(matches!(
        OutputTarget::parse(&link, &[&model]),
        Err(OutputError::SameAsInput { .. })
    ));
}

#[test]
fn a_missing_folder_is_refused_before_any_work() {
    // A model that takes long to plan (japan, with sampling) and a model
    // that is bad: both get the folder's message, at once, exit 2.
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing").join("plan.json");
    let bad = dir.path().join("bad.toml");
    fs::write(&bad, "[model]\nperiods = []\n").unwrap();
    for model in [bad.clone(), tiny()] {
        let o = run(&["solve", s(&model), "-o", s(&missing)]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let message = format!(
            "error: cannot write {}: the folder {} does not exist\n",
            s(&missing),
            s(&dir.path().join("missing"))
        );
        assert_eq!(stderr(&o), message);
    }
    let o = run(&[
        "export",
        s(&tiny()),
        "-o",
        s(&dir.path().join("no/model.lp")),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));
}

#[test]
fn a_dash_is_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let run_in = |args: &[&str]| bin().args(args).current_dir(dir.path()).output().unwrap();
    let o = run_in(&["solve", s(&tiny()), "-o", "-", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_tiny_plan(&o.stdout);
    assert!(stderr(&o).is_empty(), "no `wrote` line: {}", stderr(&o));
    let o = run_in(&["solve", s(&tiny()), "-o", "-"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("Plan for Tiny"));
    let o = run_in(&["export", s(&tiny()), "-o", "-", "--format", "lp"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("Subject To"));
    let o = run_in(&["export", s(&tiny()), "-o", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("pass --format lp|mps"),
        "{}",
        stderr(&o)
    );
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
}

#[test]
fn help_to_a_full_disk_fails_and_to_a_closed_pipe_is_quiet() {
    for flag in ["--help", "--version"] {
        let o = bin().arg(flag).stdout(dev_full()).output().unwrap();
        assert_eq!(o.status.code(), Some(1), "{flag}");
        assert!(
            stderr(&o).contains("No space left on device"),
            "{flag}: {}",
            stderr(&o)
        );
        let o = bin().arg(flag).stdout(closed_pipe()).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{flag}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"));
    }
}
