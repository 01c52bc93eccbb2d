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

/// The modules of the stable API: the crate root's `pub use` items and
/// these public modules (with their public submodules). `advanced` is
/// left out: it is documented as unstable internals.
const PUBLIC_MODULES: &[&str] = &["explain", "model", "plan", "report", "strategy"];

/// Finds the public structs, enums and traits of the stable API by
/// reading `src/`: what `src/lib.rs` re-exports, and what the public
/// modules define or re-export, followed through `pub use` to where it is
/// defined.
struct Api {
    src: std::path::PathBuf,
    /// (file, type name, doc comment) of every type found.
    types: std::collections::BTreeMap<(String, String), String>,
}

impl Api {
    /// The file of a module path (`[]` is the crate root).
    fn file(&self, module: &[String]) -> std::path::PathBuf {
        if module.is_empty() {
            return self.src.join("lib.rs");
        }
        let joined = module.join("/");
        let flat = self.src.join(format!("{joined}.rs"));
        if flat.exists() {
            flat
        } else {
            self.src.join(joined).join("mod.rs")
        }
    }

    /// A module's text, without the crate root's `advanced` module.
    fn text(&self, module: &[String]) -> String {
        let path = self.file(module);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        match (module.is_empty(), text.find("pub mod advanced")) {
            (true, Some(at)) => text[..at].to_string(),
            _ => text,
        }
    }

    /// The `pub use` statements of a module's text, as (path, name) pairs:
    /// `pub use a::{B, c::D};` gives (`a`, `B`) and (`a::c`, `D`).
    fn uses(text: &str) -> Vec<(Vec<String>, String)> {
        let mut found = Vec::new();
        for line_start in text.match_indices("\npub use ").map(|(i, _)| i + 9) {
            let end = line_start + text[line_start..].find(';').unwrap();
            let statement: String = text[line_start..end].split_whitespace().collect();
            let (prefix, names) = match statement.find('{') {
                Some(brace) => (
                    statement[..brace].trim_end_matches("::").to_string(),
                    statement[brace + 1..statement.len() - 1].to_string(),
                ),
                None => {
                    let at = statement.rfind("::").unwrap();
                    (statement[..at].to_string(), statement[at + 2..].to_string())
                }
            };
            for name in names.split(',').filter(|n| !n.is_empty()) {
                let mut path: Vec<String> = prefix.split("::").map(String::from).collect();
                let mut parts: Vec<String> = name.split("::").map(String::from).collect();
                let last = parts.pop().unwrap();
                path.extend(parts);
                found.push((path, last));
            }
        }
        found
    }

    /// A module path after `use` from `module`: `crate::`, `super::`,
    /// `self::` or a child module.
    fn resolve(module: &[String], path: &[String]) -> Vec<String> {
        let mut at: Vec<String> = module.to_vec();
        for (i, segment) in path.iter().enumerate() {
            match segment.as_str() {
                "crate" if i == 0 => at.clear(),
                "super" => {
                    at.pop();
                }
                "self" => {}
                other => at.push(other.to_string()),
            }
        }
        at
    }

    /// The doc comment above line `index` of `lines` (attributes skipped).
    fn doc_above(lines: &[&str], index: usize) -> String {
        let mut doc = Vec::new();
        for line in lines[..index].iter().rev() {
            let trimmed = line.trim();
            if let Some(text) = trimmed.strip_prefix("///") {
                doc.push(text.to_string());
                continue;
            }
            // Attributes are skipped; the item before, a blank line or a
            // macro's call ends the comment.
            if trimmed.is_empty()
                || line.starts_with('}')
                || line.starts_with(");")
                || line.starts_with("use ")
                || trimmed.ends_with("!(")
            {
                break;
            }
        }
        doc.reverse();
        doc.join("\n")
    }

    /// Records the type `name` where `module` defines it, or follows
    /// `module`'s `pub use` of it. Panics where neither is found (the
    /// check must not pass by missing a type).
    fn find(&mut self, module: &[String], name: &str) {
        let path = self.file(module);
        let text = self.text(module);
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            // A type a macro defines (`id_type!(/// doc\n    QuotaId\n);`).
            if line.trim() == name && i > 0 && lines[i - 1].trim_start().starts_with("///") {
                let file = path.strip_prefix(&self.src).unwrap().display().to_string();
                self.types
                    .insert((file, name.to_string()), Self::doc_above(&lines, i));
                return;
            }
            for kind in ["pub struct ", "pub enum ", "pub trait "] {
                if let Some(rest) = line.strip_prefix(kind) {
                    let defined: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if defined == name {
                        let file = path.strip_prefix(&self.src).unwrap().display().to_string();
                        self.types
                            .insert((file, name.to_string()), Self::doc_above(&lines, i));
                        return;
                    }
                }
            }
        }
        for (use_path, used) in Self::uses(&text) {
            if used == name {
                let target = Self::resolve(module, &use_path);
                return self.find(&target, name);
            }
        }
        // Functions, constants, type aliases and modules are not types.
        let other = [
            "pub fn ",
            "pub const ",
            "pub type ",
            "pub mod ",
            "pub static ",
        ];
        assert!(
            lines.iter().any(
                |line| other
                    .iter()
                    .any(|kind| line.strip_prefix(kind).is_some_and(|rest| rest
                        .split(|c: char| !c.is_alphanumeric() && c != '_')
                        .next()
                        == Some(name)))
            ),
            "{name} is neither defined nor re-exported in {}",
            path.display()
        );
    }

    /// Every type a public module defines or re-exports, and those of its
    /// public submodules.
    fn module(&mut self, module: &[String]) {
        let text = self.text(module);
        let names: Vec<String> = text
            .lines()
            .filter_map(|line| {
                ["pub struct ", "pub enum ", "pub trait "]
                    .iter()
                    .find_map(|kind| line.strip_prefix(kind))
                    .map(|rest| {
                        rest.chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect()
                    })
            })
            .collect();
        for name in names {
            self.find(module, &name);
        }
        for (path, name) in Self::uses(&text) {
            let target = Self::resolve(module, &path);
            self.find(&target, &name);
        }
        let submodules: Vec<String> = text
            .lines()
            .filter_map(|line| line.strip_prefix("pub mod "))
            .map(|rest| rest.trim_end_matches(';').trim().to_string())
            .collect();
        for sub in submodules {
            let mut path = module.to_vec();
            path.push(sub);
            self.module(&path);
        }
    }
}

/// Every public struct, enum and trait of the stable API has a doc example
/// that asserts something (an example that cannot fail checks nothing).
#[test]
fn every_public_type_has_a_doc_example() {
    let mut api = Api {
        src: Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        types: Default::default(),
    };
    let root = api.text(&[]);
    let root_modules: Vec<&str> = root
        .lines()
        .filter_map(|line| line.strip_prefix("pub mod "))
        .map(|rest| rest.trim_end_matches(';'))
        .collect();
    assert_eq!(
        root_modules, PUBLIC_MODULES,
        "a public module is new: check it here"
    );
    for (path, name) in Api::uses(&root) {
        let target = Api::resolve(&[], &path);
        api.find(&target, &name);
    }
    for module in PUBLIC_MODULES {
        api.module(&[module.to_string()]);
    }
    assert!(
        api.types.len() > 100,
        "found only {} types",
        api.types.len()
    );
    let lacking: Vec<String> = api
        .types
        .iter()
        .filter(|(_, doc)| {
            // Code blocks are the odd pieces between fences; one that runs
            // (Rust, maybe `no_run`) must assert.
            !doc.split("```").skip(1).step_by(2).any(|block| {
                let info = block.lines().next().unwrap_or("").trim();
                ["", "rust", "no_run", "rust,no_run"].contains(&info) && block.contains("assert")
            })
        })
        .map(|((file, name), _)| format!("{name} ({file})"))
        .collect();
    assert!(
        lacking.is_empty(),
        "{} public types lack a doc example with an assert:\n{}",
        lacking.len(),
        lacking.join("\n")
    );
}
