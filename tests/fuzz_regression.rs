//! Replays the fuzzer's minimised corpus (`fuzz/regressions/`) and the
//! inputs that once crashed it (`fuzz/crashes/`): none may panic.

use std::path::Path;

use crate::fuzz_body::fuzz_one;

fn replay(folder: &str) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for path in &paths {
        let data = std::fs::read(path).unwrap();
        let outcome = std::panic::catch_unwind(|| fuzz_one(&data));
        assert!(outcome.is_ok(), "{} panicked", path.display());
    }
    paths.len()
}

#[test]
fn the_fuzz_corpus_replays_without_a_panic() {
    let replayed = replay("fuzz/regressions") + replay("fuzz/crashes");
    assert!(replayed >= 100, "only {replayed} fuzz inputs replayed");
}
