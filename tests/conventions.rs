//! Conventions of the ecosystem: no colour off a terminal or under
//! NO_COLOR, `-q`/`-v` on every command.

use std::path::Path;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rareplan"))
}

fn tutorial() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models/tutorial.toml")
        .display()
        .to_string()
}

#[test]
fn no_escape_codes_in_pipes_or_under_no_color() {
    for no_color in [false, true] {
        for args in [
            vec!["--help".to_string()],
            vec!["solve".into(), "--help".into()],
            vec!["solve".into(), tutorial()],
            vec!["explain".into(), tutorial()],
            vec!["solve".into(), "missing.toml".into()],
        ] {
            let mut command = bin();
            command.args(&args);
            if no_color {
                command.env("NO_COLOR", "1");
            }
            let o = command.output().unwrap();
            for (stream, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
                assert!(
                    !bytes.contains(&0x1b),
                    "{args:?} writes an escape code on {stream} (NO_COLOR {no_color})"
                );
            }
        }
    }
}

#[test]
fn quiet_and_verbose_on_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    let o = bin()
        .args(["solve", "-q", &tutorial(), "-o"])
        .arg(&plan)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(o.stderr.is_empty());
    let html = dir.path().join("r.html").display().to_string();
    let lp = dir.path().join("m.lp").display().to_string();
    let plan = plan.display().to_string();
    let commands: Vec<Vec<String>> = vec![
        vec!["solve".into(), tutorial()],
        vec!["check".into(), tutorial()],
        vec!["export".into(), tutorial(), "-o".into(), lp],
        vec!["explain".into(), tutorial()],
        vec!["report".into(), plan, "-o".into(), html],
        vec!["schema".into()],
        vec!["completions".into(), "zsh".into()],
        vec!["man".into()],
    ];
    for args in commands {
        for flag in ["-q", "-v", "--quiet", "--verbose"] {
            let o = bin().args(&args).arg(flag).output().unwrap();
            assert!(
                o.status.success(),
                "{args:?} {flag}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            if flag.contains('q') {
                assert!(o.stderr.is_empty(), "{args:?} {flag} prints on stderr");
            }
        }
    }
}
